import { CfnResource, Stack, Stage } from 'aws-cdk-lib';
import { IConstruct } from 'constructs';
import { CostSettings, resolveCostSettings, validateCostKinds } from './cost-settings';
import type { PavedRoadGuardrailsOptions } from './guardrail-options';
import { ALL_COMPLIANCE_PACKS, ALWAYS_APPLIED } from './nag-packs';
import { nearRuleIds, packRuleIds } from './pack-rule-ids';
import { CompliancePack, CompliancePackException } from '../core/compliance-pack';
import { ContextKeys } from '../core/context';
import { Profile } from '../core/profile';
import { ProfileDefaults } from '../core/profile-defaults';
import { resolveProfile } from '../core/resolve-profile';
import { PavedRoadRule } from '../core/rule-ids';
import { Kind, KIND_WORDS, listOf, PropValidator } from '../core/validation';

/**
 * The options of one `PavedRoadGuardrails` after context, profile and defaults: what it applies,
 * and what a second `enforce` on the same scope is compared with.
 * @internal
 */
export interface GuardrailSettings {
  readonly profile: Profile;
  readonly packs: CompliancePack[];
  /** The profile's packs removed here, with their reasons. */
  readonly packExceptions: CompliancePackException[];
  readonly mandatoryRules: string[];
  readonly strict: boolean;
  readonly report: boolean;
  readonly requireCostCenter: boolean;
  readonly previewMaxTtlHours: number;
  readonly guard: boolean;
  readonly guardDisabledRules: string[];
  readonly cost: CostSettings;
  readonly verbose: boolean;
}

/**
 * Resolves and validates the options for `scope`; throws one error listing every problem.
 * @param inherited the options reach `scope` from an enclosing enforce (a stage below it): an exception
 *        for a pack that the stage's profile does not apply is then not an error, only not relevant here
 * @internal
 */
export function resolveGuardrailSettings(scope: IConstruct, options: PavedRoadGuardrailsOptions, inherited: boolean): GuardrailSettings {
  const v = new PropValidator('PavedRoadGuardrails', scope.node.path || '(app)');
  validateOptionKinds(v, options);
  // A value of the wrong kind would crash (or be misread by) the resolution below: report the kinds first.
  v.throwIfInvalid();
  const profile = resolveProfile(scope, options.profile);
  const { packs, packExceptions } = resolvePacks(v, scope, profile, options, inherited);
  const mandatoryRules = resolveMandatoryRules(v, packs, options);
  const previewMaxTtlHours = resolvePreviewMaxTtlHours(v, scope, options);
  const cost = resolveCostSettings(v, options.cost);
  v.throwIfInvalid();
  return {
    profile,
    packs,
    packExceptions,
    mandatoryRules,
    strict: options.strict ?? false,
    report: options.report ?? false,
    requireCostCenter: options.requireCostCenter ?? false,
    previewMaxTtlHours,
    guard: options.guard ?? false,
    guardDisabledRules: options.guardDisabledRules ?? [],
    cost,
    verbose: options.verbose ?? true,
  };
}

/** The options that are flags. */
const FLAGS = ['strict', 'report', 'requireCostCenter', 'guard', 'verbose'] as const;
/** A rule id as the packs and cfn-guard name it: no spaces, no empty id. */
const RULE_ID = /^[A-Za-z0-9][A-Za-z0-9._:-]*$/;

/**
 * The kind of every option, before any code reads it: TypeScript's types do not protect JavaScript
 * callers, and jsii loosens them for Python and Java. Values are checked once the kinds are right.
 * @internal
 */
