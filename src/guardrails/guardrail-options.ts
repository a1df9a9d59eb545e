import { CompliancePack, CompliancePackException } from '../core/compliance-pack';
import { Profile } from '../core/profile';
import { PriceTableOverride } from '../cost/types';

/**
 * The cost estimate and budgets of `PavedRoadGuardrails.enforce`.
 *
 * Synthesis estimates each stack's monthly cost from its template (bundled, dated us-east-1 list
 * prices with a per-region factor), writes `paved-road-cost.json` into the cloud assembly and prints a
 * short cost table (on stderr, so `cdk synth` output stays a template). An estimate over a budget
 * fails synthesis with an error naming the stack and its biggest cost drivers.
 */
export interface PavedRoadCostOptions {
  /**
   * Whether synthesis estimates each stack's cost. Budgets need the estimate: `false` with a budget is an error.
   *
   * @default - true when a budget is given, else false.
   */
  readonly estimate?: boolean;

  /**
   * Monthly budget in USD of every stack.
   *
   * @default - no monthly budget.
   */
  readonly monthlyBudget?: number;

  /**
   * Monthly budgets in USD per profile (`dev`, `staging`, `prod`, `preview`), over `monthlyBudget`
   * for the stacks of that profile.
   *
   * @default - no per-profile budgets.
   */
  readonly profileMonthlyBudgets?: { [profile: string]: number };

  /**
   * Daily budget in USD of every preview stack (profile `preview`): its estimated cost per day
   * (monthly estimate × 24 / hours per month) above it fails synthesis. Previews live days, so
   * they are budgeted by the day; a monthly budget applies to them too.
   *
   * @default - no daily budget.
   */
  readonly previewDailyBudget?: number;

  /**
   * Prices that replace entries of the bundled price table (e.g. negotiated rates), and the usage
   * assumptions (log ingestion, NAT data, key age, ...).
   *
   * @default - the bundled table.
   */
  readonly priceTable?: PriceTableOverride;

  /**
   * Whether the cost table is printed at synth (on stderr).
   *
   * @default true
   */
  readonly printTable?: boolean;
}

/**
 * Options of `PavedRoadGuardrails.enforce`.
 */
export interface PavedRoadGuardrailsOptions {
  /**
   * The profile whose compliance packs are applied.
   *
   * @default - the context value `paved-road:profile` seen from the scope, else `Profile.DEV`.
   */
  readonly profile?: Profile;

  /**
   * Packs to apply on top of the profile's packs. The profile's packs (AWS Solutions everywhere, plus
   * NIST 800-53 rev 5 in staging and prod) are a floor: this list, `additionalPacks` and the context
   * value `paved-road:compliance-packs` only add to them, and removing one takes a `packExceptions`
   * entry. `CompliancePack.AWS_SOLUTIONS` and `CompliancePack.PAVED_ROAD` are always applied.
   *
   * @default - only the profile's packs and those of the context value `paved-road:compliance-packs`.
   */
  readonly packs?: CompliancePack[];

  /**
   * Packs to apply on top of the profile's packs (the same as `packs`: both add).
   *
   * @default - none.
   */
  readonly additionalPacks?: CompliancePack[];

  /**
   * Packs of the profile not to apply, each with the reason. Each is an exception on record: the
   * compliance report of every stack it affects lists it (`report: true`). A pack that the profile
   * (here or in a stage below) does not apply, `AWS_SOLUTIONS`, `PAVED_ROAD`, a pack that `packs`,
   * `additionalPacks` or the context also ask for, and a reason shorter than 20 characters are errors.
   * Stages below the scope resolve their own profile, and drop only the packs it applies.
   *
   * @default - none: every pack of the profile is applied.
   */
  readonly packExceptions?: CompliancePackException[];

  /**
   * Whether unacknowledged warnings fail synthesis too.
   *
   * @default false
   */
  readonly strict?: boolean;

  /**
   * Whether synthesis writes the compliance evidence into the cloud assembly:
   * `paved-road-guardrails.json` (packs, number of checks, every finding and every acknowledgment
   * with its resource path, rule and reason) and, per stack, `paved-road-compliance/<stack>.json`
   * and `.md` (packs, rules checked, findings, acknowledgments, cfn-guard violations, cost estimate).
   *
   * @default false
   */
  readonly report?: boolean;

  /**
   * Rule ids that cannot be acknowledged: an acknowledgment of one is itself an error, and the
   * finding stays. Each must be a rule id that an applied pack defines (e.g. `PavedRoad-OpenIngress`,
   * `AwsSolutions-S10`); any other id is an error.
   *
   * @default - PavedRoad-StatefulRetained, PavedRoad-DataNotPublic and PavedRoad-PreviewExpiry.
   */
  readonly mandatoryRules?: string[];

  /**
   * Whether every taggable resource must carry `paved-road:cost-center` (rule PavedRoad-OwnerTag).
   *
   * @default false
   */
  readonly requireCostCenter?: boolean;

  /**
   * The longest a preview may live; a preview stack whose `paved-road:expires-at` is further away
   * is a finding (rule PavedRoad-PreviewExpiry). The platform may lower it.
   *
   * @default - the context value `paved-road:preview-max-ttl-hours`, else 336 (14 days).
   */
  readonly previewMaxTtlHours?: number;

  /**
   * Whether the synthesized templates are also checked with cfn-guard against the AWS Control
   * Tower proactive controls (`@cdklabs/cdk-validator-cfnguard`, installed next to this library).
   * A violation fails synthesis. Rules paved-road constructs cannot meet by design are disabled
   * (see the README); `guardDisabledRules` disables more.
   *
   * @default false
   */
  readonly guard?: boolean;

  /**
   * More Control Tower rules to disable, by rule file name (e.g. `ct-s3-pr-10`).
   *
   * @default - only the rules disabled by design.
   */
  readonly guardDisabledRules?: string[];

  /**
   * The cost estimate and budgets: whether synthesis estimates each stack's cost, the budgets that
   * fail synthesis, the prices and the cost table.
   *
   * @default - no estimate and no budgets.
   */
  readonly cost?: PavedRoadCostOptions;

  /**
   * Whether cdk-nag's annotations carry each rule's explanation.
   *
   * @default true
   */
  readonly verbose?: boolean;
}
