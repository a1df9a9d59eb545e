/*
 * Reads the guardrails' refusal from the text a failed synthesis printed. Stages synthesize (and write their
 * reports) one by one; then the app's validation fails once, listing every stage's findings by stage and rule,
 * each stage's other problems (budgets exceeded, cfn-guard violations, mandatory rules acknowledged) after them.
 * CDK prints it after `[]` (the app's path):
 *
 *   [] PavedRoadGuardrails found 3 unacknowledged findings and 1 other problem (stage 'Dev': 2, stage 'Staging': 2), by stage and rule; every stage was checked before synthesis failed:
 *     stage 'Dev' (profile dev; packs aws-solutions, paved-road): 2 unacknowledged findings
 *       AwsSolutions-S1: The S3 Bucket has server access logs disabled.
 *         Dev/Service/Loose/Resource
 *       AwsSolutions-IAM5 (warning): The IAM entity contains wildcard permissions.
 *         Dev/Service/Role/DefaultPolicy/Resource [Resource::*]
 *     stage 'Staging' (profile staging; packs aws-solutions, paved-road, nist-800-53-r5; strict): 1 unacknowledged finding, 1 other problem
 *       ...
 *       Stack 'x' is estimated at $37.50 per month, over its budget of $1.00 by $36.50. Biggest cost drivers:
 *         1. ...
 *       Reduce these resources (size, count, profile) or raise the budget.
 *     Fix each resource, or acknowledge a finding on that resource with NagSuppressions.addResourceSuppressions and a reason specific to it.
 *
 * The app's own cfn-guard and budget checks run after its validation passed, and throw on their own:
 * `PavedRoadGuardrails: Stack 'x' is estimated at ...`. Other guardrail errors (`PavedRoadGuardrails: stage 'x'
 * was created after ...`) are kept as printed.
 */
import { APP_STAGE, Finding } from './assembly';

export interface RefusedStage {
  /** The stage's construct path (`Dev`), the scope's when the guardrails were enforced on one, or `(app)`. */
  readonly stage: string;
  readonly profile?: string;
  readonly packs?: string[];
  readonly findings: Finding[];
}

/** A stack over its monthly budget, or (a preview) over its daily budget. */
export interface OverBudget {
  readonly stack: string;
  readonly monthlyUsd?: number;
  readonly budgetUsd?: number;
  readonly dailyUsd?: number;
  readonly dailyBudgetUsd?: number;
}

export interface SynthRefusal {
  readonly stages: RefusedStage[];
  readonly overBudget: OverBudget[];
  /** Other guardrail errors (cfn-guard violations, mandatory rules acknowledged, misplaced stages), as printed. */
  readonly otherErrors: string[];
}

const RULE_ID = '[A-Za-z][\\w.]*-[\\w.]+';
/** The first line of the app's report; the counts are not needed (every finding is listed below it). */
const REPORT = /^\s*(?:\[[^\]]*\]\s*)?PavedRoadGuardrails found \d+ (?:unacknowledged findings?|problems?)\b.*\bby stage and rule\b/;
/** One stage's (or scope's) section: its label, its checks, its counts. */
const SECTION = /^ {2}(the app|(?:stage|scope) '(.+?)') \(profile ([a-z]+); packs ([^;)]*)(?:;[^)]*)?\): (\d+) unacknowledged findings?(?:, (\d+) other problems?)?\s*$/;
/** A rule's line in a section: its id, `(warning)` for a warning, its message. */
const RULE = new RegExp(`^ {4}(${RULE_ID})( \\(warning\\))?: (.*)$`);
/** A finding's line under its rule: the resource path and the finding id in brackets, when the rule reports one. */
const FINDING_PATH = /^ {6}(\S(?:.*?\S)?)(?: \[(.*)\])?\s*$/;
const REPORT_END = /^ {2}Fix each resource\b/;
const BUDGET = /Stack '([^']+)' is estimated at \$([\d,]+(?:\.\d+)?) per month, over its budget of \$([\d,]+(?:\.\d+)?)/;
const DAILY_BUDGET = /Stack '([^']+)' is estimated at \$([\d,]+(?:\.\d+)?) per day, over its daily budget of \$([\d,]+(?:\.\d+)?)/;
/** Lines of a budget message after its first, at the message's own indentation. */
const BUDGET_TAIL = /^(?:\d+ resource\(s\) not priced|Reduce these resources\b)/;
/** A problem the app's own checks threw (after its validation passed). */
const THROWN = /^(?:Error: )?PavedRoadGuardrails: (.*)$/;
/** Any other guardrail error, as CDK prints validation errors (`[path] message`) or as thrown. */
const OTHER = /^\s*(?:\[[^\]]*\]\s*)?PavedRoadGuardrails[: ]/;

