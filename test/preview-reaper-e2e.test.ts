/*
 * End-to-end: the BUILT handler bundle (assets/preview/reaper.lambda/index.js, `npx projen bundle`) with
 * the real AWS SDK v3, in a child Node process, against a local endpoint on 127.0.0.1 that answers the
 * CloudFormation and SNS Query APIs (AWS_ENDPOINT_URL): request signing and serialization, XML parsing,
 * pagination tokens and error parsing are the SDK's own.
 */
import * as fs from 'fs';
import { FakeAwsEndpoint, FakeStack, REAPER_BUNDLE, runBundle } from '../bench/preview-reaper';

const HOUR = 3_600_000;
const ROLE = 'arn:aws:iam::123456789012:role/preview-reaper-deletion';
const TOPIC = 'arn:aws:sns:us-east-1:123456789012:preview-reaper';
/**
 * The scheduled time of the pass, as the schedule sends it (the rule's input, `time` from the EventBridge
 * event): the handler in its own process takes "now" from it, so the test is the same on any date.
 */
const NOW = new Date('2026-11-22T12:00:00Z');
const SCHEDULED = { source: 'paved-road.preview-reaper', time: '2026-11-22T12:00:00Z' };

function iso(offsetMs: number): string {
  return new Date(NOW.getTime() + offsetMs).toISOString().replace(/\.\d{3}Z$/, 'Z');
}

function stacks(): FakeStack[] {
  const longAgo = new Date(NOW.getTime() - 50 * HOUR);
  const preview = (name: string, expires: string | undefined, extra: Partial<FakeStack> = {}): FakeStack => ({
    name,
    status: 'UPDATE_COMPLETE',
    creationTime: longAgo,
    tags: { 'paved-road:preview': 'true', 'paved-road:preview-branch': `feature/${name}`, ...(expires ? { 'paved-road:expires-at': expires } : {}) },
    ...extra,
  });
  return [
    preview('expired', iso(-HOUR)),
    { name: 'not-a-preview', status: 'CREATE_COMPLETE', creationTime: longAgo, tags: { 'paved-road:expires-at': iso(-HOUR) } },
    preview('unexpired', iso(48 * HOUR)),
    preview('protected', iso(-HOUR), { terminationProtection: true }),
    preview('updating', iso(-HOUR), { status: 'UPDATE_IN_PROGRESS' }),
    preview('nested', iso(-HOUR), { parentId: 'arn:aws:cloudformation:us-east-1:123456789012:stack/parent/1' }),
    preview('garbage-expiry', 'tomorrow', { creationTime: new Date(NOW.getTime() - 60_000) }),
    preview('stuck', iso(-2 * HOUR), {
      status: 'DELETE_FAILED',
      events: [
        { logicalId: 'stuck', type: 'AWS::CloudFormation::Stack', status: 'DELETE_FAILED', reason: 'The following resource(s) failed to delete: [Bucket]' },
        { logicalId: 'Bucket', type: 'AWS::S3::Bucket', status: 'DELETE_FAILED', reason: 'The bucket you tried to delete is not empty' },
        { logicalId: 'stuck', type: 'AWS::CloudFormation::Stack', status: 'DELETE_IN_PROGRESS', reason: 'User Initiated' },
        { logicalId: 'stuck', type: 'AWS::CloudFormation::Stack', status: 'CREATE_COMPLETE' },
      ],
    }),
    preview('expired-too', iso(-30 * HOUR)),
  ];
}

const env = { DELETION_ROLE_ARN: ROLE, TOPIC_ARN: TOPIC, WARN_BEFORE_MINUTES: '1440', INTERVAL_MINUTES: '15' };

