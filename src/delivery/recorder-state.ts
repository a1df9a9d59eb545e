/*
 * The DeliveryMetrics recorder's state between events, in one DynamoDB table: per service and stage, the failures
 * still open and the last deployment; and short-lived markers (what ran in a stage execution, a rollback's start, an
 * ECS rollback deployment). No aws-cdk-lib here: this file is bundled into the recorder's Lambda handler.
 */
// The SDK client is a devDependency on purpose: esbuild bundles it into the handler at build time.
import { AttributeValue, DynamoDBClient, GetItemCommand, PutItemCommand, UpdateItemCommand } from '@aws-sdk/client-dynamodb';
import { DELIVERY_STATE } from './delivery-schema';

/** The outcome of the last deployment of a service in a stage. */
export type LastOutcome = 'succeeded' | 'failed' | 'rolled-back';

/** What the recorder keeps per service and stage. */
export interface ServiceState {
  /** When the open failure episode started (ISO-8601); set exactly while `causes` is not empty. */
  readonly openSince?: string;
  /** What keeps the episode open: `deployment` (a failed deployment not yet followed by a success) and `alarm:<name>`. */
  readonly causes: string[];
  /** The last deployment's outcome. */
  readonly lastOutcome?: LastOutcome;
  /** The source revisions of the last successful deployment (a redeployment of the same change is no new change). */
  readonly lastRevision?: string;
  /** Ids of the latest events applied (the newest last), so a duplicate delivery changes nothing. */
  readonly recentEvents: string[];
  /** Optimistic lock: 0 for a service and stage never seen. */
  readonly version: number;
}

/** A service and stage never seen. */
export const EMPTY_STATE: ServiceState = { causes: [], recentEvents: [], version: 0 };

const DAY_SECONDS = 86_400;

function isConditionFailure(err: unknown): boolean {
  return (err as { name?: string } | undefined)?.name === 'ConditionalCheckFailedException';
}

const list = (values: string[]): AttributeValue => ({ L: values.map((v) => ({ S: v })) });
const strings = (value: AttributeValue | undefined): string[] => (value?.L ?? []).map((v) => v.S).filter((v): v is string => v !== undefined);

/**
 * Reads and writes the state table. Needs dynamodb:GetItem, dynamodb:PutItem and dynamodb:UpdateItem on it.
 */
export class DeliveryState {
  constructor(private readonly client: DynamoDBClient, private readonly tableName: string) {}

  /** Adds an action category to what ran in one stage execution (idempotent). */
  public async markStageAction(pipeline: string, executionId: string, stage: string, category: string, at: Date): Promise<void> {
    await this.client.send(new UpdateItemCommand({
      TableName: this.tableName,
      Key: { [DELIVERY_STATE.KEY]: { S: stageKey(pipeline, executionId, stage) } },
      UpdateExpression: 'ADD Categories :c SET #ttl = :ttl',
      ExpressionAttributeNames: { '#ttl': DELIVERY_STATE.TTL },
      ExpressionAttributeValues: { ':c': { SS: [category] }, ':ttl': expiry(at) },
    }));
  }

  /** The action categories seen in one stage execution, or undefined when no action event of it was recorded. */
  public async stageCategories(pipeline: string, executionId: string, stage: string): Promise<string[] | undefined> {
    const item = await this.get(stageKey(pipeline, executionId, stage));
    return item ? item.Categories?.SS ?? [] : undefined;
  }

  /** Records that a pipeline execution is a stage rollback, and when it started. */
  public async markRollbackExecution(pipeline: string, executionId: string, trigger: string, at: Date): Promise<void> {
    await this.put(`ROLLBACK#${pipeline}#${executionId}`, { Trigger: { S: trigger }, StartedAt: { S: at.toISOString() } }, at);
  }

  /** When a rollback execution started, if its start was recorded. */
  public async rollbackStart(pipeline: string, executionId: string): Promise<Date | undefined> {
    const started = (await this.get(`ROLLBACK#${pipeline}#${executionId}`))?.StartedAt?.S;
    return started ? new Date(started) : undefined;
  }

