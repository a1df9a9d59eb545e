import { NagRuleCompliance } from 'cdk-nag';
import { compliance, namedRule, resolved } from './rule-helpers';

/**
 * PavedRoad-LogRetention: every log group has a retention, so logs neither vanish nor bill forever.
 * @internal
 */
export const logRetention = namedRule('LogRetention', (node) => {
  if (node.cfnResourceType !== 'AWS::Logs::LogGroup') return NagRuleCompliance.NOT_APPLICABLE;
  return compliance(resolved(node, (node as any).retentionInDays) !== undefined);
});
