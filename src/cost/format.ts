import { BUNDLED_PRICE_TABLE } from './bundled-price-table';
import { cents, perDay } from './estimate';
import { qty } from './template-values';
import { CostReport, StackCostEstimate } from './types';

/** Number of cost drivers shown per stack in the console table. @internal */
export const TABLE_DRIVERS = 3;

/** `$1,234.50`. @internal */
export function usd2(x: number): string {
  return `$${x.toLocaleString('en-US', { minimumFractionDigits: 2, maximumFractionDigits: 2 })}`;
}

/**
 * A short plain-text table: one row per stack (region, monthly total, budget, top drivers), with
 * the preview cost and the unpriced resources under it.
 * @internal
 */
export function costTable(estimates: StackCostEstimate[], drivers = TABLE_DRIVERS): string {
  const header = ['Stack', 'Region', 'Monthly', 'Budget', 'Top cost drivers'];
  const rows = estimates.map((e) => [
    e.stackName,
    e.regionFactor === 1 ? e.region : `${e.region} ×${e.regionFactor}`,
    usd2(e.totalMonthlyUsd),
    e.budgetUsd === undefined ? '-' : `${usd2(e.budgetUsd)}${e.totalMonthlyUsd > e.budgetUsd ? ' OVER' : ''}`,
    e.lines.filter((l) => l.monthlyUsd > 0).slice(0, drivers).map((l) => `${l.logicalId} ${usd2(l.monthlyUsd)}`).join(', ') || '-',
  ]);
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
  const fmt = (r: string[]) => r.map((c, i) => (i === r.length - 1 ? c : c.padEnd(widths[i]))).join('  ').trimEnd();
  const out: string[] = [];
  const first = estimates[0];
  out.push(`Cost estimate, ${first?.currency ?? 'USD'} per month (${first ? `list prices of ${first.priceTableDate}` : 'no stacks'}; unpriced resources not included)`);
  out.push(fmt(header));
  estimates.forEach((e, i) => {
    out.push(fmt(rows[i]));
    if (e.ttlHours !== undefined || e.dailyBudgetUsd !== undefined) {
      const daily = e.dailyUsd ?? perDay(e, e.totalMonthlyUsd);
      const lifetime = e.ttlHours === undefined ? '' : `, ${usd2(e.ttlTotalUsd ?? 0)} for its ${hours(e.ttlHours)} lifetime`;
      const budget = e.dailyBudgetUsd === undefined ? '' : `; daily budget ${usd2(e.dailyBudgetUsd)}${daily > e.dailyBudgetUsd ? ' OVER' : ''}`;
      out.push(`  preview: ${usd2(daily)} per day${lifetime}${budget}`);
    }
    if (e.unpriced.length > 0) {
      out.push(`  not priced: ${e.unpriced.map((u) => `${u.logicalId} (${u.resourceType})`).join(', ')}`);
    }
  });
  if (estimates.length > 1) out.push(`Total: ${usd2(cents(estimates.reduce((s, e) => s + e.totalMonthlyUsd, 0)))} per month`);
  return out.join('\n');
}

/** Hours as a person reads them: `72 h`, `45.5 h` (to a tenth of an hour). @internal */
export function hours(h: number): string {
  return `${qty(Math.round(h * 10) / 10)} h`;
}

/** The content of `paved-road-cost.json`. @internal */
export function costReport(estimates: StackCostEstimate[]): CostReport {
  const first = estimates[0];
  return {
    generator: 'paved-road-constructs CostEstimator',
    priceTableDate: first?.priceTableDate ?? BUNDLED_PRICE_TABLE.date,
    priceTableSource: first?.priceTableSource ?? BUNDLED_PRICE_TABLE.source,
    currency: first?.currency ?? 'USD',
    totalMonthlyUsd: cents(estimates.reduce((s, e) => s + e.totalMonthlyUsd, 0)),
    stacks: estimates,
  };
}
