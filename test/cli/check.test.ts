/*
 * `paved-road check` on apps that stand in for a real one (node scripts that write a cloud assembly or print the
 * guardrails' refusal), and the parser of that refusal on text as aws-cdk-lib and PavedRoadGuardrails print it.
 * test/cli/scaffold-synth.test.ts runs check on a real scaffolded app.
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { readAssembly } from '../../cli/check/assembly';
import { renderSummary } from '../../cli/check/render';
import { summarize } from '../../cli/check/summary';
import { parseRefusal } from '../../cli/check/synth-output';
import { BufferStream, Io, styleFor } from '../../cli/io';
import { main } from '../../cli/main';

/** What a refused stage prints through the aws-cdk CLI (copied from a run against the library). */
const REFUSED = `/work/app/node_modules/paved-road-constructs/lib/pipeline/pipeline.js:1
«ValidationFailedWithErrors» Validation failed with the following errors:
  [Dev] PavedRoadGuardrails (profile dev; packs aws-solutions, paved-road) found 2 unacknowledged findings:
    Dev/Service/Loose/Resource: AwsSolutions-S1: The S3 Bucket has server access logs disabled.
    Dev/Service/Loose/Resource: AwsSolutions-S10: The S3 Bucket or bucket policy does not require requests to use SSL.
  Fix the resource, or acknowledge the finding on that resource with NagSuppressions.addResourceSuppressions and a reason specific to it.
  [Prod] PavedRoadGuardrails (profile prod; packs aws-solutions, paved-road, nist-800-53-r5; strict) found 2 unacknowledged findings:
    Prod/Data/Custom::VpcRestrictDefaultSGCustomResourceProvider/Handler: PavedRoad-LambdaFailureHandling[no-dlq-or-on-failure-destination]: Failed asynchronous events must land: a DLQ: or onFailure.
    Prod/Service/Role/DefaultPolicy/Resource: AwsSolutions-IAM5[Resource::*]: The IAM entity contains wildcard permissions.
  Fix the resource, or acknowledge the finding on that resource with NagSuppressions.addResourceSuppressions and a reason specific to it.
    ...CodePipeline.addStage in aws-cdk-lib...
    at /work/app/node_modules/paved-road-constructs/lib/pipeline/pipeline.ts:183: (/work/app/lib/pipeline.ts:183:2)
PavedRoadGuardrails: Stack 'checkout-staging-data' is estimated at $1,115.39 per month, over its budget of $300.00 by $815.39. Biggest cost drivers:
  1. DatabaseInstanceAA8A5FDE (AWS::RDS::DBInstance): $53.20 per month = 730 h × $0.073
`;

function tmp(prefix: string): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), prefix));
}

