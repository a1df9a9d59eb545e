import { RemovalPolicy, Token } from 'aws-cdk-lib';
import { DatabaseEngine } from './database-engine';
import { PavedRoadDatabaseProps } from './database-props';
import {
  AURORA_AUTO_PAUSE_MINIMUM_MINOR, auroraSupportsAutoPause, DatabaseProfileDefaults, ENGINE_SPECS, majorOf, MAX_STORAGE_GIB, minAutoscalingCeiling,
} from './defaults';
import { isReservedWord, masterUsernameProblem } from './master-username';
import { Profile } from '../core/profile';
import { profileSettings } from '../core/profile-defaults';
import { profilesWhere } from '../core/profile-facts';
import { isIntegerIn, isLogRetention, Kind, KIND_WORDS, LOG_RETENTION_ALLOWED, PropValidator } from '../core/validation';

const ENGINES = Object.values(DatabaseEngine) as string[];
/** Aurora Serverless v2 capacity in ACU: `min` to 256 in steps of 0.5. */
const isAcuFrom = (min: number) => (v: number) => typeof v === 'number' && v >= min && v <= 256 && Number.isInteger(v * 2);
/** aws-cdk-lib's DatabaseCluster takes a minimum from 0.5 (0 only with auto-pause) and a maximum from 1. */
const MIN_ACU = 0.5;
const MIN_MAX_ACU = 1;
/** Aurora's range of SecondsUntilAutoPause (RDS API Reference, ServerlessV2ScalingConfiguration). */
const AUTO_PAUSE_SECONDS = { min: 300, max: 86400 };
/** The versions that scale to 0 ACU, in words. */
const AUTO_PAUSE_VERSIONS = Object.entries(AURORA_AUTO_PAUSE_MINIMUM_MINOR)
  .map(([major, minor]) => (minor === 0 ? `any ${major}` : `${major}.${minor}`)).join(', ');

/** The kind of every prop that a check below would otherwise misread (a string `"false"` is truthy) or crash on. */
const PROP_KINDS: Record<string, [(v: unknown) => boolean, string]> = {
  network: [Kind.withMembers('vpc', 'dataSubnets', 'workloadSubnets'), 'an IPavedRoadNetwork: a PavedRoadNetwork, or PavedRoadNetwork.fromVpc(...) over an existing VPC (an ec2.Vpc alone is not one)'],
  engineVersion: [Kind.string, "a string naming a major version, e.g. '18' (PostgreSQL) or '8.4' (MySQL)"],
  instanceType: [Kind.withMembers('sameInstanceClassAs', 'isBurstable'), "an ec2.InstanceType, e.g. new ec2.InstanceType('t4g.micro')"],
  databaseName: [Kind.string, "a string such as 'app'"],
  credentials: [Kind.withMembers('username'), 'rds.Credentials: rds.Credentials.fromGeneratedSecret(username) or rds.Credentials.fromSecret(secret)'],
  multiAz: [Kind.boolean, KIND_WORDS.boolean],
  deletionProtection: [Kind.boolean, KIND_WORDS.boolean],
  deletionProtectionExceptionReason: [Kind.string, 'a string: the reason, in at least 20 characters'],
  publiclyAccessible: [Kind.boolean, KIND_WORDS.boolean],
  autoPause: [Kind.duration, KIND_WORDS.duration],
  alarmTopic: [Kind.withMembers('topicArn', 'topicName'), 'an sns.ITopic'],
};

/**
 * Checks every prop of `PavedRoadDatabase` and throws one error listing each problem.
 * @internal
 */
export function validateDatabaseProps(path: string, profile: Profile, given: PavedRoadDatabaseProps, dd: DatabaseProfileDefaults): void {
  const v = new PropValidator('PavedRoadDatabase', path);
  v.require('network', given.network, 'pass a PavedRoadNetwork (or any IPavedRoadNetwork)');
  // A prop of the wrong kind is reported once, here, and left out of the checks below (which would crash or misread it).
  const props = { ...given } as Record<string, unknown>;
  for (const [prop, [kind, words]] of Object.entries(PROP_KINDS)) {
    if (props[prop] !== null && !v.kind(prop, props[prop], kind, words)) delete props[prop];
  }
  validateKnownKinds(v, profile, props as unknown as PavedRoadDatabaseProps, dd);
  v.throwIfInvalid();
}