describe('PreviewReaper bundle end to end', () => {
  beforeAll(() => {
    if (!fs.existsSync(REAPER_BUNDLE)) throw new Error(`${REAPER_BUNDLE} is missing: run \`npx projen bundle\` first`);
  });

  test('one pass: pages, retries throttling, deletes expired previews through the role, reports the rest', async () => {
    // GIVEN: pages of 2 stacks, the first two DescribeStacks calls throttled
    const endpoint = new FakeAwsEndpoint({ stacks: stacks(), eventsUpTo: NOW, pageSize: 2, throttleFirst: { DescribeStacks: 2 } });
    const url = await endpoint.start();
    try {
      // WHEN
      const run = await runBundle(url, env, SCHEDULED);
      // THEN: the pass succeeded
      expect(run.error).toBeUndefined();
      // every page fetched once, after two throttled attempts, with the SDK's pagination tokens
      expect(endpoint.count('DescribeStacks')).toBe(5 + 2);
      expect(endpoint.calls.filter((c) => c.action === 'DescribeStacks').map((c) => c.params.NextToken ?? null).slice(2))
        .toEqual([null, 'b2Zmc2V0OjI=', 'b2Zmc2V0OjQ=', 'b2Zmc2V0OjY=', 'b2Zmc2V0Ojg=']);
      // signed by the real SDK with the dummy credentials
      expect(endpoint.calls[0].authorization).toMatch(/^AWS4-HMAC-SHA256 Credential=AKIDLOCALTEST\/\d{8}\/us-east-1\/cloudformation\/aws4_request/);
      // deleted: the expired ones and the DELETE_FAILED retry, each through the deletion role
      expect(endpoint.deleted).toEqual([
        { stackName: 'expired', roleArn: ROLE },
        { stackName: 'stuck', roleArn: ROLE },
        { stackName: 'expired-too', roleArn: ROLE },
      ]);
      // reported: the unparsable expiry and the failed deletion with its failing resource
      expect(endpoint.published.map((p) => p.subject)).toEqual([
        'Preview garbage-expiry: expiry unreadable, never reaped',
        'Preview stuck: deletion failed',
      ]);
      expect(endpoint.published.every((p) => p.topicArn === TOPIC)).toBe(true);
      expect(JSON.parse(endpoint.published[1].message).failedResources).toEqual(['Bucket (AWS::S3::Bucket): The bucket you tried to delete is not empty']);
      // the handler's return value
      expect(run.result).toMatchObject({ dryRun: false, scanned: 9, previews: 8, notExpired: 1, nested: 1, published: 2 });
      expect(run.result.protected.map((n: { stackName: string }) => n.stackName)).toEqual(['protected']);
      expect(run.result.inProgress.map((n: { stackName: string }) => n.stackName)).toEqual(['updating']);
      // structured logs and metrics
      const finished = run.logs.map((l) => JSON.parse(l)).find((l) => l.message === 'reaper pass finished');
      expect(finished).toMatchObject({ level: 'WARN', service: 'preview-reaper' });
      const emf = run.logs.map((l) => JSON.parse(l)).find((l) => l._aws);
      expect(emf).toMatchObject({ FunctionName: 'preview-reaper-local', StacksDeleted: 3, StacksInDeleteFailed: 1, ReaperErrors: 0 });
    } finally {
      await endpoint.stop();
    }
  }, 60_000);

  test('a dry run (event {"dryRun": true}) deletes nothing and returns what it would delete', async () => {
    const endpoint = new FakeAwsEndpoint({ stacks: stacks(), eventsUpTo: NOW });
    const url = await endpoint.start();
    try {
      const run = await runBundle(url, env, { ...SCHEDULED, dryRun: true });
      expect(run.error).toBeUndefined();
      expect(endpoint.count('DeleteStack')).toBe(0);
      expect(run.result.dryRun).toBe(true);
      expect(run.result.wouldDelete.map((n: { stackName: string }) => n.stackName)).toEqual(['expired', 'stuck', 'expired-too']);
    } finally {
      await endpoint.stop();
    }
  }, 60_000);

  test('the pass runs at the event\'s scheduled time: a day later, the unexpired preview is expired too', async () => {
    const endpoint = new FakeAwsEndpoint({ stacks: stacks(), eventsUpTo: NOW });
    const url = await endpoint.start();
    try {
      const run = await runBundle(url, env, { ...SCHEDULED, time: '2026-11-24T12:00:01Z', dryRun: true });
      expect(run.error).toBeUndefined();
      expect(run.result.wouldDelete.map((n: { stackName: string }) => n.stackName)).toEqual(['expired', 'unexpired', 'stuck', 'expired-too']);
      const starting = run.logs.map((l) => JSON.parse(l)).find((l) => l.message === 'reaper pass starting');
      expect(starting.passTime).toBe('2026-11-24T12:00:01.000Z');
    } finally {
      await endpoint.stop();
    }
  }, 60_000);

  test('refuses an event whose time is not an ISO-8601 UTC time, before any API call', async () => {
    const endpoint = new FakeAwsEndpoint({ stacks: stacks(), eventsUpTo: NOW });
    const url = await endpoint.start();
    try {
      const run = await runBundle(url, env, { ...SCHEDULED, time: 'yesterday' });
      expect(run.error).toMatch(/event field time="yesterday" is not an ISO-8601 UTC time/);
      expect(endpoint.calls).toHaveLength(0);
    } finally {
      await endpoint.stop();
    }
  }, 60_000);

  test('fails the invocation when DELETION_ROLE_ARN is not set', async () => {
    const endpoint = new FakeAwsEndpoint({ stacks: [] });
    const url = await endpoint.start();
    try {
      const run = await runBundle(url, { TOPIC_ARN: TOPIC });
      expect(run.error).toMatch(/DELETION_ROLE_ARN is required/);
      expect(endpoint.calls).toHaveLength(0);
    } finally {
      await endpoint.stop();
    }
  }, 60_000);
});
