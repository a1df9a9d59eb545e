import { Annotations, Duration, RemovalPolicy, Token } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as rds from 'aws-cdk-lib/aws-rds';
import * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import * as sns from 'aws-cdk-lib/aws-sns';
import { Construct } from 'constructs';
import { acknowledgeDatabaseFindings } from './acknowledgments';
import { databaseAlarmSpecs } from './alarms';
import { DatabaseEngine } from './database-engine';
import { pascal, physicalIdentifier, supportsPerformanceInsights } from './database-helpers';
import { PavedRoadDatabaseProps } from './database-props';
import {
  auroraCapacity, BACKUP_WINDOW, clusterEngine, DATABASE_DEFAULTS, DEFAULT_MASTER_USERNAME, DEFAULT_ROTATION_DAYS, defaultAutoscalingCeiling,
  ENGINE_SPECS, EngineSpec, hostedRotationFor, instanceEngine, MAINTENANCE_WINDOW, MONITORING_INTERVAL_SECONDS,
} from './defaults';
import { validateDatabaseProps } from './validation';
import { alarmTopicFor, createAlarms } from '../core/alarms';
import { ConnectionEnvironment } from '../core/connection-environment';
import { pinnedDefaults } from '../core/defaults-version';
import { fitDescription } from '../core/descriptions';
import { createRotatedKey } from '../core/keys';
import { PavedRoadConstruct } from '../core/paved-road-construct';
import { secretField } from '../core/secret-read';
import { logsServicePrincipal, restrictTrustToAccount } from '../core/service-principals';
import { recordGuardrailException } from '../guardrails/guardrail-exceptions';
import { IPavedRoadNetwork } from '../network/network-props';

/**
 * A relational database that is private, encrypted, backed up, observed and never lost by accident.
 *
 * PostgreSQL (default) or MySQL on one RDS instance, or Aurora PostgreSQL Serverless v2, in the
 * network's isolated data subnets. Storage, master secret, Performance Insights and exported logs are
 * encrypted with one customer-managed key (rotation on); TLS is forced by the parameter group; IAM
 * authentication is on; the master password is generated into Secrets Manager and rotated by a
 * hosted rotation. Backups, Multi-AZ, deletion protection and the removal policy follow the profile.
 *
 * Clients open the path from their side, `service.connections.allowToDefaultPort(db)`: the ingress
 * rule then lives in the client's stack, so a data stack never depends on a service stack (the other
 * way round, `db.connections.allowDefaultPortFrom(service)`, is a dependency cycle across stacks).
 *
 * @example
 * const db = new PavedRoadDatabase(stack, 'Database', { network });
 * const serviceConnections: ec2.Connections = service.connections;
 * serviceConnections.allowToDefaultPort(db);
 */
export class PavedRoadDatabase extends PavedRoadConstruct implements ec2.IConnectable {
  /** The engine. */
  public readonly engine: DatabaseEngine;
  /** The engine version: the major (`18`), or the major.minor given for Aurora PostgreSQL (`16.4`). */
  public readonly engineVersion: string;
  /** The customer-managed key that encrypts storage, the master secret, Performance Insights and logs. */
  public readonly encryptionKey: kms.IKey;
  /** The master user secret (fields `username`, `password`, `host`, `port`, `dbname`, `engine`). */
  public readonly secret: secretsmanager.ISecret;
  /** The RDS instance (PostgreSQL and MySQL). */
  public readonly instance?: rds.DatabaseInstance;
  /** The Aurora cluster (Aurora PostgreSQL Serverless v2). */
  public readonly cluster?: rds.DatabaseCluster;
  /** Host name of the writer endpoint. */
  public readonly endpointAddress: string;
  /** Port the database listens on. */
  public readonly port: number;
  /** Name of the database created in it. */
  public readonly databaseName: string;
  /** Instance class of a PostgreSQL or MySQL instance. */
  public readonly instanceType?: ec2.InstanceType;
  /** Initial gp3 storage in GiB of a PostgreSQL or MySQL instance. */
  public readonly allocatedStorageGiB?: number;
  /** Lowest Aurora Serverless v2 capacity in ACU (0: the instances pause when idle). */
  public readonly minCapacity?: number;
  /** Highest Aurora Serverless v2 capacity in ACU. */
  public readonly maxCapacity?: number;
  /**
   * The security group of the database and the default port. Let a client in from the client's side,
   * `client.connections.allowToDefaultPort(database)`, so the rule lives in the client's stack.
   */
  public readonly connections: ec2.Connections;
  /** The log groups the database exports its logs to, by log name (e.g. `postgresql`). */
  public readonly logGroups: { [logName: string]: logs.ILogGroup };
  /** The topic the alarms notify. */
  public readonly alarmTopic: sns.ITopic;
  /** CPU, storage, memory, connections (and replica lag or capacity) alarms. */
  public readonly alarms: cloudwatch.IAlarm[];

