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
 * ~100 rules of a pack, for any one resource) is not passed on: cdk-nag would only read the
 * resource's suppressions to tell the loggers "not applicable", which no paved-road logger uses.
 * @internal
 */
export function applySharedRule(outcomes: RuleOutcomes, params: IApplyRule, apply: (params: IApplyRule) => void): void {
  const outcome = outcomes.outcome(params.rule, params.node);
  if ('result' in outcome && outcome.result === NagRuleCompliance.NOT_APPLICABLE) return;
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
 * @internal
 */
export function sharingOutcomes<P>(Base: NagPackClass<P>, props: P, outcomes: RuleOutcomes): NagPack {
  // A mixin needs a concrete base with a constructor of `...args: any[]`: any concrete pack type
  // will do for the compiler, and the props are bound here.
  const Pack = Base as unknown as new (...args: any[]) => AwsSolutionsChecks;
  class SharedOutcomesPack extends Pack {
    private readonly traversals = new Traversals();

    public visit(node: IConstruct): void {
      outcomes.enter(this.traversals.of(node));
      super.visit(node);
    }

    protected applyRule(params: IApplyRule): void {
      applySharedRule(outcomes, params, (p) => super.applyRule(p));
    }
  }
  return new SharedOutcomesPack(props);
}
