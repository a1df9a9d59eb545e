import * as fs from 'fs';
import * as path from 'path';
import { ISynthesisSession, Stack, Stage } from 'aws-cdk-lib';
import { IConstruct } from 'constructs';
import { StackComplianceReport, writeComplianceReport } from './compliance-report';
import type { CostSettings } from './cost-settings';
import { FindingCollector } from './finding-collector';
import { guardrailExceptionsUnder } from './guardrail-exceptions';
import { GuardrailException } from './guardrail-results';
import { createGuardValidator, runGuard } from './policy-as-code';
import { now } from '../core/clock';
import { Profile } from '../core/profile';
import { resolveProfile } from '../core/resolve-profile';
import { LIBRARY_NAME, LIBRARY_VERSION } from '../core/version';
import { CostEstimator } from '../cost/cost-estimator';
import { StackCostEstimate } from '../cost/types';

/** What the checks that read synthesized templates need to know. @internal */
export interface AfterSynthesisSettings {
  readonly scope: IConstruct;
  readonly stage: Stage;
  readonly collector: FindingCollector;
  readonly packs: string[];
  readonly mandatoryRules: string[];
  readonly profile: string;
  readonly strict: boolean;
  readonly guard: boolean;
  readonly guardDisabledRules: string[];
  readonly report: boolean;
  readonly cost: CostSettings;
}

const EXPIRES_AT_TAG = 'paved-road:expires-at';

/**
 * The checks that need the written templates: cfn-guard, the cost estimate and budgets, and the
 * reports. Runs once the stage has written its templates; writes the reports first, then returns
 * the guard violations and budgets exceeded, so the evidence exists even when synthesis fails.
 *
 * @internal
 */
export class AfterSynthesisChecks {
  public readonly guardViolations: string[] = [];
  public readonly estimates: StackCostEstimate[] = [];
  /** What the last run would fail synthesis for: cfn-guard violations and budgets exceeded. */
  public problems: string[] = [];
  private readonly validator;

  constructor(private readonly s: AfterSynthesisSettings) {
    this.validator = s.guard ? createGuardValidator(s.guardDisabledRules) : undefined;
  }

  /** The stacks this run covers: below the scope and synthesized by this stage (nested stages have their own). */
  private stacks(): Stack[] {
    return this.s.scope.node.findAll().filter(Stack.isStack).filter((st) => !st.nested && Stage.of(st) === this.s.stage);
  }

  /**
   * @param writeReports writes the caller's own reports once every check has run
   * @returns what fails synthesis (the caller throws, or leaves it to the app's report of every stage)
   */
  public run(session: ISynthesisSession, writeReports: () => void): string[] {
    // Each synthesis (Template.fromStack, Annotations.fromStack and app.synth each run one) reports alone.
    this.guardViolations.length = 0;
    this.estimates.length = 0;
    const errors: string[] = [];
    if (this.validator) {
      const violations = runGuard(this.validator, this.s.scope, this.s.stage, session);
      this.guardViolations.push(...violations);
      if (violations.length > 0) {
        errors.push(`cfn-guard (AWS Control Tower proactive controls) found ${violations.length} violation${violations.length === 1 ? '' : 's'}:\n` +
          violations.map((v) => `    ${v}`).join('\n'));
      }
    }
    const costByStack = new Map<Stack, StackCostEstimate>();
    if (this.s.cost.estimate) {
      for (const stack of this.stacks()) {
        const estimate = this.estimate(stack, session);
        costByStack.set(stack, estimate);
        this.estimates.push(estimate);
        for (const message of [CostEstimator.checkBudget(estimate), CostEstimator.checkDailyBudget(estimate)]) {
          if (message) errors.push(message);
        }
      }
      if (this.estimates.length > 0) {
        const report = CostEstimator.costReport(this.estimates);
        fs.writeFileSync(path.join(session.outdir, CostEstimator.REPORT_FILE_NAME), JSON.stringify(report, undefined, 2));
        if (this.s.cost.printTable) process.stderr.write(`${CostEstimator.formatCostTable(this.estimates)}\n`);
      }
    }
    if (this.s.report) {
      // Exceptions recorded on the guardrails' scope (an App or Stage: a pack removed from the profile's)
      // apply to every stack the guardrails check.
      const scopePath = this.s.scope.node.path;
      const onScope = guardrailExceptionsUnder(this.s.scope).filter((e) => e.path === scopePath);
      for (const stack of this.stacks()) {
        const exceptions = [...(stack === this.s.scope ? [] : onScope), ...guardrailExceptionsUnder(stack)];
        writeComplianceReport(session.outdir, stack.artifactId, this.stackReport(stack, exceptions, costByStack.get(stack)));
      }
    }
    writeReports();
    this.problems = errors;
    return errors;
  }

  private estimate(stack: Stack, session: ISynthesisSession): StackCostEstimate {
    const profile = resolveProfile(stack);
    const expiresAt = stack.tags.tagValues()[EXPIRES_AT_TAG];
    const expiry = expiresAt ? Date.parse(expiresAt) : Number.NaN;
    const ttlHours = Number.isNaN(expiry) ? undefined : Math.max(0, (expiry - now().getTime()) / 3_600_000);
    return CostEstimator.estimateTemplateFile(path.join(session.outdir, stack.templateFile), {
      stackName: stack.stackName,
      region: stack.resolve(stack.region)?.toString().startsWith('$') ? undefined : stack.region,
      ttlHours,
      budgetUsd: this.s.cost.profileMonthlyBudgets[profile] ?? this.s.cost.monthlyBudget,
      dailyBudgetUsd: profile === Profile.PREVIEW ? this.s.cost.previewDailyBudget : undefined,
      priceTableOverride: this.s.cost.priceTable,
    });
  }

  private stackReport(stack: Stack, exceptions: GuardrailException[], cost?: StackCostEstimate): StackComplianceReport {
    const under = (p: string) => p.startsWith(`${stack.node.path}/`);
    return {
      library: LIBRARY_NAME,
      version: LIBRARY_VERSION,
      stack: stack.stackName,
      stackPath: stack.node.path,
      profile: resolveProfile(stack),
      packs: this.s.packs,
      mandatoryRules: this.s.mandatoryRules,
      rulesEvaluated: [...(this.s.collector.rulesByStack.get(stack.node.path) ?? [])].sort(),
      findings: this.s.collector.findings.filter((f) => under(f.path)),
      acknowledgments: this.s.collector.acknowledgments.filter((a) => under(a.path)),
      exceptions,
      guardViolations: this.guardViolations.filter((v) => v.startsWith(`${stack.node.path}/`)),
      cost: cost && {
        totalMonthlyUsd: cost.totalMonthlyUsd,
        dailyUsd: cost.dailyUsd,
        ttlTotalUsd: cost.ttlTotalUsd,
        budgetUsd: cost.budgetUsd,
        dailyBudgetUsd: cost.dailyBudgetUsd,
        lines: cost.lines.map((l) => ({ logicalId: l.logicalId, resourceType: l.resourceType, monthlyUsd: l.monthlyUsd, formula: l.formula })),
        unpriced: cost.unpriced.map((u) => ({ logicalId: u.logicalId, resourceType: u.resourceType, reason: u.reason })),
        priceTableDate: cost.priceTableDate,
      },
    };
  }
}
