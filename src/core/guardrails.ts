import * as fs from 'fs';
import * as path from 'path';
import { AspectPriority, Aspects, CfnResource, ISynthesisSession, Stack, Stage, Tags } from 'aws-cdk-lib';
import { Construct, IConstruct } from 'constructs';
import { CompliancePack } from './compliance-pack';
import { ContextKeys } from './context';
import { FindingCollector } from './finding-collector';
import { GuardrailAcknowledgment, GuardrailFinding } from './guardrail-results';
import { PAVED_ROAD_RULE_IDS } from './checks/rule-ids';
import { ALL_COMPLIANCE_PACKS, ALWAYS_APPLIED, createNagPack, PACK_RULE_PREFIX } from './nag-packs';
import { Profile } from './profile';
import { ProfileDefaults } from './profile-defaults';
import { resolveProfile } from './resolve-profile';
import { PavedRoadTags } from './tags';
import { createGuardValidator, runGuard } from './policy-as-code';
import { afterTemplatesWritten } from './synthesis-hooks';
import { PropValidator } from './validation';
import { LIBRARY_VERSION } from './version';

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
   * The packs to apply, replacing the profile's default packs. `CompliancePack.AWS_SOLUTIONS`
   * and `CompliancePack.PAVED_ROAD` are always applied, whether listed or not.
   *
   * @default - the context value `paved-road:compliance-packs` (comma-separated pack names), else the profile's packs
   * (AWS Solutions everywhere, plus NIST 800-53 rev 5 in staging and prod).
   */
  readonly packs?: CompliancePack[];

  /**
   * Packs to apply on top of the profile's (or `packs`).
   *
   * @default - none.
   */
  readonly additionalPacks?: CompliancePack[];

  /**
   * Whether unacknowledged warnings fail synthesis too.
   *
   * @default false
   */
  readonly strict?: boolean;

  /**
   * Whether synthesis writes `paved-road-guardrails.json` into the cloud assembly: the packs applied,
   * the number of checks, every finding and every acknowledgment with its resource path, rule and reason.
   *
   * @default false
   */
  readonly report?: boolean;

  /**
   * Rule ids that cannot be acknowledged: an acknowledgment of one is itself an error, and the
   * finding stays. Any rule id of the applied packs (e.g. `PavedRoad-OpenIngress`, `AwsSolutions-S10`).
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
   * @default 336 (14 days)
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
   * Whether cdk-nag's annotations carry each rule's explanation.
   *
   * @default true
   */
  readonly verbose?: boolean;
}

/** The name of the report file written into the cloud assembly. */
const REPORT_FILE = 'paved-road-guardrails.json';
const ID = 'PavedRoadGuardrails';

/**
 * Security and compliance checks enforced at synth time.
 *
 * `PavedRoadGuardrails.enforce(app)` applies cdk-nag packs as aspects (AWS Solutions always, NIST
 * 800-53 rev 5 in staging and prod, HIPAA and PCI DSS on request), and adds a validation so that any
 * unacknowledged error fails synthesis, both `cdk synth` and a programmatic `app.synth()`, with one
 * error that lists every finding as `path: rule: message`. Stages inside the scope (pipeline stages,
 * previews) are enforced too, each with the profile seen from its own context.
 *
 * @example
 * const app = new App({ context: { 'paved-road:owner': 'team-payments' } });
 * PavedRoadGuardrails.enforce(app, { report: true });
 */
export class PavedRoadGuardrails extends Construct {
  /**
   * Applies the guardrails to `scope` and everything below it (idempotent: a second call on the
   * same scope returns the first guardrails unchanged).
   */
  public static enforce(scope: Construct, options: PavedRoadGuardrailsOptions = {}): PavedRoadGuardrails {
    const existing = PavedRoadGuardrails.of(scope);
    if (existing) return existing;
    return new PavedRoadGuardrails(scope, options);
  }

  /** The guardrails enforced directly on `scope`, if any. */
  public static of(scope: IConstruct): PavedRoadGuardrails | undefined {
    const child = scope.node.tryFindChild(ID);
    return child instanceof PavedRoadGuardrails ? child : undefined;
  }

