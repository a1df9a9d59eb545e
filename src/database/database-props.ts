import { Duration, RemovalPolicy } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as rds from 'aws-cdk-lib/aws-rds';
import * as sns from 'aws-cdk-lib/aws-sns';
import { DatabaseEngine } from './database-engine';
import { PavedRoadConstructProps } from '../core/paved-road-construct';
import { IPavedRoadNetwork } from '../network/network-props';

/**
 * Props of `PavedRoadDatabase`.
 */
export interface PavedRoadDatabaseProps extends PavedRoadConstructProps {
  /** The network the database lives in: its isolated data subnets hold the database. */
  readonly network: IPavedRoadNetwork;

  /**
   * The engine.
   *
   * @default DatabaseEngine.POSTGRES
   */
  readonly engine?: DatabaseEngine;

  /**
   * The engine major version: `14` to `18` for PostgreSQL, `8.0` or `8.4` for MySQL, `14` to `17`
   * for Aurora PostgreSQL. RDS picks the newest minor and upgrades minors in the maintenance window
   * (for MySQL the template names a minor, `8.0.46` or `8.4.10`, since CloudFormation takes no MySQL
   * major alone). Raising it is an in-place major version upgrade. Aurora PostgreSQL also takes a
   * major.minor (`16.4`), for a cluster that must stay on a minor; scaling to 0 ACU needs 14.12,
   * 15.7, 16.3 or a later minor (any 17).
   *
   * @default - the newest major aws-cdk-lib 2.257 offers: `18` (PostgreSQL), `8.4` (MySQL), `17` (Aurora PostgreSQL).
   */
  readonly engineVersion?: string;

  /**
   * The instance class of a PostgreSQL or MySQL instance (not for Aurora Serverless v2).
   *
   * @default - the profile's `databaseInstanceType`: burstable Graviton (t4g) outside prod, m7g.large in prod.
   */
  readonly instanceType?: ec2.InstanceType;

  /**
   * Initial gp3 storage in GiB of a PostgreSQL or MySQL instance (20 to 65536), known at synth (not a
   * token): the free-storage alarm threshold and the autoscaling ceiling are computed from it.
   *
   * @default - 20 in dev and preview, 50 in staging, 100 in prod.
   */
  readonly allocatedStorageGiB?: number;

  /**
   * Ceiling of storage autoscaling in GiB: at least 10% above `allocatedStorageGiB`, at most 65536.
   *
   * @default - 100 in dev, 50 in preview, 500 in staging, 2000 in prod, and at least twice `allocatedStorageGiB`, at most 65536;
   * no autoscaling when `allocatedStorageGiB` is above 59578 (65536 leaves no 10% headroom).
   */
  readonly maxAllocatedStorageGiB?: number;

  /**
   * Lowest Aurora Serverless v2 capacity in ACU (0, or 0.5 to 256, in steps of 0.5), known at synth
   * (not a token). 0 lets the instances pause when no user connection arrives for `autoPause`, and
   * resume on the next connection (the first waits up to about 15 seconds); it needs an engine version that
   * supports it (`engineVersion`).
   *
   * @default - 0 in dev and preview (0.5 where `engineVersion` is a minor that cannot scale to 0, and
   * for apps pinned to defaults version 0.1), 0.5 in staging, 2 in prod.
   */
  readonly minCapacity?: number;

  /**
   * How long an Aurora Serverless v2 instance with `minCapacity` 0 stays idle (no user connections)
   * before it pauses (`SecondsUntilAutoPause`): 5 minutes to 1 day, in whole seconds. Only with
   * `minCapacity` 0.
   *
   * @default - 30 minutes in dev, 5 minutes elsewhere (Aurora's own default).
   */
  readonly autoPause?: Duration;

  /**
   * Highest Aurora Serverless v2 capacity in ACU (1 to 256, in steps of 0.5, at least `minCapacity`),
   * known at synth (not a token).
   *
   * @default - 4 in dev, 2 in preview, 16 in staging, 64 in prod.
   */
  readonly maxCapacity?: number;

