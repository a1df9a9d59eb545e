/*
 * `paved-road init`: the files of each scaffold, what they pin and wire, and every bad value refused with a clear
 * message before anything is written.
 */
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { DEFAULTS_VERSION } from '../../cli/defaults-version';
import { appNameProblems } from '../../cli/init/names';
import { pipRange } from '../../cli/init/python-project';
import { BufferStream } from '../../cli/io';
import { main } from '../../cli/main';

const LIBRARY = { version: '1.4.2', peerDependencies: { 'aws-cdk-lib': '^2.257.0', 'constructs': '^10.5.1', 'cdk-nag': '^2.38.2' } };

async function init(argv: string[], cwd = fs.mkdtempSync(path.join(os.tmpdir(), 'init-'))) {
  const stdout = new BufferStream();
  const stderr = new BufferStream();
  const code = await main(['init', ...argv], {
    io: { stdout, stderr, stdinIsTTY: false, prompt: async () => '', env: {}, cwd },
    library: LIBRARY,
    cloudFormation: () => { throw new Error('no AWS in init'); },
    nodeVersion: '20.20.0',
  });
  return { code, stdout: stdout.text, stderr: stderr.text, cwd };
}

const read = (dir: string, file: string) => fs.readFileSync(path.join(dir, file), 'utf-8');
/** Source without its comments: what the code does, not what it says. */
const code = (text: string) => text.split('\n').filter((l) => !/^\s*(\/\/|#)/.test(l)).join('\n');

describe('paved-road init', () => {
  test('TypeScript: the app, its project files, tests and CI, into ./<name> by default', async () => {
    const r = await init(['--name', 'checkout', '--owner', 'team-checkout']);
    expect(r.code).toBe(0);
    const dir = path.join(r.cwd, 'checkout');
    expect(r.stdout).toContain(`Created checkout (typescript) in ${dir}:`);
    expect(r.stdout).toContain('Next:\n  cd checkout\n  npm install\n  npx cdk synth\n  npx paved-road check\n');
    const files = (d: string): string[] => fs.readdirSync(d, { withFileTypes: true })
      .flatMap((e) => (e.isDirectory() ? files(path.join(d, e.name)) : [path.relative(dir, path.join(d, e.name))]));
    expect(files(dir).sort()).toEqual([
      '.github/workflows/ci.yml', '.gitignore', 'README.md', 'bin/app.ts', 'cdk.json', 'jest.config.js', 'lib/app.ts', 'lib/config.ts', 'lib/data-stack.ts',
      'lib/delivery-stack.ts', 'lib/environment-stage.ts', 'lib/preview.ts', 'lib/service-stack.ts', 'package.json', 'test/app.test.ts', 'tsconfig.json',
    ]);
  });

  test('package.json: the library at this version, its peers at their ranges, TypeScript 5.9 with ts-node (TypeScript 7 breaks ts-node)', async () => {
    const r = await init(['app', '--name', 'checkout', '--owner', 'team-checkout']);
    const pkg = JSON.parse(read(path.join(r.cwd, 'app'), 'package.json'));
    expect(pkg).toMatchObject({
      name: 'checkout',
      private: true,
      scripts: { test: 'jest', synth: 'cdk synth', check: 'paved-road check', doctor: 'paved-road doctor' },
      dependencies: { 'paved-road-constructs': '^1.4.2', 'aws-cdk-lib': '^2.257.0', 'constructs': '^10.5.1', 'cdk-nag': '^2.38.2' },
    });
    expect(pkg.devDependencies.typescript).toMatch(/^~5\.9\./);
    expect(pkg.devDependencies['ts-node']).toMatch(/^\^10\./);
    expect(pkg.devDependencies['aws-cdk']).toMatch(/^\^2\./);
  });

  test('cdk.json: the app command and the context keys (owner, cost center, defaults version, the app\'s settings)', async () => {
    const r = await init(['app', '--name', 'checkout', '--owner', 'group:default/team-checkout', '--cost-center', 'cc-4711', '--account', '123456789012', '--region', 'eu-west-1', '--repository', 'acme/checkout']);
    expect(r.code).toBe(0);
    const cdk = JSON.parse(read(path.join(r.cwd, 'app'), 'cdk.json'));
    expect(cdk.app).toBe('npx ts-node --prefer-ts-exts bin/app.ts');
    expect(cdk.context).toMatchObject({
      'paved-road:owner': 'group:default/team-checkout',
      'paved-road:cost-center': 'cc-4711',
      'paved-road:defaults-version': DEFAULTS_VERSION,
      'app:repository': 'acme/checkout',
      'app:environments': { dev: { account: '123456789012', region: 'eu-west-1' }, staging: { account: '123456789012', region: 'eu-west-1' }, prod: { account: '123456789012', region: 'eu-west-1' } },
      'app:connection-arn': 'arn:aws:codeconnections:eu-west-1:123456789012:connection/replace-me',
      'app:monthly-budgets-usd': { dev: expect.any(Number), staging: expect.any(Number), prod: expect.any(Number), preview: expect.any(Number) },
      'app:preview-platform': true,
    });
    // without --cost-center the owner is the cost center; without --account/--region the stacks are environment-agnostic
    const plain = JSON.parse(read(path.join((await init(['a', '--name', 'checkout', '--owner', 'team-checkout'])).cwd, 'a'), 'cdk.json')).context;
    expect(plain['paved-road:cost-center']).toBe('team-checkout');
    expect(plain['app:environments'].prod).toEqual({ account: null, region: null });
  });

  test('the app: three stages of a data and a service stack, the service opening its own path to the data stores', async () => {
    const dir = path.join((await init(['app', '--name', 'checkout', '--owner', 'team-checkout'])).cwd, 'app');
    const service = read(dir, 'lib/service-stack.ts');
    expect(code(service)).toContain('this.service.connections.allowToDefaultPort(database);');
    expect(code(service)).toContain('this.service.connections.allowToDefaultPort(cache);');
    // db.connections.allowDefaultPortFrom(service) from the data stack would be a dependency cycle between the stacks
    for (const file of ['lib/service-stack.ts', 'lib/data-stack.ts', 'lib/environment-stage.ts', 'lib/app.ts']) expect(code(read(dir, file))).not.toContain('allowDefaultPortFrom');
    expect(read(dir, 'lib/config.ts')).toContain('export const ENVIRONMENTS = [Profile.DEV, Profile.STAGING, Profile.PROD];');
    const app = read(dir, 'lib/app.ts');
    expect(app).toContain('PavedRoadGuardrails.enforce(app, {\n    report: true,\n    requireCostCenter: true,\n    cost: { estimate: true, profileMonthlyBudgets: config.monthlyBudgetsUsd },');
    expect(app).toContain('BackstageCatalog.enable(app, { system: APP_NAME });');
    // the guardrails before the pipeline (CDK Pipelines synthesizes its stages as they are added)
    expect(app.indexOf('PavedRoadGuardrails.enforce')).toBeLessThan(app.indexOf('new DeliveryStack'));
    expect(app.indexOf('buildPreview(app, config)')).toBeLessThan(app.indexOf('PavedRoadGuardrails.enforce'));
    expect(read(dir, 'lib/preview.ts')).toContain("app.node.tryGetContext('branch')");
    expect(read(dir, 'lib/delivery-stack.ts')).toContain("new PreviewReaper(this, 'PreviewReaper', { previewRoles })");
    expect(read(dir, 'test/app.test.ts')).toContain('expect(() => bad.synth()).toThrow(/AwsSolutions-S10/)');
    expect(read(dir, '.github/workflows/ci.yml')).toContain('      - run: npx paved-road check\n');
  });

  test('Python: app.py, requirements and cdk.json describe the same app, and byte-compile', async () => {
    const r = await init(['py', '--name', 'order-service', '--owner', 'team-orders', '--language', 'python']);
    expect(r.code).toBe(0);
    const dir = path.join(r.cwd, 'py');
    expect(fs.readdirSync(dir).sort()).toEqual(['.github', '.gitignore', 'README.md', 'app.py', 'cdk.json', 'requirements-dev.txt', 'requirements.txt', 'tests']);
    expect(read(dir, 'requirements.txt')).toBe('aws-cdk-lib>=2.257.0,<3.0.0\nconstructs>=10.5.1,<11.0.0\ncdk-nag>=2.38.2,<3.0.0\npaved-road-constructs>=1.4.2,<2.0.0\n');
    const cdk = JSON.parse(read(dir, 'cdk.json'));
    expect(cdk.app).toBe('python3 app.py');
    expect(cdk.context['paved-road:owner']).toBe('team-orders');
    const app = read(dir, 'app.py');
    expect(app).toContain('APP_NAME = "order-service"');
    expect(code(app)).toContain('self.service.connections.allow_to_default_port(data.database)');
    expect(code(app)).not.toContain('allow_default_port_from');
    expect(app).toContain('PavedRoadGuardrails.enforce(\n        app,\n        report=True,\n        require_cost_center=True,\n' +
      '        cost=PavedRoadCostOptions(estimate=True, profile_monthly_budgets=config.monthly_budgets_usd),\n    )');
    const compiled = spawnSync('python3', ['-m', 'py_compile', path.join(dir, 'app.py'), path.join(dir, 'tests', 'test_app.py')], { encoding: 'utf-8' });
    expect(compiled.stderr).toBe('');
    expect(compiled.status).toBe(0);
  });

  test.each([
    ['Checkout', 'lower-case letters and digits'],
    ['check_out', 'lower-case letters and digits'],
    ['-checkout', 'lower-case letters and digits'],
    ['checkout-', 'lower-case letters and digits'],
    ['check--out', 'lower-case letters and digits'],
    ['1checkout', 'lower-case letters and digits'],
    ['c', 'has 1 characters; allowed: 2 to 32'],
    ['a'.repeat(33), 'has 33 characters; allowed: 2 to 32'],
    ['preview-app', 'stack names starting with preview- belong to preview environments'],
    ['aws-tools', 'reserved by AWS and the CDK'],
  ])('--name %j is refused: %s', async (name, message) => {
    const r = await init(['app', `--name=${name}`, '--owner', 'team-checkout']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(`--name ${JSON.stringify(name)}`);
    expect(r.stderr).toContain(message);
    expect(r.stderr).toContain('Usage: paved-road init [dir] --name <app> --owner <team>');
    expect(fs.existsSync(path.join(r.cwd, 'app'))).toBe(false);
  });

  test('every problem in one message, nothing written: missing name and owner, bad language, account without region', async () => {
    const r = await init(['app', '--language', 'go', '--account', '12345']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('init: 5 invalid options:\n');
    for (const m of ['--name is required', '--owner is required', '--language "go" is not allowed; allowed: typescript, python',
      '--account "12345" is not allowed; allowed: a 12-digit AWS account id', '--account and --region go together']) expect(r.stderr).toContain(m);
    expect(fs.existsSync(path.join(r.cwd, 'app'))).toBe(false);
    expect((await init(['app', '--name', 'checkout', '--owner', 'Team Checkout!'])).stderr).toContain('a Backstage group or user reference');
    expect((await init(['app', '--name', 'checkout', '--owner', 'team-x', '--repository', 'no-slash'])).stderr).toContain('--repository "no-slash" is not allowed');
  });

  test('a directory with files is refused; one with only .git is used', async () => {
    const cwd = fs.mkdtempSync(path.join(os.tmpdir(), 'init-'));
    fs.mkdirSync(path.join(cwd, 'app', '.git'), { recursive: true });
    expect((await init(['app', '--name', 'checkout', '--owner', 'team-x'], cwd)).code).toBe(0);
    const again = await init(['app', '--name', 'checkout', '--owner', 'team-x'], cwd);
    expect(again.code).toBe(2);
    expect(again.stderr).toMatch(/app is not empty \(\.github, \.gitignore, README\.md, bin, cdk\.json, \.\.\.\): init writes only into a new or empty directory/);
  });

  test('--json lists the files written', async () => {
    const r = await init(['app', '--name', 'checkout', '--owner', 'team-x', '--language', 'python', '--json']);
    expect(JSON.parse(r.stdout)).toMatchObject({ language: 'python', files: expect.arrayContaining(['app.py', 'requirements.txt', 'cdk.json']) });
  });

  test('name rules and pip ranges', () => {
    expect(appNameProblems('order-service-2')).toEqual([]);
    expect(pipRange('^0.4.1')).toBe('>=0.4.1,<0.5.0');
    expect(pipRange('^10.5.1')).toBe('>=10.5.1,<11.0.0');
  });
});