interface Run {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

async function check(cwd: string, argv: string[], tty = false, env: NodeJS.ProcessEnv = {}): Promise<Run> {
  const stdout = new BufferStream(tty);
  const stderr = new BufferStream(tty);
  const io: Io = { stdout, stderr, stdinIsTTY: false, prompt: async () => '', env: { PATH: process.env.PATH, ...env }, cwd };
  const code = await main(['check', ...argv], {
    io, library: { version: '1.2.3', peerDependencies: {} }, cloudFormation: () => { throw new Error('no AWS in check'); }, nodeVersion: '20.20.0',
  });
  return { code, stdout: stdout.text, stderr: stderr.text };
}

/**
 * A stand-in app: writes a root assembly with one stack and a nested Dev stage with two, their guardrails and cost
 * reports (as PavedRoadGuardrails writes them), into CDK_OUTDIR; echoes the context it was given.
 */
const FAKE_APP = `
const fs = require('fs'); const path = require('path');
const out = process.env.CDK_OUTDIR;
const context = JSON.parse(process.env.CDK_CONTEXT_JSON || '{}');
const write = (f, v) => { fs.mkdirSync(path.dirname(path.join(out, f)), { recursive: true }); fs.writeFileSync(path.join(out, f), JSON.stringify(v)); };
const stack = (name, file, env) => ({ type: 'aws:cloudformation:stack', environment: env || 'aws://unknown-account/unknown-region', properties: { templateFile: file, stackName: name, requiresBootstrapStackVersion: 6 } });
write('manifest.json', { version: '53.0.0', artifacts: {
  'assembly-Dev': { type: 'cdk:cloud-assembly', properties: { directoryName: 'assembly-Dev', displayName: 'Dev' } },
  'Delivery': stack('app-delivery', 'Delivery.template.json') } });
write('Delivery.template.json', { Resources: {} });
write('paved-road-guardrails.json', { scope: '(app)', profile: 'dev', packs: ['aws-solutions', 'paved-road'], findings: [],
  acknowledgments: [{ path: 'Delivery/Role', rule: 'AwsSolutions-IAM5[Resource::*]', reason: 'x' }, { path: 'Delivery/Role2', rule: 'AwsSolutions-IAM5[Action::s3:*]', reason: 'y' }] });
write('paved-road-cost.json', { stacks: [{ stackName: 'app-delivery', totalMonthlyUsd: 3.3, budgetUsd: 150, unpriced: [] }] });
write('assembly-Dev/manifest.json', { version: '53.0.0', artifacts: { DevData: stack('app-dev-data', 'DevData.template.json'), DevService: stack('app-dev-service', 'DevService.template.json') } });
write('assembly-Dev/DevData.template.json', { Resources: {} });
write('assembly-Dev/DevService.template.json', { Resources: {} });
write('assembly-Dev/paved-road-guardrails.json', { scope: 'Dev', profile: 'dev', packs: ['aws-solutions', 'paved-road'],
  findings: context.warn ? [{ path: 'Dev/Service/Api/Resource', rule: 'AwsSolutions-ECS7', message: 'no logging', level: 'warning' }] : [],
  acknowledgments: [{ path: 'Dev/Data/Db', rule: 'AwsSolutions-RDS11', reason: 'z' }] });
write('assembly-Dev/paved-road-cost.json', { stacks: [
  { stackName: 'app-dev-data', totalMonthlyUsd: Number(context.dataCost || 66.82), budgetUsd: 150, unpriced: [] },
  { stackName: 'app-dev-service', totalMonthlyUsd: 42.48, budgetUsd: 150, unpriced: [{ logicalId: 'X' }] }] });
console.error('Cost estimate, USD per month ...');
`;

function fakeApp(extraContext: Record<string, unknown> = {}): string {
  const dir = tmp('check-app-');
  fs.writeFileSync(path.join(dir, 'app.js'), FAKE_APP);
  fs.writeFileSync(path.join(dir, 'cdk.json'), JSON.stringify({ app: 'node app.js', context: { 'paved-road:owner': 'team-x', ...extraContext } }));
  return dir;
}

describe('paved-road check', () => {
  test('the guardrails\' refusal: findings by stage (CDK names it in brackets), rule ids with finding ids, budgets', () => {
    const refusal = parseRefusal(REFUSED);
    expect(refusal.stages).toEqual([
      {
        stage: 'Dev',
        profile: 'dev',
        packs: ['aws-solutions', 'paved-road'],
        findings: [
          { path: 'Dev/Service/Loose/Resource', rule: 'AwsSolutions-S1', message: 'The S3 Bucket has server access logs disabled.', level: 'error' },
          { path: 'Dev/Service/Loose/Resource', rule: 'AwsSolutions-S10', message: 'The S3 Bucket or bucket policy does not require requests to use SSL.', level: 'error' },
        ],
      },
      {
        stage: 'Prod',
        profile: 'prod',
        packs: ['aws-solutions', 'paved-road', 'nist-800-53-r5'],
        findings: [
          {
            path: 'Prod/Data/Custom::VpcRestrictDefaultSGCustomResourceProvider/Handler',
            rule: 'PavedRoad-LambdaFailureHandling[no-dlq-or-on-failure-destination]',
            message: 'Failed asynchronous events must land: a DLQ: or onFailure.',
            level: 'error',
          },
          { path: 'Prod/Service/Role/DefaultPolicy/Resource', rule: 'AwsSolutions-IAM5[Resource::*]', message: 'The IAM entity contains wildcard permissions.', level: 'error' },
        ],
      },
    ]);
    expect(refusal.overBudget).toEqual([{ stack: 'checkout-staging-data', monthlyUsd: 1115.39, budgetUsd: 300 }]);
    expect(parseRefusal('Error: Cannot find module \'aws-cdk-lib\'\n    at Module._resolveFilename (node:internal)')).toEqual({ stages: [], overBudget: [], otherErrors: [] });
  });

  test('a finding line outside a stage header is attributed by its path; colour codes are ignored', () => {
    const refusal = parseRefusal('\u001b[31mPavedRoadGuardrails (profile staging; packs aws-solutions) found 1 unacknowledged finding:\u001b[39m\n    Staging/Data/Bucket/Resource: AwsSolutions-S1: no logs\n');
    expect(refusal.stages).toEqual([{ stage: 'Staging', profile: undefined, packs: undefined, findings: [{ path: 'Staging/Data/Bucket/Resource', rule: 'AwsSolutions-S1', message: 'no logs', level: 'error' }] }]);
  });

  test('a refused synthesis: every stage in one summary, findings grouped by rule, the budget exceeded, exit 1', () => {
    const summary = summarize({ app: 'npx ts-node bin/app.ts', synthesizedWith: 'aws-cdk CLI', exitCode: 1, durationMs: 1234, assemblies: [], refusal: parseRefusal(REFUSED) });
    expect(summary.ok).toBe(false);
    expect(summary.totals).toMatchObject({ stages: 2, findings: 4, stacksOverBudget: 1 });
    expect(summary.stages.map((s) => [s.stage, s.findingsByRule.map((g) => `${g.rule} ${g.findings.length}`)])).toEqual([
      ['Dev', ['AwsSolutions-S1 1', 'AwsSolutions-S10 1']],
      ['Prod', ['AwsSolutions-IAM5 1', 'PavedRoad-LambdaFailureHandling 1']],
      ['(budgets)', []],
    ]);
    const text = renderSummary(summary, styleFor(false));
    expect(text).toContain('Dev  profile dev  packs aws-solutions, paved-road  refused by the guardrails');
    expect(text).toContain('    AwsSolutions-IAM5  1\n      Prod/Service/Role/DefaultPolicy/Resource [Resource::*]: The IAM entity contains wildcard permissions.');
    expect(text).toContain('Over budget\n  checkout-staging-data  $1,115.39/month  budget $300.00 OVER');
    expect(text).toMatch(/FAILED: 4 findings in 2 stages; 0 acknowledged; 1 stack over budget/);
  });

  test('a passing app: one summary of the app\'s stacks and each stage, acknowledgments by rule, costs against budgets, exit 0', async () => {
    const dir = fakeApp();
    const r = await check(dir, []);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('paved-road check: 2 stages, 3 stacks, synthesized in');
    expect(r.stdout).toContain('(the app command, without the aws-cdk CLI)');
    expect(r.stdout).toContain('(app)  profile dev  packs aws-solutions, paved-road\n  findings      none\n  acknowledged  2 (AwsSolutions-IAM5 2)');
    expect(r.stdout).toMatch(/Dev {2}profile dev.*\n {2}findings {6}none\n {2}acknowledged {2}1 \(AwsSolutions-RDS11 1\)\n {2}stacks {8}app-dev-data {9}\$66\.82\/month {2}budget \$150\.00\n {16}app-dev-service {6}\$42\.48\/month/);
    expect(r.stdout).toContain('PASSED: no findings in 2 stages; 3 acknowledged; every stack estimated is within budget, $112.60 per month in total.');
    expect(r.stdout).not.toMatch(/\u001b\[/);
    // progress on stderr, the synthesis's own output not shown without --verbose
    expect(r.stderr).toContain('paved-road check: synthesizing with node app.js');
    expect(r.stderr).not.toContain('Cost estimate');
    expect((await check(dir, ['--verbose'])).stderr).toContain('Cost estimate');
  });

  test('--json: the same summary as one JSON document on stdout', async () => {
    const r = await check(fakeApp(), ['--json']);
    expect(r.code).toBe(0);
    const summary = JSON.parse(r.stdout);
    expect(summary).toMatchObject({ ok: true, synthesized: true });
    expect(summary.totals).toMatchObject({ stages: 2, stacks: 3, findings: 0, acknowledgments: 3, monthlyUsd: 112.6, stacksOverBudget: 0 });
    expect(summary.stages[1]).toMatchObject({
      stage: 'Dev',
      profile: 'dev',
      acknowledgmentsByRule: { 'AwsSolutions-RDS11': 1 },
      stacks: [{ stack: 'app-dev-data', monthlyUsd: 66.82, budgetUsd: 150, overBudget: false }, { stack: 'app-dev-service', monthlyUsd: 42.48, budgetUsd: 150, overBudget: false }],
    });
  });

  test('a warning is a finding, and a stack over its budget fails the check (exit 1); context from -c reaches the app', async () => {
    const warned = await check(fakeApp({ warn: true }), ['--no-color']);
    expect(warned.code).toBe(1);
    expect(warned.stdout).toContain('    AwsSolutions-ECS7  1\n      Dev/Service/Api/Resource (warning): no logging');
    const over = await check(fakeApp(), ['-c', 'dataCost=151', '--json']);
    expect(over.code).toBe(1);
    expect(JSON.parse(over.stdout).totals.stacksOverBudget).toBe(1);
  });

  test('colour on a terminal only, and never with NO_COLOR', async () => {
    const dir = fakeApp({ warn: true });
    expect((await check(dir, [], true)).stdout).toMatch(/\u001b\[31m1\u001b\[39m in 1 rule/);
    expect((await check(dir, [], true, { NO_COLOR: '1' })).stdout).not.toMatch(/\u001b\[/);
    expect((await check(dir, ['--no-color'], true)).stdout).not.toMatch(/\u001b\[/);
  });

  test('an app that fails for another reason: exit 3 with the end of its output', async () => {
    const dir = tmp('check-broken-');
    fs.writeFileSync(path.join(dir, 'cdk.json'), JSON.stringify({ app: 'node -e "console.error(\'TypeError: boom\'); process.exit(7)"' }));
    const r = await check(dir, []);
    expect(r.code).toBe(3);
    expect(r.stderr).toContain('the app failed to synthesize (exit code 7;');
    expect(r.stderr).toContain('TypeError: boom');
    expect(r.stdout).toBe('');
  });

  test('no app: exit 3 saying where it looked; --output must be new or empty (exit 2)', async () => {
    const empty = tmp('check-empty-');
    const r = await check(empty, []);
    expect(r.code).toBe(3);
    expect(r.stderr).toContain(`${path.join(empty, 'cdk.json')} does not exist; run in the app's directory or pass --app "<command>"`);
    const dir = fakeApp();
    fs.mkdirSync(path.join(dir, 'kept'));
    fs.writeFileSync(path.join(dir, 'kept', 'x'), '');
    expect((await check(dir, ['--output', 'kept'])).code).toBe(2);
    const kept = await check(dir, ['--output', 'assembly']);
    expect(kept.code).toBe(0);
    expect(readAssembly(path.join(dir, 'assembly')).map((a) => a.stage)).toEqual(['(app)', 'Dev']);
    expect(kept.stdout).toContain(`note: cloud assembly kept in ${path.join(dir, 'assembly')}`);
  });

  test('no report: acknowledgments unknown and a note saying how to get them', async () => {
    const dir = tmp('check-noreport-');
    fs.writeFileSync(path.join(dir, 'app.js'), `const fs = require('fs'); fs.writeFileSync(process.env.CDK_OUTDIR + '/manifest.json', JSON.stringify({ artifacts: {
      S: { type: 'aws:cloudformation:stack', environment: 'aws://unknown-account/unknown-region', properties: { templateFile: 'S.template.json', stackName: 'plain' } } } }));`);
    fs.writeFileSync(path.join(dir, 'cdk.json'), JSON.stringify({ app: 'node app.js' }));
    const r = await check(dir, []);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('acknowledged  unknown (no report)');
    expect(r.stdout).toContain('note: no paved-road-guardrails.json for (app): enforce the guardrails with { report: true }');
  });
});