  private readonly spec: EngineSpec;
  /** The key of the master secret when this construct generated it; undefined for a team's own secret. */
  private readonly secretKey?: kms.IKey;

  constructor(scope: Construct, id: string, props: PavedRoadDatabaseProps) {
    super(scope, id, props, 'PavedRoadDatabase');
    const dd = pinnedDefaults(this, 'database', this.profile, DATABASE_DEFAULTS[this.profile]);
    validateDatabaseProps(this.node.path, this.profile, props, dd);

    const d = this.profileDefaults;
    this.engine = props.engine ?? DatabaseEngine.POSTGRES;
    this.spec = ENGINE_SPECS[this.engine];
    this.engineVersion = props.engineVersion ?? this.spec.majorVersions[this.spec.majorVersions.length - 1];
    this.port = props.port ?? this.spec.port;
    this.databaseName = props.databaseName ?? this.spec.defaultDatabaseName;
    const network = props.network;
    const multiAz = props.multiAz ?? d.multiAz;
    if (d.multiAz && !multiAz) {
      Annotations.of(this).addWarningV2('paved-road:database-single-az',
        `multiAz is false in ${this.profile}: an AZ outage takes the database down. AwsSolutions-RDS3 and its NIST, HIPAA and PCI twins stay findings for the team to acknowledge.`);
    }
    const deletionProtection = props.deletionProtection ?? d.deletionProtection;
    if (d.deletionProtection && !deletionProtection) {
      // Validated: the reason is given. The team acknowledges the findings of the missing protection itself.
      recordGuardrailException(this, 'deletionProtection', props.deletionProtectionExceptionReason!);
    }

    const key = createRotatedKey(this, 'Key', `Encrypts the storage, master secret, Performance Insights and logs of ${this.node.path}`,
      d.statefulRemovalPolicy, [logsServicePrincipal(this)]);
    this.encryptionKey = key;

    const securityGroup = new ec2.SecurityGroup(this, 'SecurityGroup', {
      vpc: network.vpc,
      description: fitDescription(this.node.path, (path) => `Database ${path}: inbound only from connected clients, no outbound`),
      allowAllOutbound: false,
    });

    // Explicit identifier, derived from the construct path, so the log groups can exist (encrypted,
    // with retention) before RDS writes to them.
    const identifier = physicalIdentifier(this);
    const logKind = this.spec.aurora ? 'cluster' : 'instance';
    const logGroups: { [name: string]: logs.ILogGroup } = {};
    for (const logName of this.spec.logExports) {
      logGroups[logName] = new logs.LogGroup(this, `Log${pascal(logName)}`, {
        logGroupName: `/aws/rds/${logKind}/${identifier}/${logName}`,
        encryptionKey: key,
        retention: props.logRetentionDays ?? d.logRetentionDays,
        removalPolicy: d.statefulRemovalPolicy,
      });
    }
    this.logGroups = logGroups;

    const credentials = this.credentialsFor(props.credentials, key);
    this.secretKey = props.credentials?.secret ? undefined : key;
    const removalPolicy = props.removalPolicy ?? d.dataRemovalPolicy;
    const common = {
      credentials,
      vpc: network.vpc,
      vpcSubnets: network.dataSubnets,
      securityGroups: [securityGroup],
      port: this.port,
      storageEncryptionKey: key,
      iamAuthentication: true,
      deletionProtection,
      removalPolicy,
      copyTagsToSnapshot: true,
      preferredMaintenanceWindow: MAINTENANCE_WINDOW,
      monitoringInterval: Duration.seconds(MONITORING_INTERVAL_SECONDS),
      cloudwatchLogsExports: this.spec.logExports,
      performanceInsightEncryptionKey: key,
      performanceInsightRetention: dd.performanceInsightRetentionDays as rds.PerformanceInsightRetention,
    };
    const backupDays = props.backupRetentionDays ?? dd.backupRetentionDays;

    let resource: Construct;
    if (this.spec.aurora) {
      const engine = clusterEngine(this.engineVersion);
      const capacity = auroraCapacity(props, dd, this.engineVersion);
      this.minCapacity = capacity.minCapacity;
      this.maxCapacity = capacity.maxCapacity;
      const instanceProps: rds.ServerlessV2ClusterInstanceProps = {
        enablePerformanceInsights: true,
        performanceInsightEncryptionKey: key,
        performanceInsightRetention: common.performanceInsightRetention,
        autoMinorVersionUpgrade: true,
        publiclyAccessible: false,
      };
      const cluster = new rds.DatabaseCluster(this, 'Cluster', {
        ...common,
        engine,
        clusterIdentifier: identifier,
        defaultDatabaseName: this.databaseName,
        parameterGroup: new rds.ParameterGroup(this, 'ParameterGroup', {
          engine,
          description: `Cluster parameters of ${this.node.path}: TLS required`,
          parameters: { [this.spec.tlsParameter.name]: this.spec.tlsParameter.value },
        }),
        serverlessV2MinCapacity: capacity.minCapacity,
        serverlessV2MaxCapacity: capacity.maxCapacity,
        serverlessV2AutoPauseDuration: capacity.autoPause,
        writer: rds.ClusterInstance.serverlessV2('Writer', instanceProps),
        readers: multiAz ? [rds.ClusterInstance.serverlessV2('Reader', { ...instanceProps, scaleWithWriter: true })] : [],
        backup: { retention: Duration.days(backupDays), preferredWindow: BACKUP_WINDOW },
        storageEncrypted: true,
        enablePerformanceInsights: true,
      });
      // No AllowMajorVersionUpgrade override: AWS::RDS::DBCluster has no such property (CloudFormation
      // would refuse the template; aws-cdk-lib >= 2.276 validation reports it). An EngineVersion change
      // upgrades the cluster in place.
      this.cluster = cluster;
      this.secret = cluster.secret ?? credentials.secret!;
      this.endpointAddress = cluster.clusterEndpoint.hostname;
      resource = cluster;
    } else {
      const engine = instanceEngine(this.engine, this.engineVersion);
      const instanceType = props.instanceType ?? new ec2.InstanceType(dd.databaseInstanceType);
      const performanceInsights = supportsPerformanceInsights(this.engine, instanceType.toString());
      if (!performanceInsights) {
        Annotations.of(this).addWarningV2('paved-road:database-no-performance-insights',
          `Performance Insights is off: MySQL does not offer it on ${instanceType}; choose a medium or larger instance to get it.`);
      }
      const allocated = props.allocatedStorageGiB ?? Math.max(dd.allocatedStorageGiB, this.spec.minStorageGiB);
      this.instanceType = instanceType;
      this.allocatedStorageGiB = allocated;
      const instance = new rds.DatabaseInstance(this, 'Instance', {
        ...common,
        engine,
        instanceType,
        instanceIdentifier: identifier,
        databaseName: this.databaseName,
        parameterGroup: new rds.ParameterGroup(this, 'ParameterGroup', {
          engine,
          description: `Parameters of ${this.node.path}: TLS required`,
          parameters: this.instanceParameters(),
        }),
        optionGroup: this.optionGroup(engine, d.statefulRemovalPolicy),
        storageType: rds.StorageType.GP3,
        allocatedStorage: allocated,
        maxAllocatedStorage: props.maxAllocatedStorageGiB ?? defaultAutoscalingCeiling(allocated, dd.maxAllocatedStorageGiB),
        storageEncrypted: true,
        multiAz,
        publiclyAccessible: false,
        backupRetention: Duration.days(backupDays),
        preferredBackupWindow: BACKUP_WINDOW,
        deleteAutomatedBackups: removalPolicy === RemovalPolicy.DESTROY,
        autoMinorVersionUpgrade: true,
        allowMajorVersionUpgrade: true,
        enablePerformanceInsights: performanceInsights,
        performanceInsightEncryptionKey: performanceInsights ? key : undefined,
        performanceInsightRetention: performanceInsights ? common.performanceInsightRetention : undefined,
        caCertificate: rds.CaCertificate.RDS_CA_RSA2048_G1,
      });
      this.instance = instance;
      this.secret = instance.secret ?? credentials.secret!;
      this.endpointAddress = instance.dbInstanceEndpointAddress;
      resource = instance;
    }
    for (const group of Object.values(logGroups)) resource.node.addDependency(group);
    // RDS User Guide, "Setting up and enabling Enhanced Monitoring" (confused deputy): the monitoring role
    // aws-cdk-lib creates is assumed for this account's databases only.
    const monitoringRole = resource.node.tryFindChild('MonitoringRole') as iam.IRole | undefined;
    if (monitoringRole) restrictTrustToAccount(monitoringRole);
    // Our own Connections with the literal port (the instance's carries a token cdk-nag cannot read).
    this.connections = new ec2.Connections({ securityGroups: [securityGroup], defaultPort: ec2.Port.tcp(this.port) });

    if (!props.credentials?.secret) {
      // The generated master secret lives as long as the snapshots it can open.
      (resource.node.tryFindChild('Secret') as secretsmanager.ISecret | undefined)?.applyRemovalPolicy(d.statefulRemovalPolicy);
      this.addRotation(network, props.rotationDays ?? DEFAULT_ROTATION_DAYS);
    }
    acknowledgeDatabaseFindings(resource, {
      path: this.node.path,
      profile: this.profile,
      engine: this.engine,
      aurora: this.spec.aurora,
      backupDays,
      backupDaysGiven: props.backupRetentionDays !== undefined,
      removalPolicy,
      deletionProtection,
      multiAz,
      profileDefaults: d,
    });

    this.alarmTopic = alarmTopicFor(this, props.alarmTopic, d.statefulRemovalPolicy);
    const alarmSpecs = databaseAlarmSpecs({
      path: this.node.path,
      target: this.cluster ?? this.instance!,
      instance: this.instance ? { instanceType: this.instanceType!.toString(), allocatedStorageGiB: this.allocatedStorageGiB! } : undefined,
      aurora: this.cluster ? { minCapacity: this.minCapacity!, maxCapacity: this.maxCapacity!, hasReader: this.cluster.node.tryFindChild('Reader') !== undefined } : undefined,
    });
    this.alarms = createAlarms(this, alarmSpecs, { topic: this.alarmTopic, actions: d.alarmActions });
  }

