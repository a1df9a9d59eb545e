/*
 * The DeliveryMetrics recorder's Lambda handler: one invocation per event a DeliveryMetrics rule routes (CodePipeline,
 * ECS deployment, CloudWatch alarm). Reads its table from the environment, records the event and publishes the
 * figures it yields as CloudWatch embedded-metric-format metrics, timestamped with the event's time. Bundled at build
 * time (projen + esbuild) with the AWS SDK v3 and Powertools for AWS Lambda (structured logs, metrics).
 */
import { Logger } from '@aws-lambda-powertools/logger';
import { Metrics, MetricUnit } from '@aws-lambda-powertools/metrics';
import { CodePipelineClient } from '@aws-sdk/client-codepipeline';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DELIVERY_METRICS } from './delivery-schema';
import { parseRecorderInput } from './recorder-events';
import { record, RecorderClients, RecorderResult } from './recorder-logic';

const SERVICE = 'delivery-metrics-recorder';

const logger = new Logger({ serviceName: SERVICE });
const metrics = new Metrics({ namespace: DELIVERY_METRICS.NAMESPACE, serviceName: SERVICE });
// Powertools adds a `service` dimension by default; the dashboard reads the figures by Service and Stage alone.
metrics.clearDefaultDimensions();

let clients: RecorderClients | undefined;

/** Publishes the figures of one recorded event, at the event's time. */
function publish(result: Extract<RecorderResult, { recorded: true }>): void {
  const f = result.figures;
  const counts: Array<[string, number | undefined]> = [
    [DELIVERY_METRICS.SUCCESSFUL, f.successfulDeployments],
    [DELIVERY_METRICS.FAILED, f.failedDeployments],
    [DELIVERY_METRICS.ROLLED_BACK, f.rolledBackDeployments],
  ];
  const durations: Array<[string, number | undefined]> = [
    [DELIVERY_METRICS.LEAD_TIME, f.leadTimeSeconds],
    [DELIVERY_METRICS.TIME_TO_RESTORE, f.timeToRestoreSeconds],
  ];
  if ([...counts, ...durations].every(([, v]) => v === undefined)) return;
  metrics.addDimensions({ [DELIVERY_METRICS.SERVICE]: result.service, [DELIVERY_METRICS.STAGE]: result.stage });
  metrics.setTimestamp(result.at);
  for (const [name, value] of counts) if (value !== undefined) metrics.addMetric(name, MetricUnit.Count, value);
  for (const [name, value] of durations) if (value !== undefined) metrics.addMetric(name, MetricUnit.Seconds, value);
  metrics.publishStoredMetrics();
}

/** Input: `{"tracked": {"kind", "service", "stage"?}, "event": <an EventBridge event>}`, as the rules send it. */
export async function handler(input: unknown): Promise<RecorderResult> {
  const tableName = process.env.STATE_TABLE_NAME;
  if (!tableName) throw new Error('environment variable STATE_TABLE_NAME is required');
  const { input: parsed, at } = parseRecorderInput(input);
  clients ??= { dynamoDb: new DynamoDBClient({}), codePipeline: new CodePipelineClient({}) };
  const result = await record(clients, { tableName }, parsed, at);
  const context = { eventId: parsed.event.id, detailType: parsed.event['detail-type'], measuredService: parsed.tracked.service, eventTime: at.toISOString() };
  if (result.recorded) {
    publish(result);
    logger.info('delivery event recorded', { ...context, stage: result.stage, happening: result.happening, figures: result.figures });
  } else {
    logger.debug('delivery event changes no figure', { ...context, reason: result.reason });
  }
  return result;
}
