import { App, Aspects, CfnResource, Stack, Tags } from 'aws-cdk-lib';
import * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as s3 from 'aws-cdk-lib/aws-s3';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import {
  AwsSolutionsChecks, HIPAASecurityChecks, IApplyRule, INagLogger, NagMessageLevel, NagPack, NagPackProps, NagRuleCompliance, NagRuleResult,
  NagSuppressions, NIST80053R5Checks, PCIDSS321Checks,
} from 'cdk-nag';
import { IConstruct } from 'constructs';
import { ALL_PACKS, testApp, testStack } from './nag';
import { PavedRoadGuardrails } from '../src';
import { applySharedRule, RuleOutcomes, sharingOutcomes } from '../src/guardrails/shared-rule-outcomes';

/** Resources that break rules of every pack, one acknowledged, one rule per pack that cannot evaluate. */
function riskyStack(app: App): Stack {
  const stack = testStack(app);
  new s3.Bucket(stack, 'Unlogged');
  const acknowledged = new s3.Bucket(stack, 'Acknowledged', { enforceSSL: true });
  NagSuppressions.addResourceSuppressions(acknowledged, [
    { id: 'AwsSolutions-S1', reason: 'Test bucket: it is the access-log destination of the account.' },
    { id: 'NIST.800.53.R5-S3BucketLoggingEnabled', reason: 'Test bucket: it is the access-log destination of the account.' },
  ]);
  const vpc = new ec2.Vpc(stack, 'Vpc', { maxAzs: 1, natGateways: 0 });
  const sg = new ec2.SecurityGroup(stack, 'Open', { vpc });
  sg.addIngressRule(ec2.Peer.anyIpv4(), ec2.Port.tcp(22));
  new lambda.Function(stack, 'Fn', { runtime: lambda.Runtime.NODEJS_22_X, handler: 'index.handler', code: lambda.Code.fromInline('exports.handler=async()=>1') });
  new dynamodb.Table(stack, 'Table', { partitionKey: { name: 'pk', type: dynamodb.AttributeType.STRING } });
  new sqs.Queue(stack, 'Queue');
  return stack;
}

type Row = string;

function ruleParams(rule: (node: CfnResource) => NagRuleResult, node: CfnResource): IApplyRule {
  return { info: 'The queue is a queue.', explanation: 'Test rule.', level: NagMessageLevel.ERROR, rule, node };
}

/** A rule id as PavedRoadGuardrails reports it: with the finding id when it has one. */
function ruleOf(d: { ruleId: string; findingId?: string }): string {
  return d.findingId && d.findingId !== d.ruleId ? `${d.ruleId}[${d.findingId}]` : d.ruleId;
}

/** Collects what cdk-nag's own packs report, in the shape PavedRoadGuardrails reports it. */
class Recorder implements INagLogger {
  public readonly findings: Row[] = [];
  public readonly acknowledgments: Row[] = [];
  public onCompliance(): void {}
  public onNotApplicable(): void {}
  public onNonCompliance(d: any): void {
    if (d.ruleLevel !== NagMessageLevel.INFO) this.findings.push(`${d.resource.node.path} ${ruleOf(d)}`);
  }
  public onSuppressed(d: any): void {
    this.acknowledgments.push(`${d.resource.node.path} ${ruleOf(d)}`);
  }
  public onError(d: any): void {
    this.findings.push(`${d.resource.node.path} ${d.nagPackName}-CdkNagValidationFailure[${d.ruleId}]`);
  }
  public onSuppressedError(d: any): void {
    this.acknowledgments.push(`${d.resource.node.path} ${d.nagPackName}-CdkNagValidationFailure[${d.ruleId}]`);
  }
}

