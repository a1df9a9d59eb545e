/*
 * End-to-end: the BUILT handler bundle (assets/preview/reaper.lambda/index.js, `npx projen bundle`) with
 * the real AWS SDK v3, in a child Node process, against a local endpoint on 127.0.0.1 that answers the
 * CloudFormation and SNS Query APIs and the DynamoDB JSON API of the notice ledger (AWS_ENDPOINT_URL):
 * request signing and serialization, XML and JSON parsing, pagination tokens and error parsing are the SDK's own.
 * Passes that share an endpoint share its stacks and its ledger table, as passes share an account.
 *
 * PREVIEW_REAPER_BUNDLE=<path> runs the same tests against another build of the handler.
 */
import * as fs from 'fs';
import { BundleRun, FakeAwsEndpoint, FakeAwsOptions, FakeStack, REAPER_BUNDLE, runBundle } from '../bench/preview-reaper';

const HOUR = 3_600_000;
const ROLE = 'arn:aws:iam::123456789012:role/preview-reaper-deletion';
const TOPIC = 'arn:aws:sns:us-east-1:123456789012:preview-reaper';
const LEDGER = 'preview-reaper-notices';
/**
 * The scheduled time of the pass, as the schedule sends it (the rule's input, `time` from the EventBridge
 * event): the handler in its own process takes "now" from it, so the test is the same on any date.
 */
const NOW = new Date('2026-11-22T12:00:00Z');
const SCHEDULED = { source: 'paved-road.preview-reaper', time: '2026-11-22T12:00:00Z' };

function iso(offsetMs: number): string {
  return new Date(NOW.getTime() + offsetMs).toISOString().replace(/\.\d{3}Z$/, 'Z');
}

const longAgo = new Date(NOW.getTime() - 50 * HOUR);

function preview(name: string, expires: string | undefined, extra: Partial<FakeStack> = {}): FakeStack {
  return {
    name,
    status: 'UPDATE_COMPLETE',
    creationTime: longAgo,
    tags: { 'paved-road:preview': 'true', 'paved-road:preview-branch': `feature/${name}`, ...(expires ? { 'paved-road:expires-at': expires } : {}) },
    ...extra,
  };
}