  /** The profile the packs were chosen for. */
  public readonly profile: Profile;
  /** The packs applied, in order. */
  public readonly packs: CompliancePack[];
  /** Whether warnings fail synthesis too. */
  public readonly strict: boolean;
  /** Rule ids that cannot be acknowledged. */
  public readonly mandatoryRules: string[];

  private readonly collector = new FindingCollector();
  private readonly guardViolations: string[] = [];

  private constructor(scope: Construct, options: PavedRoadGuardrailsOptions) {
    super(scope, ID);
    this.profile = resolveProfile(scope, options.profile);
    this.packs = resolvePacks(scope, this.profile, options);
    this.strict = options.strict ?? false;
    this.mandatoryRules = resolveMandatoryRules(scope, this.packs, options);

    // Resources outside paved-road constructs are owned by whoever the app says owns it; a
    // construct's own owner tag (default priority 100) wins over this one.
    const owner = scope.node.tryGetContext(ContextKeys.OWNER);
    const costCenter = scope.node.tryGetContext(ContextKeys.COST_CENTER);
    if (owner) Tags.of(scope).add(PavedRoadTags.OWNER, String(owner), { priority: 50 });
    if (costCenter) Tags.of(scope).add(PavedRoadTags.COST_CENTER, String(costCenter), { priority: 50 });

    const mandatory = new Set(this.mandatoryRules);
    const settings = {
      loggers: [this.collector],
      verbose: options.verbose ?? true,
      requireCostCenter: options.requireCostCenter ?? false,
      previewMaxTtlHours: options.previewMaxTtlHours ?? 336,
      suppressionIgnoreCondition: {
        createMessage: (input: { ruleId: string }) => (mandatory.has(input.ruleId) ? `${input.ruleId} is mandatory on this platform and cannot be acknowledged.` : ''),
      },
    };
    for (const pack of this.packs) {
      // READONLY priority: the packs see the tree after tags and other mutating aspects ran.
      Aspects.of(scope).add(createNagPack(pack, settings), { priority: AspectPriority.READONLY });
    }
    scope.node.addValidation({ validate: () => this.validate() });
    scope.node.addValidation({ validate: () => acknowledgedMandatoryRules(scope, mandatory) });

    // Aspects do not cross Stage boundaries, and nested stages synthesize before their parent's
    // aspects run: enforce the same options on every stage that exists now, and fail (rather than
    // skip) any stage created later.
    for (const stage of nestedStages(scope)) PavedRoadGuardrails.enforce(stage, options);
    scope.node.addValidation({
      validate: () => nestedStages(scope).filter((s) => !PavedRoadGuardrails.of(s)).map((s) =>
        `PavedRoadGuardrails: stage '${s.node.path}' was created after PavedRoadGuardrails.enforce(${scope.node.path || 'app'}) and would go unchecked; call enforce after the app's stages are built, or on the stage itself.`),
    });

    const ownStage = Stage.isStage(scope) ? scope : Stage.of(scope);
    if (!ownStage) throw new Error(`PavedRoadGuardrails: '${scope.node.path}' must be an App or Stage, or be inside one`);
    if (options.guard) {
      const validator = createGuardValidator(options.guardDisabledRules ?? []);
      afterTemplatesWritten(ownStage, (session) => {
        const violations = runGuard(validator, scope, ownStage, session);
        this.guardViolations.push(...violations);
        if (violations.length > 0) {
          throw new Error(`PavedRoadGuardrails: cfn-guard (AWS Control Tower proactive controls) found ${violations.length} violation${violations.length === 1 ? '' : 's'}:\n` +
            violations.map((v) => `    ${v}`).join('\n'));
        }
      });
    }
    if (options.report) afterTemplatesWritten(ownStage, (session) => this.writeReport(session));
  }

  /** The unacknowledged findings seen by the last synthesis. */
  public get findings(): GuardrailFinding[] {
    return [...this.collector.findings];
  }

