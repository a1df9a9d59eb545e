import {
  CloudFormationClient, DeleteStackCommand, DescribeStackEventsCommand, DescribeStacksCommand, Stack, StackEvent, StackStatus,
} from '@aws-sdk/client-cloudformation';
import {
  AttributeValue, ConditionalCheckFailedException, DeleteItemCommand, DynamoDBClient, PutItemCommand, PutItemCommandInput,
} from '@aws-sdk/client-dynamodb';
import { PublishCommand, SNSClient } from '@aws-sdk/client-sns';
import { mockClient } from 'aws-sdk-client-mock';
import { parseInstant, pinClock, resetClock } from '../src/core/clock';
import { NOTICE_LEDGER } from '../src/preview/notice-ledger-schema';
import { parseExpiry, reap, ReaperConfig, summarizeDeleteFailure } from '../src/preview/reaper-logic';
import { isRetryable, RetryOptions } from '../src/preview/reaper-retry';
import { STACK_STATUS_ACTIONS, statusAction } from '../src/preview/reaper-status';
import { passTime } from '../src/preview/reaper.lambda';

const cfn = mockClient(CloudFormationClient);
const sns = mockClient(SNSClient);
const ddb = mockClient(DynamoDBClient);
const clients = {
  cloudFormation: new CloudFormationClient({ region: 'us-east-1' }),
  sns: new SNSClient({ region: 'us-east-1' }),
  dynamoDb: new DynamoDBClient({ region: 'us-east-1' }),
};

const NOW = new Date('2026-11-22T12:00:00Z');
const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const ROLE = 'arn:aws:iam::123456789012:role/reaper-deletion';
const TOPIC = 'arn:aws:sns:us-east-1:123456789012:reaper';
const LEDGER = 'notice-ledger';
const noSleep: RetryOptions = { maxAttempts: 4, baseDelayMs: 1, maxDelayMs: 1, sleep: async () => {} };

function config(overrides: Partial<ReaperConfig> = {}): ReaperConfig {
  return { deletionRoleArn: ROLE, topicArn: TOPIC, ledgerTableName: LEDGER, dryRun: false, warnBeforeMs: 24 * HOUR, now: NOW, ...overrides };
}

function later(ms: number): Date {
  return new Date(NOW.getTime() + ms);
}

function iso(offsetMs: number): string {
  return later(offsetMs).toISOString().replace(/\.\d{3}Z$/, 'Z');
}

/** A preview stack; `expiresIn` relative to NOW (negative: expired), `null` for no expiry tag. */
function preview(name: string, expiresIn: number | null | string, extra: Partial<Stack> = {}): Stack {
  const tags = [{ Key: 'paved-road:preview', Value: 'true' }, { Key: 'paved-road:preview-branch', Value: `feature/${name}` }];
  if (expiresIn !== null) tags.push({ Key: 'paved-road:expires-at', Value: typeof expiresIn === 'string' ? expiresIn : iso(expiresIn) });
  return {
    StackName: name,
    StackId: `arn:aws:cloudformation:us-east-1:123456789012:stack/${name}/0000`,
    StackStatus: 'CREATE_COMPLETE',
    CreationTime: new Date(NOW.getTime() - 10 * HOUR),
    Tags: tags,
    ...extra,
  } as Stack;
}

function deletedStacks(): string[] {
  return cfn.commandCalls(DeleteStackCommand).map((c) => (c.args[0].input.StackName as string).split('/')[1]);
}

function published(): { subject: string; body: Record<string, any> }[] {
  return sns.commandCalls(PublishCommand).map((c) => ({
    subject: c.args[0].input.Subject as string,
    body: JSON.parse(c.args[0].input.Message as string),
  }));
}

function serve(...stacks: Stack[]): void {
  cfn.on(DescribeStacksCommand).resolves({ Stacks: stacks });
}

/** The notice ledger: an in-memory table behind the mocked DynamoDB client, with DynamoDB's conditions. */
let ledger: Map<string, Record<string, AttributeValue>>;
function conditionFailed(item?: Record<string, AttributeValue>): ConditionalCheckFailedException {
  return new ConditionalCheckFailedException({ message: 'The conditional request failed', $metadata: { httpStatusCode: 400 }, Item: item });
}
function serveLedger(): void {
  ledger = new Map();
  ddb.on(PutItemCommand).callsFake((input: PutItemCommandInput) => {
    expect(input.TableName).toBe(LEDGER);
    const key = input.Item![NOTICE_LEDGER.KEY].S!;
    const old = ledger.get(key);
    if (input.ConditionExpression === 'attribute_not_exists(#key)' && old) throw conditionFailed(input.ReturnValuesOnConditionCheckFailure === 'ALL_OLD' ? old : undefined);
    if (input.ConditionExpression === 'attribute_exists(#key)' && !old) throw conditionFailed();
    ledger.set(key, input.Item!);
    return {};
  });
  ddb.on(DeleteItemCommand).callsFake((input) => {
    ledger.delete(input.Key[NOTICE_LEDGER.KEY].S);
    return {};
  });
}

