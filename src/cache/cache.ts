import { Annotations, SecretValue, Token } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as elasticache from 'aws-cdk-lib/aws-elasticache';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import * as sns from 'aws-cdk-lib/aws-sns';
import { Construct } from 'constructs';
import { acknowledgeCacheFindings } from './acknowledgments';
import { cacheAlarmSpecs } from './alarms';
import { CacheEngine } from './cache-engine';
import { PavedRoadCacheProps } from './cache-props';
import {
  AUTH_TOKEN_LENGTH, CACHE_ENGINE_SPECS, CACHE_MAINTENANCE_WINDOW, CACHE_PORT, CACHE_SNAPSHOT_WINDOW, cacheDefaults,
} from './defaults';
import { validateCacheProps } from './validation';
import { alarmTopicFor, createAlarms } from '../core/alarms';
import { ConnectionEnvironment } from '../core/connection-environment';
import { fitDescription } from '../core/descriptions';
import { createRotatedKey } from '../core/keys';
import { PavedRoadConstruct } from '../core/paved-road-construct';
import { grantOwnSecretRead, secretField } from '../core/secret-read';
import { logsServicePrincipal } from '../core/service-principals';

/**
 * An in-memory cache that is private, encrypted in transit and at rest, authenticated and observed.
 *
 * A Valkey (default) or Redis OSS replication group in the network's isolated data subnets, with
 * its own subnet group and a security group open only to what it is connected to. TLS is required,
 * the AUTH token is generated into Secrets Manager and reaches the replication group as a dynamic
 * reference (never in the template), storage is encrypted with a customer-managed key. Prod gets a
 * replica in another AZ with automatic failover; snapshots, logs and removal follow the profile.
 *
 * Clients open the path from their side, `service.connections.allowToDefaultPort(cache)`: the ingress
 * rule then lives in the client's stack, so a data stack never depends on a service stack.
 *
 * @example
 * const cache = new PavedRoadCache(stack, 'Cache', { network });
 * const serviceConnections: ec2.Connections = service.connections;
 * serviceConnections.allowToDefaultPort(cache);
 */
export class PavedRoadCache extends PavedRoadConstruct implements ec2.IConnectable {
  /** The engine. */
  public readonly engine: CacheEngine;
  /** The engine version. */
  public readonly engineVersion: string;
  /** The node type. */
  public readonly nodeType: string;
  /** The replication group. */
  public readonly replicationGroup: elasticache.CfnReplicationGroup;
  /** The customer-managed key that encrypts the data at rest, the secrets and the logs. */
  public readonly encryptionKey: kms.IKey;
  /** The generated AUTH token (field `authToken`) the replication group uses. */
  public readonly authTokenSecret: secretsmanager.ISecret;
  /** What a client needs, in one secret: fields `host`, `port`, `authToken` and `tls`. */
  public readonly secret: secretsmanager.ISecret;
  /** Host name clients connect to: the primary endpoint, or the configuration endpoint with cluster mode. */
  public readonly endpointAddress: string;
  /** Port the cache listens on. */
  public readonly port: number;
  /**
   * The security group and the port. Let a client in from the client's side,
   * `client.connections.allowToDefaultPort(cache)`, so the rule lives in the client's stack.
   */
  public readonly connections: ec2.Connections;
  /** The slow-log group. */
  public readonly slowLogGroup: logs.ILogGroup;
  /** The engine-log group. */
  public readonly engineLogGroup: logs.ILogGroup;
  /** The topic the alarms notify. */
  public readonly alarmTopic: sns.ITopic;
  /** CPU, engine CPU, memory, evictions (and replication lag with replicas) alarms. */
  public readonly alarms: cloudwatch.IAlarm[];

