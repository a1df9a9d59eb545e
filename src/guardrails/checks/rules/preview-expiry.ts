import { CfnResource, Stack } from 'aws-cdk-lib';
import { NagRuleCompliance } from 'cdk-nag';
import { namedRule, RuleCheck } from './rule-helpers';
import { parseInstant } from '../../../core/clock';

/** The tag keys a preview stack carries; the contract with the preview reaper. @internal */
export const PREVIEW_TAG = 'paved-road:preview';
/** @internal */
export const EXPIRES_AT_TAG = 'paved-road:expires-at';

const firstResources = new WeakMap<Stack, CfnResource | undefined>();

/** The stack's first CfnResource, looked up once per stack (not once per resource). */
function firstResource(stack: Stack): CfnResource | undefined {
  if (!firstResources.has(stack)) firstResources.set(stack, stack.node.findAll().find((c): c is CfnResource => CfnResource.isCfnResource(c)));
  return firstResources.get(stack);
}

/**
 * PavedRoad-PreviewExpiry: a stack tagged `paved-road:preview=true` carries a parsable
 * `paved-road:expires-at` in the future and at most the allowed TTL away, so the reaper can delete it and nothing
 * lives forever. The value is read by the reaper's parser (`parseInstant`): an ISO-8601 instant with `Z` or an
 * offset; an impossible date (`2026-02-30`) or a local time without offset is unparsable. Checked once per stack,
 * on its first resource.
 * @internal
 */
export function previewExpiry(maxTtlHours: number, now: () => Date): RuleCheck {
  return namedRule('PreviewExpiry', (node) => {
    const stack = Stack.of(node);
    if (firstResource(stack) !== node) return NagRuleCompliance.NOT_APPLICABLE;
    const tags = stack.tags.tagValues();
    if (tags[PREVIEW_TAG] !== 'true') return NagRuleCompliance.NOT_APPLICABLE;
    const expiresAt = tags[EXPIRES_AT_TAG];
    if (!expiresAt) return ['expires-at::missing'];
    const at = parseInstant(expiresAt);
    if (!at) return [`expires-at::unparsable::${expiresAt}`];
    const hours = (at.getTime() - now().getTime()) / 3_600_000;
    if (hours <= 0) return [`expires-at::in-the-past::${expiresAt}`];
    if (hours > maxTtlHours + 1 / 60) return [`expires-at::beyond-max-ttl-${maxTtlHours}h::${expiresAt}`];
    return NagRuleCompliance.COMPLIANT;
  });
}
