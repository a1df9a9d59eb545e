/*
 * Reads the guardrails' refusal from the text a failed synthesis printed. When the guardrails refuse a
 * stage, the stage writes no report: its findings are only in the error, which lists them one per line
 * (`    <path>: <rule>: <message>`) under a header per stage, and CDK names the stage in brackets:
 *
 *   [Dev] PavedRoadGuardrails (profile dev; packs aws-solutions, paved-road) found 2 unacknowledged findings:
 *       Dev/Service/Bucket/Resource: AwsSolutions-S1: The S3 Bucket has server access logs disabled.
 *
 * and a budget exceeded as `Stack 'x' is estimated at $37.50 per month, over its budget of $1.00 by $36.50.`
 */
import { APP_STAGE, Finding } from './assembly';

export interface RefusedStage {
  readonly stage: string;
  readonly profile?: string;
  readonly packs?: string[];
  readonly findings: Finding[];
}

export interface OverBudget {
  readonly stack: string;
  readonly monthlyUsd: number;
  readonly budgetUsd: number;
}

export interface SynthRefusal {
  readonly stages: RefusedStage[];
  readonly overBudget: OverBudget[];
  /** Other lines of the guardrails' errors (cfn-guard violations, misplaced stages), as printed. */
  readonly otherErrors: string[];
}

const HEADER = /^\s*(?:\[([^\]]*)\]\s*)?PavedRoadGuardrails \(profile ([a-z]+); packs ([^;)]*)(?:;[^)]*)?\) found (\d+) unacknowledged findings?:?\s*$/;
// A rule id: a pack prefix (AwsSolutions, HIPAA.Security, NIST.800.53.R5, PCI.DSS.321, PavedRoad), `-`, the rule,
// and the finding id in brackets when the rule reports one.
const FINDING = /^\s+(\S.*?): ([A-Za-z][\w.]*-[\w.]+(?:\[.*?\])?): (.*)$/;
const BUDGET = /Stack '([^']+)' is estimated at \$([\d,]+(?:\.\d+)?) per month, over its budget of \$([\d,]+(?:\.\d+)?)/;
const OTHER = /^\s*(?:\[[^\]]*\]\s*)?PavedRoadGuardrails[: ]/;

const usd = (s: string) => Number(s.replace(/,/g, ''));

/** Stage of a finding line outside any header: the first segment of its path. */
function stageOfPath(p: string): string {
  const first = p.split('/')[0];
  return first || APP_STAGE;
}

/** The guardrails' refusal in `text`; empty lists when the text holds none. */
export function parseRefusal(text: string): SynthRefusal {
  const stages = new Map<string, { profile?: string; packs?: string[]; findings: Finding[]; keys: Set<string> }>();
  const overBudget: OverBudget[] = [];
  const otherErrors: string[] = [];
  let current: string | undefined;
  const stageEntry = (name: string) => {
    let entry = stages.get(name);
    if (!entry) stages.set(name, entry = { findings: [], keys: new Set() });
    return entry;
  };
  for (const raw of text.split(/\r?\n/)) {
    const line = raw.replace(/\u001b\[[0-9;]*m/g, '');
    const header = HEADER.exec(line);
    if (header) {
      current = header[1] === undefined ? undefined : header[1] || APP_STAGE;
      if (current !== undefined) {
        const entry = stageEntry(current);
        entry.profile = header[2];
        entry.packs = header[3].split(',').map((p) => p.trim()).filter(Boolean);
      }
      continue;
    }
    const budget = BUDGET.exec(line);
    if (budget) {
      if (!overBudget.some((o) => o.stack === budget[1])) {
        overBudget.push({ stack: budget[1], monthlyUsd: usd(budget[2]), budgetUsd: usd(budget[3]) });
      }
      continue;
    }
    const finding = FINDING.exec(line);
    if (finding && finding[1].includes('/')) {
      const [, findingPath, rule, message] = finding;
      const entry = stageEntry(current ?? stageOfPath(findingPath));
      const key = `${findingPath}\u0000${rule}`;
      if (!entry.keys.has(key)) {
        entry.keys.add(key);
        entry.findings.push({ path: findingPath, rule, message: message.trim(), level: 'error' });
      }
      continue;
    }
    if (/^\S/.test(line) || /^\s*\[/.test(line)) current = undefined;
    if (OTHER.test(line) && !otherErrors.includes(line.trim())) otherErrors.push(line.trim());
  }
  return {
    stages: [...stages.entries()].filter(([, e]) => e.findings.length > 0 || e.profile !== undefined)
      .map(([stage, e]) => ({ stage, profile: e.profile, packs: e.packs, findings: e.findings })),
    overBudget,
    otherErrors,
  };
}

/** Whether the refusal says anything (findings, budgets or other guardrail errors). */
export function isRefusal(r: SynthRefusal): boolean {
  return r.stages.some((s) => s.findings.length > 0) || r.overBudget.length > 0 || r.otherErrors.length > 0;
}
