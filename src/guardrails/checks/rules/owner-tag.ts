import { TagManager } from 'aws-cdk-lib';
import { NagRuleCompliance } from 'cdk-nag';
import { namedRule, RuleCheck } from './rule-helpers';
import { PavedRoadTags } from '../../../core/tags';

/**
 * PavedRoad-OwnerTag: every taggable resource carries `paved-road:owner` (and
 * `paved-road:cost-center` when the platform requires one), so spend and incidents reach a team.
 * @internal
 */
export function ownerTag(requireCostCenter: boolean): RuleCheck {
  return namedRule('OwnerTag', (node) => {
    if (!TagManager.isTaggable(node)) return NagRuleCompliance.NOT_APPLICABLE;
    const tags = node.tags.tagValues();
    const missing = [PavedRoadTags.OWNER, ...(requireCostCenter ? [PavedRoadTags.COST_CENTER] : [])].filter((k) => !tags[k]);
    return missing.length === 0 ? NagRuleCompliance.COMPLIANT : missing.map((k) => `missing::${k}`);
  });
}
