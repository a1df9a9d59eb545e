import { BUNDLED_PRICE_TABLE } from './bundled-price-table';
import { PriceTable } from './price-table';
import { PriceTableOverride } from './types';
import { PropValidator } from '../core/validation';

/** Entries of the table that are structs of prices: an override of one must give every field. */
const STRUCT_ENTRIES = ['fargate', 'loadBalancer', 'network', 'rds', 'aurora', 'elastiCache', 'management', 'ec2'] as const;
/** Entries that are maps: merged key by key. */
const MAP_ENTRIES = ['rdsInstanceHour', 'auroraInstanceHour', 'cacheNodeHour', 'ec2InstanceHour', 'regionFactors'] as const;
/** Fields that are fractions (a discount of 1 would make things free). */
const FRACTIONS = new Set(['spotDiscount', 'valkeyDiscount']);

const isPrice = (v: unknown) => typeof v === 'number' && Number.isFinite(v) && v >= 0;
const isFraction = (v: unknown) => typeof v === 'number' && Number.isFinite(v) && v >= 0 && v < 1;

/**
 * Checks `override` against the bundled table and records every problem in `v`: an unknown entry,
 * an entry with a missing or unknown field, a price that is not a number of 0 or more.
 * @param name the option as the caller wrote it
 * @internal
 */
export function checkPriceTableOverride(v: PropValidator, override: PriceTableOverride | undefined, name = 'priceTableOverride'): void {
  if (override === undefined) return;
  if (override === null || typeof override !== 'object' || Array.isArray(override)) {
    v.fail(name, override, 'an object of price entries (fargate, loadBalancer, network, rds, aurora, elastiCache, management, ...)');
    return;
  }
  const known = new Set<string>(['date', 'source', ...STRUCT_ENTRIES, ...MAP_ENTRIES]);
  const o = override as unknown as Record<string, unknown>;
  for (const key of Object.keys(o)) {
    if (!known.has(key)) v.fail(`${name}.${key}`, o[key], `one of the entries ${[...known].join(', ')}`);
  }
  for (const key of ['date', 'source'] as const) {
    v.check(`${name}.${key}`, o[key], (x) => typeof x === 'string' && x.length > 0, 'a non-empty string');
  }
  for (const entry of STRUCT_ENTRIES) {
    const given = o[entry];
    if (given === undefined) continue;
    const prop = `${name}.${entry}`;
    if (given === null || typeof given !== 'object' || Array.isArray(given)) {
      v.fail(prop, given, 'an object with every field of the bundled entry');
      continue;
    }
    const bundled = BUNDLED_PRICE_TABLE[entry] as unknown as Record<string, number>;
    const fields = given as Record<string, unknown>;
    for (const field of Object.keys(bundled)) {
      if (fields[field] === undefined || fields[field] === null) {
        v.require(`${prop}.${field}`, undefined, `an override of '${entry}' replaces the whole entry, so give every field (bundled value: ${bundled[field]})`);
        continue;
      }
      const fraction = FRACTIONS.has(field);
      v.check(`${prop}.${field}`, fields[field], fraction ? isFraction : isPrice,
        fraction ? 'a fraction from 0 (inclusive) to 1 (exclusive)' : 'a number of 0 or more');
    }
    for (const field of Object.keys(fields)) {
      if (!(field in bundled)) v.fail(`${prop}.${field}`, fields[field], `one of the fields ${Object.keys(bundled).join(', ')}`);
    }
  }
  for (const entry of MAP_ENTRIES) {
    const given = o[entry];
    if (given === undefined) continue;
    const prop = `${name}.${entry}`;
    if (given === null || typeof given !== 'object' || Array.isArray(given)) {
      v.fail(prop, given, 'a map of names to numbers');
      continue;
    }
    for (const [key, value] of Object.entries(given as Record<string, unknown>)) {
      if (value === undefined || value === null) v.require(`${prop}['${key}']`, undefined, 'give a number of 0 or more');
      else v.check(`${prop}['${key}']`, value, isPrice, 'a number of 0 or more');
    }
  }
}

/**
 * The bundled table with `override` merged over it. Call `checkPriceTableOverride` first.
 * @internal
 */
export function mergePriceTable(override: PriceTableOverride | undefined): PriceTable {
  const base = BUNDLED_PRICE_TABLE;
  if (!override) return base;
  const overridden = [...STRUCT_ENTRIES, ...MAP_ENTRIES].filter((e) => override[e] !== undefined);
  // The note names the overridden entries whether or not the project says where its prices come from.
  const note = overridden.length > 0 ? `; overridden by the project: ${overridden.join(', ')}` : '';
  const from = override.source !== undefined ? `; the project's prices come from: ${override.source}` : '';
  return {
    date: override.date ?? base.date,
    source: `${base.source}${note}${from}`,
    currency: base.currency,
    fargate: override.fargate ?? base.fargate,
    loadBalancer: override.loadBalancer ?? base.loadBalancer,
    network: override.network ?? base.network,
    rds: override.rds ?? base.rds,
    rdsInstanceHour: { ...base.rdsInstanceHour, ...override.rdsInstanceHour },
    aurora: override.aurora ?? base.aurora,
    auroraInstanceHour: { ...base.auroraInstanceHour, ...override.auroraInstanceHour },
    elastiCache: override.elastiCache ?? base.elastiCache,
    cacheNodeHour: { ...base.cacheNodeHour, ...override.cacheNodeHour },
    management: override.management ?? base.management,
    ec2: override.ec2 ?? base.ec2,
    ec2InstanceHour: { ...base.ec2InstanceHour, ...override.ec2InstanceHour },
    regionFactors: { ...base.regionFactors, ...override.regionFactors },
  };
}