describe('rule outcomes shared by the packs of one enforcement', () => {
  test('GIVEN resources that break rules of every pack THEN the findings and acknowledgments are exactly those of cdk-nag\'s own packs', () => {
    const stockApp = testApp();
    riskyStack(stockApp);
    // The guardrails tag what is not tagged yet; the stock run gets the same tags so both see one tree.
    Tags.of(stockApp).add('paved-road:owner', 'team-test', { priority: 50 });
    const recorder = new Recorder();
    const props = { reports: false, verbose: true, additionalLoggers: [recorder] };
    for (const pack of [new AwsSolutionsChecks(props), new NIST80053R5Checks(props), new HIPAASecurityChecks(props), new PCIDSS321Checks(props)]) {
      Aspects.of(stockApp).add(pack);
    }
    stockApp.synth();

    const app = testApp();
    riskyStack(app);
    const guardrails = PavedRoadGuardrails.enforce(app, { packs: ALL_PACKS });
    expect(() => app.synth()).toThrow(/unacknowledged finding/);
    const ours = (rows: Array<{ path: string; rule: string }>) => rows.filter((r) => !r.rule.startsWith('PavedRoad-')).map((r) => `${r.path} ${r.rule}`).sort();

    expect(recorder.findings.length).toBeGreaterThan(50);
    expect(recorder.acknowledgments).toHaveLength(2);
    expect(ours(guardrails.findings)).toEqual([...recorder.findings].sort());
    expect(ours(guardrails.acknowledgments)).toEqual([...recorder.acknowledgments].sort());
  });

  /** Two rules: one counts its calls (`throws` makes it fail the way an unresolvable value does), one applies to nothing. */
  function countingPack(name: string, calls: CfnResource[], throws = false) {
    return class extends NagPack {
      constructor(props?: NagPackProps) {
        super(props);
        this.packName = name;
      }
      public visit(node: IConstruct): void {
        if (!(node instanceof CfnResource)) return;
        for (const rule of [COUNTED_RULE, NEVER_APPLIES]) this.applyRule(ruleParams(rule, node));
      }
    };
    function COUNTED_RULE(node: CfnResource) {
      calls.push(node);
      if (throws) throw new Error('cannot resolve the value');
      return node.cfnResourceType === 'AWS::SQS::Queue' ? NagRuleCompliance.NON_COMPLIANT : NagRuleCompliance.NOT_APPLICABLE;
    }
    function NEVER_APPLIES() {
      return NagRuleCompliance.NOT_APPLICABLE;
    }
  }

  function twoPacks(throws: boolean) {
    const calls: CfnResource[] = [];
    const recorder = new Recorder();
    const outcomes = new RuleOutcomes();
    const notApplicable = jest.spyOn(recorder, 'onNotApplicable');
    const app = new App();
    const stack = new Stack(app, 'S');
    new sqs.Queue(stack, 'Queue');
    new s3.Bucket(stack, 'Bucket');
    const Pack = countingPack('One', calls, throws);
    Aspects.of(app).add(sharingOutcomes(Pack, { reports: false, additionalLoggers: [recorder] }, outcomes));
    Aspects.of(app).add(sharingOutcomes(Pack, { reports: false, additionalLoggers: [recorder] }, outcomes));
    app.synth();
    return { calls, recorder, outcomes, notApplicable };
  }

  test('GIVEN two packs with the same rules THEN each runs once per resource and both packs report, named after the rule function', () => {
    const { calls, recorder, outcomes, notApplicable } = twoPacks(false);
    expect(calls.map((c) => c.node.path).sort()).toEqual(['S/Bucket/Resource', 'S/Queue/Resource']);
    expect(outcomes).toMatchObject({ evaluated: 4, reused: 4 });
    expect(recorder.findings).toEqual(['S/Queue/Resource One-COUNTED_RULE', 'S/Queue/Resource One-COUNTED_RULE']);
    // "Not applicable" reaches the loggers only from the first rule a pack applies to a resource, where
    // cdk-nag reads (and validates) its suppressions; the rest are skipped.
    expect(notApplicable.mock.calls.map(([d]: any[]) => `${d.resource.node.path} ${d.ruleId}`)).toEqual(['S/Bucket/Resource One-COUNTED_RULE', 'S/Bucket/Resource One-COUNTED_RULE']);
  });

  test('GIVEN a rule that throws THEN every pack still reports the validation failure', () => {
    const { calls, recorder } = twoPacks(true);
    expect(calls).toHaveLength(2);
    expect(recorder.findings.sort()).toEqual([
      'S/Bucket/Resource One-CdkNagValidationFailure[One-COUNTED_RULE]',
      'S/Bucket/Resource One-CdkNagValidationFailure[One-COUNTED_RULE]',
      'S/Queue/Resource One-CdkNagValidationFailure[One-COUNTED_RULE]',
      'S/Queue/Resource One-CdkNagValidationFailure[One-COUNTED_RULE]',
    ]);
  });

  test('GIVEN a malformed acknowledgment on a resource no rule applies to THEN synthesis fails as with cdk-nag\'s own packs', () => {
    const build = (app: App) => {
      const thing = new CfnResource(testStack(app), 'Thing', { type: 'Custom::Thing' });
      thing.addMetadata('cdk_nag', { rules_to_suppress: [{ id: 'AwsSolutions-S1', reason: 'too short' }] });
    };
    const stockApp = testApp();
    build(stockApp);
    Aspects.of(stockApp).add(new AwsSolutionsChecks({ reports: false }));
    expect(() => stockApp.synth()).toThrow(/'reason' of 10 characters or more/);

    const app = testApp();
    build(app);
    PavedRoadGuardrails.enforce(app, { packs: ALL_PACKS });
    expect(() => app.synth()).toThrow(/'reason' of 10 characters or more/);
  });

  test('GIVEN parameters of a shape it does not know THEN cdk-nag\'s own applyRule gets them unchanged, unshared', () => {
    const outcomes = new RuleOutcomes();
    const apply = jest.fn();
    const node = new CfnResource(new Stack(), 'R', { type: 'Custom::R' });
    const renamed = { ...ruleParams(() => NagRuleCompliance.COMPLIANT, node), rule: undefined, check: () => NagRuleCompliance.COMPLIANT };
    applySharedRule(outcomes, renamed as unknown as IApplyRule, apply);
    const notAResource = ruleParams(() => NagRuleCompliance.COMPLIANT, new Stack() as unknown as CfnResource);
    applySharedRule(outcomes, notAResource, apply);
    expect(apply.mock.calls).toEqual([[renamed], [notAResource]]);
    expect(outcomes).toMatchObject({ evaluated: 0, reused: 0 });
    // control: a known shape is evaluated here and replayed to cdk-nag
    applySharedRule(outcomes, ruleParams(() => NagRuleCompliance.COMPLIANT, node), apply);
    expect(outcomes.evaluated).toBe(1);
    expect(apply.mock.calls[2][0].rule()).toBe(NagRuleCompliance.COMPLIANT);
  });
});