  /**
   * Lets `grantee` connect as database user `dbUser` with IAM authentication (`rds-db:connect`).
   */
  public grantConnect(grantee: iam.IGrantable, dbUser: string): iam.Grant {
    if (this.cluster) return this.cluster.grantConnect(grantee, dbUser);
    return this.instance!.grantConnect(grantee, dbUser);
  }

  /**
   * The settings a container needs to reach the database, to spread into a `PavedRoadService`'s
   * `environment` and `secrets`: `<PREFIX>_HOST`, `_PORT`, `_NAME`, `_ENGINE` as plain settings, and
   * `<PREFIX>_USERNAME`, `_PASSWORD` read from the master secret at task start.
   *
   * @param prefix prefix of the variable names
   */
  public connectionEnvironment(prefix: string = 'DB'): ConnectionEnvironment {
    return {
      environment: {
        [`${prefix}_HOST`]: this.endpointAddress,
        [`${prefix}_PORT`]: Token.isUnresolved(this.port) ? Token.asString(this.port) : String(this.port),
        [`${prefix}_NAME`]: this.databaseName,
        [`${prefix}_ENGINE`]: this.spec.driver,
      },
      secrets: {
        [`${prefix}_USERNAME`]: secretField(this.secret, this.secretKey, 'username'),
        [`${prefix}_PASSWORD`]: secretField(this.secret, this.secretKey, 'password'),
      },
    };
  }

