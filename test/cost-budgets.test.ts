import { Duration, Stack } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import { useFixedClock } from './clock';
import { testApp, testStack, validationError } from './nag';
import { PavedRoadGuardrails, PreviewEnvironment } from '../src';

const ENV = { account: '123456789012', region: 'us-east-1' };
useFixedClock('2026-11-22T02:00:00Z');

/** A stack with `n` dashboards: $3.00 a month each, $0.10 a day (3 × 24 / 730 = 0.0986). */
function dashboards(stack: Stack, n: number): Stack {
  for (let i = 0; i < n; i++) new cloudwatch.Dashboard(stack, `Dashboard${i}`);
  return stack;
}

/** An app with a 48 h preview of one dashboard and a dev stack of two. */
function appWithPreview() {
  const app = testApp();
  const preview = new PreviewEnvironment(app, 'P', { branch: 'main', ttl: Duration.hours(48), env: ENV });
  const previewStack = dashboards(preview.addStack('Api'), 1);
  const devStack = dashboards(testStack(app, 'Dev'), 2);
  return { app, preview, previewStack, devStack };
}

describe('PavedRoadGuardrails cost: daily budgets of previews', () => {
  let stderr: jest.SpyInstance;
  beforeEach(() => { stderr = jest.spyOn(process.stderr, 'write').mockImplementation(() => true); });
  afterEach(() => stderr.mockRestore());

  test('GIVEN a preview over its daily budget THEN synthesis fails naming the stack, its cost per day and the budget', () => {
    const { app, previewStack } = appWithPreview();
    PavedRoadGuardrails.enforce(app, { cost: { previewDailyBudget: 0.05 } });
    expect(() => app.synth()).toThrow(new RegExp(`Stack '${previewStack.stackName}' is estimated at \\$0\\.10 per day, over its daily budget of \\$0\\.05 by \\$0\\.05`));
    expect(() => app.synth()).toThrow(/1\. Dashboard0\w+ \(AWS::CloudWatch::Dashboard\): \$0\.10 per day \(\$3\.00 per month = 1 dashboard/);
  });

  test('GIVEN a preview within its daily budget THEN synthesis passes; stacks of other profiles are not held to it', () => {
    // the dev stack costs $0.20 a day, over the preview budget: it is not a preview
    const { app, preview, previewStack } = appWithPreview();
    const guardrails = PavedRoadGuardrails.enforce(app, { cost: { previewDailyBudget: 0.15 } });
    expect(() => app.synth()).not.toThrow();
    expect(PavedRoadGuardrails.of(preview.stage)?.costEstimates)
      .toEqual([expect.objectContaining({ stackName: previewStack.stackName, dailyBudgetUsd: 0.15, dailyUsd: 0.1 })]);
    expect(guardrails.costEstimates).toEqual([expect.objectContaining({ stackName: 'Dev', totalMonthlyUsd: 6 })]);
    expect(guardrails.costEstimates[0].dailyBudgetUsd).toBeUndefined();
    // the table shows the preview's cost per day against its budget
    expect(stderr.mock.calls.map((c) => String(c[0])).join('')).toContain('  preview: $0.10 per day, $0.20 for its 48 h lifetime; daily budget $0.15');
  });

  test('GIVEN a monthly budget too THEN a preview is held to both', () => {
    const { app, previewStack } = appWithPreview();
    PavedRoadGuardrails.enforce(app, { cost: { previewDailyBudget: 1, profileMonthlyBudgets: { preview: 2 } } });
    expect(() => app.synth()).toThrow(new RegExp(`Stack '${previewStack.stackName}' is estimated at \\$3\\.00 per month, over its budget of \\$2\\.00`));
  });
});

describe('PavedRoadGuardrails cost options enforced again', () => {
  test('the same cost options, or some of them, return the first guardrails; other values are an error naming cost', () => {
    const app = testApp();
    const first = PavedRoadGuardrails.enforce(app, { cost: { monthlyBudget: 100, printTable: false } });
    // options left out keep the first call's values, one by one
    expect(PavedRoadGuardrails.enforce(app, { cost: { monthlyBudget: 100 } })).toBe(first);
    expect(PavedRoadGuardrails.enforce(app, { cost: { printTable: false, estimate: true } })).toBe(first);
    const error = validationError(() => PavedRoadGuardrails.enforce(app, { cost: { monthlyBudget: 50 } }));
    expect(error.message).toMatch(/cost: \{"monthlyBudget":50\} is not allowed; allowed: what the PavedRoadGuardrails already enforced on '\(app\)' apply \(cost: \{.*"monthlyBudget":100/);
  });
});
