import { App, Aspects, CfnResource, Stack } from 'aws-cdk-lib';
import * as s3 from 'aws-cdk-lib/aws-s3';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import { IApplyRule, INagLogger, NagMessageLevel, NagPack, NagPackProps, NagRuleCompliance, NagRuleResult } from 'cdk-nag';
import { IConstruct } from 'constructs';
import { Comparison, compareWithStock, differences, sharingProblems, smallRiskyStack } from './cdk-nag-parity';
import { ALL_PACKS, testApp } from './nag';
import { applySharedRule, RuleOutcomes, sharingOutcomes } from '../src/guardrails/shared-rule-outcomes';

// cdk-nag's stock packs against the shared outcomes, on a rich fixture and at both ends of the peer
// range: test/cdk-nag-parity-lowest.test.ts and test/cdk-nag-parity-newest.test.ts.

/** A rule id as PavedRoadGuardrails reports it: with the finding id when it has one. */
function ruleOf(d: { ruleId: string; findingId?: string }): string {
  return d.findingId && d.findingId !== d.ruleId ? `${d.ruleId}[${d.findingId}]` : d.ruleId;
}

/** Collects what the packs report as `path rule` rows. */
class Recorder implements INagLogger {
  public readonly findings: string[] = [];
  public readonly notApplicable: string[] = [];
  public onCompliance(): void {}
  public onNotApplicable(d: any): void {
    this.notApplicable.push(`${d.resource.node.path} ${d.ruleId}`);
  }
  public onNonCompliance(d: any): void {
    this.findings.push(`${d.resource.node.path} ${ruleOf(d)}`);
  }
  public onSuppressed(): void {}
  public onError(d: any): void {
    this.findings.push(`${d.resource.node.path} ${d.nagPackName}-CdkNagValidationFailure[${d.ruleId}]`);
  }
  public onSuppressedError(): void {}
}

/** Two rules: one counts its calls (`throws` makes it fail the way an unresolvable value does), one applies to nothing. */
function rules(calls: CfnResource[], throws: boolean) {
  function COUNTED_RULE(node: CfnResource): NagRuleResult {
    calls.push(node);
    if (throws) throw new Error('cannot resolve the value');
    return node.cfnResourceType === 'AWS::SQS::Queue' ? NagRuleCompliance.NON_COMPLIANT : NagRuleCompliance.NOT_APPLICABLE;
  }
  function NEVER_APPLIES(): NagRuleResult {
    return NagRuleCompliance.NOT_APPLICABLE;
  }
  return [COUNTED_RULE, NEVER_APPLIES];
}

function ruleParams(rule: (node: CfnResource) => NagRuleResult, node: CfnResource): IApplyRule {
  return { info: 'The queue is a queue.', explanation: 'Test rule.', level: NagMessageLevel.ERROR, rule, node };
}

/** A pack that applies `rules` to every resource through `applyRule`, as cdk-nag 2.x's packs do. */
function packOf(name: string, packRules: Array<(node: CfnResource) => NagRuleResult>) {
  return class extends NagPack {
    constructor(props?: NagPackProps) {
      super(props);
      this.packName = name;
    }
    public visit(node: IConstruct): void {
      if (!(node instanceof CfnResource)) return;
      for (const rule of packRules) this.applyRule(ruleParams(rule, node));
    }
  };
}

/**
 * A pack as it would be if cdk-nag renamed `applyRule` (to `applyRuleV3`, say): its rules reach cdk-nag's
 * evaluation without passing through any override of `applyRule`.
 */
function renamedApplyRulePack(name: string, packRules: Array<(node: CfnResource) => NagRuleResult>) {
  return class extends NagPack {
    constructor(props?: NagPackProps) {
      super(props);
      this.packName = name;
    }
    public visit(node: IConstruct): void {
      if (!(node instanceof CfnResource)) return;
      for (const rule of packRules) this.applyRuleV3(ruleParams(rule, node));
    }
    protected applyRuleV3(params: IApplyRule): void {
      super.applyRule(params);
    }
  };
}

