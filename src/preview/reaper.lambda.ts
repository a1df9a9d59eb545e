/*
 * The PreviewReaper's Lambda handler: reads its configuration from the environment, builds the
 * SDK v3 clients and runs one pass of `reap`. Bundled at build time (projen + esbuild).
 */
import { CloudFormationClient } from '@aws-sdk/client-cloudformation';
import { SNSClient } from '@aws-sdk/client-sns';
import { reap, ReaperReport } from './reaper-logic';

const NAMESPACE = 'PavedRoad/PreviewReaper';

/** Structured JSON log line (CloudWatch Logs Insights reads the fields). */
function log(level: string, message: string, fields: object = {}): void {
  console.log(JSON.stringify({ level, message, timestamp: new Date().toISOString(), service: 'preview-reaper', ...fields }));
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
      Timestamp: Date.now(),
      CloudWatchMetrics: [{ Namespace: NAMESPACE, Dimensions: [['FunctionName']], Metrics: Object.keys(metrics).map((Name) => ({ Name, Unit: 'Count' })) }],
    },
    FunctionName: functionName,
    ...metrics,
  }));
}

let clients: { cloudFormation: CloudFormationClient; sns: SNSClient } | undefined;

/** Event: `{ "dryRun": true }` forces a dry run for one invocation; anything else is ignored. */
export async function handler(event: { dryRun?: boolean } = {}): Promise<ReaperReport> {
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
    now: new Date(),
  };
  log('INFO', 'reaper pass starting', { dryRun: config.dryRun, warnBeforeMs: config.warnBeforeMs, intervalMs: config.intervalMs });
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
