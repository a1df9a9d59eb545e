/*
 * `paved-road check` on apps that stand in for a real one (node scripts that write a cloud assembly or print the
 * guardrails' refusal), the parser of that refusal on text a real synthesis printed, and a real synthesis in process
 * (its stages write their reports before the app's validation fails). test/cli/scaffold-synth.test.ts runs check on
 * a real scaffolded app.
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { App, Duration, Stack, Stage } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { NagSuppressions } from 'cdk-nag';
import { readAssembly } from '../../cli/check/assembly';
import { renderSummary } from '../../cli/check/render';
import { summarize } from '../../cli/check/summary';
import { parseRefusal } from '../../cli/check/synth-output';
import { BufferStream, Io, styleFor } from '../../cli/io';
import { main } from '../../cli/main';
import { ContextKeys, PavedRoadGuardrails, PreviewEnvironment } from '../../src';
import { useFixedClock } from '../clock';

/**
 * What the aws-cdk CLI printed for an app whose guardrails refused it (`cdk synth` of an app with a stack of its own,
 * Tools, and the stages Dev and Prod; strict, AwsSolutions-S1 mandatory and acknowledged in Prod, a monthly budget of
 * $0.50): each stage printed its cost table as it synthesized, then the app's validation failed once with every
 * stage's findings. Copied from the run; only the app's directory renamed.
 */
