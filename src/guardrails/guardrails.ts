import * as fs from 'fs';
import * as path from 'path';
import { AspectPriority, Aspects, ISynthesisSession, Stage, Tags } from 'aws-cdk-lib';
import { Construct, IConstruct } from 'constructs';
import { AfterSynthesisChecks } from './after-synthesis';
import { mergeCostOptions } from './cost-settings';
import { GuardrailFailures, reportFailuresOf, reportingStage } from './failure-report';
import { FindingCollector } from './finding-collector';
import { recordGuardrailException } from './guardrail-exceptions';
import { PavedRoadGuardrailsOptions } from './guardrail-options';
import { checksLess, conflictingOptions, givenOptions } from './guardrail-reentry';
import { acknowledgedMandatoryRules, GuardrailSettings, nestedStages, resolveGuardrailSettings, validateOptionKinds } from './guardrail-resolution';
import { GuardrailAcknowledgment, GuardrailFinding } from './guardrail-results';
import { createNagPack } from './nag-packs';
import { RuleOutcomes } from './shared-rule-outcomes';
import { afterTemplatesWritten } from './synthesis-hooks';
import { CompliancePack, CompliancePackException } from '../core/compliance-pack';
import { ContextKeys } from '../core/context';
import { Profile } from '../core/profile';
import { PavedRoadTags } from '../core/tags';
import { PropValidator } from '../core/validation';
import { LIBRARY_VERSION } from '../core/version';
import { StackCostEstimate } from '../cost/types';

/** The name of the report file written into the cloud assembly. */
const REPORT_FILE = 'paved-road-guardrails.json';
const ID = 'PavedRoadGuardrails';

/**
 * Security and compliance checks enforced at synth time.
 *
 * `PavedRoadGuardrails.enforce(app)` applies cdk-nag packs as aspects (AWS Solutions always, NIST
 * 800-53 rev 5 in staging and prod, HIPAA and PCI DSS on request), and adds a validation so that any
 * unacknowledged error fails synthesis, both `cdk synth` and a programmatic `app.synth()`. Stages
 * inside the scope (pipeline stages, previews) are enforced too, each with the profile seen from its
 * own context. Synthesis fails once, after every stage has been checked: one error lists the findings
 * of every stage, grouped by stage and rule, each rule with its message and the resource paths.
 *
 * @exampleMetadata fixture=standalone
 * @example
 * const app = new App({ context: { 'paved-road:owner': 'team-payments' } });
 * PavedRoadGuardrails.enforce(app, { report: true });
 */
