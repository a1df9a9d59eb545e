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

// Calendar date and time, extended (2026-11-25T02:00:00+02:00) or basic (20261125T020000+0200) format, to the
// minute or the second, with an optional decimal fraction of the second, and a UTC designator or a numeric offset.
const EXTENDED_INSTANT = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2})(?:[.,](\d{1,9}))?)?(Z|[+-]\d{2}(?::\d{2})?)$/;
const BASIC_INSTANT = /^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(?:(\d{2})(?:[.,](\d{1,9}))?)?(Z|[+-]\d{2}(?:\d{2})?)$/;

/** What `parseInstant` accepts, for error messages and docs. @internal */
export const INSTANT_FORMAT = 'an ISO-8601 date and time with a UTC designator or offset (2026-11-25T02:00:00Z, 2026-11-25T04:00:00+02:00)';

function daysInMonth(year: number, month: number): number {
  if (month === 2) return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0 ? 29 : 28;
  return [4, 6, 9, 11].includes(month) ? 30 : 31;
}

/**
 * Parses an ISO-8601 instant: a calendar date and time of day, in extended or basic format (not mixed), to the
 * minute or the second with an optional fraction of the second (`.` or `,`, kept to the millisecond), followed by
 * `Z` or a numeric offset (`±hh:mm` or `±hh`; `±hhmm` in basic format). The one parser of the preview reaper,
 * its scheduled event time and the PavedRoad-PreviewExpiry rule. Undefined for anything else, never a guess:
 * - impossible dates and times (`2026-02-30`, `2026-13-01`, hour 24, second 60, offset beyond ±23:59), which
 *   `Date.parse` would roll over into another day;
 * - a date or a time of day without an offset (local time: its instant depends on the reader's time zone);
 * - ordinal and week dates, and anything that is not a string.
 * @internal
 */
export function parseInstant(value: unknown): Date | undefined {
  if (typeof value !== 'string') return undefined;
  const m = EXTENDED_INSTANT.exec(value) ?? BASIC_INSTANT.exec(value);
  if (!m) return undefined;
  const [year, month, day, hour, minute] = [m[1], m[2], m[3], m[4], m[5]].map(Number);
  const second = m[6] === undefined ? 0 : Number(m[6]);
  const millis = m[7] === undefined ? 0 : Number(`${m[7]}00`.slice(0, 3));
  if (month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month)) return undefined;
  if (hour > 23 || minute > 59 || second > 59) return undefined;
  let offsetMinutes = 0;
  if (m[8] !== 'Z') {
    const digits = m[8].slice(1).replace(':', '');
    const [oh, om] = [Number(digits.slice(0, 2)), digits.length > 2 ? Number(digits.slice(2)) : 0];
    if (oh > 23 || om > 59) return undefined;
    offsetMinutes = (m[8][0] === '-' ? -1 : 1) * (oh * 60 + om);
  }
  const at = new Date(Date.UTC(2000, month - 1, day, hour, minute, second, millis));
  at.setUTCFullYear(year, month - 1, day);
  return new Date(at.getTime() - offsetMinutes * 60_000);
}
