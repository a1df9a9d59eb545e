/*
 * The library's limits on a preview's lifetime, as `previews extend` applies them. The same numbers as
 * PREVIEW_DEFAULTS in src/preview/defaults.ts (which needs aws-cdk-lib, kept out of the CLI bundle); a test
 * fails when they differ.
 */
import * as fs from 'fs';
import * as path from 'path';
import { ContextKeys } from '../../src/core/context';

/** Shortest ttl: less than one reaper interval plus a deployment would be deleted while in use. */
export const MIN_TTL_HOURS = 1;
/** Longest ttl (14 days): PreviewEnvironment refuses more, the reaper reaps at the latest this long after the last deployment. */
export const MAX_TTL_HOURS = 336;

export interface TtlLimit {
  readonly maxHours: number;
  /** Where the limit comes from, for messages. */
  readonly source: string;
}

/**
 * The longest a preview may live from now: the library's 336 hours, lowered by the platform's context value
 * `paved-road:preview-max-ttl-hours` in the app's cdk.json when there is one.
 */
export function ttlLimit(cwd: string): TtlLimit {
  const file = path.join(cwd, 'cdk.json');
  const library: TtlLimit = { maxHours: MAX_TTL_HOURS, source: `the library's maximum ttl (${MAX_TTL_HOURS} hours, 14 days)` };
  if (!fs.existsSync(file)) return library;
  let raw: unknown;
  try {
    raw = JSON.parse(fs.readFileSync(file, 'utf-8'))?.context?.[ContextKeys.PREVIEW_MAX_TTL_HOURS];
  } catch {
    return library;
  }
  const hours = typeof raw === 'string' ? Number(raw) : raw;
  if (typeof hours !== 'number' || !Number.isFinite(hours) || hours < MIN_TTL_HOURS || hours >= MAX_TTL_HOURS) return library;
  return { maxHours: hours, source: `the platform's maximum ttl (${hours} hours, context ${ContextKeys.PREVIEW_MAX_TTL_HOURS} in cdk.json)` };
}
