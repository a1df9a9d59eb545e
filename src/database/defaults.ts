import { Duration } from 'aws-cdk-lib';
import * as rds from 'aws-cdk-lib/aws-rds';
import * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import { DatabaseEngine } from './database-engine';
import { Profile } from '../core/profile';
import { assertProfile } from '../core/profile-defaults';

/**
 * What `PavedRoadDatabase` needs to know about one engine. Kept out of the barrel.
 * @internal
 */
export interface EngineSpec {
  /** Whether it is an Aurora cluster rather than an RDS instance. */
  readonly aurora: boolean;
  /** Major versions offered, oldest first; the last is the default (the newest aws-cdk-lib 2.257 offers). */
  readonly majorVersions: string[];
  /**
   * The `EngineVersion` the template gives for a major version, where CloudFormation's resource schema
   * takes no major alone (MySQL); undefined where it does (PostgreSQL and Aurora PostgreSQL take `18`).
   */
  readonly templateVersions?: Record<string, string>;
  /** Default port: not the engine's well-known port (AwsSolutions-RDS11). */
  readonly port: number;
  /**
   * The engine's well-known port, which AwsSolutions-RDS11 refuses on an RDS instance (undefined for
   * Aurora, where the rule does not fire on our cluster).
   */
  readonly wellKnownPort?: number;
  /** Smallest allocated storage in GiB for gp3 (RDS instances only). */
  readonly minStorageGiB: number;
  /** Parameter that forces TLS, and the value that does. */
  readonly tlsParameter: { readonly name: string; readonly value: string };
  /** Logs exported to CloudWatch Logs. */
  readonly logExports: string[];
  /** Characters left out of the generated master password (the ones the engine's tools choke on). */
  readonly excludeCharacters: string;
  /** Default database name. */
  readonly defaultDatabaseName: string;
  /** Environment-variable value naming the engine (for drivers and URL builders). */
  readonly driver: string;
}

const EXCLUDE = ' %+~`#$&*()|[]{}:;<>?!\'/@"\\,=^';

/** @internal */
export const ENGINE_SPECS: Record<DatabaseEngine, EngineSpec> = {
  [DatabaseEngine.POSTGRES]: {
    aurora: false,
    majorVersions: ['14', '15', '16', '17', '18'],
    port: 5433,
    wellKnownPort: 5432,
    minStorageGiB: 20,
    tlsParameter: { name: 'rds.force_ssl', value: '1' },
    logExports: ['postgresql', 'upgrade'],
    excludeCharacters: EXCLUDE,
    defaultDatabaseName: 'app',
    driver: 'postgresql',
  },
  [DatabaseEngine.MYSQL]: {
    aurora: false,
    majorVersions: ['8.0', '8.4'],
    // The AWS::RDS::DBInstance schema lists MySQL EngineVersion values as full versions only, so '8.4' fails
    // CloudFormation validation (E9006 in aws-cdk-lib 2.276's validation). These are the newest minors both in that
    // schema's list (@aws/cloudformation-validate 1.14.0) and named by aws-cdk-lib 2.276 (MysqlEngineVersion.VER_8_4_10,
    // VER_8_0_46). RDS still upgrades the minor in the maintenance window (autoMinorVersionUpgrade).
    templateVersions: { '8.0': '8.0.46', '8.4': '8.4.10' },
    port: 3307,
    wellKnownPort: 3306,
    minStorageGiB: 20,
    tlsParameter: { name: 'require_secure_transport', value: '1' },
    logExports: ['error', 'slowquery', 'audit'],
    excludeCharacters: EXCLUDE,
    defaultDatabaseName: 'app',
    driver: 'mysql',
  },
  [DatabaseEngine.AURORA_POSTGRES_SERVERLESS]: {
    aurora: true,
    majorVersions: ['14', '15', '16', '17'],
    port: 5433,
    minStorageGiB: 0,
    tlsParameter: { name: 'rds.force_ssl', value: '1' },
    logExports: ['postgresql'],
    excludeCharacters: EXCLUDE,
    defaultDatabaseName: 'app',
    driver: 'postgresql',
  },
};

/** The instance engine of an RDS (non-Aurora) engine at a major version. @internal */
export function instanceEngine(engine: DatabaseEngine, major: string): rds.IInstanceEngine {
  if (engine === DatabaseEngine.MYSQL) {
    const full = ENGINE_SPECS[engine].templateVersions?.[major] ?? major;
    return rds.DatabaseInstanceEngine.mysql({ version: rds.MysqlEngineVersion.of(full, major) });
  }
  // The major version alone (the schema takes it for PostgreSQL): RDS picks the newest minor and auto minor
  // upgrades never fight the template.
  return rds.DatabaseInstanceEngine.postgres({ version: rds.PostgresEngineVersion.of(major, major) });
}

