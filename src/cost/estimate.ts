import { Token } from 'aws-cdk-lib';
import { checkPriceTableOverride, mergePriceTable } from './price-table-merge';
import { FREE_TYPES, isFreeType, PRICERS, USAGE_BASED } from './resource-kinds';
import { line, Priced, PricingContext, qty, TemplateResource } from './template-values';
import { CostEstimateOptions, CostLine, StackCostEstimate, UnpricedResource } from './types';
import { Kind, PropValidator } from '../core/validation';

/** Hours in a month (365 × 24 / 12). @internal */
export const DEFAULT_HOURS_PER_MONTH = 730;
const DEFAULT_STACK_NAME = 'Stack';

/** Rounds to the cent. @internal */
export function cents(x: number): number {
  return Math.round((x + Number.EPSILON) * 100) / 100;
}

/** USD per day of a monthly figure, at the estimate's hours per month. @internal */
export function perDay(estimate: { readonly hoursPerMonth: number }, monthlyUsd: number): number {
  return cents(monthlyUsd * 24 / estimate.hoursPerMonth);
}

/** A number as the validator should show it: NaN and infinities as words. */
function shown(v: unknown): unknown {
  return typeof v === 'number' && !Number.isFinite(v) ? String(v) : v;
}

/** Records a problem when `value` is given and is not a finite number within the bounds. @internal */
export function checkNumber(v: PropValidator, prop: string, value: unknown, isValid: (n: number) => boolean, allowed: string): void {
  if (value === undefined) return;
  if (typeof value !== 'number' || !Number.isFinite(value)) {
    v.fail(prop, shown(value), allowed);
    return;
  }
  v.check(prop, value, isValid, allowed);
}

/** A region name: `eu-west-1`, `us-gov-west-1`, `cn-north-1`. */
const REGION = /^[a-z]{2}(-[a-z]+)+-\d{1,2}$/;

/**
 * Checks the options and the template, kind and value, before any code reads them; throws one
 * error listing every problem.
 */
function checkInputs(template: unknown, options: CostEstimateOptions): void {
  const v = new PropValidator('CostEstimator', typeof options?.stackName === 'string' && options.stackName.trim() !== '' ? options.stackName : DEFAULT_STACK_NAME);
  checkTemplate(v, template);
  if (!v.kind('options', options, Kind.record, 'CostEstimateOptions (an object of options, or no argument)') || options === undefined) {
    v.throwIfInvalid();
    return;
  }
  v.check('stackName', options.stackName, (s) => typeof s === 'string' && s.trim().length > 0 && s.trim() === s, 'a non-empty string without leading or trailing spaces');
  v.check('region', options.region, (s) => typeof s === 'string' && REGION.test(s), 'a region name such as eu-west-1');
  checkNumber(v, 'hoursPerMonth', options.hoursPerMonth, (n) => n > 0 && n <= 744, 'a number of hours above 0 and at most 744');
  checkNumber(v, 'ttlHours', options.ttlHours, (n) => n > 0, 'a number of hours above 0');
  checkNumber(v, 'budgetUsd', options.budgetUsd, (n) => n >= 0, 'a number of USD per month, 0 or more');
  checkNumber(v, 'dailyBudgetUsd', options.dailyBudgetUsd, (n) => n >= 0, 'a number of USD per day, 0 or more');
  checkPriceTableOverride(v, options.priceTableOverride);
  v.throwIfInvalid();
}

/** A CloudFormation template object: `Resources` and `Parameters`, when there, are maps. */
function checkTemplate(v: PropValidator, template: unknown): void {
  if (template === undefined || !v.kind('template', template, Kind.record, 'a CloudFormation template as a JSON object (Resources, optional Parameters)')) {
    if (template === undefined) v.require('template', template, 'pass the template as a JSON object (Resources, optional Parameters)');
    return;
  }
  const t = template as Record<string, unknown>;
  v.kind('template.Resources', t.Resources, Kind.record, 'a map of logical ids to resources');
  v.kind('template.Parameters', t.Parameters, Kind.record, 'a map of parameter names to parameters');
}

/**
 * Estimates the monthly cost of a synthesized CloudFormation template. Pure: reads the template only.
 * @internal
 */
