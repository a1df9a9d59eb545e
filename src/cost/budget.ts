import { cents, checkNumber, perDay } from './estimate';
import { usd2 } from './format';
import { StackCostEstimate } from './types';
import { PropValidator } from '../core/validation';

/** What an estimate is, in words. @internal */
export const ESTIMATE_WORDS = 'a StackCostEstimate (from CostEstimator.estimateTemplate)';

/**
 * True when `value` has the members of a `StackCostEstimate` that the budget check and the table read
 * (a value of another kind would crash them, or print NaN). @internal
 */
export function isEstimate(value: unknown): boolean {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return false;
  const e = value as Record<string, unknown>;
  return typeof e.stackName === 'string' && typeof e.totalMonthlyUsd === 'number' && Number.isFinite(e.totalMonthlyUsd)
    && Array.isArray(e.lines) && Array.isArray(e.unpriced);
}

/** How many cost drivers a budget error names. @internal */
export const BUDGET_DRIVERS = 3;

/** Refuses anything but an estimate, naming `estimate` and the method. */
function checkEstimate(method: string, estimate: unknown): void {
  if (isEstimate(estimate)) return;
  const kind = new PropValidator('CostEstimator', method);
  kind.require('estimate', estimate, `pass ${ESTIMATE_WORDS}`);
  if (estimate !== undefined && estimate !== null) kind.kind('estimate', estimate, isEstimate, ESTIMATE_WORDS);
  kind.throwIfInvalid();
}

/** The unpriced resources, as the last sentence of a budget error. */
function unpricedWords(estimate: StackCostEstimate): string {
  return estimate.unpriced.length === 0 ? '' :
    `\n${estimate.unpriced.length} resource(s) not priced, so not included: ${estimate.unpriced.map((u) => `${u.logicalId} (${u.resourceType})`).join(', ')}.`;
}

/**
 * The error message when `estimate` is over `budgetUsd` (else `budgetUsd` of the estimate), or
 * undefined when it is within budget or there is no budget. Throws on a budget that is not a
 * number of 0 or more.
 * @internal
 */
export function budgetMessage(estimate: StackCostEstimate, budgetUsd?: number): string | undefined {
  checkEstimate('checkBudget', estimate);
  const budget = budgetUsd ?? estimate.budgetUsd;
  const v = new PropValidator('CostEstimator', estimate.stackName);
  checkNumber(v, 'budgetUsd', budget, (n) => n >= 0, 'a number of USD per month, 0 or more');
  v.throwIfInvalid();
  if (budget === undefined || estimate.totalMonthlyUsd <= budget) return undefined;

  const drivers = estimate.lines.filter((l) => l.monthlyUsd > 0).slice(0, BUDGET_DRIVERS)
    .map((l, i) => `  ${i + 1}. ${l.logicalId} (${l.resourceType}): ${usd2(l.monthlyUsd)} per month = ${l.formula}`);
  return `Stack '${estimate.stackName}' is estimated at ${usd2(estimate.totalMonthlyUsd)} per month, over its budget of ${usd2(budget)} `
    + `by ${usd2(cents(estimate.totalMonthlyUsd - budget))}. Biggest cost drivers:\n${drivers.join('\n')}${unpricedWords(estimate)}\n`
    + 'Reduce these resources (size, count, profile) or raise the budget.';
}

/**
 * The error message when the cost per day of `estimate` is over `dailyBudgetUsd` (else
 * `dailyBudgetUsd` of the estimate), or undefined when it is within budget or there is no daily
 * budget. Throws on a budget that is not a number of 0 or more.
 * @internal
 */
export function dailyBudgetMessage(estimate: StackCostEstimate, dailyBudgetUsd?: number): string | undefined {
  checkEstimate('checkDailyBudget', estimate);
  const budget = dailyBudgetUsd ?? estimate.dailyBudgetUsd;
  const v = new PropValidator('CostEstimator', estimate.stackName);
  checkNumber(v, 'dailyBudgetUsd', budget, (n) => n >= 0, 'a number of USD per day, 0 or more');
  v.throwIfInvalid();
  const daily = perDay(estimate, estimate.totalMonthlyUsd);
  if (budget === undefined || daily <= budget) return undefined;

  const drivers = estimate.lines.filter((l) => l.monthlyUsd > 0).slice(0, BUDGET_DRIVERS)
    .map((l, i) => `  ${i + 1}. ${l.logicalId} (${l.resourceType}): ${usd2(perDay(estimate, l.monthlyUsd))} per day (${usd2(l.monthlyUsd)} per month = ${l.formula})`);
  return `Stack '${estimate.stackName}' is estimated at ${usd2(daily)} per day, over its daily budget of ${usd2(budget)} `
    + `by ${usd2(cents(daily - budget))}. Biggest cost drivers:\n${drivers.join('\n')}${unpricedWords(estimate)}\n`
    + 'Reduce these resources (size, count, what the preview deploys) or raise the daily budget.';
}
