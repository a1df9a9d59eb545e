import { CfnResource, Stack } from 'aws-cdk-lib';
import { NagRuleCompliance, NagRuleResult } from 'cdk-nag';
import { IConstruct } from 'constructs';

/** A rule callback as cdk-nag's `applyRule` takes it. @internal */
export type RuleCheck = (node: CfnResource) => NagRuleResult;

/** Names a rule callback (cdk-nag derives the rule id from the function name). @internal */
export function namedRule(name: string, check: RuleCheck): RuleCheck {
  Object.defineProperty(check, 'name', { value: name });
  return check;
}

/** The resolved value of a property, with intrinsic functions left as they are. @internal */
export function resolved(node: CfnResource, value: unknown): any {
  return Stack.of(node).resolve(value);
}

/** The logical id of a resource, resolved. @internal */
export function logicalIdOf(node: CfnResource): string {
  return Stack.of(node).resolve(node.logicalId);
}

/** Every CfnResource of the given type in the same stack. @internal */
export function resourcesOfType(node: IConstruct, type: string): CfnResource[] {
  return Stack.of(node).node.findAll().filter((c): c is CfnResource => CfnResource.isCfnResource(c) && c.cfnResourceType === type);
}

/** True when the JSON of `value` references the logical id (Ref or Fn::GetAtt). @internal */
export function references(value: unknown, logicalId: string): boolean {
  return referencesInJson(JSON.stringify(value ?? null), logicalId);
}

/** True when resolved JSON text references the logical id (Ref or Fn::GetAtt). @internal */
export function referencesInJson(json: string, logicalId: string): boolean {
  return json.includes(`{"Ref":"${logicalId}"}`) || json.includes(`"Fn::GetAtt":["${logicalId}"`);
}

/** COMPLIANT when ok, else NON_COMPLIANT. @internal */
export function compliance(ok: boolean): NagRuleCompliance {
  return ok ? NagRuleCompliance.COMPLIANT : NagRuleCompliance.NON_COMPLIANT;
}