const REFUSED = `Cost estimate, USD per month (list prices of 2026-11; unpriced resources not included)
Stack                 Region   Monthly  Budget  Top cost drivers
checkout-dev-service  unknown  $0.00    $0.50   -
  not priced: Sessions8896A56D (AWS::DynamoDB::Table)
Cost estimate, USD per month (list prices of 2026-11; unpriced resources not included)
Stack               Region   Monthly  Budget      Top cost drivers
checkout-prod-data  unknown  $3.00    $0.50 OVER  Key961B73FD $3.00
/home/dev/checkout/bin/fixture3.ts:32
app.synth();
    ^
«ValidationFailedWithErrors» Validation failed with the following errors:
  [] PavedRoadGuardrails found 12 unacknowledged findings and 3 other problems (the app: 1, stage 'Dev': 4, stage 'Prod': 10), by stage and rule; every stage was checked before synthesis failed:
  the app (profile dev; packs aws-solutions, paved-road; strict): 1 unacknowledged finding
    AwsSolutions-SQS3: The SQS queue is not used as a dead-letter queue (DLQ) and does not have a DLQ enabled.
      Tools/Jobs/Resource
  stage 'Dev' (profile dev; packs aws-solutions, paved-road; strict): 4 unacknowledged findings
    AwsSolutions-S1: The S3 Bucket has server access logs disabled.
      Dev/Service/Loose/Resource
    AwsSolutions-S10: The S3 Bucket or bucket policy does not require requests to use SSL.
      Dev/Service/Loose/Resource
    AwsSolutions-IAM5: The IAM entity contains wildcard permissions and does not have a cdk-nag rule suppression with evidence for those permission.
      Dev/Service/Role/DefaultPolicy/Resource [Resource::*]
    AwsSolutions-DDB3 (warning): The DynamoDB table does not have Point-in-time Recovery enabled.
      Dev/Service/Sessions/Resource
  stage 'Prod' (profile prod; packs aws-solutions, paved-road, nist-800-53-r5; strict): 7 unacknowledged findings, 3 other problems
    AwsSolutions-S1: The S3 Bucket has server access logs disabled.
      Prod/Data/Acked/Resource
    NIST.800.53.R5-S3BucketLoggingEnabled: The S3 Buckets does not have server access logs enabled - (Control IDs: AC-2(4), AC-3(1), AC-3(10), AC-4(26), AC-6(9), AU-2b, AU-3a, AU-3b, AU-3c, AU-3d, AU-3e, AU-3f, AU-6(3), AU-6(4), AU-6(6), AU-6(9), AU-8b, AU-10, AU-12a, AU-12c, AU-12(1), AU-12(2), AU-12(3), AU-12(4), AU-14a, AU-14b, AU-14b, AU-14(3), CA-7b, CM-5(1)(b), CM-6a, CM-9b, IA-3(3)(b), MA-4(1)(a), PM-14a.1, PM-14b, PM-31, SC-7(9)(b), SI-1(1)(c), SI-3(8)(b), SI-4(2), SI-4(17), SI-4(20), SI-7(8), SI-10(1)(c)).
      Prod/Data/Acked/Resource
    NIST.800.53.R5-S3BucketPublicReadProhibited: The S3 Bucket does not prohibit public read access through its Block Public Access configurations and bucket ACLs - (Control IDs: AC-2(6), AC-3, AC-3(7), AC-4(21), AC-6, AC-17b, AC-17(1), AC-17(1), AC-17(4)(a), AC-17(9), AC-17(10), CM-6a, CM-9b, MP-2, SC-7a, SC-7b, SC-7c, SC-7(2), SC-7(3), SC-7(7), SC-7(9)(a), SC-7(11), SC-7(12), SC-7(16), SC-7(20), SC-7(21), SC-7(24)(b), SC-7(25), SC-7(26), SC-7(27), SC-7(28), SC-25).
      Prod/Data/Acked/Resource
    NIST.800.53.R5-S3BucketPublicWriteProhibited: The S3 Bucket does not prohibit public write access through its Block Public Access configurations and bucket ACLs - (Control IDs: AC-2(6), AC-3, AC-3(7), AC-4(21), AC-6, AC-17b, AC-17(1), AC-17(1), AC-17(4)(a), AC-17(9), AC-17(10), CM-6a, CM-9b, MP-2, SC-7a, SC-7b, SC-7c, SC-7(2), SC-7(3), SC-7(7), SC-7(9)(a), SC-7(11), SC-7(12), SC-7(16), SC-7(20), SC-7(21), SC-7(24)(b), SC-7(25), SC-7(26), SC-7(27), SC-7(28), SC-25).
      Prod/Data/Acked/Resource
    NIST.800.53.R5-S3BucketReplicationEnabled: The S3 Bucket does not have replication enabled - (Control IDs: AU-9(2), CM-6a, CM-9b, CP-1(2), CP-2(5), CP-6a, CP-6(1), CP-6(2), CP-9a, CP-9b, CP-9c, CP-10, CP-10(2), SC-5(2), SI-13(5)).
      Prod/Data/Acked/Resource
    NIST.800.53.R5-S3BucketVersioningEnabled: The S3 Bucket does not have versioning enabled - (Control IDs: AU-9(2), CP-1(2), CP-2(5), CP-6a, CP-6(1), CP-6(2), CP-9a, CP-9b, CP-9c, CP-10, CP-10(2), PM-11b, PM-17b, SC-5(2), SC-16(1), SI-1a.2, SI-1a.2, SI-1c.2, SI-13(5)).
      Prod/Data/Acked/Resource
    NIST.800.53.R5-S3DefaultEncryptionKMS: The S3 Bucket is not encrypted with a KMS Key by default - (Control IDs: AU-9(3), CP-9d, CP-9(8), SC-8(3), SC-8(4), SC-13a, SC-28(1), SI-19(4)).
      Prod/Data/Acked/Resource
    Prod/Data/Acked/Resource: AwsSolutions-S1 is mandatory on this platform and cannot be acknowledged (reason given: "access logs go to the central trail"); fix the resource instead.
    Prod/Data/Acked/Policy/Resource: AwsSolutions-S1 is mandatory on this platform and cannot be acknowledged (reason given: "access logs go to the central trail"); fix the resource instead.
    Stack 'checkout-prod-data' is estimated at $3.00 per month, over its budget of $0.50 by $2.50. Biggest cost drivers:
      1. Key961B73FD (AWS::KMS::Key): $3.00 per month = 1 customer managed key × $1.00 + 2 rotations × $1.00, per month
    Reduce these resources (size, count, profile) or raise the budget.
  Fix each resource, or acknowledge a finding on that resource with NagSuppressions.addResourceSuppressions and a reason specific to it.
    ...App.synth in aws-cdk-lib...
    at <anonymous> (/home/dev/checkout/bin/fixture3.ts:32:5)
    ...node internals, ts-node, ts-node...
node -r ts-node/register bin/fixture3.ts: Subprocess exited with error 1
`;

