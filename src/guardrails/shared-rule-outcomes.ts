import { CfnResource } from 'aws-cdk-lib';
import { AwsSolutionsChecks, IApplyRule, NagPack, NagRuleCompliance, NagRuleResult } from 'cdk-nag';
import { IConstruct } from 'constructs';
import { Traversals } from './traversals';

type Rule = IApplyRule['rule'];
type Outcome = { readonly result: NagRuleResult } | { readonly error: unknown };

/**
 * The outcome of every (rule, resource) pair evaluated by the packs of one `PavedRoadGuardrails`
 * in one synthesis.
 *
 * The NIST, HIPAA and PCI packs share most of their rule functions with each other and with
 * AwsSolutions, and every pack calls every one of its rules on every resource. Evaluating each
 * pair once is safe because the packs run as READONLY aspects: the tree no longer changes, and
 * cdk-nag rules are functions of the resource (and the tree around it) alone.
 * @internal
 */
export class RuleOutcomes {
  /** Rule functions actually run. */
  public evaluated = 0;
  /** Rule applications answered from an earlier evaluation. */
  public reused = 0;
  private byNode = new WeakMap<CfnResource, Map<Rule, Outcome>>();
  private synthesis = 0;

  /** @param onNewSynthesis called when the first pack starts a synthesis, before any rule runs */
  constructor(private readonly onNewSynthesis: () => void = () => {}) {}

  /**
   * Called by each pack on each visit with the number of its traversal. The first pack to start a
   * new one drops the outcomes of the previous synthesis, whose tree may have changed since.
   */
  public enter(synthesis: number): void {
    if (synthesis <= this.synthesis) return;
    this.synthesis = synthesis;
    this.byNode = new WeakMap();
    this.onNewSynthesis();
  }

  public outcome(rule: Rule, node: CfnResource): Outcome {
    let outcomes = this.byNode.get(node);
    if (!outcomes) this.byNode.set(node, outcomes = new Map());
    const known = outcomes.get(rule);
    if (known) {
      this.reused++;
      return known;
    }
    this.evaluated++;
    let outcome: Outcome;
    try {
      outcome = { result: rule(node) };
    } catch (error) {
      outcome = { error };
    }
    outcomes.set(rule, outcome);
    return outcome;
  }
}

/**
 * Applies one rule through cdk-nag's own `applyRule` (suppressions, ignore conditions, loggers),
 * with its outcome taken from `outcomes`. A rule that does not apply to the resource (most of the
 * ~100 rules of a pack, for any one resource) is not passed on, except when it is the first rule the
 * pack applies to the resource (`readsSuppressions`): cdk-nag reads (and validates) the resource's
 * suppressions on every rule it applies and fails synthesis on a malformed one, even for a resource
 * no rule applies to, and the first rule is enough for the same failure. The rest would only tell the
 * loggers "not applicable", which no paved-road logger uses.
 *
 * Parameters of a shape this code does not know (a cdk-nag release that changed `IApplyRule`) go to
 * cdk-nag unchanged: its own evaluation, unshared.
 * @internal
 */
export function applySharedRule(outcomes: RuleOutcomes, params: IApplyRule, apply: (params: IApplyRule) => void, readsSuppressions = false): void {
  if (typeof params?.rule !== 'function' || !CfnResource.isCfnResource(params.node)) {
    apply(params);
    return;
  }
  const outcome = outcomes.outcome(params.rule, params.node);
  if (!readsSuppressions && 'result' in outcome && outcome.result === NagRuleCompliance.NOT_APPLICABLE) return;
  // cdk-nag names the finding after the rule function when there is no suffix override.
  const name = params.rule.name;
  const replay = {
    [name]: (): NagRuleResult => {
      if ('error' in outcome) throw outcome.error;
      return outcome.result;
    },
  }[name];
  apply({ ...params, rule: replay });
}

/** A cdk-nag pack class. @internal */
export type NagPackClass<P> = new (props: P) => NagPack;

/**
 * The same pack, evaluating its rules through `outcomes`. Findings, acknowledgments, ignore
 * conditions and annotations are cdk-nag's own: only the evaluation is shared.
 *
 * This relies on cdk-nag's packs calling the protected `NagPack.applyRule` once per rule and resource
 * (true of cdk-nag 2.x). Should a cdk-nag release stop calling it, the override is simply not called
 * and the pack evaluates as cdk-nag's own, unshared; test/cdk-nag-parity-*.test.ts fail on that, and
 * on any finding that differs from cdk-nag's own packs, at both ends of the peer range.
 * @internal
 */
export function sharingOutcomes<P>(Base: NagPackClass<P>, props: P, outcomes: RuleOutcomes): NagPack {
  // A mixin needs a concrete base with a constructor of `...args: any[]`: any concrete pack type
  // will do for the compiler, and the props are bound here.
  const Pack = Base as unknown as new (...args: any[]) => AwsSolutionsChecks;
  class SharedOutcomesPack extends Pack {
    private readonly traversals = new Traversals();
    /** The construct being visited, until the pack applies its first rule to it. */
    private unread?: IConstruct;

    public visit(node: IConstruct): void {
      outcomes.enter(this.traversals.of(node));
      this.unread = node;
      super.visit(node);
    }

    protected applyRule(params: IApplyRule): void {
      const first = params?.node !== undefined && params.node === this.unread;
      if (first) this.unread = undefined;
      applySharedRule(outcomes, params, (p) => super.applyRule(p), first);
    }
  }
  return new SharedOutcomesPack(props);
}
