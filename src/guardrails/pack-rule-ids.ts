import { CfnResource, Stack } from 'aws-cdk-lib';
import { AwsSolutionsChecks, IApplyRule, NagPackProps } from 'cdk-nag';
import { PAVED_ROAD_RULE_IDS } from './checks/rule-ids';
import { CDK_NAG_PACKS } from './nag-packs';
import type { NagPackClass } from './shared-rule-outcomes';
import { CompliancePack } from '../core/compliance-pack';

const known = new Map<CompliancePack, readonly string[]>();

/**
 * The rule ids a cdk-nag pack defines, as its findings name them. Each cdk-nag pack calls
 * `applyRule` once per rule for every CloudFormation resource it visits, whatever its type: a pack
 * whose `applyRule` only records `<packName>-<ruleSuffixOverride or rule function name>` (the id
 * cdk-nag builds) and that visits one placeholder resource lists every rule without running any.
 */
function probe(Base: NagPackClass<NagPackProps>): string[] {
  // As in shared-rule-outcomes: any concrete pack type will do for the compiler.
  const Pack = Base as unknown as new (props: NagPackProps) => AwsSolutionsChecks;
  const ids: string[] = [];
  class RuleIdRecorder extends Pack {
    protected applyRule(params: IApplyRule): void {
      ids.push(`${this.readPackName}-${params.ruleSuffixOverride || params.rule.name}`);
    }
  }
  new RuleIdRecorder({ reports: false }).visit(new CfnResource(new Stack(), 'Probe', { type: 'PavedRoad::RuleIds::Probe' }));
  return [...new Set(ids)];
}

/** The rule ids `pack` defines (read once per process). @internal */
export function packRuleIds(pack: CompliancePack): readonly string[] {
  let ids = known.get(pack);
  if (!ids) {
    ids = pack === CompliancePack.PAVED_ROAD ? [...PAVED_ROAD_RULE_IDS] : probe(CDK_NAG_PACKS[pack]);
    known.set(pack, ids);
  }
  return ids;
}

/** The number of single-character edits between two strings, case ignored. */
function distance(a: string, b: string): number {
  const x = a.toLowerCase();
  const y = b.toLowerCase();
  let previous = Array.from({ length: y.length + 1 }, (_, j) => j);
  for (let i = 1; i <= x.length; i++) {
    const row = [i];
    for (let j = 1; j <= y.length; j++) {
      row.push(Math.min(previous[j] + 1, row[j - 1] + 1, previous[j - 1] + (x[i - 1] === y[j - 1] ? 0 : 1)));
    }
    previous = row;
  }
  return previous[y.length];
}

/** Up to three ids of `ids` close to `id` (a typo, another case), closest first. @internal */
export function nearRuleIds(id: string, ids: readonly string[]): string[] {
  // About one edit in three characters of the part after the pack's prefix.
  const most = Math.max(1, Math.floor((id.length - id.indexOf('-') - 1) / 3));
  return ids.map((candidate) => ({ candidate, d: distance(id, candidate) }))
    .filter((c) => c.d <= most)
    .sort((a, b) => a.d - b.d)
    .slice(0, 3)
    .map((c) => c.candidate);
}
