import { NagSuppressions } from 'cdk-nag';
import { IConstruct } from 'constructs';

/**
 * One finding a paved-road construct acknowledges because its own design causes it.
 * @internal
 */
export interface Acknowledgment {
  /** The rule ids, one per pack that reports the same thing (e.g. AwsSolutions-IAM5 and NIST.800.53.R5-IAMNoInlinePolicy). */
  readonly rules: string[];
  /** Why this resource may break the rule: specific to the resource, never generic. */
  readonly reason: string;
  /** Narrows the acknowledgment to these finding ids (e.g. `Resource::*`), where the rule reports them. */
  readonly appliesTo?: (string | RegExp)[];
}

const MIN_REASON_LENGTH = 20;

/**
 * The one way a paved-road construct acknowledges a cdk-nag finding: always with a reason,
 * narrowed with `appliesTo` where the rule allows, on the resource that causes it.
 *
 * @param applyToChildren also acknowledge on every resource below `scope` (use only for L2s whose
 *        single CloudFormation resource is a child, e.g. `bucket` -> `bucket/Resource`).
 * @internal
 */
export function acknowledge(scope: IConstruct, acknowledgments: Acknowledgment[], applyToChildren = false): void {
  for (const a of acknowledgments) {
    if (a.rules.length === 0) throw new Error(`acknowledge(${scope.node.path}): no rule id given`);
    if (a.reason.trim().length < MIN_REASON_LENGTH) {
      throw new Error(`acknowledge(${scope.node.path}): the reason for ${a.rules.join(', ')} must say why this resource may break the rule (at least ${MIN_REASON_LENGTH} characters)`);
    }
  }
  NagSuppressions.addResourceSuppressions(scope, acknowledgments.flatMap((a) => a.rules.map((id) => ({
    id,
    reason: a.reason,
    appliesTo: a.appliesTo?.map((x) => (typeof x === 'string' ? x : { regex: x.toString() })),
  }))), applyToChildren);
}