/**
 * The lowest minor of each Aurora PostgreSQL major version that scales Aurora Serverless v2 to 0 ACU
 * (automatic pause and resume): 14.12, 15.7, 16.3, every 17 (Aurora User Guide, "Aurora Serverless v2
 * capacity", linked from "Scaling to Zero ACUs with automatic pause and resume for Aurora Serverless
 * v2"; aws-cdk-lib's AuroraPostgresEngineVersion encodes the same ranges, `>=16.3 || ^15.7 || ^14.12 || ^13.15`).
 * @internal
 */
export const AURORA_AUTO_PAUSE_MINIMUM_MINOR: Record<string, number> = { 14: 12, 15: 7, 16: 3, 17: 0 };

/** The major of an engine version given as a major (`16`) or major.minor (`16.4`). @internal */
export function majorOf(version: string): string {
  return version.split('.')[0];
}

/**
 * Whether an Aurora PostgreSQL version scales to 0 ACU. A major alone (`16`) lets RDS pick the
 * major's default minor when the cluster is created, which is past the minimum for every major the
 * library offers; a major.minor (`16.2`) is compared with the table above.
 * @internal
 */
export function auroraSupportsAutoPause(version: string): boolean {
  const [major, minor] = version.split('.');
  const minimum = AURORA_AUTO_PAUSE_MINIMUM_MINOR[major];
  if (minimum === undefined) return false;
  return minor === undefined || Number(minor) >= minimum;
}

/** The Aurora cluster engine at a major version (`17`) or a major.minor (`16.4`). @internal */
export function clusterEngine(version: string): rds.IClusterEngine {
  return rds.DatabaseClusterEngine.auroraPostgres({
    version: rds.AuroraPostgresEngineVersion.of(version, majorOf(version), { serverlessV2AutoPauseSupported: auroraSupportsAutoPause(version) }),
  });
}

/** The Secrets Manager hosted rotation that fits the engine. @internal */
export function hostedRotationFor(engine: DatabaseEngine, options: secretsmanager.SingleUserHostedRotationOptions): secretsmanager.HostedRotation {
  return engine === DatabaseEngine.MYSQL
    ? secretsmanager.HostedRotation.mysqlSingleUser(options)
    : secretsmanager.HostedRotation.postgreSqlSingleUser(options);
}

/**
 * The defaults one profile gives `PavedRoadDatabase` (`DatabaseDefaults.of`). A prop, when given,
 * always wins. Multi-AZ, deletion protection, removal policies, log retention and alarm actions
 * come from the shared `ProfileDefaults`.
 */
export interface DatabaseProfileDefaults {
  /** RDS instance class without the `db.` prefix (the `instanceType` prop; PostgreSQL and MySQL). */
  readonly databaseInstanceType: string;
  /** Days automated backups are kept (the `backupRetentionDays` prop). */
  readonly backupRetentionDays: number;
  /** Initial gp3 storage in GiB. */
  readonly allocatedStorageGiB: number;
  /** Ceiling of storage autoscaling in GiB. */
  readonly maxAllocatedStorageGiB: number;
  /**
   * Aurora Serverless v2 minimum capacity (ACU); 0 pauses the cluster's instances when idle (where
   * the engine version allows it, else 0.5).
   */
  readonly minCapacity: number;
  /** Aurora Serverless v2 maximum capacity (ACU). */
  readonly maxCapacity: number;
  /** Days Performance Insights keeps its data (7 is the free tier). */
  readonly performanceInsightRetentionDays: number;
  /**
   * Minutes an Aurora Serverless v2 instance at minimum capacity 0 stays idle (no user connections)
   * before it pauses (`SecondsUntilAutoPause`, 5 minutes to 1 day).
   */
  readonly autoPauseMinutes: number;
}

/**
 * The one table of `PavedRoadDatabase` defaults per profile. The README's "Database defaults per
 * profile" table is rendered from it, and a test fails when the two differ.
 * @internal
 */
export const DATABASE_DEFAULTS: Record<Profile, DatabaseProfileDefaults> = {
  [Profile.DEV]: {
    databaseInstanceType: 't4g.micro',
    backupRetentionDays: 7,
    allocatedStorageGiB: 20,
    maxAllocatedStorageGiB: 100,
    minCapacity: 0,
    maxCapacity: 4,
    performanceInsightRetentionDays: 7,
    autoPauseMinutes: 30,
  },
  [Profile.PREVIEW]: {
    databaseInstanceType: 't4g.micro',
    backupRetentionDays: 1,
    allocatedStorageGiB: 20,
    maxAllocatedStorageGiB: 50,
    minCapacity: 0,
    maxCapacity: 2,
    performanceInsightRetentionDays: 7,
    autoPauseMinutes: 5,
  },
  [Profile.STAGING]: {
    databaseInstanceType: 't4g.medium',
    backupRetentionDays: 14,
    allocatedStorageGiB: 50,
    maxAllocatedStorageGiB: 500,
    minCapacity: 0.5,
    maxCapacity: 16,
    performanceInsightRetentionDays: 7,
    autoPauseMinutes: 5,
  },
  [Profile.PROD]: {
    databaseInstanceType: 'm7g.large',
    backupRetentionDays: 30,
    allocatedStorageGiB: 100,
    maxAllocatedStorageGiB: 2000,
    minCapacity: 2,
    maxCapacity: 64,
    performanceInsightRetentionDays: 31,
    autoPauseMinutes: 5,
  },
};

