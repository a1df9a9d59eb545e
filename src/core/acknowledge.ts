import { NagSuppressions } from 'cdk-nag';
import { IConstruct } from 'constructs';
import { AwsSolutionsRule, nistHipaaPci, PavedRoadRule, RuleId } from './rule-ids';

/**
 * One finding a paved-road construct acknowledges because its own design causes it.
 * @internal
 */
export interface Acknowledgment {
  /** The rule ids, one per pack that reports the same thing (e.g. AwsSolutions-IAM5 and NIST.800.53.R5-IAMNoInlinePolicy). */
  readonly rules: RuleId[];
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

/**
 * What makes one CDK-provided custom-resource provider (a singleton Lambda per stack that aws-cdk-lib
 * creates and paved-road constructs cannot configure) safe, in words specific to it.
 * @internal
 */
export interface CdkProviderFacts {
  /** The custom resource type, e.g. `Custom::S3AutoDeleteObjects`. */
  readonly resourceType: string;
  /** What it does, for whom. */
  readonly purpose: string;
  /** When it runs ("once per deployment of the VPC"). */
  readonly runs: string;
  /** Why it needs no VPC ("it calls only the S3 API and holds no data of its own"). */
  readonly noVpc: string;
  /** The operation that fails when it does ("the deployment"). */
  readonly failing: string;
}

/**
 * Acknowledges the findings of a CDK-provided custom-resource provider, if the stack has it. Its
 * role uses AWSLambdaBasicExecutionRole for its own logs, and CloudFormation invokes it
 * synchronously, so a DLQ, a concurrency limit or a failure destination would never apply.
 * @internal
 */
export function acknowledgeCdkProvider(stack: IConstruct, facts: CdkProviderFacts): void {
  const provider = stack.node.tryFindChild(`${facts.resourceType}CustomResourceProvider`);
  if (!provider) return;
  const why = `CDK-provided provider of ${facts.resourceType}, which ${facts.purpose}`;
  acknowledge(provider, [
    { rules: [AwsSolutionsRule.IAM4], reason: `${why}; its role uses AWSLambdaBasicExecutionRole for its own logs only.`, appliesTo: ['Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole'] },
    { rules: nistHipaaPci('LambdaDLQ'), reason: `${why}; CloudFormation invokes it synchronously and reports failures on the stack, so a DLQ would never receive anything.` },
    { rules: nistHipaaPci('LambdaConcurrency'), reason: `${why}; it runs ${facts.runs}, so a concurrency limit protects nothing.` },
    { rules: nistHipaaPci('LambdaInsideVPC'), reason: `${why}; ${facts.noVpc}.` },
    { rules: [PavedRoadRule.LambdaFailureHandling], reason: `${why}; CloudFormation is its only caller and waits for its answer, failing ${facts.failing} on an error, so there are no asynchronous events to catch and no traffic to bound.` },
  ], true);
}
