/*
 * The PreviewReaper's Lambda handler: reads its configuration from the environment, builds the
 * SDK v3 clients and runs one pass of `reap`. Bundled at build time (projen + esbuild), with
 * Powertools for AWS Lambda for its structured logs and embedded-metric-format metrics.
 */
import { Logger } from '@aws-lambda-powertools/logger';
import { Metrics, MetricUnit } from '@aws-lambda-powertools/metrics';
import { CloudFormationClient } from '@aws-sdk/client-cloudformation';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { SNSClient } from '@aws-sdk/client-sns';
import { reap, ReaperClients, ReaperConfig, ReaperReport } from './reaper-logic';
import { INSTANT_FORMAT, now, parseInstant } from '../core/clock';

/** The namespace PreviewReaper's alarms read, with the one dimension FunctionName. */
const NAMESPACE = 'PavedRoad/PreviewReaper';
const SERVICE = 'preview-reaper';

const logger = new Logger({ serviceName: SERVICE });
const metrics = new Metrics({ namespace: NAMESPACE, serviceName: SERVICE });
// Powertools adds a `service` dimension by default; the alarms read the metrics by FunctionName alone.
metrics.clearDefaultDimensions();

function numberFromEnv(name: string, fallback: number): number {
  const raw = process.env[name];
  const n = raw === undefined || raw === '' ? fallback : Number(raw);
  if (!Number.isFinite(n) || n < 0) throw new Error(`environment variable ${name}=${JSON.stringify(raw)} is not a non-negative number`);
  return n;
}

function requiredEnv(name: string): string {
  const value = process.env[name];
  if (!value) throw new Error(`environment variable ${name} is required`);
  return value;
}

/** CloudWatch embedded metric format: the alarms read these without any metrics API call. */
function emitMetrics(report: ReaperReport): void {
  metrics.addDimension('FunctionName', process.env.AWS_LAMBDA_FUNCTION_NAME ?? 'local');
  metrics.setTimestamp(now());
  metrics.addMetric('StacksDeleted', MetricUnit.Count, report.deleted.length + report.retried.length);
  metrics.addMetric('StacksInDeleteFailed', MetricUnit.Count, report.deleteFailed.length);
  metrics.addMetric('PreviewsWithInvalidExpiry', MetricUnit.Count, report.invalidExpiry.length);
  metrics.addMetric('ReaperErrors', MetricUnit.Count, report.errors.length);
  metrics.addMetric('NoticesPublished', MetricUnit.Count, report.published);
  metrics.addMetric('IncompletePasses', MetricUnit.Count, report.incomplete ? 1 : 0);
  metrics.publishStoredMetrics();
}

let clients: ReaperClients | undefined;

/** What the schedule sends (`time`: the scheduled time of the pass), or a manual invocation (`dryRun`). */
export interface ReaperEvent {
  /** The scheduled time of this pass (the EventBridge event's `time`, an ISO-8601 instant). */
  readonly time?: string;
  /** `true` forces a dry run for one invocation. */
  readonly dryRun?: boolean;
}

/**
 * The time of this pass: the event's scheduled `time`, so a late start or a retried invocation still judges
 * expiry at its own moment; the clock only for a manual invocation without one.
 */
export function passTime(event: ReaperEvent | undefined): Date {
  const time = event?.time;
  if (time === undefined) return now();
  const at = parseInstant(time);
  if (!at) throw new Error(`event field time=${JSON.stringify(time)} is not ${INSTANT_FORMAT}; omit it to use the clock`);
  return at;
}

/** Event: see `ReaperEvent`; other fields are ignored. */
export async function handler(event: ReaperEvent = {}): Promise<ReaperReport> {
  const config: ReaperConfig = {
    deletionRoleArn: requiredEnv('DELETION_ROLE_ARN'),
    ledgerTableName: requiredEnv('LEDGER_TABLE_NAME'),
    topicArn: process.env.TOPIC_ARN || undefined,
    dryRun: process.env.DRY_RUN === 'true' || event?.dryRun === true,
    warnBeforeMs: numberFromEnv('WARN_BEFORE_MINUTES', 24 * 60) * 60_000,
    maxTtlMs: process.env.MAX_TTL_MINUTES ? numberFromEnv('MAX_TTL_MINUTES', 0) * 60_000 : undefined,
    stackNamePrefix: process.env.STACK_NAME_PREFIX || undefined,
    now: passTime(event),
  };
  // The SDK's own retries are off: reap() retries throttling and transient errors with backoff itself.
  clients ??= {
    cloudFormation: new CloudFormationClient({ maxAttempts: 1 }),
    sns: new SNSClient({ maxAttempts: 1 }),
    dynamoDb: new DynamoDBClient({ maxAttempts: 1 }),
  };
  logger.info('reaper pass starting', { passTime: config.now.toISOString(), dryRun: config.dryRun, warnBeforeMs: config.warnBeforeMs });
  const report = await reap(clients, config);
  // Metrics and the report first: a pass that failed part-way still counts what it did.
  emitMetrics(report);
  if (report.errors.length > 0 || report.deleteFailed.length > 0 || report.invalidExpiry.length > 0 || report.unknownStatus.length > 0) {
    logger.warn('reaper pass finished', { report });
  } else {
    logger.info('reaper pass finished', { report });
  }
  if (report.errors.length > 0) {
    // Failing the invocation lets the Errors alarm and the dead-letter queue see it.
    throw new Error(`reaper pass finished with ${report.errors.length} error(s): ${report.errors.map((e) => `${e.stackName}: ${e.detail}`).join('; ')}`);
  }
  return report;
}
