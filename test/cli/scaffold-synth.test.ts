/*
 * The scaffold `paved-road init` writes, synthesized against this library's source by `paved-road check` (the app
 * command run with ts-node, the context of its cdk.json): every stage without a finding and within budget; and with
 * a resource that breaks a rule, the guardrails' refusal read from the real error. The packed library, npm install
 * and the aws-cdk CLI are checked by test/scaffold/check.sh (`npx projen scaffold:check`).
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { BufferStream } from '../../cli/io';
import { readLibraryFacts } from '../../cli/library';
import { main } from '../../cli/main';

const ROOT = path.resolve(__dirname, '..', '..');
const APP = 'node -r ts-node/register bin/app.ts';
/** One synthesis of every stage with the guardrails, through ts-node, on a shared 2-core machine. */
const SYNTH_TIMEOUT = 240_000;

/** The scaffold in a temporary directory, its packages linked to this repository's (the library to its source). */
function scaffold(): string {
  const parent = fs.mkdtempSync(path.join(os.tmpdir(), 'scaffold-synth-'));
  const modules = path.join(parent, 'node_modules');
  fs.mkdirSync(modules);
  for (const name of ['aws-cdk-lib', 'constructs', 'cdk-nag', 'ts-node', 'typescript', '@types']) fs.symlinkSync(path.join(ROOT, 'node_modules', name), path.join(modules, name));
  const library = path.join(modules, 'paved-road-constructs');
  fs.mkdirSync(library);
  fs.writeFileSync(path.join(library, 'package.json'), JSON.stringify({ name: 'paved-road-constructs-source', main: 'index.js' }));
  fs.writeFileSync(path.join(library, 'index.js'), `module.exports = require(${JSON.stringify(path.join(ROOT, 'src', 'index.ts'))});\n`);
  return parent;
}

async function run(cwd: string, argv: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  const stdout = new BufferStream();
  const stderr = new BufferStream();
  const code = await main(argv, {
    io: { stdout, stderr, stdinIsTTY: false, prompt: async () => '', env: { PATH: process.env.PATH, TS_NODE_TRANSPILE_ONLY: '1' }, cwd },
    library: readLibraryFacts(),
    cloudFormation: () => { throw new Error('no AWS here'); },
    nodeVersion: process.versions.node,
  });
  return { code, stdout: stdout.text, stderr: stderr.text };
}

describe('the scaffold, synthesized', () => {
  const parent = scaffold();
  const app = path.join(parent, 'app');

  test('init writes it; check: 4 stages (the app\'s, dev, staging, prod), no finding, every stack within its budget', async () => {
    expect((await run(parent, ['init', 'app', '--name', 'checkout', '--owner', 'team-checkout'])).code).toBe(0);
    const r = await run(app, ['check', '--app', APP, '--json']);
    expect(r.stderr).not.toContain('paved-road: ');
    expect(r.code).toBe(0);
    const summary = JSON.parse(r.stdout);
    expect(summary.stages.map((s: any) => [s.stage, s.profile, s.findingCount, s.stacks.map((x: any) => x.stack)])).toEqual([
      ['(app)', 'dev', 0, ['checkout-delivery']],
      ['Dev', 'dev', 0, ['checkout-dev-data', 'checkout-dev-service']],
      ['Staging', 'staging', 0, ['checkout-staging-data', 'checkout-staging-service']],
      ['Prod', 'prod', 0, ['checkout-prod-data', 'checkout-prod-service']],
    ]);
    expect(summary.stages[3].packs).toContain('nist-800-53-r5');
    for (const stack of summary.stages.flatMap((s: any) => s.stacks)) {
      expect(stack).toMatchObject({ overBudget: false });
      expect(stack.monthlyUsd).toBeGreaterThan(0);
      expect(stack.budgetUsd).toBeGreaterThan(stack.monthlyUsd);
    }
    expect(summary.totals.acknowledgments).toBeGreaterThan(0);
  }, SYNTH_TIMEOUT);

  test('a resource that breaks a rule in the service stack: check names it under its stage and rule, exit 1', async () => {
    const file = path.join(app, 'lib', 'service-stack.ts');
    const source = fs.readFileSync(file, 'utf-8');
    fs.writeFileSync(file, source
      .replace("import * as ecs from 'aws-cdk-lib/aws-ecs';", "import * as ecs from 'aws-cdk-lib/aws-ecs';\nimport * as s3 from 'aws-cdk-lib/aws-s3';")
      .replace('    this.service.connections.allowToDefaultPort(cache);', "    this.service.connections.allowToDefaultPort(cache);\n    new s3.Bucket(this, 'Loose', { enforceSSL: false });"));
    const r = await run(app, ['check', '--app', APP]);
    expect(r.code).toBe(1);
    expect(r.stdout).toContain('Dev  profile dev  packs aws-solutions, paved-road  refused by the guardrails');
    expect(r.stdout).toContain('    AwsSolutions-S10  1\n      Dev/Service/Loose/Resource: The S3 Bucket or bucket policy does not require requests to use SSL.');
    // One synthesis refuses every stage with the bucket, in the order they synthesized; each stage's report was
    // written before the app's validation failed, so its acknowledgments and costs are counted too.
    const heads = r.stdout.split('\n').filter((l) => / {2}refused by the guardrails$/.test(l)).map((l) => l.split(' ')[0]);
    expect(heads).toEqual(['Dev', 'Staging', 'Prod']);
    expect(r.stdout).toMatch(/\nDev {2}.*\n(?: {2}.*\n)*? {2}acknowledged {2}[1-9]\d* \(/);
    expect(r.stdout).toMatch(/\n {2}stacks {8}checkout-dev-data +\$[\d,.]+\/month {2}budget \$150\.00\n/);
    expect(r.stdout).toMatch(/FAILED: [1-9]\d* findings in 3 stages; [1-9]\d* acknowledged; every stack estimated is within budget/);
  }, SYNTH_TIMEOUT);
});