  /**
   * Name of the database created in the instance or cluster.
   *
   * @default 'app'
   */
  readonly databaseName?: string;

  /**
   * Master user. A generated secret (`rds.Credentials.fromGeneratedSecret`, encrypted with the
   * database key) or an existing one (`rds.Credentials.fromSecret`); an explicit password is an error.
   * A user name given here is 1 to 16 letters, digits or underscores starting with a letter, not
   * `rdsadmin` or `rdsrepladmin`, not a reserved word of the engine, and for PostgreSQL not starting
   * with `pg_`.
   *
   * @default - user `dbadmin` with a password generated into Secrets Manager, encrypted with the database key.
   */
  readonly credentials?: rds.Credentials;

  /**
   * Days between automatic rotations of a generated master password (1 to 365).
   *
   * @default 30
   */
  readonly rotationDays?: number;

  /**
   * Days automated backups are kept (1 to 35; 0 would turn them off, which AwsSolutions-RDS13 refuses).
   *
   * @default - the profile's `backupRetentionDays`: 30 in prod, 14 in staging, 7 in dev, 1 in preview.
   */
  readonly backupRetentionDays?: number;

  /**
   * Whether the database keeps a standby (RDS) or a reader (Aurora) in another Availability Zone.
   * False where the profile turns it on (prod) is a synth warning, and the findings it causes
   * (AwsSolutions-RDS3 and its NIST, HIPAA and PCI twins) stay for the team to acknowledge.
   *
   * @default - the profile's `multiAz`: true in prod only.
   */
  readonly multiAz?: boolean;

  /**
   * Whether the database is protected from deletion. False where the profile turns it on (prod and
   * staging) is an error unless `deletionProtectionExceptionReason` says why.
   *
   * @default - the profile's `deletionProtection`: true in prod and staging.
   */
  readonly deletionProtection?: boolean;

  /**
   * Why this database runs without deletion protection in a profile that turns it on (prod and
   * staging): required there with `deletionProtection: false`, and an error without it. The
   * compliance report lists it as an exception, and the database acknowledges none of the findings
   * the missing protection causes (AwsSolutions-RDS10 and its NIST, HIPAA and PCI twins): the team
   * acknowledges them itself, on the database. At least 20 characters. In dev and preview, which
   * leave databases unprotected, it is accepted (so one set of props serves every profile) and not
   * listed.
   *
   * @default - no exception: `deletionProtection: false` is an error in prod and staging.
   */
  readonly deletionProtectionExceptionReason?: string;

  /**
   * What happens to the database when it leaves the stack: SNAPSHOT or RETAIN anywhere, DESTROY in
   * dev and preview only.
   *
   * @default - the profile's `dataRemovalPolicy`: SNAPSHOT in prod and staging, DESTROY in dev and preview.
   */
  readonly removalPolicy?: RemovalPolicy;

  /**
   * Never true: a paved-road database is reachable only from inside its VPC. Setting it to true is an error.
   *
   * @default false
   */
  readonly publiclyAccessible?: boolean;

  /**
   * The port the database listens on (1150 to 65535; not 5432 for PostgreSQL or 3306 for MySQL, the
   * well-known ports AwsSolutions-RDS11 refuses).
   *
   * @default - 5433 for PostgreSQL and Aurora PostgreSQL, 3307 for MySQL (not the engine's well-known port).
   */
  readonly port?: number;

  /**
   * Days the exported database logs are kept (a retention CloudWatch Logs accepts).
   *
   * @default - the profile's `logRetentionDays`.
   */
  readonly logRetentionDays?: number;

  /**
   * The SNS topic the alarms notify (in profiles with alarm actions: staging and prod).
   *
   * @default - a new KMS-encrypted topic.
   */
  readonly alarmTopic?: sns.ITopic;
}