export function validateOptionKinds(v: PropValidator, options: PavedRoadGuardrailsOptions): void {
  if (!v.kind('options', options, Kind.record, 'PavedRoadGuardrailsOptions (an object of options, or no argument)') || options === undefined) return;
  // Only the kinds here: which names are packs is checked with the other values, so all are listed at once.
  const packWords = `a list of ${ALL_COMPLIANCE_PACKS.join(', ')}`;
  v.kind('packs', options.packs, Kind.stringList, packWords);
  v.kind('additionalPacks', options.additionalPacks, Kind.stringList, packWords);
  if (v.kind('packExceptions', options.packExceptions, Array.isArray, 'a list of { pack, reason }')) {
    (options.packExceptions ?? []).forEach((e, i) => {
      if (!v.kind(`packExceptions[${i}]`, e, Kind.record, '{ pack, reason }: a CompliancePack and why it does not apply here')) return;
      v.require(`packExceptions[${i}].pack`, e.pack, 'name the CompliancePack to remove');
      if (e.pack !== null) v.kind(`packExceptions[${i}].pack`, e.pack, Kind.string, `a CompliancePack (${ALL_COMPLIANCE_PACKS.join(', ')})`);
      if (e.reason !== undefined) v.kind(`packExceptions[${i}].reason`, e.reason, Kind.string, 'a reason of at least 20 characters (the compliance report lists it)');
    });
  }
  for (const flag of FLAGS) v.kind(flag, options[flag], Kind.boolean, KIND_WORDS.boolean);
  for (const name of ['mandatoryRules', 'guardDisabledRules'] as const) {
    v.kind(name, options[name], listOf((id) => typeof id === 'string' && RULE_ID.test(id)),
      `a list of rule ids (${name === 'mandatoryRules' ? 'e.g. PavedRoad-OpenIngress, AwsSolutions-S10' : 'Control Tower rule file names, e.g. ct-s3-pr-10'}), each non-empty and without spaces`);
  }
  v.kind('previewMaxTtlHours', options.previewMaxTtlHours, Kind.number, 'a number of hours from 1 to 336 (14 days)');
  validateCostKinds(v, options);
}

/** Every Stage below `scope` (not `scope` itself). */
export function nestedStages(scope: IConstruct): Stage[] {
  return scope.node.findAll().filter((c): c is Stage => c !== scope && Stage.isStage(c));
}

const DEFAULT_MANDATORY_RULES = [PavedRoadRule.StatefulRetained, PavedRoadRule.DataNotPublic, PavedRoadRule.PreviewExpiry];

/** Where every rule id of a pack is listed. */
const WHERE_RULE_IDS_ARE = 'a synthesis error lists each finding\'s rule id above the paths it found; cdk-nag lists the ids of its packs in RULES.md, and the README those of PavedRoadChecks';

function resolveMandatoryRules(v: PropValidator, packs: CompliancePack[], options: PavedRoadGuardrailsOptions): string[] {
  const rules = options.mandatoryRules ?? DEFAULT_MANDATORY_RULES;
  const applied = new Set(packs.flatMap((p) => packRuleIds(p)));
  const unknown = rules.filter((id) => !applied.has(id));
  v.check('mandatoryRules', rules, () => unknown.length === 0,
    `rule ids of the applied packs (${packs.join(', ')}) only; unknown here: ${unknown.map((id) => unknownRule(id, packs, [...applied])).join('; ')}; ${WHERE_RULE_IDS_ARE}`);
  return [...rules];
}

/** Why an id is not a rule of the applied packs, with the pack it belongs to or close ids. */
function unknownRule(id: string, packs: CompliancePack[], applied: string[]): string {
  const otherPack = ALL_COMPLIANCE_PACKS.find((p) => !packs.includes(p) && packRuleIds(p).includes(id));
  if (otherPack) return `${JSON.stringify(id)} (a rule of ${otherPack}, which is not applied here: add it with additionalPacks)`;
  const near = nearRuleIds(String(id), applied);
  return `${JSON.stringify(id)}${near.length > 0 ? ` (did you mean ${near.join(' or ')}?)` : ''}`;
}

/**
 * Acknowledgments (resource or stack level) of mandatory rules below `scope` and in `stage` (a nested
 * stage's guardrails report their own), as validation errors.
 */