/**
 * What an app printed (the scaffold's bin/app.ts prints the error's message) when its validation passed and its own
 * stacks then failed cfn-guard and their budget: `PavedRoadGuardrails.enforce(app, { guard: true, cost: { monthlyBudget: 0.5 } })`.
 */
const THROWN = `Cost estimate, USD per month (list prices of 2026-11; unpriced resources not included)
Stack           Region   Monthly  Budget      Top cost drivers
checkout-tools  unknown  $3.00    $0.50 OVER  Key961B73FD $3.00
PavedRoadGuardrails: cfn-guard (AWS Control Tower proactive controls) found 4 violations:
    Tools/Key/Resource: kms_create_grant_aws_service_check: [CT.KMS.PR.3]: Require an AWS KMS key policy to have a statement that limits creation of AWS KMS grants to AWS services Fix: Configure a KMS key policy statement that denies access to the 'kms:CreateGrant' operation for all principals when the 'kms:GrantIsForAWSResource' and 'aws:PrincipalIsAWSService' conditions are both false, using the 'BoolIfExists' condition operator.
    Tools/Logs/Resource: s3_bucket_level_public_access_prohibited_check: [CT.S3.PR.1]: Require an Amazon S3 bucket to have block public access settings configured Fix: The parameters 'BlockPublicAcls', 'BlockPublicPolicy', 'IgnorePublicAcls', 'RestrictPublicBuckets' must be set to true under the bucket-level 'PublicAccessBlockConfiguration'.
    Tools/Logs/Resource: s3_bucket_versioning_enabled_check: [CT.S3.PR.11]: Require an Amazon S3 bucket to have versioning enabled Fix: Set the 'Status' in 'VersioningConfiguration' to Enabled.
    Tools/Logs/Resource: s3_lifecycle_policy_check: [CT.S3.PR.6]: Require an Amazon S3 bucket to have lifecycle policies configured Fix: Configure at least one active lifecycle rule in 'LifecycleConfiguration.Rules' by setting 'Status' on a rule to 'Enabled'.
Stack 'checkout-tools' is estimated at $3.00 per month, over its budget of $0.50 by $2.50. Biggest cost drivers:
  1. Key961B73FD (AWS::KMS::Key): $3.00 per month = 1 customer managed key × $1.00 + 2 rotations × $1.00, per month
Reduce these resources (size, count, profile) or raise the budget.
`;

useFixedClock('2026-11-22T02:00:00Z');

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

/** The mandatory rule acknowledged in Prod, as the refusal words it for each resource it was acknowledged on. */
const MANDATORY = (p: string) => `stage 'Prod': ${p}: AwsSolutions-S1 is mandatory on this platform and cannot be acknowledged (reason given: "access logs go to the central trail"); fix the resource instead.`;