function twoPacks(throws: boolean, makePack = packOf) {
  const calls: CfnResource[] = [];
  const recorder = new Recorder();
  const outcomes = new RuleOutcomes();
  const app = new App();
  const stack = new Stack(app, 'S');
  new sqs.Queue(stack, 'Queue');
  new s3.Bucket(stack, 'Bucket');
  const Pack = makePack('One', rules(calls, throws));
  Aspects.of(app).add(sharingOutcomes(Pack, { reports: false, additionalLoggers: [recorder] }, outcomes));
  Aspects.of(app).add(sharingOutcomes(Pack, { reports: false, additionalLoggers: [recorder] }, outcomes));
  app.synth();
  return { calls, recorder, outcomes };
}

describe('rule outcomes shared by the packs of one enforcement', () => {
  test('GIVEN two packs with the same rules THEN each runs once per resource and both packs report, named after the rule function', () => {
    const { calls, recorder, outcomes } = twoPacks(false);
    expect(calls.map((c) => c.node.path).sort()).toEqual(['S/Bucket/Resource', 'S/Queue/Resource']);
    expect(outcomes).toMatchObject({ evaluated: 4, reused: 4 });
    expect(recorder.findings).toEqual(['S/Queue/Resource One-COUNTED_RULE', 'S/Queue/Resource One-COUNTED_RULE']);
    // "Not applicable" reaches the loggers only from the first rule a pack applies to a resource, where
    // cdk-nag reads (and validates) its suppressions; the rest are skipped.
    expect(recorder.notApplicable).toEqual(['S/Bucket/Resource One-COUNTED_RULE', 'S/Bucket/Resource One-COUNTED_RULE']);
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

  test('GIVEN packs that no longer call applyRule (as if cdk-nag renamed it) THEN they report as cdk-nag\'s own, and the parity check says nothing was shared', () => {
    const { calls, recorder, outcomes } = twoPacks(false, renamedApplyRulePack);
    // the runtime fallback: cdk-nag's own evaluation, each pack running each rule
    expect(recorder.findings).toEqual(['S/Queue/Resource One-COUNTED_RULE', 'S/Queue/Resource One-COUNTED_RULE']);
    expect(calls).toHaveLength(4);
    expect(outcomes).toMatchObject({ evaluated: 0, reused: 0 });
    expect(sharingProblems(outcomes)).toEqual([
      'no rule was evaluated through RuleOutcomes: cdk-nag no longer calls the applyRule override',
      'no rule outcome was reused: the packs share no evaluation',
    ]);
    // control: the packs of cdk-nag 2.x do share
    expect(sharingProblems(twoPacks(false).outcomes)).toEqual([]);
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

  test('GIVEN a shared evaluation that loses a finding THEN the parity comparison reports it (negative control)', () => {
    const real = RuleOutcomes.prototype.outcome;
    // sabotage: every S3 rule outcome shared by the guardrails' packs reads "not applicable"
    const lose = jest.spyOn(RuleOutcomes.prototype, 'outcome').mockImplementation(function (this: RuleOutcomes, rule, node) {
      return node.cfnResourceType === 'AWS::S3::Bucket' && /^S3/.test(rule.name) ? { result: NagRuleCompliance.NOT_APPLICABLE } : real.call(this, rule, node);
    });
    const app = testApp();
    smallRiskyStack(app);
    let run: Comparison;
    try {
      run = compareWithStock({ apps: [app], addPipeline: () => {} }, { packs: ALL_PACKS });
    } finally {
      lose.mockRestore();
    }
    const diff = differences(run.stock.findings, run.shared.findings);
    expect(diff.onlyShared).toEqual([]);
    expect(diff.onlyStock.length).toBeGreaterThan(4);
    expect(diff.onlyStock.every((row) => row.includes('"path":"TestStack/Bucket/Resource"'))).toBe(true);
  });
});
