import { Token } from 'aws-cdk-lib';
import * as logs from 'aws-cdk-lib/aws-logs';

/**
 * The error every paved-road construct throws for bad input: one error per construct that lists
 * each invalid prop, the value given and what is allowed.
 *
 * @internal
 */
export class PavedRoadValidationError extends Error {
  constructor(message: string, public readonly problems: string[]) {
    super(message);
    this.name = 'PavedRoadValidationError';
    Object.setPrototypeOf(this, PavedRoadValidationError.prototype);
  }
}

/** True when the value, or any element of it, is a token that is only known at deploy time. */
function isUnresolved(value: unknown): boolean {
  if (value === undefined || value === null) return false;
  if (Array.isArray(value)) return value.some(isUnresolved);
  if (typeof value === 'string' || typeof value === 'number') return Token.isUnresolved(value);
  if (typeof value === 'object' && Token.isUnresolved(value)) return true;
  return false;
}

function describe(value: unknown): string {
  if (typeof value === 'string') return JSON.stringify(value);
  if (typeof value === 'number' && !Number.isFinite(value)) return String(value);
  if (value === undefined) return 'undefined';
  try {
    return JSON.stringify(value) ?? String(value);
  } catch {
    return String(value);
  }
}

/**
 * Collects every prop problem of one construct, then throws them together.
 *
 * Values that are tokens are skipped: they can only be checked at deploy time.
 *
 * @internal
 */
export class PropValidator {
  private readonly problems: string[] = [];

  constructor(private readonly constructName: string, private readonly path: string) {}

  /**
   * Records a problem when `value` is given (not undefined), is not a token, and `isValid(value)` is false.
   * @param prop name of the prop as the user wrote it
   * @param allowed what is allowed, in words ("an integer from 1 to 65535")
   */
  public check<T>(prop: string, value: T | undefined, isValid: (v: T) => boolean, allowed: string): this {
    if (value === undefined || isUnresolved(value)) return this;
    if (!isValid(value)) this.problems.push(`${prop}: ${describe(value)} is not allowed; allowed: ${allowed}.`);
    return this;
  }

  /** Records a problem about a combination of props, with its own wording. */
  public fail(prop: string, value: unknown, allowed: string): this {
    this.problems.push(`${prop}: ${describe(value)} is not allowed; allowed: ${allowed}.`);
    return this;
  }

  /**
   * Records a problem when `value` is a token: the construct computes with it at synth time.
   * @param because what is computed from it ("the alarm thresholds are computed from it")
   */
  public requireKnownAtSynth(prop: string, value: unknown, because: string): this {
    if (isUnresolved(value)) this.fail(prop, 'a token (deploy-time value)', `a number known at synth: ${because}`);
    return this;
  }

  /** Records a problem about a missing prop. */
  public require(prop: string, value: unknown, howToGive: string): this {
    if (value === undefined || value === null || value === '') this.problems.push(`${prop}: is required; ${howToGive}.`);
    return this;
  }

  /** Whether any problem was recorded. */
  public get hasProblems(): boolean {
    return this.problems.length > 0;
  }

  /** Throws one error listing every recorded problem; does nothing when there is none. */
  public throwIfInvalid(): void {
    if (this.problems.length === 0) return;
    const n = this.problems.length;
    throw new PavedRoadValidationError(
      `${this.constructName} '${this.path}' has ${n} invalid prop${n === 1 ? '' : 's'}:\n` +
      this.problems.map((p) => `  - ${p}`).join('\n'),
      [...this.problems],
    );
  }
}

/** The retention periods CloudWatch Logs accepts, in days: every `logs.RetentionDays` except INFINITE. @internal */
const LOG_RETENTION_DAYS: number[] = Object.values(logs.RetentionDays)
  .filter((n): n is number => typeof n === 'number' && n !== logs.RetentionDays.INFINITE);

/** True when CloudWatch Logs accepts the value as a retention period in days. @internal */
export function isLogRetention(days: number): boolean {
  return LOG_RETENTION_DAYS.includes(days);
}

/** What `isLogRetention` allows, in words, for `PropValidator.check`. @internal */
export const LOG_RETENTION_ALLOWED = `a retention CloudWatch Logs accepts (${LOG_RETENTION_DAYS.join(', ')})`;

/** True when the value is an integer within [min, max]. @internal */
export function isIntegerIn(min: number, max: number): (v: number) => boolean {
  return (v) => Number.isInteger(v) && v >= min && v <= max;
}
