/*
 * The check summary as a person reads it: per stage its findings by rule, its acknowledgments and its
 * stacks' cost against their budgets, then one verdict line.
 */
import { BUDGETS_STAGE, CheckSummary, StackSummary, StageSummary } from './summary';
import { Style } from '../io';

export const usd = (n: number) => `$${n.toLocaleString('en-US', { minimumFractionDigits: 2, maximumFractionDigits: 2 })}`;
const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;
const seconds = (ms: number) => `${(ms / 1000).toFixed(1)} s`;

const over = (cost?: number, budget?: number) => cost !== undefined && budget !== undefined && cost > budget;

/** A stack's budgets, each followed by `OVER` when the stack exceeds it. */
function budgets(x: StackSummary, style: Style): string {
  const overMonthly = over(x.monthlyUsd, x.budgetUsd);
  const overDaily = over(x.dailyUsd, x.dailyBudgetUsd);
  // Over by the refusal's word, its figures not known: every budget the stack has.
  const unexplained = x.overBudget && !overMonthly && !overDaily;
  const mark = (exceeded: boolean) => (exceeded || unexplained ? ` ${style.red('OVER')}` : '');
  const parts: string[] = [];
  if (x.budgetUsd !== undefined) parts.push(`budget ${usd(x.budgetUsd)}${mark(overMonthly)}`);
  if (x.dailyBudgetUsd !== undefined) parts.push(`${x.dailyUsd === undefined ? '' : `${usd(x.dailyUsd)}/day  `}daily budget ${usd(x.dailyBudgetUsd)}${mark(overDaily)}`);
  return parts.join('  ');
}

function stageLines(s: StageSummary, style: Style): string[] {
  if (s.stage === BUDGETS_STAGE) {
    return [style.bold('Over budget'), ...s.stacks.map((x) => `  ${x.stack}  ${x.monthlyUsd === undefined ? '' : `${usd(x.monthlyUsd)}/month  `}${budgets(x, style)}`)];
  }
  const head = [style.bold(s.stage)];
  if (s.profile) head.push(`profile ${s.profile}`);
  if (s.packs?.length) head.push(`packs ${s.packs.join(', ')}`);
  if (!s.checked) return [...head, style.yellow('not checked: synthesis stopped at an earlier stage')].join('  ').split('\n');
  if (!s.synthesized) head.push(style.red(s.refused ? 'refused by the guardrails' : 'not synthesized'));
  const lines = [head.join('  ')];
  if (s.findingCount === 0) {
    lines.push(`  findings      ${style.green('none')}`);
  } else {
    lines.push(`  findings      ${style.red(String(s.findingCount))} in ${plural(s.findingsByRule.length, 'rule')}`);
    for (const group of s.findingsByRule) {
      lines.push(`    ${style.bold(group.rule)}  ${group.findings.length}`);
      for (const f of group.findings) lines.push(`      ${f.path}${f.rule !== group.rule ? ` ${style.dim(f.rule.slice(group.rule.length))}` : ''}${f.level === 'warning' ? style.yellow(' (warning)') : ''}: ${f.message}`);
    }
  }
  if (s.reported) {
    const rules = Object.entries(s.acknowledgmentsByRule).sort(([a, x], [b, y]) => y - x || a.localeCompare(b));
    const top = rules.slice(0, 3).map(([r, n]) => `${r} ${n}`).join(', ');
    lines.push(`  acknowledged  ${s.acknowledgments}${rules.length > 0 ? style.dim(` (${top}${rules.length > 3 ? `, ${rules.length - 3} more rules` : ''})`) : ''}`);
  } else if (s.synthesized) {
    lines.push(`  acknowledged  ${style.dim('unknown (no report)')}`);
  }
  const width = Math.max(0, ...s.stacks.map((x) => x.stack.length));
  s.stacks.forEach((x, i) => {
    const cost = x.monthlyUsd === undefined ? style.dim('no estimate') : `${usd(x.monthlyUsd).padStart(10)}/month`;
    const budget = budgets(x, style);
    lines.push(`  ${i === 0 ? 'stacks        ' : '              '}${x.stack.padEnd(width)}  ${cost}${budget ? `  ${budget}` : ''}`);
  });
  return lines;
}

export function renderSummary(summary: CheckSummary, style: Style): string {
  const t = summary.totals;
  const out = [
    `paved-road check: ${plural(t.stages, 'stage')}, ${plural(t.stacks, 'stack')}, ${summary.synthesized ? 'synthesized' : 'synthesis refused'} in ${seconds(summary.durationMs)} (${summary.synthesizedWith})`,
    '',
  ];
  for (const stage of summary.stages) out.push(...stageLines(stage, style), '');
  for (const e of summary.otherErrors) out.push(style.red(e));
  for (const n of summary.notes) out.push(style.dim(`note: ${n}`));
  if (summary.otherErrors.length > 0 || summary.notes.length > 0) out.push('');
  const stagesWithFindings = summary.stages.filter((s) => s.findingCount > 0).length;
  const costs = t.stacks === 0 ? 'no cost estimate'
    : `${t.stacksOverBudget === 0 ? 'every stack estimated is within budget' : `${plural(t.stacksOverBudget, 'stack')} over budget`}, ${usd(t.monthlyUsd)} per month in total`;
  const others = summary.otherErrors.length > 0 ? `; ${plural(summary.otherErrors.length, 'other guardrail error')}, listed above` : '';
  const unchecked = t.stagesNotChecked > 0 ? `; ${plural(t.stagesNotChecked, 'stage')} not checked (synthesis stopped earlier)` : '';
  out.push(summary.ok
    ? `${style.green('PASSED')}: no findings in ${plural(t.stages, 'stage')}; ${t.acknowledgments} acknowledged; ${costs}.`
    : `${style.red('FAILED')}: ${plural(t.findings, 'finding')} in ${plural(stagesWithFindings, 'stage')}${unchecked}; ${t.acknowledgments} acknowledged; ${costs}${others}.`);
  return `${out.join('\n')}\n`;
}
