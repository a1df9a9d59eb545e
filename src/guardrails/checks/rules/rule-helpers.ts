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

/**
 * What the rules of one pack know about each stack: its CfnResources by type, from one walk of the
 * stack, and values derived from a resource once (an alarm's resolved metrics, a load balancer's
 * security groups). Rules that look across the stack would otherwise walk it once per resource.
 *
 * The pack calls `reset` when a synthesis starts, so a tree changed between two syntheses is read anew.
 * @internal
 */
export class StackResources {
  private stacks = new WeakMap<Stack, { readonly byType: Map<string, CfnResource[]>; readonly derived: Map<string, unknown> }>();

  /** Forget every stack. */
  public reset(): void {
    this.stacks = new WeakMap();
  }

  /** Every CfnResource of the given type in the same stack as `node`. */
  public ofType(node: IConstruct, type: string): CfnResource[] {
    return this.of(Stack.of(node)).byType.get(type) ?? [];
  }

  /** `derive(resource)`, computed once per resource and `kind`. */
  public derived<T>(resource: CfnResource, kind: string, derive: (resource: CfnResource) => T): T {
    const derivedValues = this.of(Stack.of(resource)).derived;
    const key = `${kind}\0${resource.node.path}`;
    if (!derivedValues.has(key)) derivedValues.set(key, derive(resource));
    return derivedValues.get(key) as T;
  }

  private of(stack: Stack) {
    let known = this.stacks.get(stack);
    if (!known) {
      const byType = new Map<string, CfnResource[]>();
      for (const c of stack.node.findAll()) {
        if (!CfnResource.isCfnResource(c) || Stack.of(c) !== stack) continue;
        const list = byType.get(c.cfnResourceType);
        if (list) list.push(c);
        else byType.set(c.cfnResourceType, [c]);
      }
      known = { byType, derived: new Map() };
      this.stacks.set(stack, known);
    }
    return known;
  }
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
