import { cents, checkNumber } from './estimate';
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

/**
 * The error message when `estimate` is over `budgetUsd` (else `budgetUsd` of the estimate), or
 * undefined when it is within budget or there is no budget. Throws on a budget that is not a
 * number of 0 or more.
 * @internal
 */
export function budgetMessage(estimate: StackCostEstimate, budgetUsd?: number): string | undefined {
  if (!isEstimate(estimate)) {
    const kind = new PropValidator('CostEstimator', 'checkBudget');
    kind.require('estimate', estimate, `pass ${ESTIMATE_WORDS}`);
    if (estimate !== undefined && estimate !== null) kind.kind('estimate', estimate, isEstimate, ESTIMATE_WORDS);
    kind.throwIfInvalid();
  }
  const budget = budgetUsd ?? estimate.budgetUsd;
  const v = new PropValidator('CostEstimator', estimate.stackName);
  checkNumber(v, 'budgetUsd', budget, (n) => n >= 0, 'a number of USD per month, 0 or more');
  v.throwIfInvalid();
  if (budget === undefined || estimate.totalMonthlyUsd <= budget) return undefined;

  const drivers = estimate.lines.filter((l) => l.monthlyUsd > 0).slice(0, BUDGET_DRIVERS)
    .map((l, i) => `  ${i + 1}. ${l.logicalId} (${l.resourceType}): ${usd2(l.monthlyUsd)} per month = ${l.formula}`);
  const unpriced = estimate.unpriced.length === 0 ? '' :
    `\n${estimate.unpriced.length} resource(s) not priced, so not included: ${estimate.unpriced.map((u) => `${u.logicalId} (${u.resourceType})`).join(', ')}.`;
  return `Stack '${estimate.stackName}' is estimated at ${usd2(estimate.totalMonthlyUsd)} per month, over its budget of ${usd2(budget)} `
    + `by ${usd2(cents(estimate.totalMonthlyUsd - budget))}. Biggest cost drivers:\n${drivers.join('\n')}${unpriced}\n`
    + 'Reduce these resources (size, count, profile) or raise the budget.';
}