  /** The acknowledged findings seen by the last synthesis, with their reasons. */
  public get acknowledgments(): GuardrailAcknowledgment[] {
    return [...this.collector.acknowledgments];
  }

  private failing(): GuardrailFinding[] {
    return this.collector.findings.filter((f) => this.strict || f.level === 'error');
  }

  private validate(): string[] {
    const failing = this.failing();
    if (failing.length === 0) return [];
    const packs = this.packs.join(', ');
    return [
      `PavedRoadGuardrails (profile ${this.profile}; packs ${packs}${this.strict ? '; strict' : ''}) found ${failing.length} unacknowledged finding${failing.length === 1 ? '' : 's'}:\n` +
      failing.map((f) => `    ${f.path}: ${f.rule}: ${f.message}`).join('\n') +
      '\n  Fix the resource, or acknowledge the finding on that resource with NagSuppressions.addResourceSuppressions and a reason specific to it.',
    ];
  }

  private writeReport(session: ISynthesisSession): void {
    const report = {
      library: 'paved-road-constructs',
      version: LIBRARY_VERSION,
      scope: this.node.scope?.node.path || '(app)',
      profile: this.profile,
      packs: this.packs,
      strict: this.strict,
      rulesEvaluated: this.collector.checked,
      findings: this.collector.findings,
      acknowledgments: this.collector.acknowledgments,
      guardViolations: this.guardViolations,
    };
    fs.mkdirSync(session.outdir, { recursive: true });
    fs.writeFileSync(path.join(session.outdir, REPORT_FILE), JSON.stringify(report, undefined, 2));
  }
}

/** Every Stage below `scope` (not `scope` itself). */
function nestedStages(scope: IConstruct): Stage[] {
  return scope.node.findAll().filter((c): c is Stage => c !== scope && Stage.isStage(c));
}

const DEFAULT_MANDATORY_RULES = ['PavedRoad-StatefulRetained', 'PavedRoad-DataNotPublic', 'PavedRoad-PreviewExpiry'];

function resolveMandatoryRules(scope: IConstruct, packs: CompliancePack[], options: PavedRoadGuardrailsOptions): string[] {
  const rules = options.mandatoryRules ?? DEFAULT_MANDATORY_RULES;
  const prefixes = packs.map((p) => PACK_RULE_PREFIX[p]);
  const known = (id: string) => (id.startsWith('PavedRoad-') ? PAVED_ROAD_RULE_IDS.includes(id) : prefixes.some((p) => id.startsWith(p) && id.length > p.length));
  new PropValidator('PavedRoadGuardrails', scope.node.path || '(app)')
    .check('mandatoryRules', rules, (ids) => ids.every(known),
      `rule ids of the applied packs (${prefixes.join('*, ')}*); PavedRoad rules are ${PAVED_ROAD_RULE_IDS.join(', ')}`)
    .check('previewMaxTtlHours', options.previewMaxTtlHours, (h) => Number.isFinite(h) && h >= 1 && h <= 336, 'a number of hours from 1 to 336 (14 days)')
    .throwIfInvalid();
  return [...rules];
}

/** Acknowledgments (resource or stack level) of mandatory rules, as validation errors. */
function acknowledgedMandatoryRules(scope: IConstruct, mandatory: Set<string>): string[] {
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

function resolvePacks(scope: IConstruct, profile: Profile, options: PavedRoadGuardrailsOptions): CompliancePack[] {
  const allowed = `a list of ${ALL_COMPLIANCE_PACKS.join(', ')}`;
  const isPack = (p: unknown) => ALL_COMPLIANCE_PACKS.includes(p as CompliancePack);
  const v = new PropValidator('PavedRoadGuardrails', scope.node.path || '(app)');
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
  v.throwIfInvalid();

  const wanted = new Set<CompliancePack>([
    ...ALWAYS_APPLIED,
    ...(base ?? ProfileDefaults.of(profile).compliancePacks),
    ...(options.additionalPacks ?? []),
  ]);
  return ALL_COMPLIANCE_PACKS.filter((p) => wanted.has(p));
}
