import { Stage } from 'aws-cdk-lib';
import { IConstruct } from 'constructs';
import { GuardrailFinding } from './guardrail-results';

/** What one `PavedRoadGuardrails` would fail synthesis for, as of its scope's latest synthesis. @internal */
export interface GuardrailFailures {
  /** The scope the guardrails were enforced on. */
  readonly scope: IConstruct;
  /** How the scope is checked, e.g. `profile dev; packs aws-solutions, paved-road; strict`. */
  readonly checks: string;
  /** Unacknowledged findings that fail synthesis (errors, and warnings in strict mode). */
  readonly findings: GuardrailFinding[];
  /** Other refusals, each a complete message: mandatory rules acknowledged, cfn-guard violations, budgets exceeded. */
  readonly problems: string[];
}

/** Says what one guardrails would fail synthesis for now. @internal */
export type FailureSource = () => GuardrailFailures;

const sourcesByReporter = new WeakMap<Stage, FailureSource[]>();

/**
 * The stage that reports for guardrails enforced on `scope`: the outermost stage around it, in an app
 * the App itself. Stages synthesize one by one (CDK Pipelines synthesizes each as it is added), each
 * before the app that holds it validates, so the app is the first place that sees every stage's findings.
 * @internal
 */
export function reportingStage(scope: IConstruct): Stage {
  const stage = scope.node.scopes.find((s): s is Stage => Stage.isStage(s));
  if (!stage) throw new Error(`PavedRoadGuardrails: '${scope.node.path}' must be an App or Stage, or be inside one`);
  return stage;
}

/**
 * Registers `source` with the stage that reports for `scope`. That stage's validation (the App's, in
 * an app) fails synthesis once, listing every registered source's failures grouped by stage and rule,
 * so one synthesis shows the findings of dev, staging and prod together instead of one stage per run.
 * @internal
 */
export function reportFailuresOf(scope: IConstruct, source: FailureSource): void {
  const reporter = reportingStage(scope);
  let sources = sourcesByReporter.get(reporter);
  if (!sources) {
    const registered: FailureSource[] = [];
    sourcesByReporter.set(reporter, sources = registered);
    reporter.node.addValidation({ validate: () => failureReport(reporter, registered) });
  }
  sources.push(source);
}

/** One message for everything the sources would fail synthesis for, or none. */
function failureReport(reporter: Stage, sources: FailureSource[]): string[] {
  const order = new Map(reporter.node.findAll().map((c, i) => [c, i]));
  const failing = sources.map((failures) => failures())
    .filter((f) => f.findings.length + f.problems.length > 0)
    .sort((a, b) => (order.get(a.scope) ?? 0) - (order.get(b.scope) ?? 0));
  if (failing.length === 0) return [];
  const findings = failing.reduce((n, f) => n + f.findings.length, 0);
  const problems = failing.reduce((n, f) => n + f.problems.length, 0);
  const counted = [
    ...(findings > 0 || problems === 0 ? [count(findings, 'unacknowledged finding')] : []),
    ...(problems > 0 ? [count(problems, findings > 0 ? 'other problem' : 'problem')] : []),
  ].join(' and ');
  const perScope = failing.map((f) => `${label(f.scope)}: ${f.findings.length + f.problems.length}`).join(', ');
  return [[
    `PavedRoadGuardrails found ${counted} (${perScope}), by stage and rule; every stage was checked before synthesis failed:`,
    ...failing.flatMap(section),
    '  Fix each resource, or acknowledge a finding on that resource with NagSuppressions.addResourceSuppressions and a reason specific to it.',
  ].join('\n')];
}

function section(f: GuardrailFailures): string[] {
  const lines = [`  ${label(f.scope)} (${f.checks}): ${count(f.findings.length, 'unacknowledged finding')}` +
    (f.problems.length > 0 ? `, ${count(f.problems.length, 'other problem')}` : '')];
  for (const group of byRule(f.findings)) {
    lines.push(`    ${group.rule}${group.level === 'warning' ? ' (warning)' : ''}: ${group.message}`);
    for (const finding of group.findings) lines.push(`      ${finding.path}${finding.findingId ? ` [${finding.findingId}]` : ''}`);
  }
  for (const problem of f.problems) lines.push(...problem.split('\n').map((l) => `    ${l}`));
  return lines;
}

interface RuleGroup {
  readonly rule: string;
  readonly message: string;
  readonly level: string;
  readonly findings: { path: string; findingId?: string }[];
}

/** Findings grouped by rule id and message (a rule reports one message), in the order first seen. */
function byRule(findings: GuardrailFinding[]): RuleGroup[] {
  const groups = new Map<string, RuleGroup>();
  for (const finding of findings) {
    const match = /^([^[]+)(?:\[(.*)\])?$/s.exec(finding.rule);
    const rule = match?.[1] ?? finding.rule;
    const key = JSON.stringify([rule, finding.message, finding.level]);
    let group = groups.get(key);
    if (!group) groups.set(key, group = { rule, message: finding.message, level: finding.level, findings: [] });
    group.findings.push({ path: finding.path, findingId: match?.[2] });
  }
  return [...groups.values()];
}

function label(scope: IConstruct): string {
  if (!scope.node.path) return 'the app';
  return `${Stage.isStage(scope) ? 'stage' : 'scope'} '${scope.node.path}'`;
}

function count(n: number, what: string): string {
  return `${n} ${what}${n === 1 ? '' : 's'}`;
}