/** The database defaults of one profile: the one place `DATABASE_DEFAULTS` is read. @internal */
export function databaseDefaults(profile: Profile): DatabaseProfileDefaults {
  return DATABASE_DEFAULTS[profile];
}

/**
 * Reads the per-profile defaults of `PavedRoadDatabase`.
 */
export class DatabaseDefaults {
  /** The database defaults of one profile. */
  public static of(profile: Profile): DatabaseProfileDefaults {
    assertProfile('DatabaseDefaults.of', profile);
    return { ...databaseDefaults(profile) };
  }

  private constructor() {}
}

/** The lowest capacity of a running (not paused) Aurora Serverless v2 instance: capacity moves in 0.5 ACU steps and 0 means paused. @internal */
export const AURORA_LOWEST_RUNNING_ACU = 0.5;

/**
 * The Aurora Serverless v2 capacity range a database runs with: props first, then the profile; the
 * profile's minimum of 0 becomes 0.5 on an engine version that cannot scale to 0. The idle time before
 * a pause is set only with a minimum of 0.
 * @internal
 */
export function auroraCapacity(
  props: { readonly minCapacity?: number; readonly maxCapacity?: number; readonly autoPause?: Duration },
  dd: DatabaseProfileDefaults, engineVersion: string,
): { minCapacity: number; maxCapacity: number; autoPause?: Duration } {
  const profileMin = dd.minCapacity === 0 && !auroraSupportsAutoPause(engineVersion) ? AURORA_LOWEST_RUNNING_ACU : dd.minCapacity;
  const minCapacity = props.minCapacity ?? profileMin;
  return {
    minCapacity,
    maxCapacity: props.maxCapacity ?? dd.maxCapacity,
    autoPause: minCapacity === 0 ? props.autoPause ?? Duration.minutes(dd.autoPauseMinutes) : undefined,
  };
}

/** Master user name when `credentials` is not given: one name valid on every engine, none of their reserved words. @internal */
export const DEFAULT_MASTER_USERNAME = 'dbadmin';
/** Days between automatic rotations of the master password. @internal */
export const DEFAULT_ROTATION_DAYS = 30;
/** UTC windows: backups before maintenance, both outside European and American business hours. @internal */
export const BACKUP_WINDOW = '02:00-03:00';
/** @internal */
export const MAINTENANCE_WINDOW = 'Sun:03:30-Sun:04:30';
/** Enhanced monitoring granularity in seconds. @internal */
export const MONITORING_INTERVAL_SECONDS = 60;
/** Largest gp3 storage of an RDS for PostgreSQL or MySQL instance, in GiB (64 TiB). @internal */
export const MAX_STORAGE_GIB = 65536;

/** The lowest storage autoscaling ceiling RDS takes for `allocated` GiB: 10% above it. @internal */
export function minAutoscalingCeiling(allocated: number): number {
  return Math.ceil((allocated * 11) / 10);
}

/**
 * The storage autoscaling ceiling when none is given: the profile's, at least twice the allocated
 * storage, at most the gp3 maximum; undefined (autoscaling off) when the maximum leaves no 10%
 * headroom above the allocated storage.
 * @internal
 */
export function defaultAutoscalingCeiling(allocated: number, profileCeiling: number): number | undefined {
  const ceiling = Math.min(MAX_STORAGE_GIB, Math.max(profileCeiling, allocated * 2));
  return ceiling >= minAutoscalingCeiling(allocated) ? ceiling : undefined;
}

/**
 * Rough memory of an instance class in GiB, for the freeable-memory and connection alarm
 * thresholds. Burstable and general purpose: 1 GiB (micro) doubling per size; memory optimised x2.
 * @internal
 */
export function instanceMemoryGiB(instanceType: string): number {
  const [family = '', size = 'large'] = instanceType.replace(/^db\./, '').split('.');
  const sizes: Record<string, number> = { micro: 1, small: 2, medium: 4, large: 8, xlarge: 16 };
  const n = /^(\d+)xlarge$/.exec(size);
  const base = sizes[size] ?? (n ? 16 * Number(n[1]) : 8);
  const factor = family.startsWith('r') || family.startsWith('x') || family.startsWith('z') ? 2 : family.startsWith('c') ? 0.5 : 1;
  return base * factor;
}

/** Engine max_connections estimate from memory (PostgreSQL: memory / 9531392 bytes, capped at 5000). @internal */
export function estimatedMaxConnections(memoryGiB: number): number {
  return Math.max(20, Math.min(5000, Math.floor((memoryGiB * 1024 * 1024 * 1024) / 9531392)));
}
