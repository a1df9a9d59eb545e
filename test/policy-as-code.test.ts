import * as fs from 'fs';
import * as path from 'path';
import { Stack } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import { testApp, testStack } from './nag';
import { README, readmeSection, renderGuardTable } from '../scripts/readme-tables';
import { PavedRoadGuardrails, PavedRoadNetwork } from '../src';
import { GUARD_RULES_DISABLED_BY_DESIGN } from '../src/guardrails/policy-as-code';

/** Queues that pass every cdk-nag rule, but whose dead-letter queue has no redrive-allow policy, which CT.SQS.PR.1 refuses. */
function queueWithBareDlq(stack: Stack): void {
  const dlq = new sqs.Queue(stack, 'Dlq', { enforceSSL: true, encryption: sqs.QueueEncryption.SQS_MANAGED });
  new sqs.Queue(stack, 'Queue', { enforceSSL: true, encryption: sqs.QueueEncryption.SQS_MANAGED, deadLetterQueue: { queue: dlq, maxReceiveCount: 3 } });
}

describe('PavedRoadGuardrails guard (cfn-guard, AWS Control Tower proactive controls)', () => {
  test('GIVEN a dead-letter queue without redrive-allow policy WHEN guard is on THEN synthesis fails naming the control and the resource', () => {
    const app = testApp();
    queueWithBareDlq(testStack(app));
    PavedRoadGuardrails.enforce(app, { guard: true });
    expect(() => app.synth()).toThrow(/cfn-guard \(AWS Control Tower proactive controls\) found \d+ violations?:\n {4}TestStack\/Dlq\/Resource: sqs_dlq_check: \[CT\.SQS\.PR\.1\]/);
  });

  test('GIVEN the same rule disabled by name THEN that violation is gone', () => {
    const app = testApp();
    queueWithBareDlq(testStack(app));
    PavedRoadGuardrails.enforce(app, { guard: true, guardDisabledRules: ['ct-sqs-pr-1'] });
    expect(() => app.synth()).not.toThrow();
  });

  test('GIVEN a paved-road network WHEN guard is on THEN it passes with only the rules disabled by design', () => {
    const app = testApp();
    const stack = testStack(app);
    // a NAT instance and the load balancer previews share (dev, published parameters)
    new PavedRoadNetwork(stack, 'Network', { parameterPrefix: '/dev/network' });
    PavedRoadGuardrails.enforce(app, { guard: true, report: true });
    const assembly = app.synth();
    const report = JSON.parse(fs.readFileSync(path.join(assembly.directory, 'paved-road-guardrails.json'), 'utf-8'));
    expect(report.guardViolations).toEqual([]);
    // CT.KMS.PR.3 is met, not disabled: every paved-road key lets only AWS services create grants.
    expect(Object.keys(GUARD_RULES_DISABLED_BY_DESIGN)).not.toContain('ct-kms-pr-3');
    Template.fromStack(stack).hasResourceProperties('AWS::KMS::Key', {
      KeyPolicy: {
        Statement: expectArrayContaining({
          Sid: 'DenyGrantsExceptForAwsServices',
          Effect: 'Deny',
          Action: 'kms:CreateGrant',
          Principal: { AWS: '*' },
          Condition: { BoolIfExists: { 'kms:GrantIsForAWSResource': 'false', 'aws:PrincipalIsAWSService': 'false' } },
        }),
      },
    });
  });

  test('every rule disabled by design names its control and gives a reason', () => {
    for (const [file, reason] of Object.entries(GUARD_RULES_DISABLED_BY_DESIGN)) {
      expect(file).toMatch(/^ct-[a-z0-9]+-pr-\d+$/);
      expect(reason).toMatch(new RegExp(`^${file.replace(/^ct-([a-z0-9]+)-pr-(\d+)$/, (_m, s, n) => `CT\\.${s.toUpperCase()}\\.PR\\.${n}`)} `));
    }
  });
});

function expectArrayContaining(item: Record<string, unknown>) {
  return Match.arrayWith([Match.objectLike(item)]);
}

describe('README', () => {
  test('lists every cfn-guard rule disabled by design with its reason, and nothing else', () => {
    const readme = fs.readFileSync(README, 'utf-8');
    expect(Object.keys(GUARD_RULES_DISABLED_BY_DESIGN).length).toBeGreaterThan(0);
    expect(readmeSection(readme, 'guard-disabled')).toBe(renderGuardTable());
  });
});