  /** Records that an ECS deployment is a rollback. */
  public async markEcsRollback(serviceArn: string, deploymentId: string, at: Date): Promise<void> {
    await this.put(`ECSROLLBACK#${serviceArn}#${deploymentId}`, { StartedAt: { S: at.toISOString() } }, at);
  }

  /** Whether an ECS deployment was recorded as a rollback. */
  public async isEcsRollback(serviceArn: string, deploymentId: string): Promise<boolean> {
    return (await this.get(`ECSROLLBACK#${serviceArn}#${deploymentId}`)) !== undefined;
  }

  /** The state of a service in a stage (strongly consistent). */
  public async readService(service: string, stage: string): Promise<ServiceState> {
    const item = await this.get(serviceKey(service, stage));
    if (!item) return EMPTY_STATE;
    const outcome = item.LastOutcome?.S;
    return {
      openSince: item.OpenSince?.S,
      causes: strings(item.Causes),
      lastOutcome: outcome === 'succeeded' || outcome === 'failed' || outcome === 'rolled-back' ? outcome : undefined,
      lastRevision: item.LastRevision?.S,
      recentEvents: strings(item.RecentEvents),
      version: Number(item.Version?.N ?? '0'),
    };
  }

  /**
   * Writes the state of a service in a stage if nobody wrote it since `previous` was read (its version); false when
   * someone did (read again and retry).
   */
  public async writeService(service: string, stage: string, next: ServiceState, previous: ServiceState, at: Date): Promise<boolean> {
    try {
      await this.client.send(new PutItemCommand({
        TableName: this.tableName,
        Item: {
          [DELIVERY_STATE.KEY]: { S: serviceKey(service, stage) },
          Service: { S: service },
          Stage: { S: stage },
          Causes: list(next.causes),
          RecentEvents: list(next.recentEvents),
          Version: { N: String(previous.version + 1) },
          UpdatedAt: { S: at.toISOString() },
          ...(next.openSince ? { OpenSince: { S: next.openSince } } : {}),
          ...(next.lastOutcome ? { LastOutcome: { S: next.lastOutcome } } : {}),
          ...(next.lastRevision ? { LastRevision: { S: next.lastRevision } } : {}),
        },
        ...(previous.version === 0
          ? { ConditionExpression: 'attribute_not_exists(#key)', ExpressionAttributeNames: { '#key': DELIVERY_STATE.KEY } }
          : {
            ConditionExpression: '#version = :version',
            ExpressionAttributeNames: { '#version': 'Version' },
            ExpressionAttributeValues: { ':version': { N: String(previous.version) } },
          }),
      }));
      return true;
    } catch (err) {
      if (isConditionFailure(err)) return false;
      throw err;
    }
  }

  private async get(key: string): Promise<Record<string, AttributeValue> | undefined> {
    const out = await this.client.send(new GetItemCommand({
      TableName: this.tableName,
      Key: { [DELIVERY_STATE.KEY]: { S: key } },
      ConsistentRead: true,
    }));
    return out.Item;
  }

  private async put(key: string, attributes: Record<string, AttributeValue>, at: Date): Promise<void> {
    await this.client.send(new PutItemCommand({
      TableName: this.tableName,
      Item: { [DELIVERY_STATE.KEY]: { S: key }, ...attributes, [DELIVERY_STATE.TTL]: expiry(at) },
    }));
  }
}

function serviceKey(service: string, stage: string): string {
  return `SERVICE#${service}#${stage}`;
}

function stageKey(pipeline: string, executionId: string, stage: string): string {
  return `STAGE#${pipeline}#${executionId}#${stage}`;
}

/** A marker's TTL: some days after the event that wrote it (the event's time, never the clock). */
function expiry(at: Date): AttributeValue {
  return { N: String(Math.floor(at.getTime() / 1000) + DELIVERY_STATE.MARKER_DAYS * DAY_SECONDS) };
}