describe('the guardrails\' refusal, read from what a synthesis printed', () => {
  test('every stage\'s findings by stage and rule (the app\'s own too), warnings, finding ids, budgets and other problems', () => {
    const refusal = parseRefusal(REFUSED);
    expect(refusal.stages.map((s) => [s.stage, s.profile, s.packs, s.findings.length])).toEqual([
      ['(app)', 'dev', ['aws-solutions', 'paved-road'], 1],
      ['Dev', 'dev', ['aws-solutions', 'paved-road'], 4],
      ['Prod', 'prod', ['aws-solutions', 'paved-road', 'nist-800-53-r5'], 7],
    ]);
    expect(refusal.stages[1].findings).toEqual([
      { path: 'Dev/Service/Loose/Resource', rule: 'AwsSolutions-S1', message: 'The S3 Bucket has server access logs disabled.', level: 'error' },
      { path: 'Dev/Service/Loose/Resource', rule: 'AwsSolutions-S10', message: 'The S3 Bucket or bucket policy does not require requests to use SSL.', level: 'error' },
      {
        path: 'Dev/Service/Role/DefaultPolicy/Resource',
        rule: 'AwsSolutions-IAM5[Resource::*]',
        message: 'The IAM entity contains wildcard permissions and does not have a cdk-nag rule suppression with evidence for those permission.',
        level: 'error',
      },
      { path: 'Dev/Service/Sessions/Resource', rule: 'AwsSolutions-DDB3', message: 'The DynamoDB table does not have Point-in-time Recovery enabled.', level: 'warning' },
    ]);
    expect(refusal.stages[2].findings.map((f) => f.rule)).toEqual([
      'AwsSolutions-S1', 'NIST.800.53.R5-S3BucketLoggingEnabled', 'NIST.800.53.R5-S3BucketPublicReadProhibited', 'NIST.800.53.R5-S3BucketPublicWriteProhibited',
      'NIST.800.53.R5-S3BucketReplicationEnabled', 'NIST.800.53.R5-S3BucketVersioningEnabled', 'NIST.800.53.R5-S3DefaultEncryptionKMS',
    ]);
    // the budget's cost drivers and advice, the cost tables and the stack trace are not problems of their own
    expect(refusal.overBudget).toEqual([{ stack: 'checkout-prod-data', monthlyUsd: 3, budgetUsd: 0.5 }]);
    expect(refusal.otherErrors).toEqual([MANDATORY('Prod/Data/Acked/Resource'), MANDATORY('Prod/Data/Acked/Policy/Resource')]);
  });

  test('colour codes are ignored; an error that is not the guardrails\' is no refusal', () => {
    const coloured = REFUSED.split('\n').map((l) => `\u001b[31m${l}\u001b[39m`).join('\n');
    expect(parseRefusal(coloured)).toEqual(parseRefusal(REFUSED));
    expect(parseRefusal('Error: Cannot find module \'aws-cdk-lib\'\n    at Module._resolveFilename (node:internal)')).toEqual({ stages: [], overBudget: [], otherErrors: [] });
  });

  test('what the app\'s own checks throw after its validation passed: its budget, cfn-guard with each violation; other guardrail errors as printed', () => {
    const refusal = parseRefusal(`${THROWN}\n  [] PavedRoadGuardrails: stage 'Late' was created after PavedRoadGuardrails.enforce(app) and would go unchecked; call enforce after the app's stages are built, or on the stage itself.\n`);
    expect(refusal.stages).toEqual([{ stage: '(app)', profile: undefined, packs: undefined, findings: [] }]);
    expect(refusal.overBudget).toEqual([{ stack: 'checkout-tools', monthlyUsd: 3, budgetUsd: 0.5 }]);
    expect(refusal.otherErrors).toHaveLength(2);
    expect(refusal.otherErrors[0]).toMatch(/^the app: cfn-guard \(AWS Control Tower proactive controls\) found 4 violations:\n {4}Tools\/Key\/Resource: kms_create_grant_aws_service_check: /);
    expect(refusal.otherErrors[0].split('\n')).toHaveLength(5);
    expect(refusal.otherErrors[1]).toMatch(/^\[\] PavedRoadGuardrails: stage 'Late' was created after/);
  });
});

