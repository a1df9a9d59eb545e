import type { PavedRoadCostOptions, PavedRoadGuardrailsOptions } from './guardrail-options';
import { Profile } from '../core/profile';
import { Kind, KIND_WORDS, PropValidator } from '../core/validation';
import { checkPriceTableOverride } from '../cost/price-table-merge';
import { PriceTableOverride } from '../cost/types';

/**
 * The cost options of one `PavedRoadGuardrails` after defaults: whether stacks are estimated, their
 * budgets, the prices and the table.
 * @internal
 */
export interface CostSettings {
  readonly estimate: boolean;
  readonly monthlyBudget?: number;
  readonly profileMonthlyBudgets: { [profile: string]: number };
  readonly previewDailyBudget?: number;
  readonly priceTable?: PriceTableOverride;
  readonly printTable: boolean;
}

/** Every option of `cost`, with its kind. */
const COST_OPTION_KINDS: { readonly [K in keyof Required<PavedRoadCostOptions>]: { is: (v: unknown) => boolean; words: string } } = {
  estimate: { is: Kind.boolean, words: KIND_WORDS.boolean },
  monthlyBudget: { is: Kind.number, words: 'a monthly amount in USD: a finite number, 0 or more' },
  profileMonthlyBudgets: { is: Kind.record, words: `a map of profiles (${Object.values(Profile).join(', ')}) to monthly amounts in USD` },
  previewDailyBudget: { is: Kind.number, words: 'a daily amount in USD: a finite number, 0 or more' },
  priceTable: { is: Kind.record, words: 'a PriceTableOverride (an object of price entries: fargate, loadBalancer, network, rds, ...)' },
  printTable: { is: Kind.boolean, words: KIND_WORDS.boolean },
};

/** The cost options that were options of their own before they were grouped under `cost`, and where each went. */
const MOVED_COST_OPTIONS: Record<string, keyof PavedRoadCostOptions> = {
  costEstimate: 'estimate',
  budget: 'monthlyBudget',
  profileBudgets: 'profileMonthlyBudgets',
  priceTableOverride: 'priceTable',
  printCost: 'printTable',
};

const PROFILE_NAMES = Object.values(Profile) as string[];
const isAmount = (n: unknown) => typeof n === 'number' && Number.isFinite(n) && n >= 0;

/**
 * The kind of `cost` and of each of its options, and the cost options given where they used to be
 * (a JavaScript caller's old options would otherwise be ignored without a word).
 * @param prefix what the options are named under (`stageGuardrails.` for a pipeline's)
 * @internal
 */
export function validateCostKinds(v: PropValidator, options: PavedRoadGuardrailsOptions, prefix = ''): void {
  const given = options as Record<string, unknown>;
  for (const [old, now] of Object.entries(MOVED_COST_OPTIONS)) {
    if (given[old] !== undefined) v.fail(`${prefix}${old}`, given[old], `${prefix}cost.${now} instead: the cost options are grouped under cost`);
  }
  const cost = options.cost;
  if (!v.kind(`${prefix}cost`, cost, Kind.record, 'PavedRoadCostOptions (an object of cost options)') || cost === undefined) return;
  const known = Object.keys(COST_OPTION_KINDS);
  for (const [name, value] of Object.entries(cost)) {
    const kind = COST_OPTION_KINDS[name as keyof PavedRoadCostOptions];
    if (kind) v.kind(`${prefix}cost.${name}`, value, kind.is, kind.words);
    else v.fail(`${prefix}cost.${name}`, value, `one of the cost options ${known.join(', ')}`);
  }
}

/**
 * The cost settings of `cost`, after checking its values: budgets are amounts of 0 or more, profile
 * budgets name profiles, the prices are whole entries, and a budget needs the estimate. Call
 * `validateCostKinds` first.
 * @internal
 */
export function resolveCostSettings(v: PropValidator, cost: PavedRoadCostOptions = {}): CostSettings {
  v.check('cost.monthlyBudget', cost.monthlyBudget, isAmount, COST_OPTION_KINDS.monthlyBudget.words);
  v.check('cost.previewDailyBudget', cost.previewDailyBudget, isAmount, COST_OPTION_KINDS.previewDailyBudget.words);
  const profileMonthlyBudgets = cost.profileMonthlyBudgets ?? {};
  for (const [profile, budget] of Object.entries(profileMonthlyBudgets)) {
    v.check('cost.profileMonthlyBudgets key', profile, (p) => PROFILE_NAMES.includes(p), `one of ${PROFILE_NAMES.join(', ')}`);
    v.check(`cost.profileMonthlyBudgets['${profile}']`, budget, isAmount, COST_OPTION_KINDS.monthlyBudget.words);
  }
  checkPriceTableOverride(v, cost.priceTable, 'cost.priceTable');
  const budgets = [
    ...cost.monthlyBudget !== undefined ? ['monthlyBudget'] : [],
    ...Object.keys(profileMonthlyBudgets).length > 0 ? ['profileMonthlyBudgets'] : [],
    ...cost.previewDailyBudget !== undefined ? ['previewDailyBudget'] : [],
  ];
  if (cost.estimate === false && budgets.length > 0) {
    v.fail('cost.estimate', false, `true or unset while a budget is given (${budgets.map((b) => `cost.${b}`).join(', ')}): a budget is checked against the estimate`);
  }
  return {
    estimate: cost.estimate ?? budgets.length > 0,
    monthlyBudget: cost.monthlyBudget,
    profileMonthlyBudgets,
    previewDailyBudget: cost.previewDailyBudget,
    priceTable: cost.priceTable,
    printTable: cost.printTable ?? true,
  };
}

/**
 * The options of a second `enforce` over the first's: options it leaves out keep the first's values,
 * the cost options one by one.
 * @internal
 */
export function mergeCostOptions(first: PavedRoadGuardrailsOptions, given: PavedRoadGuardrailsOptions): PavedRoadGuardrailsOptions {
  const merged = { ...first, ...given };
  if (given.cost === undefined || given.cost === null || typeof given.cost !== 'object') return merged;
  const givenCost = Object.fromEntries(Object.entries(given.cost).filter(([, value]) => value !== undefined));
  return { ...merged, cost: { ...first.cost, ...givenCost } };
}