export function estimateTemplateJson(template: any, options: CostEstimateOptions = {}): StackCostEstimate {
  checkInputs(template, options);
  const stackName = options.stackName ?? DEFAULT_STACK_NAME;
  const table = mergePriceTable(options.priceTableOverride);
  const hours = options.hoursPerMonth ?? DEFAULT_HOURS_PER_MONTH;
  const resources: Record<string, TemplateResource> = template.Resources ?? {};
  const ctx: PricingContext = {
    resources,
    parameters: template.Parameters ?? {},
    table,
    hours,
    ttlHours: options.ttlHours,
    projectCacheNodeTypes: new Set(Object.keys(options.priceTableOverride?.cacheNodeHour ?? {})),
  };

  const assumptions = [
    `${table.currency} ${table.date} us-east-1 on-demand list prices from the bundled table${options.priceTableOverride ? ' with project overrides' : ''}`,
    `${qty(hours)} hours per month`,
    'free tiers, savings plans, reserved capacity, data transfer and taxes not applied',
  ];
  const { region, factor } = regionFactor(options.region, table.regionFactors, assumptions);

  const lines: CostLine[] = [];
  const unpricedResources: UnpricedResource[] = [];
  let freeResourceCount = 0;
  for (const logicalId of Object.keys(resources).sort()) {
    const resource = resources[logicalId];
    const type = resource?.Type;
    if (typeof type !== 'string') {
      unpricedResources.push({ logicalId, resourceType: String(type), reason: 'resource without a Type' });
      continue;
    }
    const priced = priceResource(ctx, logicalId, resource);
    if (priced.kind === 'free') {
      freeResourceCount++;
    } else if (priced.kind === 'unpriced') {
      unpricedResources.push({ logicalId, resourceType: type, reason: priced.reason, ...pathOf(resource) });
    } else {
      const lineAssumptions = [...priced.assumptions];
      if (resource.Condition) lineAssumptions.push(`created only when condition ${resource.Condition} holds: counted as created`);
      const formula = factor !== 1 && priced.monthlyUsd > 0 ? `(${priced.formula}) × ${qty(factor)} (${region} region factor)` : priced.formula;
      lines.push({
        logicalId,
        resourceType: type,
        monthlyUsd: cents(priced.monthlyUsd * factor),
        formula,
        assumptions: lineAssumptions,
        usageBased: priced.usageBased ?? false,
        ...pathOf(resource),
      });
    }
  }
  lines.sort((a, b) => b.monthlyUsd - a.monthlyUsd || a.logicalId.localeCompare(b.logicalId));
  const total = cents(lines.reduce((sum, l) => sum + l.monthlyUsd, 0));
  const ttl = options.ttlHours === undefined ? {} : {
    ttlHours: options.ttlHours,
    dailyUsd: cents(total * 24 / hours),
    ttlTotalUsd: cents(total * options.ttlHours / hours),
  };
  return {
    stackName,
    region,
    regionFactor: factor,
    hoursPerMonth: hours,
    totalMonthlyUsd: total,
    lines,
    unpriced: unpricedResources,
    freeResourceCount,
    assumptions,
    priceTableDate: table.date,
    priceTableSource: table.source,
    currency: table.currency,
    ...ttl,
    ...(options.budgetUsd === undefined ? {} : { budgetUsd: options.budgetUsd }),
    ...(options.dailyBudgetUsd === undefined ? {} : { dailyBudgetUsd: options.dailyBudgetUsd }),
  };
}

/** The construct path CDK records in the resource's metadata, when there. */
function pathOf(resource: TemplateResource): { constructPath?: string } {
  const path = resource.Metadata?.['aws:cdk:path'];
  return typeof path === 'string' ? { constructPath: path } : {};
}

function priceResource(ctx: PricingContext, logicalId: string, resource: TemplateResource): Priced {
  const type = resource.Type;
  const pricer = PRICERS[type];
  if (pricer) return pricer(ctx, logicalId, resource.Properties ?? {});
  const usage = USAGE_BASED[type];
  if (usage) return line(0, `billed by use (${usage}); no use assumed`, ['no use assumed'], true);
  if (isFreeType(type)) return { kind: 'free' };
  return { kind: 'unpriced', reason: 'resource type not in the price table' };
}

function regionFactor(given: string | undefined, factors: { [key: string]: number }, assumptions: string[]): { region: string; factor: number } {
  if (given === undefined || Token.isUnresolved(given)) {
    assumptions.push('region unknown at synth (environment-agnostic stack): priced at us-east-1 prices (factor 1)');
    return { region: 'unknown', factor: 1 };
  }
  const factor = factors[given];
  if (factor === undefined) {
    assumptions.push(`no price factor for region ${given} in the table: priced at us-east-1 prices (factor 1)`);
    return { region: given, factor: 1 };
  }
  if (factor !== 1) assumptions.push(`${given} priced at ${qty(factor)} × us-east-1 prices (approximate region factor)`);
  return { region: given, factor };
}

/** The resource types the estimator knows, by kind (for docs and tests). @internal */
export function knownResourceTypes(): { priced: string[]; usageBased: string[]; free: string[] } {
  return { priced: Object.keys(PRICERS).sort(), usageBased: Object.keys(USAGE_BASED).sort(), free: [...FREE_TYPES].sort() };
}
