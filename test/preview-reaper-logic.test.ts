import {
  CloudFormationClient, DeleteStackCommand, DescribeStackEventsCommand, DescribeStacksCommand, Stack, StackEvent,
} from '@aws-sdk/client-cloudformation';
import { PublishCommand, SNSClient } from '@aws-sdk/client-sns';
import { mockClient } from 'aws-sdk-client-mock';
import { pinClock, resetClock } from '../src/core/clock';
import { parseExpiry, reap, ReaperConfig, summarizeDeleteFailure } from '../src/preview/reaper-logic';
import { isRetryable, RetryOptions } from '../src/preview/reaper-retry';
import { passTime } from '../src/preview/reaper.lambda';

const cfn = mockClient(CloudFormationClient);
const sns = mockClient(SNSClient);
const clients = { cloudFormation: new CloudFormationClient({ region: 'us-east-1' }), sns: new SNSClient({ region: 'us-east-1' }) };

const NOW = new Date('2026-11-22T12:00:00Z');
const HOUR = 3_600_000;
const ROLE = 'arn:aws:iam::123456789012:role/reaper-deletion';
const TOPIC = 'arn:aws:sns:us-east-1:123456789012:reaper';
const noSleep: RetryOptions = { maxAttempts: 4, baseDelayMs: 1, maxDelayMs: 1, sleep: async () => {} };

function config(overrides: Partial<ReaperConfig> = {}): ReaperConfig {
  return { deletionRoleArn: ROLE, topicArn: TOPIC, dryRun: false, warnBeforeMs: 24 * HOUR, intervalMs: HOUR / 4, now: NOW, ...overrides };
}

function iso(offsetMs: number): string {
  return new Date(NOW.getTime() + offsetMs).toISOString().replace(/\.\d{3}Z$/, 'Z');
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
  return cfn.commandCalls(DeleteStackCommand).map((c) => c.args[0].input.StackName as string);
}

function published(): { subject: string; body: Record<string, unknown> }[] {
  return sns.commandCalls(PublishCommand).map((c) => ({
    subject: c.args[0].input.Subject as string,
    body: JSON.parse(c.args[0].input.Message as string),
  }));
}

function serve(...stacks: Stack[]): void {
  cfn.on(DescribeStacksCommand).resolves({ Stacks: stacks });
}

