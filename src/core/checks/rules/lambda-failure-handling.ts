import { NagRuleCompliance } from 'cdk-nag';
import { logicalIdOf, namedRule, references, resolved, resourcesOfType } from './rule-helpers';

/**
 * PavedRoad-LambdaFailureHandling: a Lambda function has somewhere for failed events to go (a
 * dead-letter queue or an on-failure destination) and a bound on its blast radius or an eye on it
 * (reserved concurrency, or a CloudWatch alarm on one of its metrics).
 * @internal
 */
export const lambdaFailureHandling = namedRule('LambdaFailureHandling', (node) => {
  if (node.cfnResourceType !== 'AWS::Lambda::Function') return NagRuleCompliance.NOT_APPLICABLE;
  const fn = node as any;
  const id = logicalIdOf(node);
  const findings: string[] = [];

  // The stack-wide scans (resolving every alarm and invoke config) run only when the function's own
  // properties do not settle the question.
  const dlq = resolved(node, fn.deadLetterConfig);
  const onFailure = () => resourcesOfType(node, 'AWS::Lambda::EventInvokeConfig').some((c) =>
    references(resolved(c, (c as any).functionName), id) && resolved(c, (c as any).destinationConfig)?.onFailure !== undefined);
  if (!(dlq?.targetArn ?? dlq?.TargetArn) && !onFailure()) findings.push('no-dlq-or-on-failure-destination');

  const reserved = resolved(node, fn.reservedConcurrentExecutions) !== undefined;
  const alarmed = () => resourcesOfType(node, 'AWS::CloudWatch::Alarm').some((a) =>
    references(resolved(a, (a as any).dimensions), id) || references(resolved(a, (a as any).metrics), id));
  if (!reserved && !alarmed()) findings.push('no-reserved-concurrency-or-alarm');

  return findings.length === 0 ? NagRuleCompliance.COMPLIANT : findings;
});
