import { CfnResource } from 'aws-cdk-lib';
import { NagRuleCompliance } from 'cdk-nag';
import { logicalIdOf, namedRule, references, referencesInJson, resolved, resourcesOfType, RuleCheck } from './rule-helpers';

/**
 * PavedRoad-LambdaFailureHandling: a Lambda function has somewhere for failed events to go (a
 * dead-letter queue or an on-failure destination) and a bound on its blast radius or an eye on it
 * (reserved concurrency, or a CloudWatch alarm on one of its metrics).
 *
 * Each instance remembers every alarm's resolved dimensions and metrics, so a stack with N
 * functions and M alarms resolves M alarms, not N x M. Rules run as READONLY aspects, once per
 * resource, so an alarm cannot change between two functions' checks.
 * @internal
 */
export function lambdaFailureHandling(): RuleCheck {
  const watched = new WeakMap<CfnResource, string>();
  const alarmJson = (alarm: CfnResource): string => {
    let json = watched.get(alarm);
    if (json === undefined) {
      json = JSON.stringify([resolved(alarm, (alarm as any).dimensions), resolved(alarm, (alarm as any).metrics)]);
      watched.set(alarm, json);
    }
    return json;
  };

  return namedRule('LambdaFailureHandling', (node) => {
    if (node.cfnResourceType !== 'AWS::Lambda::Function') return NagRuleCompliance.NOT_APPLICABLE;
    const fn = node as any;
    const id = logicalIdOf(node);
    const findings: string[] = [];

    // The stack-wide scans run only when the function's own properties do not settle the question.
    const dlq = resolved(node, fn.deadLetterConfig);
    const onFailure = () => resourcesOfType(node, 'AWS::Lambda::EventInvokeConfig').some((c) =>
      references(resolved(c, (c as any).functionName), id) && resolved(c, (c as any).destinationConfig)?.onFailure !== undefined);
    if (!(dlq?.targetArn ?? dlq?.TargetArn) && !onFailure()) findings.push('no-dlq-or-on-failure-destination');

    const reserved = resolved(node, fn.reservedConcurrentExecutions) !== undefined;
    const alarmed = () => resourcesOfType(node, 'AWS::CloudWatch::Alarm').some((a) => referencesInJson(alarmJson(a), id));
    if (!reserved && !alarmed()) findings.push('no-reserved-concurrency-or-alarm');

    return findings.length === 0 ? NagRuleCompliance.COMPLIANT : findings;
  });
}
