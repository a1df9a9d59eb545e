/*
 * One summary for every stage of a synthesis: findings grouped by stage and rule, acknowledgments counted,
 * cost per stack against its budget. Built from the stage directories (each stage writes its reports as it
 * synthesizes, before the app's validation can fail) and from the guardrails' refusal (findings of stages that
 * wrote no report, budgets exceeded, other problems), each finding and budget counted once.
 */
import { APP_STAGE, Finding, StageAssembly } from './assembly';
import { isRefusal, SynthRefusal } from './synth-output';

/** The pseudo-stage of stacks over budget whose stage directory was not read (the app's own stacks, not written when synthesis fails). */
export const BUDGETS_STAGE = '(budgets)';

export interface RuleFindings {
  readonly rule: string;
  readonly findings: Finding[];
}

export interface StackSummary {
  readonly stack: string;
  readonly monthlyUsd?: number;
  readonly budgetUsd?: number;
  /** Previews: the cost per day and the daily budget. */
  readonly dailyUsd?: number;
  readonly dailyBudgetUsd?: number;
  readonly overBudget: boolean;
}

export interface StageSummary {
  readonly stage: string;
  readonly profile?: string;
  readonly packs?: string[];
  /** Whether the stage finished synthesizing and passed (false: refused by the guardrails, or never reached). */
  readonly synthesized: boolean;
  /** Whether the guardrails' refusal lists the stage (its findings or other problems failed synthesis). */
  readonly refused: boolean;
  /** Whether the guardrails looked at it (false: synthesis stopped at an earlier stage; its findings are unknown). */
  readonly checked: boolean;
  /** Whether the guardrails' report was found (`report: true`): without it acknowledgments are unknown. */
  readonly reported: boolean;
  readonly findingCount: number;
  readonly findingsByRule: RuleFindings[];
  readonly acknowledgments: number;
  readonly acknowledgmentsByRule: Record<string, number>;
  readonly stacks: StackSummary[];
}

export interface CheckSummary {
  readonly ok: boolean;
  readonly app: string;
  readonly synthesizedWith: string;
  readonly synthesized: boolean;
  readonly durationMs: number;
  readonly stages: StageSummary[];
  readonly totals: {
    readonly stages: number;
    /** Stages synthesis did not reach (it stopped at an earlier one). */
    readonly stagesNotChecked: number;
    readonly stacks: number;
    readonly findings: number;
    readonly acknowledgments: number;
    readonly monthlyUsd: number;
    readonly stacksOverBudget: number;
  };
  /** Guardrail errors other than findings and budgets (cfn-guard, misplaced stages). */
  readonly otherErrors: string[];
  /** Things the reader should know (no report found, lookups missing). */
  readonly notes: string[];
}

function byRule(findings: Finding[]): RuleFindings[] {
  const groups = new Map<string, Finding[]>();
  for (const f of findings) {
    const rule = f.rule.replace(/\[.*\]$/, '');
    groups.set(rule, [...(groups.get(rule) ?? []), f]);
  }
  return [...groups.entries()].sort(([a, x], [b, y]) => y.length - x.length || a.localeCompare(b)).map(([rule, list]) => ({ rule, findings: list }));
}

function countByRule(rules: string[]): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const r of rules.map((x) => x.replace(/\[.*\]$/, '')).sort()) counts[r] = (counts[r] ?? 0) + 1;
  return counts;
}

const round2 = (n: number) => Math.round(n * 100) / 100;
const over = (cost: number | undefined, budget: number | undefined) => cost !== undefined && budget !== undefined && cost > budget;

/**
 * Whether the refusal's `name` is the stage of `assembly`: the same path, or the name of its directory
 * (`assembly-` and the path with `/` as `-`) when no report named it.
 */
