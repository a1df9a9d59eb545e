import { Duration, Token } from 'aws-cdk-lib';
import * as logs from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';

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
  // A construct is never a token, even one with a resolve method (a Stack).
  if (typeof value === 'object' && Token.isUnresolved(value) && !Construct.isConstruct(value)) return true;
  return false;
}

/** A value as an error message shows it: strings quoted, Durations in words, objects by their class. */
function describe(value: unknown): string {
  if (typeof value === 'string') return JSON.stringify(value);
  if (typeof value === 'number' && !Number.isFinite(value)) return String(value);
  if (value === undefined) return 'undefined';
  if (value instanceof Duration) return value.isUnresolved() ? 'a token (deploy-time Duration)' : value.toHumanString();
  if (typeof value === 'function') return `a function (${value.name || 'anonymous'})`;
  if (typeof value === 'object' && value !== null && !Array.isArray(value)) {
    const name = jsiiClassName(value) ?? Object.getPrototypeOf(value)?.constructor?.name;
    if (name && name !== 'Object') return `an instance of ${name}`;
  }
  try {
    return JSON.stringify(value) ?? String(value);
  } catch {
    return String(value);
  }
}

const JSII_RTTI = Symbol.for('jsii.rtti');

/**
 * The name users know a class by (`ec2.Vpc`, `PavedRoadNetwork`): its jsii type name when it has one.
 * aws-cdk-lib wraps its decorated classes in a subclass of the same JavaScript name with a suffix
 * (`Vpc2` extends `Vpc2`): the wrapped class holds the type information, and the suffix is dropped.
 */
function jsiiClassName(value: object): string | undefined {
  let ctor = Object.getPrototypeOf(value)?.constructor;
  if (typeof ctor !== 'function') return undefined;
  const parent = Object.getPrototypeOf(ctor);
  const wrapper = typeof parent === 'function' && parent.name === ctor.name;
  if (wrapper && !Object.prototype.hasOwnProperty.call(ctor, JSII_RTTI)) ctor = parent;
  const fqn = Object.prototype.hasOwnProperty.call(ctor, JSII_RTTI) ? (ctor as Record<symbol, { fqn?: unknown }>)[JSII_RTTI]?.fqn : undefined;
  if (typeof fqn === 'string') return fqn.split('.').slice(1).map((part) => part.replace(/^aws_/, '')).join('.') || undefined;
  return wrapper ? ctor.name.replace(/\d+$/, '') : undefined;
}

/**
 * What a prop must be, checked at run time: TypeScript's types do not protect JavaScript callers, and
 * jsii loosens them for Python and Java. `PropValidator.kind` refuses a value of another kind with the
 * prop named, before any code uses it.
 * @internal
 */
export const Kind = {
  string: (v: unknown): boolean => typeof v === 'string',
  nonEmptyString: (v: unknown): boolean => typeof v === 'string' && v.trim().length > 0,
  number: (v: unknown): boolean => typeof v === 'number' && !Number.isNaN(v),
  boolean: (v: unknown): boolean => typeof v === 'boolean',
  duration: (v: unknown): boolean => v instanceof Duration,
  stringList: (v: unknown): boolean => Array.isArray(v) && v.every((x) => typeof x === 'string'),
  record: (v: unknown): boolean => typeof v === 'object' && v !== null && !Array.isArray(v),
  /** An object with every one of `members` (an interface a construct accepts, e.g. an IVpc has `vpcId`). */
  withMembers: (...members: string[]) => (v: unknown): boolean =>
    typeof v === 'object' && v !== null && members.every((m) => (v as Record<string, unknown>)[m] !== undefined),
};

/** The words for each kind, for messages. @internal */
export const KIND_WORDS = {
  string: 'a string',
  nonEmptyString: 'a non-empty string',
  number: 'a number',
  boolean: 'true or false',
  duration: 'a Duration (e.g. Duration.minutes(5))',
  stringList: 'a list of strings',
  record: 'a map of names to values',
};

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
    let valid: boolean;
    try {
      valid = isValid(value);
    } catch {
      // a value of the wrong kind (a number where a Duration belongs) makes the check itself throw
      valid = false;
    }
    if (!valid) this.problems.push(`${prop}: ${describe(value)} is not allowed; allowed: ${allowed}.`);
    return this;
  }

  /**
   * Records a problem when `value` is given but is not of `kind` (see `Kind`), naming what it must be.
   * Returns whether the value may be used (undefined, a token, or of the kind).
   */
  public kind(prop: string, value: unknown, kind: (v: unknown) => boolean, words: string): boolean {
    if (value === undefined || isUnresolved(value)) return true;
    if (kind(value)) return true;
    this.problems.push(`${prop}: ${describe(value)} is not allowed; allowed: ${words}.`);
    return false;
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

  /**
   * Records a problem when the reason of a named exception prop (one that turns a safety default off on
   * purpose) is given but is not a sentence: at least 20 characters with a letter, so the compliance report
   * that lists it says why.
   */
  public exceptionReason(prop: string, reason: string | undefined): this {
    return this.check(prop, reason, (r) => typeof r === 'string' && r.trim().length >= 20 && /\p{L}/u.test(r),
      'a reason of at least 20 characters (the compliance report lists it)');
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

/** A kind: a list whose every element is of `kind`. @internal */
export function listOf(kind: (v: unknown) => boolean): (v: unknown) => boolean {
  return (v) => Array.isArray(v) && v.every(kind);
}

/** A kind: one of `values` (the values of an enum, say). @internal */
export function oneOf(values: readonly unknown[]): (v: unknown) => boolean {
  return (v) => values.includes(v);
}

/**
 * Run-time shapes of the interfaces paved-road props take, each with the words for messages. A value
 * of another kind (a plain `ec2.Vpc` where a network belongs, an ARN string where a topic belongs)
 * is refused by `PropValidator.kind` before any code reads a member of it.
 * @internal
 */
export const SHAPES = {
  /** An `IPavedRoadNetwork` (structural: the network module sits above core). */
  network: {
    is: Kind.withMembers('node', 'vpc', 'cluster', 'workloadSubnets', 'dataSubnets', 'publicSubnets', 'profile'),
    words: 'a PavedRoadNetwork or another IPavedRoadNetwork (vpc, cluster, workloadSubnets, dataSubnets, publicSubnets, profile); wrap a plain VPC with PavedRoadNetwork.fromVpc',
  },
  vpc: { is: Kind.withMembers('node', 'vpcId', 'selectSubnets'), words: 'an ec2.IVpc (an ec2.Vpc, or ec2.Vpc.fromLookup / fromVpcAttributes)' },
  topic: { is: Kind.withMembers('node', 'topicArn'), words: 'an sns.ITopic (an sns.Topic, or sns.Topic.fromTopicArn)' },
  certificate: { is: Kind.withMembers('node', 'certificateArn'), words: 'an acm.ICertificate (an acm.Certificate, or acm.Certificate.fromCertificateArn)' },
  hostedZone: { is: Kind.withMembers('node', 'hostedZoneId'), words: 'a route53.IHostedZone (route53.HostedZone.fromHostedZoneAttributes or fromLookup)' },
  bucket: { is: Kind.withMembers('node', 'bucketName', 'bucketArn'), words: 'an s3.IBucket (an s3.Bucket, or s3.Bucket.fromBucketName)' },
  codeCommitRepository: { is: Kind.withMembers('node', 'repositoryName', 'repositoryArn'), words: 'a codecommit.IRepository (codecommit.Repository.fromRepositoryName)' },
};