function stacks(): FakeStack[] {
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

const env = { DELETION_ROLE_ARN: ROLE, TOPIC_ARN: TOPIC, LEDGER_TABLE_NAME: LEDGER, WARN_BEFORE_MINUTES: '1440' };

/** The scheduled event of the pass `minutes` after NOW. */
function scheduledAt(minutes: number, extra: object = {}): object {
  return { ...SCHEDULED, time: iso(minutes * 60_000), ...extra };
}

/** Runs `passes` against one local endpoint (one account: its stacks and its ledger) and stops it. */
async function withEndpoint<T>(options: FakeAwsOptions, passes: (endpoint: FakeAwsEndpoint, url: string) => Promise<T>): Promise<T> {
  const endpoint = new FakeAwsEndpoint(options);
  const url = await endpoint.start();
  try {
    return await passes(endpoint, url);
  } finally {
    await endpoint.stop();
  }
}

function logLines(run: BundleRun): any[] {
  return run.logs.map((l) => JSON.parse(l));
}

const subjects = (endpoint: FakeAwsEndpoint) => endpoint.published.map((p) => p.subject);

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
      // reported: the protected expired preview, the unparsable expiry and the failed deletion with its failing resource
      expect(subjects(endpoint)).toEqual([
        'Preview protected expired but is protected',
        'Preview garbage-expiry: expiry unreadable, never reaped',
        'Preview stuck: deletion failed',
      ]);
      expect(endpoint.published.every((p) => p.topicArn === TOPIC)).toBe(true);
      expect(JSON.parse(endpoint.published[2].message).failedResources).toEqual(['Bucket (AWS::S3::Bucket): The bucket you tried to delete is not empty']);
      // each notice claimed in the ledger, through the real SDK's JSON protocol
      expect(endpoint.items(LEDGER).map((i) => i.Kind.S).sort()).toEqual(['delete-failed', 'expired-protected', 'invalid-expiry']);
      // the handler's return value
      expect(run.result).toMatchObject({ dryRun: false, scanned: 9, previews: 8, notExpired: 1, nested: 1, published: 3, pages: 5 });
      expect(run.result.protected.map((n: { stackName: string }) => n.stackName)).toEqual(['protected']);
      expect(run.result.inProgress.map((n: { stackName: string }) => n.stackName)).toEqual(['updating']);
      // structured logs and metrics (Powertools): the namespace and the one dimension the alarms read
      const finished = logLines(run).find((l) => l.message === 'reaper pass finished');
      expect(finished).toMatchObject({ level: 'WARN', service: 'preview-reaper' });
      const emf = logLines(run).find((l) => l._aws);
      expect(emf).toMatchObject({ FunctionName: 'preview-reaper-local', StacksDeleted: 3, StacksInDeleteFailed: 1, ReaperErrors: 0, IncompletePasses: 0 });
      expect(emf._aws.CloudWatchMetrics).toEqual([expect.objectContaining({ Namespace: 'PavedRoad/PreviewReaper', Dimensions: [['FunctionName']] })]);
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
      const starting = logLines(run).find((l) => l.message === 'reaper pass starting');
      expect(starting.passTime).toBe('2026-11-24T12:00:01.000Z');
    } finally {
      await endpoint.stop();
    }
  }, 60_000);

  test('refuses an event whose time is not an ISO-8601 instant, before any API call', async () => {
    const endpoint = new FakeAwsEndpoint({ stacks: stacks(), eventsUpTo: NOW });
    const url = await endpoint.start();
    try {
      const run = await runBundle(url, env, { ...SCHEDULED, time: 'yesterday' });
      expect(run.error).toMatch(/event field time="yesterday" is not an ISO-8601 date and time with a UTC designator or offset/);
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

  test('fails the invocation when LEDGER_TABLE_NAME is not set', async () => {
    await withEndpoint({ stacks: [] }, async (endpoint, url) => {
      const run = await runBundle(url, { DELETION_ROLE_ARN: ROLE, TOPIC_ARN: TOPIC }, SCHEDULED);
      expect(run.error).toMatch(/LEDGER_TABLE_NAME is required/);
      expect(endpoint.calls).toHaveLength(0);
    });
  }, 60_000);

  describe('findings of the reliability issue', () => {
    /** A DELETE_FAILED stack whose latest deletion failed on `resources` resources (events newest first). */
    function bigFailure(name: string, resources: number): FakeStack {
      return preview(name, iso(-2 * HOUR), {
        status: 'DELETE_FAILED',
        events: [
          { logicalId: name, type: 'AWS::CloudFormation::Stack', status: 'DELETE_FAILED', reason: 'The following resource(s) failed to delete: [...]' },
          ...Array.from({ length: resources }, (_, i) => ({ logicalId: `Topic${i}`, type: 'AWS::SNS::Topic', status: 'DELETE_FAILED', reason: `not authorized to delete Topic${i}` })),
          { logicalId: name, type: 'AWS::CloudFormation::Stack', status: 'DELETE_IN_PROGRESS', reason: 'User Initiated' },
          { logicalId: name, type: 'AWS::CloudFormation::Stack', status: 'CREATE_COMPLETE' },
        ],
      });
    }

    test('1: a DELETE_FAILED stack whose failure fills more than one page of events is reported, with every failed resource', async () => {
      await withEndpoint({ stacks: [bigFailure('preview-big', 150)], eventsUpTo: NOW }, async (endpoint, url) => {
        const run = await runBundle(url, env, SCHEDULED);
        expect(run.error).toBeUndefined();
        // two pages of events (100 + 53), through the SDK's NextToken
        expect(endpoint.calls.filter((c) => c.action === 'DescribeStackEvents').map((c) => c.params.NextToken ?? null)).toEqual([null, expect.any(String)]);
        expect(subjects(endpoint)).toEqual(['Preview preview-big: deletion failed']);
        const message = JSON.parse(endpoint.published[0].message);
        expect(message.failedResources).toHaveLength(150);
        expect(message.failedResources[149]).toBe('Topic149 (AWS::SNS::Topic): not authorized to delete Topic149');
        expect(endpoint.deleted.map((d) => d.stackName)).toEqual(['preview-big']);
      });
    }, 60_000);

    test('2: a DELETE_FAILED stack is reported once in a dry run, and once when its retry call keeps failing', async () => {
      // GIVEN: a dry run, four passes 15 minutes apart
      await withEndpoint({ stacks: [bigFailure('preview-dry', 3)], eventsUpTo: NOW }, async (endpoint, url) => {
        for (const minutes of [0, 15, 30, 45]) expect((await runBundle(url, env, scheduledAt(minutes, { dryRun: true }))).error).toBeUndefined();
        expect(subjects(endpoint)).toEqual(['Preview preview-dry: deletion failed']);
        expect(endpoint.count('DeleteStack')).toBe(0);
      });
      // GIVEN: not a dry run, DeleteStack refused on every pass
      const faults = [{ action: 'DeleteStack', code: 'AccessDenied', message: 'not authorized to perform cloudformation:DeleteStack' }];
      await withEndpoint({ stacks: [bigFailure('preview-refused', 3)], eventsUpTo: NOW, faults }, async (endpoint, url) => {
        const runs = [];
        for (const minutes of [0, 15, 30]) runs.push(await runBundle(url, env, scheduledAt(minutes)));
        expect(subjects(endpoint)).toEqual(['Preview preview-refused: deletion failed']);
        // every pass tried the retry and failed the invocation (the Errors alarm sees it)
        expect(endpoint.count('DeleteStack')).toBe(3);
        expect(runs.map((r) => r.error)).toEqual(Array(3).fill(expect.stringMatching(/preview-refused: DeleteStack failed: AccessDenied/)));
      });
    }, 60_000);

    test('4: a DescribeStacks page that fails: the pages before it are handled, metrics emitted, the invocation fails; the next pass sends what was missed', async () => {
      // GIVEN: pages of 2 stacks; the request for page 2 fails once (the token cannot be read past)
      const faults = [{ action: 'DescribeStacks', when: (p: any) => p.NextToken !== undefined, times: 1, code: 'ValidationError', message: 'Invalid NextToken' }];
      const justExpired = iso(-5 * 60_000);
      const stacks4 = [
        preview('preview-a', iso(-HOUR)), preview('preview-protected', justExpired, { terminationProtection: true }),
        preview('preview-b', iso(-HOUR)), preview('preview-protected-2', justExpired, { terminationProtection: true }),
      ];
      await withEndpoint({ stacks: stacks4, pageSize: 2, eventsUpTo: NOW, faults }, async (endpoint, url) => {
        // WHEN
        const run = await runBundle(url, env, SCHEDULED);
        // THEN: page 1's stacks handled, its notice sent
        expect(endpoint.deleted.map((d) => d.stackName)).toEqual(['preview-a']);
        expect(subjects(endpoint)).toEqual(['Preview preview-protected expired but is protected']);
        // metrics emitted for what was done, the pass marked incomplete
        const emf = logLines(run).find((l) => l._aws);
        expect(emf).toMatchObject({ StacksDeleted: 1, ReaperErrors: 1, IncompletePasses: 1, NoticesPublished: 1 });
        // the invocation failed, naming the page
        expect(run.error).toMatch(/\(DescribeStacks page 2\): ValidationError: Invalid NextToken/);
        const finished = logLines(run).find((l) => l.message === 'reaper pass finished');
        expect(finished.report.incomplete).toMatch(/^DescribeStacks page 2 failed after its retries/);

        // WHEN: the next pass, 15 minutes later
        expect((await runBundle(url, env, scheduledAt(15))).error).toBeUndefined();
        // THEN: page 2's stacks handled, the notice the failed pass missed sent now, none twice
        expect(endpoint.deleted.map((d) => d.stackName)).toEqual(['preview-a', 'preview-b']);
        expect(subjects(endpoint)).toEqual(['Preview preview-protected expired but is protected', 'Preview preview-protected-2 expired but is protected']);
      });
    }, 60_000);

    test('4: an SNS failure never stops the deletions: the DELETE_FAILED retry and the stacks after it', async () => {
      const faults = [{ action: 'Publish', code: 'AuthorizationError', message: 'not authorized to publish' }];
      await withEndpoint({ stacks: [bigFailure('preview-stuck', 1), preview('preview-after', iso(-HOUR))], eventsUpTo: NOW, faults }, async (endpoint, url) => {
        const run = await runBundle(url, env, SCHEDULED);
        expect(endpoint.deleted.map((d) => d.stackName)).toEqual(['preview-stuck', 'preview-after']);
        expect(endpoint.published).toEqual([]);
        expect(run.error).toMatch(/preview-stuck: notice delete-failed not sent: publishing failed \(AuthorizationErrorException: not authorized to publish\); the next pass sends it/);
        // the claim was released: the next pass sends it
        expect(endpoint.items(LEDGER)).toEqual([]);
      });
    }, 60_000);

    test('5: an impossible date is never deleted, an offset is read, an expired stack in REVIEW_IN_PROGRESS is deleted', async () => {
      const stacks5 = [
        preview('preview-feb-30', '2026-02-30T00:00:00Z'),
        preview('preview-offset', '2026-11-22T13:00:00+02:00'),
        preview('preview-offset-future', '2026-11-25T13:00:00+02:00'),
        preview('preview-review', iso(-HOUR), { status: 'REVIEW_IN_PROGRESS' }),
      ];
      await withEndpoint({ stacks: stacks5, eventsUpTo: NOW }, async (endpoint, url) => {
        const run = await runBundle(url, env, SCHEDULED);
        expect(run.error).toBeUndefined();
        expect(endpoint.deleted.map((d) => d.stackName)).toEqual(['preview-offset', 'preview-review']);
        expect(run.result.invalidExpiry).toEqual([expect.objectContaining({ stackName: 'preview-feb-30', detail: expect.stringMatching(/is not an ISO-8601 date and time/) })]);
        expect(run.result.notExpired).toBe(1);
        expect(subjects(endpoint)).toEqual(['Preview preview-feb-30: expiry unreadable, never reaped']);
      });
    }, 60_000);
  });

  describe('notice ledger', () => {
    test('no notice twice: a retried invocation of the same event and the passes after it send nothing again', async () => {
      const stacksL = [
        preview('preview-warn', iso(2 * HOUR)),
        preview('preview-protected', iso(-5 * 60_000), { terminationProtection: true }),
        preview('preview-garbage', 'soon', { creationTime: new Date(NOW.getTime() - 60_000) }),
      ];
      await withEndpoint({ stacks: stacksL, eventsUpTo: NOW }, async (endpoint, url) => {
        // the scheduled pass, the same event again (a retried invocation), then the next two passes
        for (const event of [SCHEDULED, SCHEDULED, scheduledAt(15), scheduledAt(30)]) {
          expect((await runBundle(url, env, event)).error).toBeUndefined();
        }
        expect(subjects(endpoint)).toEqual([
          'Preview preview-warn expires at ' + iso(2 * HOUR),
          'Preview preview-protected expired but is protected',
          'Preview preview-garbage: expiry unreadable, never reaped',
        ]);
        // one claim per notice, keyed by stack id, kind and moment, with a TTL 30 days after the pass
        const items = endpoint.items(LEDGER).sort((a, b) => String(a.NoticeKey.S).localeCompare(String(b.NoticeKey.S)));
        expect(items.map((i) => i.NoticeKey.S)).toEqual([
          'arn:aws:cloudformation:us-east-1:123456789012:stack/preview-garbage/00000000-0000-0000-0000-000000000000#invalid-expiry#2026-11-22T11:59:00.000Z',
          `arn:aws:cloudformation:us-east-1:123456789012:stack/preview-protected/00000000-0000-0000-0000-000000000000#expired-protected#${new Date(NOW.getTime() - 5 * 60_000).toISOString()}`,
          `arn:aws:cloudformation:us-east-1:123456789012:stack/preview-warn/00000000-0000-0000-0000-000000000000#expiry-warning#${new Date(NOW.getTime() + 2 * HOUR).toISOString()}`,
        ]);
        expect(items.every((i) => i.ExpiresAt.N === String(NOW.getTime() / 1000 + 30 * 86_400))).toBe(true);
      });
    }, 60_000);

    test('a failed Publish is retried by the next pass, and sent once', async () => {
      // GIVEN: SNS refuses the one notice of the first pass
      const faults = [{ action: 'Publish', times: 1, code: 'AuthorizationError', message: 'not authorized to publish' }];
      const stacksP = [preview('preview-protected', iso(-5 * 60_000), { terminationProtection: true })];
      await withEndpoint({ stacks: stacksP, eventsUpTo: NOW, faults }, async (endpoint, url) => {
        // WHEN: three passes
        const first = await runBundle(url, env, SCHEDULED);
        expect(first.error).toMatch(/notice expired-protected not sent/);
        expect(endpoint.items(LEDGER)).toEqual([]);
        for (const minutes of [15, 30]) expect((await runBundle(url, env, scheduledAt(minutes))).error).toBeUndefined();
        // THEN: the second pass sent it; the third did not send it again
        expect(subjects(endpoint)).toEqual(['Preview preview-protected expired but is protected']);
        expect(endpoint.count('Publish')).toBe(2);
        expect(endpoint.items(LEDGER)).toHaveLength(1);
      });
    }, 60_000);
  });
});
