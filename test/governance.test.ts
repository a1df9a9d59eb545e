import * as fs from 'fs';
import * as path from 'path';
import { Stack } from 'aws-cdk-lib';
import { testApp, testStack, validationError } from './nag';
import { ContextKeys, PavedRoadGuardrails, PavedRoadNetwork } from '../src';

/** A dev network: 1 NAT gateway and 2 KMS keys are its priced resources. */
function networkApp(context: Record<string, unknown> = {}) {
  const app = testApp(context);
  const stack = testStack(app, 'Checkout');
  new PavedRoadNetwork(stack, 'Network');
  return { app, stack };
}

function readReport(dir: string, stack: Stack, ext: 'json' | 'md') {
  const text = fs.readFileSync(path.join(dir, 'paved-road-compliance', `${stack.artifactId}.${ext}`), 'utf-8');
  return ext === 'json' ? JSON.parse(text) : text;
}

describe('PavedRoadGuardrails cost estimate, budgets and compliance report', () => {
  let stderr: jest.SpyInstance;
  beforeEach(() => { stderr = jest.spyOn(process.stderr, 'write').mockImplementation(() => true); });
  afterEach(() => stderr.mockRestore());

  test('GIVEN report and cost.estimate THEN each stack gets a JSON and Markdown report with packs, rules, acknowledgments and cost', () => {
    const { app, stack } = networkApp({ [ContextKeys.PROFILE]: 'prod' });
    const guardrails = PavedRoadGuardrails.enforce(app, { report: true, cost: { estimate: true } });
    const assembly = app.synth();

    const json = readReport(assembly.directory, stack, 'json');
    expect(json).toMatchObject({ library: 'paved-road-constructs', stack: 'Checkout', profile: 'prod', packs: ['aws-solutions', 'paved-road', 'nist-800-53-r5'], findings: [] });
    expect(json.rulesEvaluated).toEqual(expect.arrayContaining(['AwsSolutions-VPC7', 'PavedRoad-OwnerTag', 'NIST.800.53.R5-VPCFlowLogsEnabled']));
    expect(json.acknowledgments).toEqual(expect.arrayContaining([expect.objectContaining({
      path: 'Checkout/Network/Vpc/PublicSubnet1/DefaultRoute', rule: 'NIST.800.53.R5-VPCNoUnrestrictedRouteToIGW',
    })]));
    // prod: 3 NAT gateways are the biggest line; the estimate is the one the guardrails expose
    const [estimate] = guardrails.costEstimates;
    expect(json.cost.totalMonthlyUsd).toBe(estimate.totalMonthlyUsd);
    expect(json.cost.lines.filter((l: any) => l.resourceType === 'AWS::EC2::NatGateway')).toHaveLength(3);

    const md = readReport(assembly.directory, stack, 'md');
    expect(md).toContain('# Compliance report: Checkout');
    expect(md).toContain('| Checkout/Network/Vpc/PublicSubnet1/DefaultRoute | NIST.800.53.R5-VPCNoUnrestrictedRouteToIGW | NIST.800.53.R5 | Public subnets hold only');
    expect(md).toMatch(/Estimated \*\*\$\d+\.\d\d per month\*\*/);

    const cost = JSON.parse(fs.readFileSync(path.join(assembly.directory, 'paved-road-cost.json'), 'utf-8'));
    expect(cost.stacks.map((s: any) => s.stackName)).toEqual(['Checkout']);
    expect(stderr.mock.calls.map((c) => String(c[0])).join('')).toContain('Checkout');

    // A second synthesis (Template.fromStack runs one) reports itself, not both.
    const again = app.synth({ force: true });
    expect(guardrails.costEstimates).toHaveLength(1);
    expect(JSON.parse(fs.readFileSync(path.join(again.directory, 'paved-road-cost.json'), 'utf-8')).stacks).toHaveLength(1);
    expect(readReport(again.directory, stack, 'json').acknowledgments).toEqual(json.acknowledgments);
  });

  test('GIVEN a budget below the estimate THEN synthesis fails naming the stack and its biggest cost drivers, and the report is still written', () => {
    const { app, stack } = networkApp();
    PavedRoadGuardrails.enforce(app, { report: true, cost: { monthlyBudget: 1 } });
    expect(() => app.synth()).toThrow(/Checkout.*budget|budget.*Checkout/s);
    expect(() => app.synth()).toThrow(/NatGateway|Nat/);
    expect(fs.existsSync(path.join(app.outdir, 'paved-road-compliance', `${stack.artifactId}.json`))).toBe(true);
  });

  test('GIVEN a per-profile budget THEN it applies to stacks of that profile only', () => {
    const prod = networkApp({ [ContextKeys.PROFILE]: 'prod' });
    PavedRoadGuardrails.enforce(prod.app, { cost: { profileMonthlyBudgets: { dev: 1, prod: 100_000 } } });
    expect(() => prod.app.synth()).not.toThrow();
    const dev = networkApp();
    PavedRoadGuardrails.enforce(dev.app, { cost: { profileMonthlyBudgets: { dev: 1, prod: 100_000 } } });
    expect(() => dev.app.synth()).toThrow(/budget/);
  });

  test('negative, non-numeric budgets and unknown profiles are errors naming the option and the value', () => {
    const error = validationError(() => PavedRoadGuardrails.enforce(testApp(), {
      cost: { monthlyBudget: -5, profileMonthlyBudgets: { qa: 10, prod: 'lots' as unknown as number } },
    }));
    expect(error.message).toMatch(/cost\.monthlyBudget: -5 is not allowed; allowed: a monthly amount in USD/);
    expect(error.message).toMatch(/cost\.profileMonthlyBudgets key: "qa" is not allowed; allowed: one of dev, staging, prod, preview/);
    expect(error.message).toMatch(/cost\.profileMonthlyBudgets\['prod'\]: "lots" is not allowed/);
    expect(() => PavedRoadGuardrails.enforce(testApp(), { cost: { monthlyBudget: Number.NaN } })).toThrow(/cost\.monthlyBudget: NaN is not allowed/);
  });
});
