/*
 * The library's one clock. Every read of "now" in src goes through `now()`: a preview's
 * `paved-road:expires-at`, the PavedRoad-PreviewExpiry rule, the cost report's remaining TTL, the
 * reaper's manual invocations and its log and metric timestamps. Tests pin it with `pinClock`, so a
 * test gives the same answer on any date. The eslint rules in .projenrc.ts refuse `new Date()` with
 * no argument and `Date.now()` everywhere else.
 *
 * Plain TypeScript without aws-cdk-lib: the reaper's Lambda handler bundles it.
 */

/** A source of the current time. */
export type NowSource = () => Date;

// The only reads of the machine's clock in the library.
// eslint-disable-next-line no-restricted-syntax
const systemClock: NowSource = () => new Date();

let source: NowSource = systemClock;

/**
 * The current time, from the pinned source if one is set, else the machine's clock. A new `Date`
 * each call, so a caller cannot move the clock by mutating what it got.
 * @internal
 */
export function now(): Date {
  const at = source();
  if (!(at instanceof Date) || Number.isNaN(at.getTime())) throw new Error(`paved-road clock: the pinned source returned ${String(at)}, not a valid Date`);
  return new Date(at.getTime());
}

/**
 * Pins the clock: to a fixed instant (a `Date` or an ISO-8601 string), or to a function that is asked on
 * every read (a test that lets time pass moves what it returns). Until `resetClock()`.
 * @internal
 */
export function pinClock(at: Date | string | NowSource): void {
  if (typeof at === 'function') {
    source = at;
    return;
  }
  const fixed = typeof at === 'string' ? new Date(at) : new Date(at.getTime());
  if (Number.isNaN(fixed.getTime())) throw new Error(`paved-road clock: cannot pin the clock to ${JSON.stringify(at)}: not a valid date`);
  source = () => fixed;
}

/** Back to the machine's clock. @internal */
export function resetClock(): void {
  source = systemClock;
}

/** An instant as CloudFormation tags and the reaper write it: ISO-8601 UTC to the second. @internal */
export function isoSeconds(at: Date): string {
  return at.toISOString().replace(/\.\d{3}Z$/, 'Z');
}