  /** A generated secret encrypted with the database key, or the team's existing secret. */
  private credentialsFor(given: rds.Credentials | undefined, key: kms.IKey): rds.Credentials {
    if (given?.secret) return given;
    return rds.Credentials.fromGeneratedSecret(given?.username ?? DEFAULT_MASTER_USERNAME, {
      encryptionKey: key,
      excludeCharacters: given?.excludeCharacters ?? this.spec.excludeCharacters,
      secretName: given?.secretName,
    });
  }

  private instanceParameters(): { [name: string]: string } {
    const parameters: { [name: string]: string } = { [this.spec.tlsParameter.name]: this.spec.tlsParameter.value };
    if (this.engine === DatabaseEngine.MYSQL) {
      Object.assign(parameters, { slow_query_log: '1', long_query_time: '2', log_output: 'FILE' });
    } else {
      Object.assign(parameters, { log_min_duration_statement: '2000' });
    }
    return parameters;
  }

  /** MySQL exports its audit log through the MariaDB audit plugin, which lives in an option group. */
  private optionGroup(engine: rds.IInstanceEngine, removalPolicy: RemovalPolicy): rds.IOptionGroup | undefined {
    if (this.engine !== DatabaseEngine.MYSQL) return undefined;
    const group = new rds.OptionGroup(this, 'OptionGroup', {
      engine,
      description: `Options of ${this.node.path}: audit plugin`,
      configurations: [{ name: 'MARIADB_AUDIT_PLUGIN', settings: { SERVER_AUDIT_EVENTS: 'CONNECT,QUERY_DDL,QUERY_DCL' } }],
    });
    // Snapshots keep referring to their option group: keep it as long as the snapshots may live.
    group.applyRemovalPolicy(removalPolicy);
    return group;
  }

  /** Secrets Manager hosted rotation, its function in the workload subnets with its own security group. */
  private addRotation(network: IPavedRoadNetwork, days: number): void {
    const rotationSecurityGroup = new ec2.SecurityGroup(this, 'RotationSecurityGroup', {
      vpc: network.vpc,
      description: fitDescription(this.node.path, (path) => `Master password rotation of ${path}: reaches the database and Secrets Manager`),
      allowAllOutbound: true,
    });
    this.connections.allowDefaultPortFrom(rotationSecurityGroup, 'Master password rotation');
    this.secret.addRotationSchedule('RotationSchedule', {
      hostedRotation: hostedRotationFor(this.engine, {
        vpc: network.vpc,
        vpcSubnets: network.workloadSubnets,
        securityGroups: [rotationSecurityGroup],
        excludeCharacters: this.spec.excludeCharacters,
      }),
      automaticallyAfter: Duration.days(days),
    });
  }
}