/** Clears the call history (not the stacks served, nor the ledger) between two passes. */
function nextPass(): void {
  cfn.resetHistory();
  sns.resetHistory();
  ddb.resetHistory();
}

const ev = (stack: string, LogicalResourceId: string, ResourceType: string, ResourceStatus: string, ResourceStatusReason?: string): StackEvent =>
  ({ StackName: stack, LogicalResourceId, ResourceType, ResourceStatus, ResourceStatusReason, Timestamp: NOW } as StackEvent);

beforeEach(() => {
  cfn.reset();
  sns.reset();
  ddb.reset();
  cfn.on(DeleteStackCommand).resolves({});
  sns.on(PublishCommand).resolves({ MessageId: 'm-1' });
  serveLedger();
});

describe('PreviewReaper logic', () => {
  test('deletes an expired preview through the deletion role', async () => {
    // GIVEN
    serve(preview('pr-1', -HOUR));
    // WHEN
    const report = await reap(clients, config(), noSleep);
    // THEN
    expect(cfn.commandCalls(DeleteStackCommand).map((c) => c.args[0].input)).toEqual([
      { StackName: 'arn:aws:cloudformation:us-east-1:123456789012:stack/pr-1/0000', RoleARN: ROLE },
    ]);
    expect(report.deleted.map((n) => n.stackName)).toEqual(['pr-1']);
  });

  test('keeps unexpired, untagged, protected, in-progress and nested stacks', async () => {
    // GIVEN
    serve(
      preview('unexpired', 30 * HOUR),
      { StackName: 'untagged', StackStatus: 'CREATE_COMPLETE', Tags: [{ Key: 'paved-road:expires-at', Value: iso(-HOUR) }] } as Stack,
      { ...preview('tag-false', -HOUR), Tags: [{ Key: 'paved-road:preview', Value: 'false' }, { Key: 'paved-road:expires-at', Value: iso(-HOUR) }] },
      preview('protected', -HOUR, { EnableTerminationProtection: true }),
      preview('updating', -HOUR, { StackStatus: 'UPDATE_IN_PROGRESS' }),
      preview('deleting', -HOUR, { StackStatus: 'DELETE_IN_PROGRESS' }),
      preview('cleanup', -HOUR, { StackStatus: 'UPDATE_COMPLETE_CLEANUP_IN_PROGRESS' }),
      preview('nested', -HOUR, { ParentId: 'arn:aws:cloudformation:us-east-1:123456789012:stack/parent/1', RootId: 'arn:...' }),
    );
    // WHEN
    const report = await reap(clients, config(), noSleep);
    // THEN
    expect(deletedStacks()).toEqual([]);
    expect(report).toMatchObject({ scanned: 8, previews: 6, notExpired: 1, nested: 1, pages: 1 });
    expect(report.protected.map((n) => n.stackName)).toEqual(['protected']);
    expect(report.inProgress.map((n) => n.stackName)).toEqual(['updating', 'deleting', 'cleanup']);
  });

  describe('stack statuses', () => {
    test('every status of the SDK\'s StackStatus enum has a row in the status table, and no row is stale', () => {
      // Fails when an SDK update adds a status nobody has classified (and when one is removed).
      expect(Object.keys(STACK_STATUS_ACTIONS).sort()).toEqual(Object.values(StackStatus).sort());
    });

    test('deletes expired previews in every settled status, waits for running operations, retries DELETE_FAILED', () => {
      const by = (action: string) => Object.entries(STACK_STATUS_ACTIONS).filter(([, a]) => a === action).map(([s]) => s).sort();
      expect(by('wait')).toEqual(Object.values(StackStatus).filter((s) => s.endsWith('_IN_PROGRESS') && s !== 'REVIEW_IN_PROGRESS').sort());
      expect(by('retry-delete')).toEqual(['DELETE_FAILED']);
      expect(by('gone')).toEqual(['DELETE_COMPLETE']);
      expect(by('delete')).toEqual(expect.arrayContaining(['REVIEW_IN_PROGRESS', 'ROLLBACK_COMPLETE', 'ROLLBACK_FAILED', 'UPDATE_ROLLBACK_FAILED', 'CREATE_FAILED', 'UPDATE_FAILED', 'IMPORT_ROLLBACK_FAILED']));
      expect(statusAction('SOME_FUTURE_STATUS')).toBeUndefined();
      expect(statusAction('constructor')).toBeUndefined();
      expect(statusAction(undefined)).toBeUndefined();
    });

    test('an expired preview left in REVIEW_IN_PROGRESS (a change set never executed) is deleted', async () => {
      serve(preview('never-executed', -HOUR, { StackStatus: 'REVIEW_IN_PROGRESS' }));
      const report = await reap(clients, config(), noSleep);
      expect(deletedStacks()).toEqual(['never-executed']);
      expect(report.inProgress).toEqual([]);
    });

    test('a status the table does not know: kept, reported once', async () => {
      // GIVEN
      serve(preview('future', -HOUR, { StackStatus: 'HIBERNATE_COMPLETE' as StackStatus }));
      // WHEN
      const report = await reap(clients, config(), noSleep);
      // THEN
      expect(deletedStacks()).toEqual([]);
      expect(report.unknownStatus).toEqual([expect.objectContaining({ stackName: 'future', detail: expect.stringMatching(/HIBERNATE_COMPLETE is not in the reaper's status table/) })]);
      expect(published().map((p) => p.body.event)).toEqual(['unknown-status']);
      nextPass();
      await reap(clients, config({ now: later(HOUR) }), noSleep);
      expect(published()).toEqual([]);
    });
  });

  describe('expiry tags', () => {
    test('parseExpiry: one parser with the PavedRoad-PreviewExpiry rule (parseInstant)', () => {
      expect(parseExpiry('2026-11-25T02:00:00Z')?.toISOString()).toBe('2026-11-25T02:00:00.000Z');
      expect(parseExpiry('2026-11-25T02:00:00.123Z')?.toISOString()).toBe('2026-11-25T02:00:00.123Z');
      expect(parseExpiry('2026-11-25T04:00:00+02:00')?.toISOString()).toBe('2026-11-25T02:00:00.000Z');
      expect(parseExpiry('2026-11-24T21:00:00-05:00')?.toISOString()).toBe('2026-11-25T02:00:00.000Z');
      expect(parseExpiry('2026-11-25T07:30+05:30')?.toISOString()).toBe('2026-11-25T02:00:00.000Z');
      expect(parseExpiry('20261125T040000+0200')?.toISOString()).toBe('2026-11-25T02:00:00.000Z');
      expect(parseExpiry(undefined)).toBeUndefined();
    });

    test.each([
      ['2026-02-30T00:00:00Z', 'an impossible day (Date.parse reads it as 2 March)'],
      ['2026-02-29T00:00:00Z', '29 February of a common year'],
      ['2100-02-29T00:00:00Z', '29 February of a century that is no leap year'],
      ['2026-13-01T00:00:00Z', 'month 13'],
      ['2026-11-25T24:00:00Z', 'hour 24'],
      ['2026-11-25T23:59:60Z', 'a leap second'],
      ['2026-11-25T02:00:00+24:00', 'an offset beyond ±23:59'],
      ['2026-11-25T02:00:00', 'a local time without offset'],
      ['2026-11-25', 'a date without time'],
      ['2026-11-25T04:00:00+0200', 'extended and basic format mixed'],
      ['2026-W48-3T02:00:00Z', 'a week date'],
      ['1764036000', 'epoch seconds'],
      [' 2026-11-25T02:00:00Z', 'surrounding space'],
    ])('parseInstant refuses %s (%s)', (value) => {
      expect(parseInstant(value)).toBeUndefined();
    });

    test('accepts leap days that exist', () => {
      expect(parseInstant('2028-02-29T00:00:00Z')?.toISOString()).toBe('2028-02-29T00:00:00.000Z');
      expect(parseInstant('2000-02-29T00:00:00Z')?.toISOString()).toBe('2000-02-29T00:00:00.000Z');
    });

    test('an impossible date is unreadable (never deleted); an expired instant with an offset is deleted', async () => {
      // GIVEN: "2026-02-30" would be 2 March, long past; "+02:00" one hour ago
      serve(preview('feb-30', '2026-02-30T00:00:00Z'), preview('offset', '2026-11-22T13:00:00+02:00'));
      // WHEN
      const report = await reap(clients, config(), noSleep);
      // THEN
      expect(deletedStacks()).toEqual(['offset']);
      expect(report.invalidExpiry.map((n) => n.stackName)).toEqual(['feb-30']);
      expect(report.invalidExpiry[0].detail).toMatch(/not an ISO-8601 date and time with a UTC designator or offset/);
    });

    test('reports a missing or unparsable expiry once per deployment and never deletes it', async () => {
      // GIVEN
      serve(preview('no-expiry', null), preview('garbage', 'next tuesday'), preview('local-time', '2026-11-20T10:00:00'));
      // WHEN
      const report = await reap(clients, config(), noSleep);
      // THEN
      expect(deletedStacks()).toEqual([]);
      expect(report.invalidExpiry.map((n) => n.stackName)).toEqual(['no-expiry', 'garbage', 'local-time']);
      expect(report.invalidExpiry[0].detail).toMatch(/missing/);
      expect(published().map((p) => [p.body.event, p.body.stackName])).toEqual([['invalid-expiry', 'no-expiry'], ['invalid-expiry', 'garbage'], ['invalid-expiry', 'local-time']]);
      // WHEN: a day later, unchanged; then one of them redeployed with another unreadable value
      nextPass();
      await reap(clients, config({ now: later(DAY) }), noSleep);
      expect(published()).toEqual([]);
      serve(preview('no-expiry', null), preview('garbage', 'never', { LastUpdatedTime: later(DAY) }), preview('local-time', '2026-11-20T10:00:00'));
      await reap(clients, config({ now: later(DAY + HOUR) }), noSleep);
      expect(published().map((p) => p.body.stackName)).toEqual(['garbage']);
    });
  });

  describe('failed deletions', () => {
    const firstAttempt = [
      ev('stuck', 'stuck', 'AWS::CloudFormation::Stack', 'DELETE_FAILED', 'The following resource(s) failed to delete: [Bucket]'),
      ev('stuck', 'Bucket', 'AWS::S3::Bucket', 'DELETE_FAILED', 'The bucket you tried to delete is not empty'),
      ev('stuck', 'Queue', 'AWS::SQS::Queue', 'DELETE_COMPLETE'),
      ev('stuck', 'stuck', 'AWS::CloudFormation::Stack', 'DELETE_IN_PROGRESS', 'User Initiated'),
      ev('stuck', 'stuck', 'AWS::CloudFormation::Stack', 'CREATE_COMPLETE'),
    ];

    test('retries a DELETE_FAILED preview on every pass and reports its failing resources once', async () => {
      // GIVEN: the first failure (events newest first)
      serve(preview('stuck', -2 * HOUR, { StackStatus: 'DELETE_FAILED' }));
      cfn.on(DescribeStackEventsCommand).resolves({ StackEvents: firstAttempt });
      // WHEN
      const first = await reap(clients, config(), noSleep);
      // THEN: retried and reported with the failing resource and its reason, read before the retry
      expect(first.retried.map((n) => n.stackName)).toEqual(['stuck']);
      expect(deletedStacks()).toEqual(['stuck']);
      expect(published()).toHaveLength(1);
      expect(published()[0].body).toMatchObject({
        event: 'delete-failed',
        reason: 'The following resource(s) failed to delete: [Bucket]',
        failedResources: ['Bucket (AWS::S3::Bucket): The bucket you tried to delete is not empty'],
      });
      expect(cfn.call(1).args[0]).toBeInstanceOf(DescribeStackEventsCommand);
      expect(cfn.call(2).args[0]).toBeInstanceOf(DeleteStackCommand);

      // WHEN: the retry failed again
      nextPass();
      cfn.on(DescribeStackEventsCommand).resolves({
        StackEvents: [
          ev('stuck', 'stuck', 'AWS::CloudFormation::Stack', 'DELETE_FAILED', 'again'),
          ev('stuck', 'Bucket', 'AWS::S3::Bucket', 'DELETE_FAILED', 'The bucket you tried to delete is not empty'),
          ev('stuck', 'stuck', 'AWS::CloudFormation::Stack', 'DELETE_IN_PROGRESS'),
          ...firstAttempt,
        ],
      });
      const second = await reap(clients, config({ now: later(HOUR / 4) }), noSleep);
      // THEN: retried again, not reported again, and its events not even read
      expect(second.retried).toHaveLength(1);
      expect(deletedStacks()).toEqual(['stuck']);
      expect(published()).toHaveLength(0);
      expect(cfn.commandCalls(DescribeStackEventsCommand)).toHaveLength(0);
      expect(second.deleteFailed.map((n) => n.stackName)).toEqual(['stuck']);
      expect(second.alreadySent).toBe(1);
    });

    test('a dry run reports a DELETE_FAILED preview once, not on every pass', async () => {
      serve(preview('stuck', -2 * HOUR, { StackStatus: 'DELETE_FAILED' }));
      cfn.on(DescribeStackEventsCommand).resolves({ StackEvents: firstAttempt });
      for (let pass = 0; pass < 4; pass++) await reap(clients, config({ dryRun: true, now: later(pass * HOUR / 4) }), noSleep);
      expect(published().map((p) => p.body.event)).toEqual(['delete-failed']);
      expect(deletedStacks()).toEqual([]);
    });

    test('a retry whose DeleteStack call fails: reported once, the failure is an error of each pass', async () => {
      serve(preview('stuck', -2 * HOUR, { StackStatus: 'DELETE_FAILED' }));
      cfn.on(DescribeStackEventsCommand).resolves({ StackEvents: firstAttempt });
      cfn.on(DeleteStackCommand).rejects(Object.assign(new Error('not authorized'), { name: 'AccessDenied', $metadata: { httpStatusCode: 403 } }));
      const reports = [];
      for (let pass = 0; pass < 3; pass++) reports.push(await reap(clients, config({ now: later(pass * HOUR / 4) }), noSleep));
      expect(published().map((p) => p.body.event)).toEqual(['delete-failed']);
      expect(reports.map((r) => r.errors.map((e) => e.detail))).toEqual(Array(3).fill(['DeleteStack failed: AccessDenied: not authorized']));
      expect(reports.map((r) => r.retried.length)).toEqual([0, 0, 0]);
    });

    test('pages through the events of a large failed deletion until the event that started it', async () => {
      // GIVEN: 180 resources failed; their events fill two pages before the stack-level DELETE_IN_PROGRESS
      const failed = Array.from({ length: 180 }, (_, i) => ev('big', `Topic${i}`, 'AWS::SNS::Topic', 'DELETE_FAILED', `reason ${i}`));
      const events = [ev('big', 'big', 'AWS::CloudFormation::Stack', 'DELETE_FAILED', 'many failed'), ...failed,
        ev('big', 'big', 'AWS::CloudFormation::Stack', 'DELETE_IN_PROGRESS', 'User Initiated'),
        ...Array.from({ length: 150 }, (_, i) => ev('big', `Old${i}`, 'AWS::SNS::Topic', 'CREATE_COMPLETE'))];
      serve(preview('big', -HOUR, { StackStatus: 'DELETE_FAILED' }));
      cfn.on(DescribeStackEventsCommand).callsFake((input) => {
        const start = Number(input.NextToken ?? 0);
        return { StackEvents: events.slice(start, start + 100), NextToken: start + 100 < events.length ? String(start + 100) : undefined };
      });
      // WHEN
      await reap(clients, config(), noSleep);
      // THEN: two pages read (not the third), every failed resource reported
      expect(cfn.commandCalls(DescribeStackEventsCommand).map((c) => c.args[0].input.NextToken)).toEqual([undefined, '100']);
      expect(published()[0].body.failedResources).toHaveLength(180);
      expect(published()[0].body.eventsNote).toBeUndefined();
    });

    test('reads at most maxEventPages pages and says the list is partial', async () => {
      serve(preview('huge', -HOUR, { StackStatus: 'DELETE_FAILED' }));
      cfn.on(DescribeStackEventsCommand).callsFake((input) => ({
        StackEvents: [ev('huge', `R${input.NextToken ?? 0}`, 'AWS::SNS::Topic', 'DELETE_FAILED', 'no')],
        NextToken: String(Number(input.NextToken ?? 0) + 1),
      }));
      await reap(clients, config({ maxEventPages: 3 }), noSleep);
      expect(cfn.commandCalls(DescribeStackEventsCommand)).toHaveLength(3);
      expect(published()[0].body.eventsNote).toMatch(/newest 3 pages of events/);
    });

    test('summarizeDeleteFailure: the resources that failed after the latest stack-level DELETE_IN_PROGRESS', () => {
      const stack = { StackName: 's' } as Stack;
      const events = [
        ev('s', 's', 'AWS::CloudFormation::Stack', 'DELETE_FAILED', 'latest'),
        ev('s', 'A', 'AWS::SNS::Topic', 'DELETE_FAILED', 'a'),
        ev('s', 's', 'AWS::CloudFormation::Stack', 'DELETE_IN_PROGRESS'),
        ev('s', 'B', 'AWS::SNS::Topic', 'DELETE_FAILED', 'b, an earlier attempt'),
      ];
      expect(summarizeDeleteFailure(stack, events)).toEqual({ reason: 'latest', failedResources: ['A (AWS::SNS::Topic): a'], startFound: true });
      expect(summarizeDeleteFailure(stack, events.slice(0, 2)).startFound).toBe(false);
    });
  });

  describe('notices and the ledger', () => {
    test('warns once per expiry instant when a preview is inside its warning period, naming how to extend it', async () => {
      // GIVEN: two inside the warning period, one outside
      serve(preview('entering', 24 * HOUR - 5 * 60_000), preview('inside', 23 * HOUR), preview('far', 48 * HOUR));
      // WHEN
      const report = await reap(clients, config(), noSleep);
      // THEN
      expect(report.warned.map((n) => n.stackName)).toEqual(['entering', 'inside']);
      expect(published()[0].subject).toBe('Preview entering expires at 2026-11-23T11:55:00Z');
      expect(published()[0].body.howToExtend).toMatch(/cdk deploy -c branch=feature\/entering/);
      // WHEN: later passes, then a redeploy of `inside` that moves its expiry
      nextPass();
      expect((await reap(clients, config({ now: later(HOUR / 4) }), noSleep)).warned).toEqual([]);
      serve(preview('entering', 24 * HOUR - 5 * 60_000), preview('inside', 40 * HOUR, { LastUpdatedTime: later(17 * HOUR) }), preview('far', 48 * HOUR));
      const afterRedeploy = await reap(clients, config({ now: later(25 * HOUR) }), noSleep);
      // THEN: `far` entered its period, `inside` warned again for its new expiry
      expect(afterRedeploy.warned.map((n) => n.stackName)).toEqual(['inside', 'far']);
    });

    test('the claim: a conditional PutItem keyed by stack id, kind and moment, with a TTL', async () => {
      serve(preview('soon', 2 * HOUR));
      await reap(clients, config(), noSleep);
      const put = ddb.commandCalls(PutItemCommand)[0].args[0].input;
      expect(put).toMatchObject({
        TableName: LEDGER,
        ConditionExpression: 'attribute_not_exists(#key)',
        ExpressionAttributeNames: { '#key': 'NoticeKey' },
        ReturnValuesOnConditionCheckFailure: 'ALL_OLD',
        Item: {
          NoticeKey: { S: 'arn:aws:cloudformation:us-east-1:123456789012:stack/soon/0000#expiry-warning#2026-11-22T14:00:00.000Z' },
          Kind: { S: 'expiry-warning' },
          ExpiresAt: { N: String(NOW.getTime() / 1000 + 30 * 86_400) },
        },
      });
    });

    test('a claim is renewed (at most weekly) while its condition lasts, so it never expires under a stuck stack', async () => {
      serve(preview('protected', -HOUR, { EnableTerminationProtection: true }));
      await reap(clients, config(), noSleep);
      const key = [...ledger.keys()][0];
      // a pass 6 days later: no renewal; 8 days later: renewed to 30 days after that pass
      nextPass();
      await reap(clients, config({ now: later(6 * DAY) }), noSleep);
      expect(ddb.commandCalls(PutItemCommand)).toHaveLength(1);
      nextPass();
      await reap(clients, config({ now: later(8 * DAY) }), noSleep);
      expect(ddb.commandCalls(PutItemCommand).map((c) => c.args[0].input.ConditionExpression)).toEqual(['attribute_not_exists(#key)', 'attribute_exists(#key)']);
      expect(ledger.get(key)?.ExpiresAt.N).toBe(String(NOW.getTime() / 1000 + 38 * 86_400));
      expect(ledger.get(key)?.ClaimedAt.S).toBe(NOW.toISOString());
      expect(published()).toEqual([]);
    });

    test('a failed Publish releases the claim: the next pass sends the notice, once', async () => {
      // GIVEN: SNS fails during the first pass
      serve(preview('protected', -HOUR, { EnableTerminationProtection: true }), preview('after', -HOUR));
      sns.on(PublishCommand).rejects(Object.assign(new Error('topic key disabled'), { name: 'KMSDisabled', $metadata: { httpStatusCode: 400 } }));
      // WHEN
      const first = await reap(clients, config(), noSleep);
      // THEN: the deletion after it still ran; the notice is an error, its claim released
      expect(deletedStacks()).toEqual(['after']);
      expect(first.errors).toEqual([expect.objectContaining({ stackName: 'protected', detail: expect.stringMatching(/notice expired-protected not sent: publishing failed \(KMSDisabled: topic key disabled\); the next pass sends it/) })]);
      expect(ledger.size).toBe(0);
      // WHEN: SNS works again, two more passes
      sns.on(PublishCommand).resolves({ MessageId: 'm-2' });
      nextPass();
      await reap(clients, config({ now: later(HOUR / 4) }), noSleep);
      await reap(clients, config({ now: later(HOUR / 2) }), noSleep);
      // THEN
      expect(published().map((p) => p.body.event)).toEqual(['expired-protected']);
    });

    test('an SNS failure never stops a DELETE_FAILED retry, nor the deletions after it', async () => {
      serve(preview('stuck', -2 * HOUR, { StackStatus: 'DELETE_FAILED' }), preview('next', -HOUR));
      cfn.on(DescribeStackEventsCommand).resolves({ StackEvents: [] });
      sns.on(PublishCommand).rejects(Object.assign(new Error('down'), { name: 'InternalError', $metadata: { httpStatusCode: 500 } }));
      const report = await reap(clients, config(), noSleep);
      expect(deletedStacks()).toEqual(['stuck', 'next']);
      expect(report.retried.map((n) => n.stackName)).toEqual(['stuck']);
      expect(report.errors.map((e) => e.stackName)).toEqual(['stuck']);
      expect(sns.commandCalls(PublishCommand)).toHaveLength(noSleep.maxAttempts);
    });

    test('the ledger failing: nothing published (no duplicate can follow), an error; a failed release: the notice is called lost', async () => {
      serve(preview('protected', -HOUR, { EnableTerminationProtection: true }));
      ddb.on(PutItemCommand).rejects(Object.assign(new Error('no access'), { name: 'AccessDeniedException', $metadata: { httpStatusCode: 400 } }));
      const report = await reap(clients, config(), noSleep);
      expect(published()).toEqual([]);
      expect(report.errors[0].detail).toMatch(/notice expired-protected not sent: the notice ledger failed \(AccessDeniedException: no access\); a later pass sends it/);

      serveLedger();
      sns.on(PublishCommand).rejects(Object.assign(new Error('denied'), { name: 'AuthorizationError', $metadata: { httpStatusCode: 403 } }));
      ddb.on(DeleteItemCommand).rejects(Object.assign(new Error('down'), { name: 'AccessDeniedException', $metadata: { httpStatusCode: 400 } }));
      const lost = await reap(clients, config(), noSleep);
      expect(lost.errors[0].detail).toMatch(/notice expired-protected lost: publishing failed \(AuthorizationError: denied\), and its claim could not be released/);
    });

    test('dry run reports what it would delete, once per preview and expiry, and deletes nothing', async () => {
      // GIVEN: one expired 5 minutes ago, one long ago
      serve(preview('new', -5 * 60_000), preview('old', -5 * HOUR));
      // WHEN
      const report = await reap(clients, config({ dryRun: true }), noSleep);
      // THEN
      expect(cfn.commandCalls(DeleteStackCommand)).toHaveLength(0);
      expect(report.wouldDelete.map((n) => n.stackName)).toEqual(['new', 'old']);
      expect(report.deleted).toEqual([]);
      expect(published().map((p) => [p.body.event, p.body.stackName])).toEqual([['would-delete', 'new'], ['would-delete', 'old']]);
      nextPass();
      await reap(clients, config({ dryRun: true, now: later(HOUR) }), noSleep);
      expect(published()).toEqual([]);
    });

    test('reports a protected preview once, whichever pass first sees it expired', async () => {
      serve(preview('just-expired', -5 * 60_000, { EnableTerminationProtection: true }), preview('long-expired', -5 * HOUR, { EnableTerminationProtection: true }));
      const report = await reap(clients, config(), noSleep);
      expect(deletedStacks()).toEqual([]);
      expect(report.protected.map((n) => n.stackName)).toEqual(['just-expired', 'long-expired']);
      expect(published().map((p) => [p.body.event, p.body.stackName])).toEqual([['expired-protected', 'just-expired'], ['expired-protected', 'long-expired']]);
    });

    test('publishes nothing, and claims nothing, without a topic', async () => {
      serve(preview('no-expiry', null, { CreationTime: NOW }));
      const report = await reap(clients, config({ topicArn: undefined }), noSleep);
      expect(report.invalidExpiry).toHaveLength(1);
      expect(sns.commandCalls(PublishCommand)).toHaveLength(0);
      expect(ddb.calls()).toHaveLength(0);
    });

    test('a tagged stack not named like a preview is never deleted, and reported once', async () => {
      // GIVEN: an expired, tagged stack someone else named, next to a real preview
      serve(preview('checkout-prod', -HOUR), preview('preview-feature-x-0123456789abcdef-App', -HOUR));
      // WHEN
      const report = await reap(clients, config({ stackNamePrefix: 'preview-' }), noSleep);
      // THEN
      expect(deletedStacks()).toEqual(['preview-feature-x-0123456789abcdef-App']);
      expect(report.misnamed.map((n) => n.stackName)).toEqual(['checkout-prod']);
      expect(published().map((p) => p.subject)).toEqual(['Stack checkout-prod carries the preview tag but is not a preview']);
      // a pass later: still not deleted, not reported again
      nextPass();
      const next = await reap(clients, config({ stackNamePrefix: 'preview-', now: later(HOUR) }), noSleep);
      expect(next.misnamed).toHaveLength(1);
      expect(deletedStacks()).toEqual(['preview-feature-x-0123456789abcdef-App']);
      expect(published()).toEqual([]);
    });
  });

  describe('pages and retries', () => {
    test('pages through every page of DescribeStacks, one call per page', async () => {
      // GIVEN
      cfn.on(DescribeStacksCommand)
        .resolves({ Stacks: [preview('a', -HOUR)], NextToken: 't1' })
        .on(DescribeStacksCommand, { NextToken: 't1' }).resolves({ Stacks: [preview('b', HOUR * 30)], NextToken: 't2' })
        .on(DescribeStacksCommand, { NextToken: 't2' }).resolves({ Stacks: [preview('c', -HOUR)] });
      // WHEN
      const report = await reap(clients, config(), noSleep);
      // THEN
      expect(cfn.commandCalls(DescribeStacksCommand).map((c) => c.args[0].input.NextToken)).toEqual([undefined, 't1', 't2']);
      expect(deletedStacks()).toEqual(['a', 'c']);
      expect(report).toMatchObject({ scanned: 3, pages: 3 });
      expect(report.incomplete).toBeUndefined();
      expect(report.apiCalls).toEqual({ 'CloudFormation.DescribeStacks': 3, 'CloudFormation.DeleteStack': 2 });
    });

    test('a page that fails past its retries: the pages before it are handled and notified, the pass reports what it missed', async () => {
      // GIVEN: page 2 keeps failing; page 1 holds an expired preview and one to warn
      const denied = Object.assign(new Error('Rate exceeded'), { name: 'Throttling', $metadata: { httpStatusCode: 400 } });
      cfn.on(DescribeStacksCommand)
        .resolves({ Stacks: [preview('a', -HOUR), preview('warn-me', 2 * HOUR)], NextToken: 't1' })
        .on(DescribeStacksCommand, { NextToken: 't1' }).rejects(denied);
      // WHEN
      const report = await reap(clients, config(), noSleep);
      // THEN: resolves (the handler emits metrics, then fails the invocation)
      expect(deletedStacks()).toEqual(['a']);
      expect(published().map((p) => p.body.stackName)).toEqual(['warn-me']);
      expect(report.pages).toBe(1);
      expect(report.incomplete).toMatch(/^DescribeStacks page 2 failed after its retries \(Throttling: Rate exceeded\)/);
      expect(report.errors).toEqual([{ stackName: '(DescribeStacks page 2)', detail: 'Throttling: Rate exceeded' }]);
      expect(cfn.commandCalls(DescribeStacksCommand)).toHaveLength(1 + noSleep.maxAttempts);
    });

    test('retries throttling with backoff, and gives up on errors that are not transient', async () => {
      // GIVEN
      const throttling = Object.assign(new Error('Rate exceeded'), { name: 'Throttling', $metadata: { httpStatusCode: 400 } });
      const denied = Object.assign(new Error('not authorized'), { name: 'AccessDenied', $metadata: { httpStatusCode: 403 } });
      cfn.on(DescribeStacksCommand).rejectsOnce(throttling).rejectsOnce(throttling).resolves({ Stacks: [preview('a', -HOUR), preview('b', -HOUR)] });
      cfn.on(DeleteStackCommand, { StackName: preview('a', 0).StackId }).rejects(denied);
      const waits: number[] = [];
      // WHEN
      const report = await reap(clients, config(), { ...noSleep, baseDelayMs: 100, maxDelayMs: 1000, sleep: async (ms) => { waits.push(ms); } });
      // THEN: two backoffs, then one failing stack reported without stopping the pass
      expect(waits).toHaveLength(2);
      expect(waits[1]).toBeLessThanOrEqual(200);
      expect(report.apiCalls['CloudFormation.DescribeStacks']).toBe(3);
      expect(report.errors).toEqual([expect.objectContaining({ stackName: 'a', detail: 'DeleteStack failed: AccessDenied: not authorized' })]);
      expect(report.deleted.map((n) => n.stackName)).toEqual(['b']);
    });

    test('isRetryable: throttling, 5xx and 429 yes; client errors no', () => {
      expect(isRetryable({ name: 'ThrottlingException' })).toBe(true);
      expect(isRetryable({ name: 'ProvisionedThroughputExceededException' })).toBe(true);
      expect(isRetryable({ name: 'X', $metadata: { httpStatusCode: 503 } })).toBe(true);
      expect(isRetryable({ name: 'X', $metadata: { httpStatusCode: 429 } })).toBe(true);
      expect(isRetryable({ name: 'ValidationError', $metadata: { httpStatusCode: 400 } })).toBe(false);
      expect(isRetryable(conditionFailed())).toBe(false);
      expect(isRetryable(undefined)).toBe(false);
    });
  });

  test('a preview expires at the latest maxTtl after its last deployment, whatever its tag says', async () => {
    // GIVEN: deployed 10 hours ago, tagged to expire in a year; the platform allows 8 hours
    serve(preview('forever', 365 * 24 * HOUR), preview('fine', 30 * HOUR, { CreationTime: new Date(NOW.getTime() - HOUR) }));
    // WHEN
    const report = await reap(clients, config({ maxTtlMs: 8 * HOUR }), noSleep);
    // THEN
    expect(report.deleted).toEqual([expect.objectContaining({ stackName: 'forever', detail: expect.stringMatching(/beyond the platform's maximum ttl; expires 2026-11-22T10:00:00.000Z/) })]);
    expect(report.notExpired).toBe(1);
  });

  test('passTime: the scheduled event\'s time; the library clock only for a manual invocation without one', () => {
    expect(passTime({ time: '2026-11-22T12:15:00Z' })).toEqual(new Date('2026-11-22T12:15:00Z'));
    expect(passTime({ time: '2026-11-22T13:15:00+01:00' })).toEqual(new Date('2026-11-22T12:15:00Z'));
    pinClock('2031-01-01T00:00:00Z');
    try {
      // a retried or late invocation of an old event still runs at the event's time, not the clock's
      expect(passTime({ time: '2026-11-22T12:15:00Z' })).toEqual(new Date('2026-11-22T12:15:00Z'));
      expect(passTime({ dryRun: true })).toEqual(new Date('2031-01-01T00:00:00Z'));
      expect(passTime(undefined)).toEqual(new Date('2031-01-01T00:00:00Z'));
    } finally {
      resetClock();
    }
    expect(() => passTime({ time: '2026-11-22 12:15' })).toThrow('event field time="2026-11-22 12:15" is not an ISO-8601 date and time with a UTC designator or offset');
    expect(() => passTime({ time: '2026-13-45T99:00:00Z' })).toThrow(/is not an ISO-8601 date and time/);
    expect(() => passTime({ time: '2026-02-30T00:00:00Z' })).toThrow(/is not an ISO-8601 date and time/);
    expect(() => passTime({ time: 42 as unknown as string })).toThrow(/event field time=42 is not an ISO-8601 date and time/);
  });
});