export function acknowledgedMandatoryRules(scope: IConstruct, mandatory: Set<string>, stage: Stage): string[] {
  const errors: string[] = [];
  for (const c of scope.node.findAll().filter((x) => Stage.of(x) === stage || x === stage)) {
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

/**
 * The packs: the profile's (a floor) and the always-applied ones, plus those that `packs`,
 * `additionalPacks` and the context ask for, minus the profile packs of `packExceptions`.
 */
function resolvePacks(v: PropValidator, scope: IConstruct, profile: Profile, options: PavedRoadGuardrailsOptions, inherited: boolean):
{ packs: CompliancePack[]; packExceptions: CompliancePackException[] } {
  const allowed = `a list of ${ALL_COMPLIANCE_PACKS.join(', ')}`;
  const isPack = (p: unknown) => ALL_COMPLIANCE_PACKS.includes(p as CompliancePack);
  v.check('packs', options.packs, (ps) => ps.every(isPack), allowed);
  v.check('additionalPacks', options.additionalPacks, (ps) => ps.every(isPack), allowed);

  let fromContextPacks: CompliancePack[] = [];
  const fromContext = scope.node.tryGetContext(ContextKeys.COMPLIANCE_PACKS);
  if (fromContext !== undefined) {
    const names = (Array.isArray(fromContext) ? fromContext : String(fromContext).split(','))
      .map((n: unknown) => String(n).trim().toLowerCase()).filter((n: string) => n.length > 0);
    v.check(`context '${ContextKeys.COMPLIANCE_PACKS}'`, fromContext, () => names.every(isPack), allowed);
    fromContextPacks = names as CompliancePack[];
  }

  const floor = new Set<CompliancePack>([...ALWAYS_APPLIED, ...ProfileDefaults.of(profile).compliancePacks]);
  const requested = new Set<CompliancePack>([...options.packs ?? [], ...fromContextPacks, ...options.additionalPacks ?? []].filter(isPack));
  const packExceptions = resolvePackExceptions(v, scope, floor, requested, options, inherited);
  const removed = new Set(packExceptions.map((e) => e.pack));
  return { packs: ALL_COMPLIANCE_PACKS.filter((p) => (floor.has(p) || requested.has(p)) && !removed.has(p)), packExceptions };
}

/** The exceptions that remove a pack of `floor`; records a problem for each one that cannot. */
function resolvePackExceptions(v: PropValidator, scope: IConstruct, floor: Set<CompliancePack>, requested: Set<CompliancePack>,
  options: PavedRoadGuardrailsOptions, inherited: boolean): CompliancePackException[] {
  const exceptions = options.packExceptions ?? [];
  if (exceptions.length === 0) return [];
  // Given on this scope, an exception must remove a pack here or in a stage below (which resolves its own profile).
  const profiles = [scope, ...nestedStages(scope)].map((c) => resolveProfile(c, options.profile));
  const removable = ALL_COMPLIANCE_PACKS.filter((p) => !ALWAYS_APPLIED.includes(p) &&
    (floor.has(p) || profiles.some((profile) => ProfileDefaults.of(profile).compliancePacks.includes(p))));
  const used: CompliancePackException[] = [];
  exceptions.forEach((e, i) => {
    const prop = `packExceptions[${i}]`;
    if (e.reason === undefined) v.require(`${prop}.reason`, e.reason, 'say why the pack does not apply here (the compliance report lists it)');
    else v.exceptionReason(`${prop}.reason`, e.reason);
    if (ALWAYS_APPLIED.includes(e.pack)) {
      v.fail(`${prop}.pack`, e.pack, `a pack of the profile other than ${ALWAYS_APPLIED.join(' and ')}, which are always applied`);
    } else if (requested.has(e.pack)) {
      v.fail(`${prop}.pack`, e.pack, `a pack that packs, additionalPacks and the context '${ContextKeys.COMPLIANCE_PACKS}' do not also ask for`);
    } else if (!inherited && !removable.includes(e.pack)) {
      v.fail(`${prop}.pack`, e.pack, `a pack that the profile (${[...new Set(profiles)].join(', ')}) applies here and may be removed: ${removable.join(', ') || 'none'}; a pack the profile does not apply needs no exception`);
    } else if (floor.has(e.pack) && !used.some((u) => u.pack === e.pack)) {
      used.push({ pack: e.pack, reason: e.reason });
    }
  });
  return used;
}

/** The preview TTL maximum: the option, else the context value, else 14 days. */
function resolvePreviewMaxTtlHours(v: PropValidator, scope: IConstruct, options: PavedRoadGuardrailsOptions): number {
  const fromContext = scope.node.tryGetContext(ContextKeys.PREVIEW_MAX_TTL_HOURS);
  const allowed = 'a number of hours from 1 to 336 (14 days)';
  const ok = (h: number) => Number.isFinite(h) && h >= 1 && h <= 336;
  v.check('previewMaxTtlHours', options.previewMaxTtlHours, ok, allowed)
    .check(`context '${ContextKeys.PREVIEW_MAX_TTL_HOURS}'`, fromContext, (c) => ok(Number(c)), allowed);
  return options.previewMaxTtlHours ?? (fromContext !== undefined ? Number(fromContext) : 336);
}
