/*
 * `paved-road previews` against a local CloudFormation endpoint on 127.0.0.1 (the real SDK client, `endpoint` set):
 * which stacks are previews, the tags-only update that extends one within the maximum TTL, and the ordered deletion.
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { CloudFormationClient } from '@aws-sdk/client-cloudformation';
import { BufferStream, Io } from '../../cli/io';
import { main, MainDeps } from '../../cli/main';
import { MAX_TTL_HOURS, MIN_TTL_HOURS } from '../../cli/previews/ttl';
import { PREVIEW_DEFAULTS } from '../../src/preview/defaults';
import { useFixedClock } from '../clock';
import { LocalCloudFormation, LocalStack } from './local-cloudformation';

const NOW = useFixedClock('2026-11-22T12:00:00Z');
const HOUR = 3_600_000;
const iso = (offsetHours: number) => new Date(NOW.getTime() + offsetHours * HOUR).toISOString().replace(/\.\d{3}Z$/, 'Z');
const EXECUTION_ROLE = 'arn:aws:iam::123456789012:role/paved-road-preview-execution-us-east-1';

function preview(name: string, branch: string, expiresInHours: number | undefined, extra: Partial<LocalStack> = {}): LocalStack {
  return {
    name,
    status: 'UPDATE_COMPLETE',
    creationTime: iso(-48),
    lastUpdatedTime: iso(-2),
    roleArn: EXECUTION_ROLE,
    parameters: { BootstrapVersion: '/cdk-bootstrap/hnb659fds/version' },
    capabilities: ['CAPABILITY_IAM', 'CAPABILITY_NAMED_IAM'],
    tags: {
      'paved-road:preview': 'true',
      'paved-road:preview-branch': branch,
      ...(expiresInHours === undefined ? {} : { 'paved-road:expires-at': iso(expiresInHours) }),
      'paved-road:owner': 'team-checkout',
    },
    ...extra,
  };
}

function account(): LocalStack[] {
  return [
    preview('preview-feature-login-0123456789abcdef-Data', 'feature/login', 20, { exports: { 'preview-login:VpcId': ['preview-feature-login-0123456789abcdef-Service'] } }),
    preview('preview-feature-login-0123456789abcdef-Service', 'feature/login', 20),
    preview('preview-pr-42-fedcba9876543210-Service', 'pr-42', -1),
    preview('preview-garbage-1111111111111111-Service', 'garbage', undefined, { tags: { 'paved-road:preview': 'true', 'paved-road:preview-branch': 'garbage', 'paved-road:expires-at': 'tomorrow' } }),
    // not previews: untagged, nested, or tagged but not named preview-*
    { name: 'checkout-prod-data', status: 'UPDATE_COMPLETE', creationTime: iso(-500), tags: { 'paved-road:owner': 'team-checkout' } },
    preview('preview-feature-login-0123456789abcdef-Data-Nested', 'feature/login', 20, { parentId: 'arn:aws:cloudformation:us-east-1:123456789012:stack/x/1' }),
    preview('checkout-dev-data', 'feature/login', 20),
  ];
}

interface Run {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

async function withEndpoint<T>(stacks: LocalStack[], fn: (cfn: LocalCloudFormation) => Promise<T>, pageSize?: number): Promise<T> {
  const cfn = new LocalCloudFormation(stacks, pageSize);
  await cfn.start();
  try {
    return await fn(cfn);
  } finally {
    await cfn.stop();
  }
}

async function run(cfn: LocalCloudFormation, argv: string[], options: { cwd?: string; stdinIsTTY?: boolean; answer?: string } = {}): Promise<Run> {
  const stdout = new BufferStream();
  const stderr = new BufferStream();
  const io: Io = { stdout, stderr, stdinIsTTY: options.stdinIsTTY ?? false, prompt: async () => options.answer ?? '', env: {}, cwd: options.cwd ?? os.tmpdir() };
  const deps: MainDeps = { io, library: { version: '1.2.3', peerDependencies: {} }, cloudFormation: () => cfn.client(), nodeVersion: '20.20.0' };
  const code = await main(argv, deps);
  return { code, stdout: stdout.text, stderr: stderr.text };
}

describe('paved-road previews', () => {
  test('the TTL limits are the library\'s (src/preview/defaults.ts)', () => {
    expect(MIN_TTL_HOURS).toBe(PREVIEW_DEFAULTS.minTtl.toHours());
    expect(MAX_TTL_HOURS).toBe(PREVIEW_DEFAULTS.maxTtl.toHours());
  });

  test('list: one line per branch, only top-level stacks named preview-* and tagged, soonest expiry first; pages followed', async () => {
    await withEndpoint(account(), async (cfn) => {
      const r = await run(cfn, ['previews', 'list', '--json']);
      expect(r.code).toBe(0);
      const { previews } = JSON.parse(r.stdout);
      expect(previews.map((p: any) => [p.branch, p.stacks.length, p.expired])).toEqual([
        ['pr-42', 1, true],
        ['feature/login', 2, false],
        ['garbage', 1, false],
      ]);
      expect(previews[1]).toMatchObject({ expiresAt: iso(20), hoursLeft: 20 });
      expect(previews[2].expiresAt).toBeUndefined();
      // three stacks per page: the list needed every page
      expect(cfn.callsOf('DescribeStacks').length).toBe(3);

      const table = await run(cfn, ['previews', 'list']);
      expect(table.stdout.split('\n')[0]).toMatch(/^BRANCH\s+STACKS\s+STATUS\s+EXPIRES\s+LEFT$/);
      expect(table.stdout).toMatch(/feature\/login\s+2\s+UPDATE_COMPLETE\s+2026-11-23T08:00:00Z\s+20h/);
      expect(table.stdout).toMatch(/garbage .*never \(expiry unreadable\)/);
      expect(table.stdout).not.toMatch(/\u001b\[/); // not a terminal: no colour
    }, 3);
  });

  test('list: an expiry beyond the maximum TTL counts from the last deployment, as the reaper counts it', async () => {
    await withEndpoint([preview('preview-far-1111111111111111-Api', 'far', 900, { lastUpdatedTime: iso(-1) })], async (cfn) => {
      const { previews } = JSON.parse((await run(cfn, ['previews', 'list', '--json'])).stdout);
      expect(previews[0].expiresAt).toBe(iso(-1 + 336));
    });
  });

  test('extend: a tags-only update of every stack with the previous template, parameters, capabilities and role', async () => {
    await withEndpoint(account(), async (cfn) => {
      const r = await run(cfn, ['previews', 'extend', 'feature/login', '--hours', '24', '--json']);
      expect(r.stderr).toBe('');
      expect(r.code).toBe(0);
      expect(JSON.parse(r.stdout)).toMatchObject({ ok: true, previousExpiry: iso(20), expiresAt: iso(44) });
      const updates = cfn.callsOf('UpdateStack');
      expect(updates.map((u) => u.params.StackName)).toEqual([
        expect.stringMatching(/stack\/preview-feature-login-0123456789abcdef-Data\//),
        expect.stringMatching(/stack\/preview-feature-login-0123456789abcdef-Service\//),
      ]);
      expect(updates[0].params).toMatchObject({
        'UsePreviousTemplate': 'true',
        'Parameters.member.1.ParameterKey': 'BootstrapVersion',
        'Parameters.member.1.UsePreviousValue': 'true',
        'Capabilities.member.1': 'CAPABILITY_IAM',
        'Capabilities.member.2': 'CAPABILITY_NAMED_IAM',
        'RoleARN': EXECUTION_ROLE,
      });
      expect(updates[0].params).not.toHaveProperty('TemplateBody');
      // every tag kept, the expiry replaced
      expect(cfn.stacks[0].tags).toEqual({
        'paved-road:preview': 'true',
        'paved-road:preview-branch': 'feature/login',
        'paved-road:owner': 'team-checkout',
        'paved-road:expires-at': iso(44),
      });
    });
  });

  test('extend: an expired preview is extended from now', async () => {
    await withEndpoint(account(), async (cfn) => {
      const r = await run(cfn, ['previews', 'extend', 'pr-42', '--hours', '3']);
      expect(r.code).toBe(0);
      expect(r.stdout).toContain(`preview of pr-42: expires ${iso(3)} (was ${iso(-1)})`);
    });
  });

  test('extend: never past the maximum TTL from now; nothing is updated and the largest allowed --hours is named', async () => {
    await withEndpoint(account(), async (cfn) => {
      const r = await run(cfn, ['previews', 'extend', 'feature/login', '--hours', '320']);
      expect(r.code).toBe(2);
      expect(r.stderr).toContain("past the library's maximum ttl (336 hours, 14 days) from now (2026-12-06T12:00:00Z); at most --hours 316");
      expect(cfn.callsOf('UpdateStack')).toEqual([]);
    });
  });

  test('extend: the platform\'s lower maximum from cdk.json (paved-road:preview-max-ttl-hours) applies', async () => {
    const cwd = fs.mkdtempSync(path.join(os.tmpdir(), 'previews-'));
    fs.writeFileSync(path.join(cwd, 'cdk.json'), JSON.stringify({ app: 'x', context: { 'paved-road:preview-max-ttl-hours': 48 } }));
    await withEndpoint(account(), async (cfn) => {
      const r = await run(cfn, ['previews', 'extend', 'feature/login', '--hours', '30'], { cwd });
      expect(r.code).toBe(2);
      expect(r.stderr).toContain("the platform's maximum ttl (48 hours, context paved-road:preview-max-ttl-hours in cdk.json)");
      expect(r.stderr).toContain('at most --hours 28');
      expect((await run(cfn, ['previews', 'extend', 'feature/login', '--hours', '28'], { cwd })).code).toBe(0);
    });
  });

  test('extend: a stack CloudFormation refuses to update is reported and the command fails', async () => {
    const stacks = account();
    stacks[1].status = 'UPDATE_IN_PROGRESS';
    await withEndpoint(stacks, async (cfn) => {
      const r = await run(cfn, ['previews', 'extend', 'feature/login', '--hours', '1']);
      expect(r.code).toBe(3);
      expect(r.stdout).toMatch(/ok +preview-feature-login-0123456789abcdef-Data: update started/);
      expect(r.stdout).toMatch(/FAIL {2}preview-feature-login-0123456789abcdef-Service: UpdateStack failed: ValidationError: .*UPDATE_IN_PROGRESS state/);
    });
  });

  test('extend: bad --hours and a missing branch are usage errors', async () => {
    await withEndpoint(account(), async (cfn) => {
      for (const argv of [['previews', 'extend', 'feature/login', '--hours', '0'], ['previews', 'extend', 'feature/login', '--hours', 'soon'],
        ['previews', 'extend', 'feature/login'], ['previews', 'extend', '--hours', '2'], ['previews', 'rename', 'x'], ['previews', 'list', '--hours', '2']]) {
        const r = await run(cfn, argv);
        expect({ argv, code: r.code }).toEqual({ argv, code: 2 });
        expect(r.stderr).toContain('Usage: paved-road previews');
      }
      expect(cfn.callsOf('UpdateStack')).toEqual([]);
    });
  });

  test('a branch without a preview: exit 3, naming the branches that have one', async () => {
    await withEndpoint(account(), async (cfn) => {
      const r = await run(cfn, ['previews', 'destroy', 'feature/nope', '--yes']);
      expect(r.code).toBe(3);
      expect(r.stderr).toContain('no preview of branch "feature/nope" in this account and region; previews exist for: feature/login, garbage, pr-42');
    });
  });

  test('destroy: the importing stack first, through each stack\'s own role, waiting for each wave', async () => {
    await withEndpoint(account(), async (cfn) => {
      const r = await run(cfn, ['previews', 'destroy', 'feature/login', '--yes', '--json']);
      expect(r.code).toBe(0);
      expect(JSON.parse(r.stdout).stacks.map((s: any) => [s.stackName, s.ok, s.detail])).toEqual([
        ['preview-feature-login-0123456789abcdef-Service', true, 'deleted'],
        ['preview-feature-login-0123456789abcdef-Data', true, 'deleted'],
      ]);
      const deletes = cfn.callsOf('DeleteStack');
      expect(deletes.map((d) => d.params.StackName.replace(/^.*stack\/([^/]+)\/.*$/, '$1'))).toEqual([
        'preview-feature-login-0123456789abcdef-Service', 'preview-feature-login-0123456789abcdef-Data',
      ]);
      expect(deletes.every((d) => d.params.RoleARN === EXECUTION_ROLE)).toBe(true);
      // the Data stack's deletion started only after the Service stack was gone
      const order = cfn.calls.map((c) => c.action);
      expect(order.lastIndexOf('DeleteStack')).toBeGreaterThan(order.indexOf('DescribeStacks', order.indexOf('DeleteStack')));
      // the tagged stack with another name and the nested one were not touched
      expect(cfn.stacks.find((s) => s.name === 'checkout-dev-data')!.status).toBe('UPDATE_COMPLETE');
    });
  });

  test('destroy: a failed deletion stops before the stacks it exports to; termination protection is reported', async () => {
    const stacks = account();
    stacks[1].deleteFailsWith = 'The following resource(s) failed to delete: [Bucket]';
    await withEndpoint(stacks, async (cfn) => {
      const r = await run(cfn, ['previews', 'destroy', 'feature/login', '--yes']);
      expect(r.code).toBe(3);
      expect(r.stdout).toContain('FAIL  preview-feature-login-0123456789abcdef-Service: DELETE_FAILED: The following resource(s) failed to delete: [Bucket]');
      expect(r.stdout).toContain('FAIL  preview-feature-login-0123456789abcdef-Data: not deleted: a stack it exports to is still there');
      expect(cfn.callsOf('DeleteStack')).toHaveLength(1);
    });
    await withEndpoint([preview('preview-locked-1111111111111111-Api', 'locked', 5, { terminationProtection: true })], async (cfn) => {
      const r = await run(cfn, ['previews', 'destroy', 'locked', '--yes']);
      expect(r.code).toBe(3);
      expect(r.stdout).toContain('termination protection is on');
      expect(cfn.callsOf('DeleteStack')).toEqual([]);
    });
  });

  test('destroy: --yes is required without a terminal; on a terminal the branch must be typed', async () => {
    await withEndpoint(account(), async (cfn) => {
      const refused = await run(cfn, ['previews', 'destroy', 'pr-42']);
      expect(refused.code).toBe(2);
      expect(refused.stderr).toContain('pass --yes to confirm');
      const wrong = await run(cfn, ['previews', 'destroy', 'pr-42'], { stdinIsTTY: true, answer: 'pr-4' });
      expect(wrong.code).toBe(3);
      expect(wrong.stderr).toContain('not confirmed: nothing deleted');
      expect(cfn.callsOf('DeleteStack')).toEqual([]);
      const confirmed = await run(cfn, ['previews', 'destroy', 'pr-42', '--no-wait'], { stdinIsTTY: true, answer: 'pr-42' });
      expect(confirmed.code).toBe(0);
      expect(confirmed.stdout).toContain('preview-pr-42-fedcba9876543210-Service: deletion started');
    });
  });

  test('an AWS error is exit 3 with the SDK\'s error', async () => {
    const cfn = new LocalCloudFormation([]);
    const url = await cfn.start();
    await cfn.stop(); // nothing listens any more
    const stdout = new BufferStream();
    const stderr = new BufferStream();
    const client = new CloudFormationClient({ endpoint: url, region: 'us-east-1', credentials: { accessKeyId: 'a', secretAccessKey: 'b' }, maxAttempts: 1 });
    const code = await main(['previews', 'list'], {
      io: { stdout, stderr, stdinIsTTY: false, prompt: async () => '', env: {}, cwd: os.tmpdir() },
      library: { version: '1.2.3', peerDependencies: {} },
      cloudFormation: () => client,
      nodeVersion: '20.20.0',
    });
    expect(code).toBe(3);
    expect(stderr.text).toMatch(/^paved-road: CloudFormation: /);
  });
});