const usd = (s: string) => Number(s.replace(/,/g, ''));
const stripColour = (s: string) => s.replace(/\u001b\[[0-9;]*m/g, '');

/**
 * Splits the lines of problems (at indentation 0) into problems: a line at indentation 0 starts one, deeper lines
 * continue it, and so do the lines a budget message ends with. Budgets exceeded go to `overBudget`, the others to
 * `otherErrors` (prefixed with `prefix`).
 */
function readProblems(lines: string[], prefix: string, overBudget: OverBudget[], otherErrors: string[]): void {
  const problems: string[][] = [];
  for (const line of lines) {
    const continues = problems.length > 0 && (/^\s/.test(line) || BUDGET_TAIL.test(line));
    if (continues) problems[problems.length - 1].push(line);
    else if (line.trim() !== '') problems.push([line]);
  }
  for (const problem of problems) {
    const monthly = BUDGET.exec(problem[0]);
    const daily = DAILY_BUDGET.exec(problem[0]);
    if (monthly || daily) {
      const stack = (monthly ?? daily)![1];
      const i = overBudget.findIndex((o) => o.stack === stack);
      const entry: OverBudget = {
        ...(i < 0 ? { stack } : overBudget[i]),
        ...(monthly ? { monthlyUsd: usd(monthly[2]), budgetUsd: usd(monthly[3]) } : {}),
        ...(daily ? { dailyUsd: usd(daily[2]), dailyBudgetUsd: usd(daily[3]) } : {}),
      };
      if (i < 0) overBudget.push(entry);
      else overBudget[i] = entry;
      continue;
    }
    const text = `${prefix}${problem.join('\n')}`;
    if (!otherErrors.includes(text)) otherErrors.push(text);
  }
}

/** The guardrails' refusal in `text`; empty lists when the text holds none. */
export function parseRefusal(text: string): SynthRefusal {
  const stages = new Map<string, { profile?: string; packs?: string[]; findings: Finding[]; keys: Set<string> }>();
  const overBudget: OverBudget[] = [];
  const otherErrors: string[] = [];
  const lines = text.split(/\r?\n/).map(stripColour);

  let i = 0;
  /** One stage's section, from the line after its header to the next section or the end of the report. */
  const readSection = (label: string, stage: string, profile: string, packs: string[], expected: number) => {
    let entry = stages.get(stage);
    if (!entry) stages.set(stage, entry = { findings: [], keys: new Set() });
    entry.profile = profile;
    entry.packs = packs;
    let rule: { id: string; message: string; level: string } | undefined;
    let found = 0;
    const problems: string[] = [];
    for (; i < lines.length; i++) {
      const line = lines[i];
      if (SECTION.test(line) || REPORT_END.test(line) || /^\S/.test(line) || /^ {2}\[/.test(line)) break;
      if (problems.length === 0 && found < expected) {
        const r = RULE.exec(line);
        if (r) {
          rule = { id: r[1], message: r[3].trim(), level: r[2] ? 'warning' : 'error' };
          continue;
        }
        const p = rule && FINDING_PATH.exec(line);
        if (rule && p) {
          found++;
          const id = p[2] === undefined ? rule.id : `${rule.id}[${p[2]}]`;
          const key = `${p[1]}\u0000${id}`;
          if (!entry.keys.has(key)) {
            entry.keys.add(key);
            entry.findings.push({ path: p[1], rule: id, message: rule.message, level: rule.level });
          }
          continue;
        }
      }
      // Every finding read: the rest of the section is the stage's other problems, each line indented by 4.
      if (line.trim() !== '') problems.push(line.replace(/^ {4}/, ''));
    }
    readProblems(problems, `${label}: `, overBudget, otherErrors);
  };

  while (i < lines.length) {
    const line = lines[i];
    if (REPORT.test(line)) {
      i++;
      while (i < lines.length) {
        const section = SECTION.exec(lines[i]);
        if (!section) break;
        const stage = section[1] === 'the app' ? APP_STAGE : section[2];
        i++;
        readSection(section[1], stage, section[3], section[4].split(',').map((p) => p.trim()).filter(Boolean), Number(section[5]));
      }
      if (i < lines.length && REPORT_END.test(lines[i])) i++;
      continue;
    }
    const thrown = THROWN.exec(line);
    if (thrown && (BUDGET.test(line) || DAILY_BUDGET.test(line) || /^cfn-guard\b/.test(thrown[1]))) {
      // The app's own problems (its stacks are the outermost stage's), one after another, until the text is no
      // longer theirs (a stack trace, other output).
      if (!stages.has(APP_STAGE)) stages.set(APP_STAGE, { findings: [], keys: new Set() });
      const problems = [thrown[1]];
      for (i++; i < lines.length; i++) {
        const next = lines[i];
        if (/^\s+at /.test(next) || !(/^\s+\S/.test(next) || BUDGET.test(next) || DAILY_BUDGET.test(next) || BUDGET_TAIL.test(next) || /^cfn-guard\b/.test(next))) break;
        problems.push(next);
      }
      readProblems(problems, 'the app: ', overBudget, otherErrors);
      continue;
    }
    if (OTHER.test(line) && !otherErrors.includes(line.trim())) otherErrors.push(line.trim());
    i++;
  }
  return {
    stages: [...stages.entries()].map(([stage, e]) => ({ stage, profile: e.profile, packs: e.packs, findings: e.findings })),
    overBudget,
    otherErrors,
  };
}

/** Whether the refusal says anything (findings, budgets or other guardrail errors). */
export function isRefusal(r: SynthRefusal): boolean {
  return r.stages.length > 0 || r.overBudget.length > 0 || r.otherErrors.length > 0;
}
