/*
 * `paved-road doctor`: versions against ranges, cdk.json's context, prod networks without an env in the cloud
 * assembly, and the bootstrap stack read from a local CloudFormation endpoint on 127.0.0.1.
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { LocalCloudFormation, LocalStack } from './local-cloudformation';
import { DEFAULTS_VERSION } from '../../cli/defaults-version';
import { satisfies } from '../../cli/doctor/versions';
import { BufferStream } from '../../cli/io';
import { main } from '../../cli/main';

const LIBRARY = { version: '1.4.2', peerDependencies: { 'aws-cdk-lib': '^2.257.0', 'constructs': '^10.5.1', 'cdk-nag': '^2.38.2' } };

function write(dir: string, file: string, value: unknown): void {
  fs.mkdirSync(path.dirname(path.join(dir, file)), { recursive: true });
  fs.writeFileSync(path.join(dir, file), typeof value === 'string' ? value : JSON.stringify(value));
}

/** An app directory: installed packages at the given versions, a cdk.json, optionally a cloud assembly in cdk.out. */
interface ProjectOptions {
  readonly versions?: Record<string, string>;
  readonly context?: Record<string, unknown>;
  /** The app command of cdk.json; null: none. */
  readonly app?: string | null;
  /** The environment of the prod stack of a cloud assembly in cdk.out; undefined: no cloud assembly. */
  readonly prodEnv?: string;
}

function project(options: ProjectOptions = {}): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'doctor-'));
  write(dir, 'package.json', { name: 'app' });
  const versions = options.versions ?? { 'aws-cdk-lib': '2.276.0', 'constructs': '10.8.1', 'cdk-nag': '2.38.2', 'paved-road-constructs': '1.4.2', 'aws-cdk': '2.1148.1' };
  for (const [name, version] of Object.entries(versions)) write(dir, `node_modules/${name}/package.json`, { name, version, ...(name === 'aws-cdk-lib' ? { engines: { node: '>= 18.0.0' } } : {}) });
  write(dir, 'cdk.json', {
    ...(options.app === null ? {} : { app: options.app ?? 'npx ts-node --prefer-ts-exts bin/app.ts' }),
    context: options.context ?? { 'paved-road:owner': 'team-x', 'paved-road:cost-center': 'cc-1', 'paved-road:defaults-version': DEFAULTS_VERSION },
  });
  if (options.prodEnv !== undefined) {
    const stack = (name: string, file: string, env: string) => ({ type: 'aws:cloudformation:stack', environment: env, properties: { templateFile: file, stackName: name, requiresBootstrapStackVersion: 6 } });
    const vpc = (profile: string) => ({ Resources: { Vpc: { Type: 'AWS::EC2::VPC', Properties: { Tags: [{ Key: 'paved-road:profile', Value: profile }] } } } });
    write(dir, 'cdk.out/manifest.json', {
      artifacts: {
        'assembly-Prod': { type: 'cdk:cloud-assembly', properties: { directoryName: 'assembly-Prod', displayName: 'Prod' } },
        'assembly-Dev': { type: 'cdk:cloud-assembly', properties: { directoryName: 'assembly-Dev', displayName: 'Dev' } },
      },
    });
    write(dir, 'cdk.out/assembly-Prod/manifest.json', { artifacts: { ProdData: stack('app-prod-data', 'ProdData.template.json', options.prodEnv) } });
    write(dir, 'cdk.out/assembly-Prod/ProdData.template.json', vpc('prod'));
    write(dir, 'cdk.out/assembly-Dev/manifest.json', { artifacts: { DevData: stack('app-dev-data', 'DevData.template.json', 'aws://unknown-account/unknown-region') } });
    write(dir, 'cdk.out/assembly-Dev/DevData.template.json', vpc('dev'));
  }
  return dir;
}

async function doctor(cwd: string, argv: string[] = [], options: { env?: NodeJS.ProcessEnv; cfn?: LocalCloudFormation; node?: string } = {}) {
  const stdout = new BufferStream();
  const stderr = new BufferStream();
  const code = await main(['doctor', ...argv], {
    io: { stdout, stderr, stdinIsTTY: false, prompt: async () => '', env: options.env ?? { HOME: cwd }, cwd },
    library: LIBRARY,
    cloudFormation: () => {
      if (!options.cfn) throw new Error('no AWS in this test');
      return options.cfn.client();
    },
    nodeVersion: options.node ?? '20.20.0',
  });
  return { code, stdout: stdout.text, stderr: stderr.text, checks: code < 2 && argv.includes('--json') ? JSON.parse(stdout.text).checks : [] };
}