/** The checks of values of the right kind. */
function validateKnownKinds(v: PropValidator, profile: Profile, props: PavedRoadDatabaseProps, dd: DatabaseProfileDefaults): void {
  v.check('engine', props.engine, (e) => ENGINES.includes(e), `one of ${ENGINES.join(', ')} (DatabaseEngine)`);
  const engine = ENGINES.includes(props.engine as string) ? props.engine! : DatabaseEngine.POSTGRES;
  const spec = ENGINE_SPECS[engine];

  if (spec.aurora) {
    v.check('engineVersion', props.engineVersion, (x) => isAuroraVersion(x, spec.majorVersions),
      `a ${engine} major version: ${spec.majorVersions.join(', ')}, or a major.minor of one (e.g. 16.4)`);
  } else {
    v.check('engineVersion', props.engineVersion, (x) => spec.majorVersions.includes(x), `a ${engine} major version: ${spec.majorVersions.join(', ')}`);
  }
  if (spec.aurora) {
    for (const [prop, value] of [['instanceType', props.instanceType?.toString()], ['allocatedStorageGiB', props.allocatedStorageGiB], ['maxAllocatedStorageGiB', props.maxAllocatedStorageGiB]] as const) {
      if (value !== undefined) v.fail(prop, value, 'unset for Aurora Serverless v2 (it sizes itself between minCapacity and maxCapacity ACU and grows its storage)');
    }
  } else {
    v.check('instanceType', props.instanceType?.toString(), (t) => /^(db\.)?[a-z][a-z0-9-]*\.[a-z0-9]+$/.test(t), 'an RDS instance class such as t4g.micro or m7g.large');
    for (const [prop, value] of [['minCapacity', props.minCapacity], ['maxCapacity', props.maxCapacity]] as const) {
      if (value !== undefined) v.fail(prop, value, `unset for ${engine} (ACU apply to Aurora Serverless v2 only)`);
    }
    v.check('allocatedStorageGiB', props.allocatedStorageGiB, isIntegerIn(spec.minStorageGiB, MAX_STORAGE_GIB), `an integer from ${spec.minStorageGiB} (the ${engine} gp3 minimum) to ${MAX_STORAGE_GIB}`);
    const allocated = props.allocatedStorageGiB ?? dd.allocatedStorageGiB;
    const floor = minAutoscalingCeiling(allocated);
    if (floor > MAX_STORAGE_GIB && props.maxAllocatedStorageGiB !== undefined) {
      v.fail('maxAllocatedStorageGiB', props.maxAllocatedStorageGiB, `unset: allocatedStorageGiB ${allocated} leaves no room for storage autoscaling below the ${MAX_STORAGE_GIB} GiB gp3 maximum (the ceiling must be at least 10% above it)`);
    } else {
      v.check('maxAllocatedStorageGiB', props.maxAllocatedStorageGiB, isIntegerIn(floor, MAX_STORAGE_GIB), `an integer from ${floor} (10% above allocatedStorageGiB ${allocated}) to ${MAX_STORAGE_GIB}`);
    }
  }
  // Alarm thresholds (free storage, freeable memory, connections) are computed from these: they must be known at synth.
  const sizing = spec.aurora ? [['minCapacity', props.minCapacity], ['maxCapacity', props.maxCapacity]] as const : [['allocatedStorageGiB', props.allocatedStorageGiB]] as const;
  for (const [prop, value] of sizing) v.requireKnownAtSynth(prop, value, 'the alarm thresholds are computed from it');
  const version = props.engineVersion !== undefined && isAuroraVersion(props.engineVersion, spec.majorVersions)
    ? props.engineVersion : spec.majorVersions[spec.majorVersions.length - 1];
  const pausable = spec.aurora && auroraSupportsAutoPause(version);
  v.check('minCapacity', spec.aurora ? props.minCapacity : undefined, isAcuFrom(0),
    `0 (automatic pause, on an engine version that supports it) or ${MIN_ACU} to 256 ACU, in steps of 0.5`);
  if (spec.aurora && props.minCapacity === 0 && !pausable) {
    v.fail('minCapacity', 0, `${MIN_ACU} to 256 ACU with engineVersion ${version}: scaling to 0 ACU (automatic pause) needs Aurora PostgreSQL `
      + `${majorOf(version)}.${AURORA_AUTO_PAUSE_MINIMUM_MINOR[majorOf(version)]} or a later minor (${AUTO_PAUSE_VERSIONS}); upgrade the minor or give a minCapacity from ${MIN_ACU}`);
  }
  v.check('maxCapacity', spec.aurora ? props.maxCapacity : undefined, isAcuFrom(MIN_MAX_ACU), `from ${MIN_MAX_ACU} to 256 ACU in steps of 0.5 (Aurora Serverless v2 needs a maximum of at least 1 ACU)`);
  const minAcu = props.minCapacity ?? (dd.minCapacity === 0 && !pausable ? MIN_ACU : dd.minCapacity);
  const maxAcu = props.maxCapacity ?? dd.maxCapacity;
  if (spec.aurora && isAcuFrom(0)(minAcu) && isAcuFrom(MIN_MAX_ACU)(maxAcu) && minAcu > maxAcu) {
    v.fail('minCapacity', minAcu, `at most maxCapacity (${maxAcu})`);
  }
  validateAutoPause(v, engine, spec.aurora, minAcu, props.autoPause);

  // 0 turns automated backups off, which AwsSolutions-RDS13 refuses: the guardrails apply that pack in every profile.
  const backupReason = spec.aurora ? 'Aurora always keeps backups' : profile === Profile.PROD ? 'prod databases always keep backups'
    : '0 turns automated backups off, which AwsSolutions-RDS13 refuses in every profile';
  v.check('backupRetentionDays', props.backupRetentionDays, isIntegerIn(1, 35), `an integer from 1 to 35 (${backupReason})`);
  const protectedProfile = profile === Profile.PROD || profile === Profile.STAGING;
  v.check('removalPolicy', props.removalPolicy, (p) => [RemovalPolicy.SNAPSHOT, RemovalPolicy.RETAIN, RemovalPolicy.DESTROY].includes(p) && !(protectedProfile && p === RemovalPolicy.DESTROY),
    protectedProfile ? `SNAPSHOT or RETAIN in ${profile}: DESTROY would delete the data with the stack` : 'SNAPSHOT, RETAIN or DESTROY');
  validateDeletionProtection(v, profile, props);
  v.check('publiclyAccessible', props.publiclyAccessible, (p) => p === false, 'false (or unset): a paved-road database is reachable only from inside its VPC');
  const wellKnown = spec.wellKnownPort;
  v.check('port', props.port, (p) => isIntegerIn(1150, 65535)(p) && p !== wellKnown,
    `an integer from 1150 to 65535${wellKnown ? `, not ${wellKnown} (the ${engine} well-known port, which AwsSolutions-RDS11 refuses)` : ''}`);
  v.check('databaseName', props.databaseName, (n) => /^[A-Za-z][A-Za-z0-9_]{0,62}$/.test(n) && !isReservedWord(engine, n),
    `a letter then up to 62 letters, digits or underscores, not a ${engine === DatabaseEngine.MYSQL ? 'MySQL' : 'PostgreSQL'} reserved word (RDS refuses those as database names)`);
  v.check('rotationDays', props.rotationDays, isIntegerIn(1, 365), 'an integer from 1 to 365');
  if (props.rotationDays !== undefined && props.credentials?.secret) {
    v.fail('rotationDays', props.rotationDays, 'unset when credentials come from an existing secret (its owner rotates it)');
  }
  const username = props.credentials?.username;
  if (username !== undefined && !Token.isUnresolved(username)) {
    const allowed = masterUsernameProblem(engine, username);
    if (allowed) v.fail('credentials.username', username, allowed);
  }
  if (props.credentials?.password && !props.credentials.secret) {
    v.fail('credentials', 'an explicit password', 'rds.Credentials.fromGeneratedSecret(username) or rds.Credentials.fromSecret(secret): the password must never be in the template');
  }
  v.check('logRetentionDays', props.logRetentionDays, isLogRetention, LOG_RETENTION_ALLOWED);
}