  constructor(scope: Construct, id: string, props: PavedRoadCacheProps) {
    super(scope, id, props, 'PavedRoadCache');
    const { replicas, shards } = validateCacheProps(this.node.path, this.profile, props);
    const d = this.profileDefaults;
    const cd = cacheDefaults(this.profile);
    const network = props.network;
    this.engine = props.engine ?? CacheEngine.VALKEY;
    const spec = CACHE_ENGINE_SPECS[this.engine];
    this.engineVersion = props.engineVersion ?? spec.defaultVersion;
    this.nodeType = props.nodeType ?? cd.cacheNodeType;
    this.port = props.port ?? CACHE_PORT;
    const clusterMode = props.clusterMode ?? false;
    if (clusterMode && props.replicasPerShard === undefined) {
      Annotations.of(this).addWarningV2('paved-road:cache-cluster-replicas',
        `replicasPerShard is unset with clusterMode: it is ${replicas} by the ${this.profile} profile, and any later change of it (a profile change included) replaces the replication group with a new, empty cache (CloudFormation cannot update ReplicasPerNodeGroup in place); set replicasPerShard explicitly.`);
    }
    const failover = props.automaticFailover ?? (replicas > 0 || clusterMode);
    const multiAz = failover && replicas > 0;

    const key = createRotatedKey(this, 'Key', `Encrypts the data at rest, AUTH token and logs of ${this.node.path}`,
      d.statefulRemovalPolicy, [logsServicePrincipal(this)]);
    this.encryptionKey = key;

    const securityGroup = new ec2.SecurityGroup(this, 'SecurityGroup', {
      vpc: network.vpc,
      description: fitDescription(this.node.path, (path) => `Cache ${path}: inbound only from connected clients, no outbound`),
      allowAllOutbound: false,
    });
    this.connections = new ec2.Connections({ securityGroups: [securityGroup], defaultPort: ec2.Port.tcp(this.port) });

    const subnetGroup = new elasticache.CfnSubnetGroup(this, 'SubnetGroup', {
      description: `Isolated data subnets of ${this.node.path}`,
      subnetIds: network.vpc.selectSubnets(network.dataSubnets).subnetIds,
    });

    const authToken = new secretsmanager.Secret(this, 'AuthToken', {
      description: `AUTH token of ${this.node.path}`,
      encryptionKey: key,
      removalPolicy: d.statefulRemovalPolicy,
      generateSecretString: {
        secretStringTemplate: '{}',
        generateStringKey: 'authToken',
        passwordLength: AUTH_TOKEN_LENGTH,
        excludePunctuation: true,
      },
    });
    this.authTokenSecret = authToken;

    const logGroup = (logId: string) => new logs.LogGroup(this, logId, {
      encryptionKey: key,
      retention: props.logRetentionDays ?? d.logRetentionDays,
      removalPolicy: d.statefulRemovalPolicy,
    });
    this.slowLogGroup = logGroup('SlowLog');
    this.engineLogGroup = logGroup('EngineLog');
    const delivery = (logType: string, group: logs.ILogGroup) => ({
      destinationType: 'cloudwatch-logs',
      destinationDetails: { cloudWatchLogsDetails: { logGroup: group.logGroupName } },
      logFormat: 'json',
      logType,
    });

    const family = spec.family(this.engineVersion);
    const removalPolicy = props.removalPolicy ?? d.dataRemovalPolicy;
    const group = new elasticache.CfnReplicationGroup(this, 'ReplicationGroup', {
      replicationGroupDescription: `Cache of ${this.node.path}`,
      engine: this.engine,
      engineVersion: this.engineVersion,
      cacheNodeType: this.nodeType,
      port: this.port,
      cacheSubnetGroupName: subnetGroup.ref,
      securityGroupIds: [securityGroup.securityGroupId],
      ...(clusterMode
        ? { clusterMode: 'enabled', numNodeGroups: shards, replicasPerNodeGroup: replicas, cacheParameterGroupName: `default.${family}.cluster.on` }
        : { clusterMode: 'disabled', numCacheClusters: 1 + replicas }),
      automaticFailoverEnabled: failover,
      multiAzEnabled: multiAz,
      atRestEncryptionEnabled: true,
      kmsKeyId: key.keyArn,
      transitEncryptionEnabled: true,
      transitEncryptionMode: 'required',
      authToken: authToken.secretValueFromJson('authToken').unsafeUnwrap(), // a dynamic reference, resolved by CloudFormation
      autoMinorVersionUpgrade: true,
      preferredMaintenanceWindow: CACHE_MAINTENANCE_WINDOW,
      snapshotRetentionLimit: props.snapshotRetentionDays ?? cd.cacheSnapshotRetentionDays,
      snapshotWindow: CACHE_SNAPSHOT_WINDOW,
      logDeliveryConfigurations: [delivery('slow-log', this.slowLogGroup), delivery('engine-log', this.engineLogGroup)],
    });
    group.applyRemovalPolicy(removalPolicy);
    // Without it, CloudFormation replaces the whole replication group (a new, empty cache) when the
    // number of shards changes; with it, ElastiCache adds or removes shards online.
    if (clusterMode) group.cfnOptions.updatePolicy = { useOnlineResharding: true };
    group.node.addDependency(this.slowLogGroup, this.engineLogGroup);
    this.replicationGroup = group;
    this.endpointAddress = clusterMode ? group.attrConfigurationEndPointAddress : group.attrPrimaryEndPointAddress;

    this.secret = new secretsmanager.Secret(this, 'ConnectionSecret', {
      description: `Connection settings of ${this.node.path}: host, port, authToken, tls`,
      encryptionKey: key,
      removalPolicy: d.statefulRemovalPolicy,
      secretObjectValue: {
        host: SecretValue.unsafePlainText(this.endpointAddress),
        port: SecretValue.unsafePlainText(String(this.port)),
        tls: SecretValue.unsafePlainText('true'),
        authToken: authToken.secretValueFromJson('authToken'),
      },
    });

    acknowledgeCacheFindings(group, [this.authTokenSecret, this.secret], {
      path: this.node.path,
      profile: this.profile,
      multiAz,
      replicas,
      snapshotDays: props.snapshotRetentionDays ?? cd.cacheSnapshotRetentionDays,
      snapshotDaysGiven: props.snapshotRetentionDays !== undefined,
      profileSnapshotDays: cd.cacheSnapshotRetentionDays,
    });
    this.alarmTopic = alarmTopicFor(this, props.alarmTopic, d.statefulRemovalPolicy);
    const alarmSpecs = cacheAlarmSpecs({ path: this.node.path, replicationGroupId: group.ref, clusterMode, replicas, shards });
    this.alarms = createAlarms(this, alarmSpecs, { topic: this.alarmTopic, actions: d.alarmActions });
  }

  /**
   * Lets `grantee` read the connection secret (host, port, AUTH token). The grant is in the
   * grantee's own IAM policy, decryption with the cache key only through Secrets Manager, so a
   * grantee in another stack does not make this stack depend on its stack.
   */
  public grantRead(grantee: iam.IGrantable): iam.Grant {
    return grantOwnSecretRead(this.secret, this.encryptionKey, grantee);
  }

  /**
   * The settings a container needs to reach the cache, to spread into a `PavedRoadService`'s
   * `environment` and `secrets`: `<PREFIX>_HOST`, `_PORT`, `_TLS` as plain settings, and
   * `<PREFIX>_AUTH_TOKEN` read from the connection secret at task start.
   *
   * @param prefix prefix of the variable names
   */
  public connectionEnvironment(prefix: string = 'CACHE'): ConnectionEnvironment {
    return {
      environment: {
        [`${prefix}_HOST`]: this.endpointAddress,
        [`${prefix}_PORT`]: Token.isUnresolved(this.port) ? Token.asString(this.port) : String(this.port),
        [`${prefix}_TLS`]: 'true',
      },
      secrets: { [`${prefix}_AUTH_TOKEN`]: secretField(this.secret, this.encryptionKey, 'authToken') },
    };
  }
}
