import { CfnResource } from 'aws-cdk-lib';
import { NagRuleCompliance } from 'cdk-nag';
import { logicalIdOf, namedRule, references, referencesInJson, resolved, RuleCheck, StackResources } from './rule-helpers';

/**
 * PavedRoad-LambdaFailureHandling: a Lambda function has somewhere for failed events to go (a
 * dead-letter queue or an on-failure destination) and a bound on its blast radius or an eye on it
 * (reserved concurrency, or a CloudWatch alarm on one of its metrics).
 *
 * The stack's alarms are resolved once per stack (in `resources`), so a stack with N functions and
 * M alarms resolves M alarms, not N x M.
 * @internal
 */
export function lambdaFailureHandling(resources: StackResources): RuleCheck {
  const alarmJson = (alarm: CfnResource): string => resources.derived(alarm, 'alarm-metrics', () =>
    JSON.stringify([resolved(alarm, (alarm as any).dimensions), resolved(alarm, (alarm as any).metrics)]));

  return namedRule('LambdaFailureHandling', (node) => {
    if (node.cfnResourceType !== 'AWS::Lambda::Function') return NagRuleCompliance.NOT_APPLICABLE;
    const fn = node as any;
    const id = logicalIdOf(node);
    const findings: string[] = [];

    // The stack-wide scans run only when the function's own properties do not settle the question.
    const dlq = resolved(node, fn.deadLetterConfig);
    const onFailure = () => resources.ofType(node, 'AWS::Lambda::EventInvokeConfig').some((c) =>
      references(resolved(c, (c as any).functionName), id) && resolved(c, (c as any).destinationConfig)?.onFailure !== undefined);
    if (!(dlq?.targetArn ?? dlq?.TargetArn) && !onFailure()) findings.push('no-dlq-or-on-failure-destination');

    const reserved = resolved(node, fn.reservedConcurrentExecutions) !== undefined;
    const alarmed = () => resources.ofType(node, 'AWS::CloudWatch::Alarm').some((a) => referencesInJson(alarmJson(a), id));
    if (!reserved && !alarmed()) findings.push('no-reserved-concurrency-or-alarm');

    return findings.length === 0 ? NagRuleCompliance.COMPLIANT : findings;
  });
}
