import { CfnResource, Stack, Stage } from 'aws-cdk-lib';
import { IConstruct } from 'constructs';
import { PAVED_ROAD_RULE_IDS } from './checks/rule-ids';
import { CompliancePack } from './compliance-pack';
import { ContextKeys } from './context';
import type { PavedRoadGuardrailsOptions } from './guardrails';
import { ALL_COMPLIANCE_PACKS, ALWAYS_APPLIED, PACK_RULE_PREFIX } from './nag-packs';
import { Profile } from './profile';
import { ProfileDefaults } from './profile-defaults';
import { PropValidator } from './validation';

/** Every Stage below `scope` (not `scope` itself). */
export function nestedStages(scope: IConstruct): Stage[] {
  return scope.node.findAll().filter((c): c is Stage => c !== scope && Stage.isStage(c));
}

const DEFAULT_MANDATORY_RULES = ['PavedRoad-StatefulRetained', 'PavedRoad-DataNotPublic', 'PavedRoad-PreviewExpiry'];

export function resolveMandatoryRules(v: PropValidator, packs: CompliancePack[], options: PavedRoadGuardrailsOptions): string[] {
  const rules = options.mandatoryRules ?? DEFAULT_MANDATORY_RULES;
  const prefixes = packs.map((p) => PACK_RULE_PREFIX[p]);
  const known = (id: string) => (id.startsWith('PavedRoad-') ? PAVED_ROAD_RULE_IDS.includes(id) : prefixes.some((p) => id.startsWith(p) && id.length > p.length));
  v.check('mandatoryRules', rules, (ids) => ids.every(known),
    `rule ids of the applied packs (${prefixes.join('*, ')}*); PavedRoad rules are ${PAVED_ROAD_RULE_IDS.join(', ')}`);
  return [...rules];
}

/** Acknowledgments (resource or stack level) of mandatory rules, as validation errors. */
export function acknowledgedMandatoryRules(scope: IConstruct, mandatory: Set<string>): string[] {
  const errors: string[] = [];
  for (const c of scope.node.findAll()) {
    let suppressions: { id: string; reason?: string }[] = [];
    if (CfnResource.isCfnResource(c)) suppressions = c.getMetadata('cdk_nag')?.rules_to_suppress ?? [];
    else if (Stack.isStack(c)) suppressions = c.templateOptions.metadata?.cdk_nag?.rules_to_suppress ?? [];
    for (const s of suppressions) {
      if (mandatory.has(s.id)) {
        errors.push(`${c.node.path}: ${s.id} is mandatory on this platform and cannot be acknowledged (reason given: ${JSON.stringify(s.reason ?? '')}); fix the resource instead.`);
      }
    }
  }
  return errors;
}

export function resolvePacks(v: PropValidator, scope: IConstruct, profile: Profile, options: PavedRoadGuardrailsOptions): CompliancePack[] {
  const allowed = `a list of ${ALL_COMPLIANCE_PACKS.join(', ')}`;
  const isPack = (p: unknown) => ALL_COMPLIANCE_PACKS.includes(p as CompliancePack);
  v.check('packs', options.packs, (ps) => ps.every(isPack), allowed);
  v.check('additionalPacks', options.additionalPacks, (ps) => ps.every(isPack), allowed);

  let base = options.packs;
  const fromContext = scope.node.tryGetContext(ContextKeys.COMPLIANCE_PACKS);
  if (!base && fromContext !== undefined) {
    const names = (Array.isArray(fromContext) ? fromContext : String(fromContext).split(','))
      .map((n: unknown) => String(n).trim().toLowerCase()).filter((n: string) => n.length > 0);
    v.check(`context '${ContextKeys.COMPLIANCE_PACKS}'`, fromContext, () => names.every(isPack), allowed);
    base = names as CompliancePack[];
  }

  const wanted = new Set<CompliancePack>([
    ...ALWAYS_APPLIED,
    ...(base ?? ProfileDefaults.of(profile).compliancePacks),
    ...(options.additionalPacks ?? []),
  ].filter(isPack));
  return ALL_COMPLIANCE_PACKS.filter((p) => wanted.has(p));
}

const PROFILE_NAMES = Object.values(Profile) as string[];

/** Budgets are non-negative numbers of USD; profile budgets name profiles. */
export function validateCostOptions(v: PropValidator, options: PavedRoadGuardrailsOptions): void {
  const isBudget = (b: unknown) => typeof b === 'number' && Number.isFinite(b) && b >= 0;
  v.check('budget', options.budget, isBudget, 'a monthly amount in USD: a finite number, 0 or more');
  for (const [profile, budget] of Object.entries(options.profileBudgets ?? {})) {
    v.check('profileBudgets key', profile, (p) => PROFILE_NAMES.includes(p), `one of ${PROFILE_NAMES.join(', ')}`);
    v.check(`profileBudgets['${profile}']`, budget, isBudget, 'a monthly amount in USD: a finite number, 0 or more');
  }
}

/** The preview TTL maximum: the option, else the context value, else 14 days. */
export function resolvePreviewMaxTtlHours(v: PropValidator, scope: IConstruct, options: PavedRoadGuardrailsOptions): number {
  const fromContext = scope.node.tryGetContext(ContextKeys.PREVIEW_MAX_TTL_HOURS);
  const allowed = 'a number of hours from 1 to 336 (14 days)';
  const ok = (h: number) => Number.isFinite(h) && h >= 1 && h <= 336;
  v.check('previewMaxTtlHours', options.previewMaxTtlHours, ok, allowed)
    .check(`context '${ContextKeys.PREVIEW_MAX_TTL_HOURS}'`, fromContext, (c) => ok(Number(c)), allowed);
  return options.previewMaxTtlHours ?? (fromContext !== undefined ? Number(fromContext) : 336);
}
