/*
 * The PreviewReaper's Lambda handler: reads its configuration from the environment, builds the
 * SDK v3 clients and runs one pass of `reap`. Bundled at build time (projen + esbuild).
 */
import { CloudFormationClient } from '@aws-sdk/client-cloudformation';
import { SNSClient } from '@aws-sdk/client-sns';
import { reap, ReaperReport } from './reaper-logic';
import { now } from '../core/clock';

const NAMESPACE = 'PavedRoad/PreviewReaper';

/** Structured JSON log line (CloudWatch Logs Insights reads the fields). */
function log(level: string, message: string, fields: object = {}): void {
  console.log(JSON.stringify({ level, message, timestamp: now().toISOString(), service: 'preview-reaper', ...fields }));
}

function numberFromEnv(name: string, fallback: number): number {
  const raw = process.env[name];
  const n = raw === undefined || raw === '' ? fallback : Number(raw);
  if (!Number.isFinite(n) || n < 0) throw new Error(`environment variable ${name}=${JSON.stringify(raw)} is not a non-negative number`);
  return n;
}

/** CloudWatch embedded metric format: the alarms read these without any metrics API call. */
function emitMetrics(report: ReaperReport): void {
  const functionName = process.env.AWS_LAMBDA_FUNCTION_NAME ?? 'local';
  const metrics = {
    StacksDeleted: report.deleted.length + report.retried.length,
    StacksInDeleteFailed: report.deleteFailed.length,
    PreviewsWithInvalidExpiry: report.invalidExpiry.length,
    ReaperErrors: report.errors.length,
  };
  console.log(JSON.stringify({
    _aws: {
      Timestamp: now().getTime(),
      CloudWatchMetrics: [{ Namespace: NAMESPACE, Dimensions: [['FunctionName']], Metrics: Object.keys(metrics).map((Name) => ({ Name, Unit: 'Count' })) }],
    },
    FunctionName: functionName,
    ...metrics,
  }));
}

let clients: { cloudFormation: CloudFormationClient; sns: SNSClient } | undefined;

/** What the schedule sends (`time`: the scheduled time of the pass), or a manual invocation (`dryRun`). */
export interface ReaperEvent {
  /** The scheduled time of this pass (the EventBridge event's `time`, ISO-8601 UTC). */
  readonly time?: string;
  /** `true` forces a dry run for one invocation. */
  readonly dryRun?: boolean;
}

/**
 * The time of this pass: the event's scheduled `time`, so a late start or a retried invocation still
 * covers exactly its own window; the clock only for a manual invocation without one.
 */
export function passTime(event: ReaperEvent | undefined): Date {
  const time = event?.time;
  if (time === undefined) return now();
  const at = typeof time === 'string' && /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?Z$/.test(time) ? new Date(time) : undefined;
  if (!at || Number.isNaN(at.getTime())) throw new Error(`event field time=${JSON.stringify(time)} is not an ISO-8601 UTC time; omit it to use the clock`);
  return at;
}

/** Event: see `ReaperEvent`; other fields are ignored. */
export async function handler(event: ReaperEvent = {}): Promise<ReaperReport> {
  const deletionRoleArn = process.env.DELETION_ROLE_ARN;
  if (!deletionRoleArn) throw new Error('environment variable DELETION_ROLE_ARN is required');
  // The SDK's own retries are off: reap() retries throttling and transient errors with backoff itself.
  clients ??= { cloudFormation: new CloudFormationClient({ maxAttempts: 1 }), sns: new SNSClient({ maxAttempts: 1 }) };
  const config = {
    deletionRoleArn,
    topicArn: process.env.TOPIC_ARN || undefined,
    dryRun: process.env.DRY_RUN === 'true' || event?.dryRun === true,
    warnBeforeMs: numberFromEnv('WARN_BEFORE_MINUTES', 24 * 60) * 60_000,
    intervalMs: numberFromEnv('INTERVAL_MINUTES', 15) * 60_000,
    maxTtlMs: process.env.MAX_TTL_MINUTES ? numberFromEnv('MAX_TTL_MINUTES', 0) * 60_000 : undefined,
    now: passTime(event),
  };
  log('INFO', 'reaper pass starting', { passTime: config.now.toISOString(), dryRun: config.dryRun, warnBeforeMs: config.warnBeforeMs, intervalMs: config.intervalMs });
  const report = await reap(clients, config);
  emitMetrics(report);
  const level = report.errors.length > 0 || report.deleteFailed.length > 0 || report.invalidExpiry.length > 0 ? 'WARN' : 'INFO';
  log(level, 'reaper pass finished', { report });
  if (report.errors.length > 0) {
    // Failing the invocation lets the Errors alarm and the on-failure destination see it.
    throw new Error(`reaper pass finished with ${report.errors.length} error(s): ${report.errors.map((e) => `${e.stackName}: ${e.detail}`).join('; ')}`);
  }
  return report;
}
