/*
 * The PreviewReaper's notice ledger: what was reported, per stack, kept between passes in a DynamoDB table, so a
 * notice is sent once whatever the passes' timing, and a notice that could not be sent is tried again.
 * No aws-cdk-lib here: this file is bundled into the reaper's Lambda handler.
 */
// The SDK client is a devDependency on purpose: esbuild bundles it into the handler at build time.
import { AttributeValue, DeleteItemCommand, DynamoDBClient, PutItemCommand } from '@aws-sdk/client-dynamodb';
import { NOTICE_LEDGER } from './notice-ledger-schema';

/** What a notice is about. */
export type NoticeKind =
  | 'expiry-warning'
  | 'expired-protected'
  | 'would-delete'
  | 'delete-failed'
  | 'invalid-expiry'
  | 'misnamed-preview'
  | 'unknown-status';

/** One notice: a stack, a kind and the moment (or state) it is about. */
export interface Notice {
  /** The stack's id (its ARN): a new stack with the same name is another stack. */
  readonly stackId: string;
  readonly kind: NoticeKind;
  /**
   * What makes this notice different from an earlier one of the same kind: the expiry instant (warning, expired),
   * the last deployment (unreadable expiry, misnamed), the status (unknown status); empty for a failed deletion,
   * which a stack has at most once (DELETE_FAILED is left only by a deletion that succeeds).
   */
  readonly about: string;
}

/** The ledger key of a notice. */
export function noticeKey(notice: Notice): string {
  return `${notice.stackId}#${notice.kind}#${notice.about}`;
}

/** Sends one AWS call through the pass's retrying, counting caller. */
export type LedgerCall = <T>(operation: string, fn: () => Promise<T>) => Promise<T>;

const DAY_MS = 86_400_000;

function isConditionFailure(err: unknown): err is { name: string; Item?: Record<string, AttributeValue> } {
  return (err as { name?: string } | undefined)?.name === 'ConditionalCheckFailedException';
}

/**
 * Claims notices with a conditional PutItem (`attribute_not_exists`) and releases a claim whose notice could not
 * be sent with DeleteItem. Needs dynamodb:PutItem and dynamodb:DeleteItem on the table (and dynamodb:GetItem,
 * which covers reading the existing claim back from a failed condition).
 */
export class NoticeLedger {
  constructor(private readonly client: DynamoDBClient, private readonly tableName: string, private readonly call: LedgerCall) {}

  /**
   * True: the notice was not sent before and this pass now owns it (send it, or `release` it). False: it was sent
   * before; the claim is renewed when it would expire within `RENEW_BELOW_DAYS`, so a condition that lasts
   * (a stack stuck in DELETE_FAILED for months) is never reported twice.
   */
  public async claim(notice: Notice, now: Date): Promise<boolean> {
    const item = this.item(notice, now);
    try {
      await this.call('DynamoDB.PutItem', () => this.client.send(new PutItemCommand({
        TableName: this.tableName,
        Item: item,
        ConditionExpression: 'attribute_not_exists(#key)',
        ExpressionAttributeNames: { '#key': NOTICE_LEDGER.KEY },
        ReturnValuesOnConditionCheckFailure: 'ALL_OLD',
      })));
      return true;
    } catch (err) {
      if (!isConditionFailure(err)) throw err;
      const expiresAt = Number(err.Item?.[NOTICE_LEDGER.TTL]?.N);
      if (!Number.isFinite(expiresAt) || expiresAt * 1000 < now.getTime() + NOTICE_LEDGER.RENEW_BELOW_DAYS * DAY_MS) {
        await this.renew({ ...(err.Item ?? {}), ...item, ...(err.Item?.ClaimedAt ? { ClaimedAt: err.Item.ClaimedAt } : {}) });
      }
      return false;
    }
  }

  /** Deletes a claim whose notice could not be sent: the next pass claims and sends it again. */
  public async release(notice: Notice): Promise<void> {
    await this.call('DynamoDB.DeleteItem', () => this.client.send(new DeleteItemCommand({
      TableName: this.tableName,
      Key: { [NOTICE_LEDGER.KEY]: { S: noticeKey(notice) } },
    })));
  }

  private async renew(item: Record<string, AttributeValue>): Promise<void> {
    try {
      await this.call('DynamoDB.PutItem', () => this.client.send(new PutItemCommand({
        TableName: this.tableName,
        Item: item,
        // never re-create a claim that was released in between
        ConditionExpression: 'attribute_exists(#key)',
        ExpressionAttributeNames: { '#key': NOTICE_LEDGER.KEY },
      })));
    } catch (err) {
      if (!isConditionFailure(err)) throw err;
    }
  }

  private item(notice: Notice, now: Date): Record<string, AttributeValue> {
    return {
      [NOTICE_LEDGER.KEY]: { S: noticeKey(notice) },
      StackId: { S: notice.stackId },
      Kind: { S: notice.kind },
      About: { S: notice.about },
      ClaimedAt: { S: now.toISOString() },
      [NOTICE_LEDGER.TTL]: { N: String(Math.floor(now.getTime() / 1000) + NOTICE_LEDGER.RETENTION_DAYS * 86_400) },
    };
  }
}