export class PavedRoadGuardrails extends Construct {
  /**
   * Applies the guardrails to `scope` and everything below it. A second call on the same scope
   * returns the first guardrails when it gives no options, or options that apply the same; an option
   * that would change them (a different pack, `strict`, `report`, ...) is an error naming it.
   */
  public static enforce(scope: Construct, options: PavedRoadGuardrailsOptions = {}): PavedRoadGuardrails {
    const kinds = new PropValidator('PavedRoadGuardrails', scope?.node?.path || '(app)');
    validateOptionKinds(kinds, options);
    kinds.throwIfInvalid();
    const existing = PavedRoadGuardrails.of(scope);
    if (!existing) return new PavedRoadGuardrails(scope, options, false);
    const given = givenOptions(options);
    if (Object.keys(given).length > 0) {
      const where = scope.node.path || '(app)';
      const v = new PropValidator('PavedRoadGuardrails.enforce, called again on', where);
      const again = resolveGuardrailSettings(scope, mergeCostOptions(existing.options, given), existing.inherited);
      conflictingOptions(v, where, existing.settings, given, again);
      v.throwIfInvalid();
    }
    return existing;
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
  /** The profile's packs not applied here, with their reasons. */
  public readonly packExceptions: CompliancePackException[];

  private readonly settings: GuardrailSettings;
  private readonly collector = new FindingCollector();
  private readonly afterSynthesis?: AfterSynthesisChecks;
  private readonly ownStage: Stage;
  /** The stage synthesizes apart from the one that reports its failures (it is nested in the app). */
  private readonly reportedElsewhere: boolean;

  /** @param inherited the options come from guardrails enforced on an enclosing scope */
  private constructor(scope: Construct, private readonly options: PavedRoadGuardrailsOptions, private readonly inherited: boolean) {
    super(scope, ID);
    const resolved = this.settings = resolveGuardrailSettings(scope, options, inherited);
    this.profile = resolved.profile;
    this.packs = resolved.packs;
    this.mandatoryRules = resolved.mandatoryRules;
    this.packExceptions = resolved.packExceptions;
    this.strict = resolved.strict;
    for (const e of resolved.packExceptions) recordGuardrailException(scope, `pack:${e.pack}`, e.reason);

    // Resources outside paved-road constructs are owned by whoever the app says owns it; a
    // construct's own owner tag (default priority 100) wins over this one.
    const owner = scope.node.tryGetContext(ContextKeys.OWNER);
    const costCenter = scope.node.tryGetContext(ContextKeys.COST_CENTER);
    if (owner) Tags.of(scope).add(PavedRoadTags.OWNER, String(owner), { priority: 50 });
    if (costCenter) Tags.of(scope).add(PavedRoadTags.COST_CENTER, String(costCenter), { priority: 50 });

    const mandatory = new Set(this.mandatoryRules);
    const settings = {
      loggers: [this.collector],
      verbose: resolved.verbose,
      requireCostCenter: resolved.requireCostCenter,
      previewMaxTtlHours: resolved.previewMaxTtlHours,
      // Each synthesis reports what it saw, not what every synthesis so far saw.
      outcomes: new RuleOutcomes(() => this.collector.reset()),
      suppressionIgnoreCondition: {
        createMessage: (input: { ruleId: string }) => (mandatory.has(input.ruleId) ? `${input.ruleId} is mandatory on this platform and cannot be acknowledged.` : ''),
      },
    };
    for (const pack of this.packs) {
      // READONLY priority: the packs see the tree after tags and other mutating aspects ran.
      Aspects.of(scope).add(createNagPack(pack, settings), { priority: AspectPriority.READONLY });
    }
    // Stages synthesize one by one, each before the app around them validates: the app (the outermost
    // stage) fails synthesis once, listing the findings of every stage, not of the first stage that has some.
    reportFailuresOf(scope, () => this.failures());

    // Aspects do not cross Stage boundaries, and nested stages synthesize before their parent's
    // aspects run: enforce the same options on every stage that exists now, and fail (rather than
    // skip) any stage created later.
    for (const stage of nestedStages(scope)) this.enforceOnStage(scope, stage, options);
    scope.node.addValidation({
      validate: () => nestedStages(scope).filter((s) => !PavedRoadGuardrails.of(s)).map((s) =>
        `PavedRoadGuardrails: stage '${s.node.path}' was created after PavedRoadGuardrails.enforce(${scope.node.path || 'app'}) and would go unchecked; call enforce after the app's stages are built, or on the stage itself.`),
    });

    const ownStage = Stage.isStage(scope) ? scope : Stage.of(scope);
    if (!ownStage) throw new Error(`PavedRoadGuardrails: '${scope.node.path}' must be an App or Stage, or be inside one`);
    this.ownStage = ownStage;
    this.reportedElsewhere = reportingStage(scope) !== ownStage;
    if (resolved.guard || resolved.report || resolved.cost.estimate) {
      this.afterSynthesis = new AfterSynthesisChecks({
        scope,
        stage: ownStage,
        collector: this.collector,
        packs: this.packs,
        mandatoryRules: this.mandatoryRules,
        profile: this.profile,
        strict: this.strict,
        guard: resolved.guard,
        guardDisabledRules: resolved.guardDisabledRules,
        report: resolved.report,
        cost: resolved.cost,
      });
      const checks = this.afterSynthesis;
      afterTemplatesWritten(ownStage, (session) => {
        const problems = checks.run(session, () => {
          if (resolved.report) this.writeReport(session);
        });
        // A nested stage's problems wait for the app's report with every other stage's.
        if (problems.length > 0 && !this.reportedElsewhere) throw new Error(`PavedRoadGuardrails: ${problems.join('\n')}`);
      });
    }
  }

  /**
   * Enforces `options` on a stage below `scope`. A stage with guardrails of its own (enforced on it,
   * or by a pipeline that adds it) keeps them, as long as they check at least as much: otherwise
   * synthesis fails, as a weaker check must not pass for the enclosing one.
   */
  private enforceOnStage(scope: Construct, stage: Stage, options: PavedRoadGuardrailsOptions): void {
    const existing = PavedRoadGuardrails.of(stage);
    if (!existing) {
      new PavedRoadGuardrails(stage, options, true);
      return;
    }
    const less = checksLess(existing.settings, resolveGuardrailSettings(stage, options, true));
    if (less.length === 0) return;
    scope.node.addValidation({
      validate: () => [`PavedRoadGuardrails: stage '${stage.node.path}' had guardrails of its own when PavedRoadGuardrails.enforce(${scope.node.path || 'app'}) reached it, ` +
        `which check less: without ${less.join(', ')}. Enforce on ${scope.node.path || 'the app'} first (before enforcing on the stage or creating the pipeline that adds it), or give the stage's own guardrails these options.`],
    });
  }

  /** The cost estimates of the last synthesis (with `cost.estimate` or a budget). */
  public get costEstimates(): StackCostEstimate[] {
    return [...(this.afterSynthesis?.estimates ?? [])];
  }

  /** The unacknowledged findings seen by the last synthesis. */
  public get findings(): GuardrailFinding[] {
    return [...this.collector.findings];
  }

  /** The acknowledged findings seen by the last synthesis, with their reasons. */
  public get acknowledgments(): GuardrailAcknowledgment[] {
    return [...this.collector.acknowledgments];
  }

  /** What this scope fails synthesis for, as of its latest synthesis. */
  private failures(): GuardrailFailures {
    const scope = this.node.scope!;
    return {
      scope,
      checks: `profile ${this.profile}; packs ${this.packs.join(', ')}${this.strict ? '; strict' : ''}`,
      findings: this.collector.findings.filter((f) => this.strict || f.level === 'error'),
      problems: [
        ...acknowledgedMandatoryRules(scope, new Set(this.mandatoryRules), this.ownStage),
        // The reporting stage's own cfn-guard and budget checks run after its validation, and throw themselves.
        ...(this.reportedElsewhere ? this.afterSynthesis?.problems ?? [] : []),
      ],
    };
  }

  private writeReport(session: ISynthesisSession): void {
    const report = {
      library: 'paved-road-constructs',
      version: LIBRARY_VERSION,
      scope: this.node.scope?.node.path || '(app)',
      profile: this.profile,
      packs: this.packs,
      packExceptions: this.packExceptions,
      strict: this.strict,
      rulesEvaluated: this.collector.checked,
      findings: this.collector.findings,
      acknowledgments: this.collector.acknowledgments,
      guardViolations: this.afterSynthesis?.guardViolations ?? [],
    };
    fs.mkdirSync(session.outdir, { recursive: true });
    fs.writeFileSync(path.join(session.outdir, REPORT_FILE), JSON.stringify(report, undefined, 2));
  }
}