/** An Aurora PostgreSQL version the library takes: a major it offers, or a major.minor of one. */
function isAuroraVersion(version: unknown, majors: string[]): boolean {
  return typeof version === 'string' && /^\d+(\.\d+)?$/.test(version) && majors.includes(majorOf(version));
}

/** `autoPause`: Aurora only, with minimum capacity 0 (Aurora ignores it otherwise), within Aurora's range. */
function validateAutoPause(v: PropValidator, engine: DatabaseEngine, aurora: boolean, minAcu: number, autoPause: PavedRoadDatabaseProps['autoPause']): void {
  if (autoPause === undefined || autoPause === null) return;
  const seconds = `a duration from ${AUTO_PAUSE_SECONDS.min / 60} minutes to 1 day in whole seconds (Aurora's range of SecondsUntilAutoPause)`;
  if (!aurora) {
    v.fail('autoPause', autoPause.toHumanString(), `unset for ${engine} (automatic pause applies to Aurora Serverless v2 only)`);
  } else if (minAcu !== 0) {
    v.fail('autoPause', autoPause.toHumanString(), `unset unless minCapacity is 0 (minCapacity is ${minAcu}): Aurora pauses an instance only at 0 ACU`);
  } else if (!Token.isUnresolved(autoPause.toSeconds({ integral: false }))) {
    v.check('autoPause', autoPause.toHumanString(), () => {
      const s = autoPause.toSeconds({ integral: false });
      return Number.isInteger(s) && s >= AUTO_PAUSE_SECONDS.min && s <= AUTO_PAUSE_SECONDS.max;
    }, seconds);
  }
}

/**
 * `deletionProtection: false` where the profile protects databases is an exception: it needs its
 * reason, and the reason needs the exception.
 */
function validateDeletionProtection(v: PropValidator, profile: Profile, props: PavedRoadDatabaseProps): void {
  const reasonProp = 'deletionProtectionExceptionReason';
  const reason = props.deletionProtectionExceptionReason;
  if (reason !== undefined && props.deletionProtection !== false) {
    v.fail(reasonProp, reason, 'unset unless deletionProtection is false: it is the reason for that exception');
  } else {
    v.exceptionReason(reasonProp, reason);
  }
  if (props.deletionProtection === false && reason === undefined && profileSettings(profile).deletionProtection) {
    v.fail('deletionProtection', false, `true (or unset) in ${profile}, where the profile protects databases from deletion (as in ${profilesWhere(profileSettings, (s) => s.deletionProtection)}); `
      + `or false with ${reasonProp} saying why: the compliance report lists the exception, and the team acknowledges AwsSolutions-RDS10 and its NIST, HIPAA and PCI twins itself`);
  }
}