beforeEach(() => {
  cfn.reset();
  sns.reset();
  cfn.on(DeleteStackCommand).resolves({});
  sns.on(PublishCommand).resolves({ MessageId: 'm-1' });
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
    expect(report).toMatchObject({ scanned: 8, previews: 6, notExpired: 1, nested: 1 });
    expect(report.protected.map((n) => n.stackName)).toEqual(['protected']);
    expect(report.inProgress.map((n) => n.stackName)).toEqual(['updating', 'deleting', 'cleanup']);
  });

  test('reports a missing or unparsable expiry once (on the pass after the deployment) and never deletes it', async () => {
    // GIVEN: one deployed 5 minutes ago, one long ago
    const recent = { CreationTime: new Date(NOW.getTime() - 5 * 60_000) };
    serve(preview('no-expiry', null, recent), preview('garbage', 'next tuesday', recent), preview('local-time', '2026-11-20T10:00:00'), preview('old-garbage', 'soon'));
    // WHEN
    const report = await reap(clients, config(), noSleep);
    // THEN
    expect(deletedStacks()).toEqual([]);
    expect(report.invalidExpiry.map((n) => n.stackName)).toEqual(['no-expiry', 'garbage', 'local-time', 'old-garbage']);
    expect(report.invalidExpiry[0].detail).toMatch(/missing/);
    expect(report.invalidExpiry[1].detail).toMatch(/not an ISO-8601 UTC timestamp/);
    expect(published().map((p) => p.body.stackName)).toEqual(['no-expiry', 'garbage']);
    expect(published()[0].body.event).toBe('invalid-expiry');
  });

  test('retries a DELETE_FAILED preview on every pass and reports its failing resources once', async () => {
    // GIVEN: the first failure (events newest first)
    const stack = preview('stuck', -2 * HOUR, { StackStatus: 'DELETE_FAILED' });
    const sid = 'stuck';
    const ev = (LogicalResourceId: string, ResourceType: string, ResourceStatus: string, ResourceStatusReason?: string): StackEvent =>
      ({ StackName: sid, LogicalResourceId, ResourceType, ResourceStatus, ResourceStatusReason, EventId: `${LogicalResourceId}-${ResourceStatus}`, Timestamp: NOW } as StackEvent);
    const firstAttempt = [
      ev('stuck', 'AWS::CloudFormation::Stack', 'DELETE_FAILED', 'The following resource(s) failed to delete: [Bucket]'),
      ev('Bucket', 'AWS::S3::Bucket', 'DELETE_FAILED', 'The bucket you tried to delete is not empty'),
      ev('Queue', 'AWS::SQS::Queue', 'DELETE_COMPLETE'),
      ev('stuck', 'AWS::CloudFormation::Stack', 'DELETE_IN_PROGRESS', 'User Initiated'),
      ev('stuck', 'AWS::CloudFormation::Stack', 'CREATE_COMPLETE'),
    ];
    serve(stack);
    cfn.on(DescribeStackEventsCommand).resolves({ StackEvents: firstAttempt });
    // WHEN
    const first = await reap(clients, config(), noSleep);
    // THEN: retried and reported with the failing resource and its reason
    expect(first.retried.map((n) => n.stackName)).toEqual(['stuck']);
    expect(deletedStacks()).toHaveLength(1);
    expect(published()).toHaveLength(1);
    expect(published()[0].body).toMatchObject({ event: 'delete-failed', failedResources: ['Bucket (AWS::S3::Bucket): The bucket you tried to delete is not empty'] });

    // GIVEN: the retry failed again
    sns.resetHistory();
    cfn.resetHistory();
    cfn.on(DescribeStackEventsCommand).resolves({
      StackEvents: [
        ev('stuck', 'AWS::CloudFormation::Stack', 'DELETE_FAILED', 'again'),
        ev('Bucket', 'AWS::S3::Bucket', 'DELETE_FAILED', 'The bucket you tried to delete is not empty'),
        ev('stuck', 'AWS::CloudFormation::Stack', 'DELETE_IN_PROGRESS'),
        ...firstAttempt,
      ],
    });
    // WHEN
    const second = await reap(clients, config(), noSleep);
    // THEN: retried again, not reported again
    expect(second.retried).toHaveLength(1);
    expect(deletedStacks()).toHaveLength(1);
    expect(published()).toHaveLength(0);
    expect(second.deleteFailed.map((n) => n.stackName)).toEqual(['stuck']);
  });

  test('summarizeDeleteFailure does not call a failure the first when the page ends before the deletion started', () => {
    const stack = { StackName: 's' } as Stack;
    const events = Array.from({ length: 100 }, (_, i) => ({ LogicalResourceId: i === 0 ? 's' : `R${i}`, ResourceType: i === 0 ? 'AWS::CloudFormation::Stack' : 'AWS::SNS::Topic', ResourceStatus: 'DELETE_FAILED' } as StackEvent));
    expect(summarizeDeleteFailure(stack, events).firstFailure).toBe(false);
    expect(summarizeDeleteFailure(stack, events.slice(0, 5)).firstFailure).toBe(true);
  });

  test('warns once when a preview enters its warning period, naming how to extend it', async () => {
    // GIVEN: one whose warning moment (expiry - 24h) fell 5 minutes ago, one whose moment fell an hour ago
    serve(preview('entering', 24 * HOUR - 5 * 60_000), preview('warned-before', 23 * HOUR), preview('far', 48 * HOUR));
    // WHEN
    const report = await reap(clients, config(), noSleep);
    // THEN
    expect(report.warned.map((n) => n.stackName)).toEqual(['entering']);
    expect(published()).toHaveLength(1);
    expect(published()[0].subject).toMatch(/^Preview entering expires at 2026-11-23T11:55:00Z$/);
    expect(published()[0].body.howToExtend).toMatch(/cdk deploy -c branch=feature\/entering/);

    // WHEN: the next pass, 15 minutes later
    sns.resetHistory();
    const later = await reap(clients, config({ now: new Date(NOW.getTime() + HOUR / 4) }), noSleep);
    // THEN
    expect(later.warned).toEqual([]);
    expect(published()).toHaveLength(0);
  });

  test('warns a preview deployed inside its warning period on the pass after its deployment', async () => {
    serve(preview('short', 2 * HOUR, { CreationTime: new Date(NOW.getTime() - 60_000) }));
    const report = await reap(clients, config(), noSleep);
    expect(report.warned.map((n) => n.stackName)).toEqual(['short']);
  });

  test('dry run reports what it would delete and deletes nothing', async () => {
    // GIVEN: one expired 5 minutes ago (newly), one long ago
    serve(preview('new', -5 * 60_000), preview('old', -5 * HOUR));
    // WHEN
    const report = await reap(clients, config({ dryRun: true }), noSleep);
    // THEN
    expect(cfn.commandCalls(DeleteStackCommand)).toHaveLength(0);
    expect(report.wouldDelete.map((n) => n.stackName)).toEqual(['new', 'old']);
    expect(report.deleted).toEqual([]);
    expect(published().map((p) => [p.body.event, p.body.stackName])).toEqual([['would-delete', 'new']]);
  });

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
    expect(deletedStacks().map((s) => s.split('/')[1])).toEqual(['a', 'c']);
    expect(report.scanned).toBe(3);
    expect(report.apiCalls).toEqual({ 'CloudFormation.DescribeStacks': 3, 'CloudFormation.DeleteStack': 2 });
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
    expect(report.errors).toEqual([expect.objectContaining({ stackName: 'a', detail: 'AccessDenied: not authorized' })]);
    expect(report.deleted.map((n) => n.stackName)).toEqual(['b']);
  });

  test('gives up after maxAttempts of throttling', async () => {
    const throttling = Object.assign(new Error('Rate exceeded'), { name: 'Throttling' });
    cfn.on(DescribeStacksCommand).rejects(throttling);
    await expect(reap(clients, config(), noSleep)).rejects.toThrow(/Rate exceeded/);
    expect(cfn.commandCalls(DescribeStacksCommand)).toHaveLength(4);
  });

  test('reports a protected preview once, on the pass right after it expired', async () => {
    serve(preview('just-expired', -5 * 60_000, { EnableTerminationProtection: true }), preview('long-expired', -5 * HOUR, { EnableTerminationProtection: true }));
    const report = await reap(clients, config(), noSleep);
    expect(deletedStacks()).toEqual([]);
    expect(report.protected.map((n) => n.stackName)).toEqual(['just-expired', 'long-expired']);
    expect(published().map((p) => [p.body.event, p.body.stackName])).toEqual([['expired-protected', 'just-expired']]);
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

  test('publishes nothing without a topic', async () => {
    serve(preview('no-expiry', null, { CreationTime: NOW }));
    const report = await reap(clients, config({ topicArn: undefined }), noSleep);
    expect(report.invalidExpiry).toHaveLength(1);
    expect(sns.commandCalls(PublishCommand)).toHaveLength(0);
  });

  test('passTime: the scheduled event\'s time; the library clock only for a manual invocation without one', () => {
    expect(passTime({ time: '2026-11-22T12:15:00Z' })).toEqual(new Date('2026-11-22T12:15:00Z'));
    pinClock('2031-01-01T00:00:00Z');
    try {
      // a retried or late invocation of an old event still runs at the event's time, not the clock's
      expect(passTime({ time: '2026-11-22T12:15:00Z' })).toEqual(new Date('2026-11-22T12:15:00Z'));
      expect(passTime({ dryRun: true })).toEqual(new Date('2031-01-01T00:00:00Z'));
      expect(passTime(undefined)).toEqual(new Date('2031-01-01T00:00:00Z'));
    } finally {
      resetClock();
    }
    expect(() => passTime({ time: '2026-11-22 12:15' })).toThrow('event field time="2026-11-22 12:15" is not an ISO-8601 UTC time; omit it to use the clock');
    expect(() => passTime({ time: '2026-13-45T99:00:00Z' })).toThrow(/is not an ISO-8601 UTC time/);
    expect(() => passTime({ time: 42 as unknown as string })).toThrow('event field time=42 is not an ISO-8601 UTC time');
  });

  test('parseExpiry accepts only ISO-8601 UTC timestamps', () => {
    expect(parseExpiry('2026-11-25T02:00:00Z')?.toISOString()).toBe('2026-11-25T02:00:00.000Z');
    expect(parseExpiry('2026-11-25T02:00:00.123Z')).toBeDefined();
    expect(parseExpiry('2026-11-25')).toBeUndefined();
    expect(parseExpiry('2026-13-45T99:00:00Z')).toBeUndefined();
    expect(parseExpiry('1764036000')).toBeUndefined();
  });

  test('isRetryable: throttling, 5xx and 429 yes; client errors no', () => {
    expect(isRetryable({ name: 'ThrottlingException' })).toBe(true);
    expect(isRetryable({ name: 'X', $metadata: { httpStatusCode: 503 } })).toBe(true);
    expect(isRetryable({ name: 'X', $metadata: { httpStatusCode: 429 } })).toBe(true);
    expect(isRetryable({ name: 'ValidationError', $metadata: { httpStatusCode: 400 } })).toBe(false);
    expect(isRetryable(undefined)).toBe(false);
  });
});