const statusOf = (checks: any[], name: string) => checks.filter((c) => c.check === name).map((c) => c.status);

describe('paved-road doctor', () => {
  test('version ranges: ^, ~, >=, partial versions, and', () => {
    expect([satisfies('2.276.0', '^2.257.0'), satisfies('2.256.9', '^2.257.0'), satisfies('3.0.0', '^2.257.0')]).toEqual([true, false, false]);
    expect([satisfies('20.20.2', '>= 18.0.0'), satisfies('16.20.0', '>=18'), satisfies('22.1.0', '>=20.0.0 <22')]).toEqual([true, false, false]);
    expect([satisfies('0.4.9', '^0.4.1'), satisfies('0.5.0', '^0.4.1'), satisfies('1.2.9', '~1.2.3'), satisfies('1.3.0', '~1.2.3')]).toEqual([true, false, true, false]);
    expect([satisfies('2.1.0', '2.x'), satisfies('18.0.0', '^16 || ^18'), satisfies('x', '^1.0.0'), satisfies('1.0.0', 'latest')]).toEqual([true, true, undefined, undefined]);
  });

  test('a healthy app: every check ok (bootstrap skipped without credentials), exit 0', async () => {
    const r = await doctor(project({ prodEnv: 'aws://123456789012/eu-west-1' }), ['--json']);
    expect(r.code).toBe(0);
    expect(r.checks.filter((c: any) => c.status !== 'ok').map((c: any) => [c.check, c.status, c.detail])).toEqual([
      ['bootstrap', 'skip', 'no AWS credentials configured'],
    ]);
    expect(r.checks.find((c: any) => c.check === 'aws-cdk-lib').detail).toBe('aws-cdk-lib 2.276.0 (peer range ^2.257.0)');
    expect(r.checks.find((c: any) => c.check === 'prod environments').detail).toBe('1 prod network, each with an explicit env');
  });

  test('Node.js and packages outside the ranges fail; cdk-nag 3 by its major; the library missing and the aws-cdk CLI missing warn', async () => {
    const dir = project({ versions: { 'aws-cdk-lib': '2.250.0', 'constructs': '10.8.1', 'cdk-nag': '3.0.1' } });
    const r = await doctor(dir, ['--json'], { node: '18.19.0' });
    expect(r.code).toBe(1);
    expect(r.checks.find((c: any) => c.check === 'node')).toMatchObject({ status: 'fail', detail: 'Node.js 18.19.0 is outside >=20.0.0 (paved-road-constructs)' });
    expect(r.checks.find((c: any) => c.check === 'aws-cdk-lib')).toMatchObject({ status: 'fail', detail: "aws-cdk-lib 2.250.0 is outside paved-road-constructs's peer range ^2.257.0", fix: 'install aws-cdk-lib@"^2.257.0"' });
    expect(r.checks.find((c: any) => c.check === 'cdk-nag').detail).toBe('cdk-nag 3.0.1 is major 3; paved-road-constructs uses the cdk-nag 2.x Aspects API (^2.38.2)');
    expect(statusOf(r.checks, 'paved-road-constructs')).toEqual(['warn']);
    expect(statusOf(r.checks, 'aws-cdk')).toEqual(['warn']);
  });

  test('cdk.json: a missing owner or defaults version fails; an older defaults version, a missing cost center and placeholders warn', async () => {
    const missing = await doctor(project({ context: {}, app: null }), ['--json']);
    expect(missing.code).toBe(1);
    expect(statusOf(missing.checks, 'cdk.json app')).toEqual(['fail']);
    expect(missing.checks.find((c: any) => c.check === 'paved-road:owner')).toMatchObject({ status: 'fail', detail: 'missing from the context of cdk.json: every paved-road construct needs an owner' });
    expect(statusOf(missing.checks, 'paved-road:defaults-version')).toEqual(['fail']);
    expect(statusOf(missing.checks, 'paved-road:cost-center')).toEqual(['warn']);

    const older = await doctor(project({
      context: {
        'paved-road:owner': 'team-x',
        'paved-road:cost-center': 'cc',
        'paved-road:defaults-version': '0.1',
        'paved-road:profile': 'production',
        'paved-road:compliance-packs': 'nist-800-53-r5,sox',
        'paved-road:preview-max-ttl-hours': 500,
        'app:connection-arn': 'arn:aws:codeconnections:us-east-1:000000000000:connection/replace-me',
        'app:environments': { prod: { account: 'REPLACE-ME' } },
      },
    }), ['--json']);
    expect(older.checks.find((c: any) => c.check === 'paved-road:defaults-version')).toMatchObject({ status: 'warn', detail: `"0.1"; this library's defaults are version ${JSON.stringify(DEFAULTS_VERSION)}` });
    expect(older.checks.find((c: any) => c.check === 'placeholders').detail).toBe('still "replace-me" in cdk.json: app:connection-arn, app:environments.prod.account');
    expect(older.checks.filter((c: any) => c.status === 'fail').map((c: any) => c.check)).toEqual(['paved-road:profile', 'paved-road:compliance-packs', 'paved-road:preview-max-ttl-hours']);

    const unknown = await doctor(project({ context: { 'paved-road:owner': 'team-x', 'paved-road:defaults-version': '9.9' } }), ['--json']);
    expect(unknown.checks.find((c: any) => c.check === 'paved-road:defaults-version')).toMatchObject({ status: 'fail' });
    expect(unknown.checks.find((c: any) => c.check === 'paved-road:defaults-version').detail).toContain('"9.9" is not a defaults version this library knows');
  });

  test('a prod network in a stack without account and region warns (a dev one does not); --strict makes warnings fail', async () => {
    const dir = project({ prodEnv: 'aws://unknown-account/unknown-region' });
    const r = await doctor(dir, ['--json']);
    expect(r.code).toBe(0);
    expect(r.checks.find((c: any) => c.check === 'prod environments')).toMatchObject({ status: 'warn', detail: expect.stringMatching(/^prod network without an explicit env \(account and region\) in app-prod-data: two Availability Zones/) });
    expect((await doctor(dir, ['--strict'])).code).toBe(1);
    const text = await doctor(dir);
    expect(text.stdout).toMatch(/^warn {2}prod environments/m);
    expect(text.stdout).toMatch(/no problems \(1 warning\)\n$/);
    expect(text.stdout).not.toMatch(/\u001b\[/);
    expect(statusOf((await doctor(project(), ['--json'])).checks, 'prod environments')).toEqual(['skip']);
  });

  test('bootstrap: read from the account\'s CDKToolkit stack; too old fails, missing fails, another account is skipped', async () => {
    const toolkit = (version: string): LocalStack => ({ name: 'CDKToolkit', status: 'UPDATE_COMPLETE', creationTime: '2026-01-01T00:00:00Z', tags: {}, outputs: { BootstrapVersion: version } });
    const env = { AWS_ACCESS_KEY_ID: 'AKIDLOCAL', HOME: os.tmpdir() };
    for (const [stacks, status, detail] of [
      [[toolkit('30')], 'ok', 'CDKToolkit in 123456789012 in eu-west-1: version 30 (needs 6)'],
      [[toolkit('5')], 'fail', 'CDKToolkit in 123456789012 in eu-west-1 is version 5; the templates need 6'],
      [[], 'fail', '123456789012 in eu-west-1 is not bootstrapped (no CDKToolkit stack)'],
    ] as const) {
      const cfn = new LocalCloudFormation([...stacks]);
      await cfn.start();
      try {
        const r = await doctor(project({ prodEnv: 'aws://123456789012/eu-west-1' }), ['--json'], { env, cfn });
        const prod = r.checks.filter((c: any) => c.check === 'bootstrap').find((c: any) => c.detail.includes('123456789012'));
        expect(prod).toMatchObject({ status, detail });
        expect(cfn.callsOf('DescribeStacks').every((c) => c.params.StackName === 'CDKToolkit')).toBe(true);
      } finally {
        await cfn.stop();
      }
    }
    const other = new LocalCloudFormation([toolkit('30')]);
    await other.start();
    try {
      const r = await doctor(project({ prodEnv: 'aws://210987654321/eu-west-1' }), ['--json'], { env, cfn: other });
      expect(r.checks.find((c: any) => c.check === 'bootstrap' && c.status === 'skip').detail).toBe('app-prod-data deploys to 210987654321, the credentials are for 123456789012');
      expect((await doctor(project({ prodEnv: 'aws://210987654321/eu-west-1' }), ['--json', '--offline'], { env, cfn: other })).checks.find((c: any) => c.check === 'bootstrap').detail).toBe('--offline');
    } finally {
      await other.stop();
    }
  });
});