function sameStage(assembly: StageAssembly, name: string): boolean {
  return assembly.stage === name || (assembly.guardrails === undefined && assembly.stage === name.replace(/\//g, '-'));
}

/** The app's own stacks first, then the stages in the order synthesis wrote them. */
export function summarize(input: {
  readonly app: string;
  readonly synthesizedWith: string;
  readonly exitCode: number;
  readonly durationMs: number;
  readonly assemblies: StageAssembly[];
  readonly refusal: SynthRefusal;
  readonly notes?: string[];
}): CheckSummary {
  const { assemblies, refusal } = input;
  const names = [...new Set([
    ...assemblies.map((a) => a.stage),
    ...refusal.stages.filter((s) => !assemblies.some((a) => sameStage(a, s.stage))).map((s) => s.stage),
  ])];
  // The root assembly is listed only when it holds stacks or findings of its own.
  const stages: StageSummary[] = [];
  for (const name of names) {
    const assembly = assemblies.find((a) => a.stage === name);
    const refused = refusal.stages.find((s) => (assembly ? sameStage(assembly, s.stage) : s.stage === name));
    const seen = new Set<string>();
    const findings: Finding[] = [];
    for (const f of [...(assembly?.guardrails?.findings ?? []), ...(refused?.findings ?? [])]) {
      const key = `${f.path}\u0000${f.rule}`;
      if (!seen.has(key)) {
        seen.add(key);
        findings.push(f);
      }
    }
    const acks = assembly?.guardrails?.acknowledgments ?? [];
    const stacks: StackSummary[] = (assembly?.costs ?? []).map((c) => ({
      stack: c.stack,
      monthlyUsd: round2(c.monthlyUsd),
      budgetUsd: c.budgetUsd,
      dailyUsd: c.dailyUsd,
      dailyBudgetUsd: c.dailyBudgetUsd,
      overBudget: over(c.monthlyUsd, c.budgetUsd) || over(c.dailyUsd, c.dailyBudgetUsd),
    }));
    for (const s of assembly?.stacks ?? []) {
      if (!stacks.some((x) => x.stack === s.stackName)) stacks.push({ stack: s.stackName, overBudget: false });
    }
    for (const o of refusal.overBudget) {
      const i = stacks.findIndex((x) => x.stack === o.stack);
      if (i < 0) continue;
      const x = stacks[i];
      stacks[i] = {
        ...x,
        monthlyUsd: x.monthlyUsd ?? o.monthlyUsd,
        budgetUsd: x.budgetUsd ?? o.budgetUsd,
        dailyUsd: x.dailyUsd ?? o.dailyUsd,
        dailyBudgetUsd: x.dailyBudgetUsd ?? o.dailyBudgetUsd,
        overBudget: true,
      };
    }
    if (name === APP_STAGE && stacks.length === 0 && findings.length === 0) continue;
    stages.push({
      stage: name,
      profile: assembly?.guardrails?.profile ?? refused?.profile,
      packs: assembly?.guardrails?.packs ?? refused?.packs,
      synthesized: assembly?.stacks !== undefined && !refused,
      refused: refused !== undefined,
      checked: assembly?.stacks !== undefined || assembly?.guardrails !== undefined || refused !== undefined,
      reported: assembly?.guardrails !== undefined,
      findingCount: findings.length,
      findingsByRule: byRule(findings),
      acknowledgments: acks.length,
      acknowledgmentsByRule: countByRule(acks.map((a) => a.rule)),
      stacks,
    });
  }
  // Budgets exceeded in stacks of no stage directory read (the app's own, which it writes only once every stage passed).
  const listed = new Set(stages.flatMap((s) => s.stacks.map((x) => x.stack)));
  const orphanBudgets = refusal.overBudget.filter((o) => !listed.has(o.stack));
  if (orphanBudgets.length > 0) {
    stages.push({
      stage: BUDGETS_STAGE,
      synthesized: false,
      refused: true,
      checked: true,
      reported: false,
      findingCount: 0,
      findingsByRule: [],
      acknowledgments: 0,
      acknowledgmentsByRule: {},
      stacks: orphanBudgets.map((o) => ({ ...o, overBudget: true })),
    });
  }
  const allStacks = stages.flatMap((s) => s.stacks);
  const totals = {
    stages: stages.filter((s) => s.stage !== BUDGETS_STAGE).length,
    stagesNotChecked: stages.filter((s) => !s.checked).length,
    stacks: allStacks.length,
    findings: stages.reduce((n, s) => n + s.findingCount, 0),
    acknowledgments: stages.reduce((n, s) => n + s.acknowledgments, 0),
    monthlyUsd: round2(allStacks.reduce((n, s) => n + (s.monthlyUsd ?? 0), 0)),
    stacksOverBudget: allStacks.filter((s) => s.overBudget).length,
  };
  const notes = [...(input.notes ?? [])];
  const unreported = stages.filter((s) => s.synthesized && !s.reported).map((s) => s.stage);
  if (unreported.length > 0) {
    notes.push(`no ${'paved-road-guardrails.json'} for ${unreported.join(', ')}: enforce the guardrails with { report: true } to count acknowledgments (and { cost: { estimate: true } } for costs)`);
  }
  const synthesized = input.exitCode === 0;
  const root = assemblies[0];
  if (!synthesized && root && root.stacks === undefined && root.guardrails === undefined && root.costs === undefined && isRefusal(refusal)) {
    notes.push('the app\'s own stacks (if it has any) were not written, as the app writes them only once its validation passes: their costs and acknowledgments are not counted');
  }
  return {
    ok: synthesized && totals.findings === 0 && totals.stacksOverBudget === 0 && refusal.otherErrors.length === 0,
    app: input.app,
    synthesizedWith: input.synthesizedWith,
    synthesized,
    durationMs: Math.round(input.durationMs),
    stages,
    totals,
    otherErrors: refusal.otherErrors,
    notes,
  };
}