describe('paved-road check', () => {
  test('a refused synthesis without reports: every stage in one summary, findings grouped by rule, the budget exceeded, exit 1', () => {
    const summary = summarize({ app: 'npx ts-node bin/app.ts', synthesizedWith: 'aws-cdk CLI', exitCode: 1, durationMs: 1234, assemblies: [], refusal: parseRefusal(REFUSED) });
    expect(summary.ok).toBe(false);
    expect(summary.totals).toMatchObject({ stages: 3, findings: 12, stacksOverBudget: 1 });
    expect(summary.stages.map((s) => [s.stage, s.refused, s.findingsByRule.map((g) => `${g.rule} ${g.findings.length}`)])).toEqual([
      ['(app)', true, ['AwsSolutions-SQS3 1']],
      ['Dev', true, ['AwsSolutions-DDB3 1', 'AwsSolutions-IAM5 1', 'AwsSolutions-S1 1', 'AwsSolutions-S10 1']],
      ['Prod', true, expect.arrayContaining(['AwsSolutions-S1 1', 'NIST.800.53.R5-S3DefaultEncryptionKMS 1'])],
      ['(budgets)', true, []],
    ]);
    const text = renderSummary(summary, styleFor(false));
    expect(text).toContain('Dev  profile dev  packs aws-solutions, paved-road  refused by the guardrails');
    expect(text).toContain('    AwsSolutions-DDB3  1\n      Dev/Service/Sessions/Resource (warning): The DynamoDB table does not have Point-in-time Recovery enabled.');
    expect(text).toContain('    AwsSolutions-IAM5  1\n      Dev/Service/Role/DefaultPolicy/Resource [Resource::*]: The IAM entity contains wildcard permissions');
    expect(text).toContain('Over budget\n  checkout-prod-data  $3.00/month  budget $0.50 OVER');
    expect(text).toContain(`${MANDATORY('Prod/Data/Acked/Resource')}\n${MANDATORY('Prod/Data/Acked/Policy/Resource')}`);
    expect(text).toContain('FAILED: 12 findings in 3 stages; 0 acknowledged; 1 stack over budget, $3.00 per month in total; 2 other guardrail errors, listed above.');
  });

  test('a refused synthesis through check: the stages\' reports and the refusal, each finding and budget counted once, exit 1', async () => {
    const dir = tmp('check-refused-');
    const devFindings = parseRefusal(REFUSED).stages[1].findings;
    // As the stages write them before the app's validation fails: Dev with its report, Prod without one (no report: true).
    fs.writeFileSync(path.join(dir, 'app.js'), `
const fs = require('fs'); const path = require('path');
const out = process.env.CDK_OUTDIR;
const write = (f, v) => { fs.mkdirSync(path.dirname(path.join(out, f)), { recursive: true }); fs.writeFileSync(path.join(out, f), JSON.stringify(v)); };
const stack = (name) => ({ type: 'aws:cloudformation:stack', environment: 'aws://unknown-account/unknown-region', properties: { templateFile: name + '.template.json', stackName: name } });
write('assembly-Dev/manifest.json', { version: '53.0.0', artifacts: { DevService: stack('checkout-dev-service') } });
write('assembly-Dev/paved-road-guardrails.json', { scope: 'Dev', profile: 'dev', packs: ['aws-solutions', 'paved-road'], strict: true,
  findings: ${JSON.stringify(devFindings)}, acknowledgments: [{ path: 'Dev/Service/Api/Resource', rule: 'AwsSolutions-ELB2', reason: 'x' }] });
write('assembly-Dev/paved-road-cost.json', { stacks: [{ stackName: 'checkout-dev-service', totalMonthlyUsd: 0, budgetUsd: 0.5, unpriced: [] }] });
write('assembly-Prod/manifest.json', { version: '53.0.0', artifacts: { ProdData: stack('checkout-prod-data') } });
write('assembly-Prod/paved-road-cost.json', { stacks: [{ stackName: 'checkout-prod-data', totalMonthlyUsd: 3, budgetUsd: 0.5, unpriced: [] }] });
process.stderr.write(fs.readFileSync(path.join(__dirname, 'refused.txt'), 'utf-8'));
process.exit(1);
`);
    fs.writeFileSync(path.join(dir, 'refused.txt'), REFUSED);
    fs.writeFileSync(path.join(dir, 'cdk.json'), JSON.stringify({ app: 'node app.js' }));
    const r = await check(dir, []);
    expect(r.code).toBe(1);
    expect(r.stdout).toContain('paved-road check: 3 stages, 2 stacks, synthesis refused in');
    expect(r.stdout).toContain('Dev  profile dev  packs aws-solutions, paved-road  refused by the guardrails\n  findings      4 in 4 rules');
    expect(r.stdout).toMatch(/ {2}acknowledged {2}1 \(AwsSolutions-ELB2 1\)\n {2}stacks {8}checkout-dev-service +\$0\.00\/month {2}budget \$0\.50\n/);
    expect(r.stdout).toContain('Prod  profile prod  packs aws-solutions, paved-road, nist-800-53-r5  refused by the guardrails\n  findings      7 in 7 rules');
    expect(r.stdout).toMatch(/ {2}stacks {8}checkout-prod-data +\$3\.00\/month {2}budget \$0\.50 OVER\n/);
    expect(r.stdout).not.toContain('Over budget');
    expect(r.stdout).toContain('note: the app\'s own stacks (if it has any) were not written');
    expect(r.stdout).toContain('FAILED: 12 findings in 3 stages; 1 acknowledged; 1 stack over budget, $3.00 per month in total; 2 other guardrail errors, listed above.');
  });

  test('a real synthesis: each stage wrote its reports before the app\'s validation failed; check counts each finding once, a preview over its daily budget', () => {
    const outdir = tmp('check-real-');
    const app = new App({ outdir, context: { 'paved-road:owner': 'team-checkout' } });
    const dev = new Stage(app, 'Dev');
    dev.node.setContext(ContextKeys.PROFILE, 'dev');
    const service = new Stack(dev, 'Service', { stackName: 'checkout-dev-service' });
    new s3.Bucket(service, 'Loose', { enforceSSL: true });
    const acked = new s3.Bucket(service, 'Acked', { enforceSSL: true, versioned: true });
    NagSuppressions.addResourceSuppressions(acked, [{ id: 'AwsSolutions-S1', reason: 'the access log bucket itself' }]);
    const preview = new PreviewEnvironment(app, 'Preview', { branch: 'main', ttl: Duration.hours(48), env: { account: '123456789012', region: 'us-east-1' } });
    new cloudwatch.Dashboard(preview.addStack('Api'), 'Dashboard');
    PavedRoadGuardrails.enforce(app, { report: true, cost: { estimate: true, previewDailyBudget: 0.05, printTable: false } });
    let printed = '';
    try {
      app.synth();
    } catch (e) {
      printed = (e as Error).message;
    }
    expect(printed).toMatch(/PavedRoadGuardrails found 1 unacknowledged finding and 1 other problem/);
    const refusal = parseRefusal(printed);
    const previewStage = preview.stage.node.path;
    const previewStack = PavedRoadGuardrails.of(preview.stage)!.costEstimates[0].stackName;
    expect(refusal.stages.map((s) => [s.stage, s.findings.map((f) => `${f.path} ${f.rule}`)])).toEqual([
      ['Dev', ['Dev/Service/Loose/Resource AwsSolutions-S1']],
      [previewStage, []],
    ]);
    expect(refusal.overBudget).toEqual([{ stack: previewStack, dailyUsd: 0.1, dailyBudgetUsd: 0.05 }]);
    expect(refusal.otherErrors).toEqual([]);
    const summary = summarize({ app: 'app', synthesizedWith: 'in process', exitCode: 1, durationMs: 1, assemblies: readAssembly(outdir), refusal });
    // the stages' own reports: the finding the refusal lists too, the acknowledgment only they have
    expect(summary.stages.map((s) => [s.stage, s.refused, s.findingCount, s.acknowledgments])).toEqual([
      ['Dev', true, 1, 1],
      [previewStage, true, 0, expect.any(Number)],
    ]);
    expect(summary.stages[1].stacks).toEqual([
      expect.objectContaining({ stack: previewStack, monthlyUsd: 3, dailyUsd: 0.1, dailyBudgetUsd: 0.05, overBudget: true }),
    ]);
    expect(summary.totals).toMatchObject({ findings: 1, stacksOverBudget: 1 });
    expect(summary.otherErrors).toEqual([]);
    expect(renderSummary(summary, styleFor(false))).toMatch(new RegExp(`${previewStack} +\\$3\\.00/month {2}\\$0\\.10/day {2}daily budget \\$0\\.05 OVER\n`));
  });

  test('stages the app\'s manifest does not list (its synthesis failed) in the order they synthesized', () => {
    const dir = tmp('check-order-');
    const stage = (name: string, at: number) => {
      fs.mkdirSync(path.join(dir, `assembly-${name}`));
      const manifest = path.join(dir, `assembly-${name}`, 'manifest.json');
      fs.writeFileSync(manifest, JSON.stringify({ artifacts: {} }));
      fs.utimesSync(manifest, at, at);
    };
    stage('Staging', 1_000_000_200);
    stage('Dev', 1_000_000_100);
    stage('Prod', 1_000_000_300);
    expect(readAssembly(dir).map((a) => a.stage)).toEqual(['(app)', 'Dev', 'Staging', 'Prod']);
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
