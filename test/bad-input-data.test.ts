import { Duration, RemovalPolicy, SecretValue, Token } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as rds from 'aws-cdk-lib/aws-rds';
import {
  CacheEngine, DatabaseEngine, PavedRoadCache, PavedRoadCacheProps, PavedRoadDatabase, PavedRoadDatabaseProps, PavedRoadNetwork, Profile,
} from '../src';
import { namesProp } from './bad-input';
import { testApp, testStack, validationError } from './nag';

/**
 * An outside battery of bad input for the data stores: every prop with values of the wrong kind, empties, negatives,
 * NaN and Infinity, fractions, out-of-range and unsafe-in-prod values. Each must be refused with one
 * PavedRoadValidationError whose problems name the prop (a crash, another error or an acceptance fails the case).
 * Every valid edge value must synthesize.
 */

/** One bad case: the prop the error must name, the props given, the profile (DEV unless said). */
type Bad = [prop: string, props: Record<string, unknown>, profile?: Profile];

const NAN = Number.NaN;
const INF = Number.POSITIVE_INFINITY;
const AURORA = { engine: DatabaseEngine.AURORA_POSTGRES_SERVERLESS };
const MYSQL = { engine: DatabaseEngine.MYSQL };
const REASON = 'A migration replaces this database in place next week.';

/** One app, stack and network for the refusals (nothing is synthesized), plus values that need a scope. */
function sharedScope() {
  const app = testApp();
  const stack = testStack(app);
  const network = new PavedRoadNetwork(stack, 'Network');
  const rawVpc = new ec2.Vpc(stack, 'RawVpc', { maxAzs: 2, natGateways: 0, subnetConfiguration: [{ name: 'Isolated', subnetType: ec2.SubnetType.PRIVATE_ISOLATED }] });
  const existingSecret = new rds.DatabaseSecret(stack, 'Existing', { username: 'owner' });
  return { app, stack, network, rawVpc, existingSecret };
}

describe('PavedRoadDatabase: bad input battery', () => {
  const s = sharedScope();
  let n = 0;

  const bad: Bad[] = [
    // network: not a network at all, or a bare VPC
    ['network', { network: s.rawVpc }], ['network', { network: 'vpc-0abc' }], ['network', { network: 42 }], ['network', { network: {} }],
    ['network', { network: [] }], ['network', { network: undefined }], ['network', { network: null }],
    // engine
    ['engine', { engine: 'oracle' }], ['engine', { engine: '' }], ['engine', { engine: 5 }], ['engine', { engine: 'POSTGRES' }],
    // engineVersion: wrong kind, empty, minor, unknown, another engine's
    ['engineVersion', { engineVersion: 18 }], ['engineVersion', { engineVersion: NAN }], ['engineVersion', { engineVersion: '' }],
    ['engineVersion', { engineVersion: ' 18' }], ['engineVersion', { engineVersion: '18.1' }], ['engineVersion', { engineVersion: '9.6' }],
    ['engineVersion', { engineVersion: '19' }], ['engineVersion', { engineVersion: '8.4' }], ['engineVersion', { ...MYSQL, engineVersion: '8.4.10' }],
    ['engineVersion', { ...MYSQL, engineVersion: '5.7' }], ['engineVersion', { ...MYSQL, engineVersion: '18' }], ['engineVersion', { ...AURORA, engineVersion: '18' }],
    ['engineVersion', { ...AURORA, engineVersion: ['17'] }],
    // instanceType: a string or a plain object is not an ec2.InstanceType; a malformed one; any on Aurora
    ['instanceType', { instanceType: 't4g.micro' }], ['instanceType', { instanceType: {} }], ['instanceType', { instanceType: 5 }],
    ['instanceType', { instanceType: new ec2.InstanceType('') }], ['instanceType', { instanceType: new ec2.InstanceType('t4g') }],
    ['instanceType', { ...AURORA, instanceType: new ec2.InstanceType('r7g.large') }],
    // allocatedStorageGiB
    ['allocatedStorageGiB', { allocatedStorageGiB: 0 }], ['allocatedStorageGiB', { allocatedStorageGiB: -20 }], ['allocatedStorageGiB', { allocatedStorageGiB: 19 }],
    ['allocatedStorageGiB', { allocatedStorageGiB: 20.5 }], ['allocatedStorageGiB', { allocatedStorageGiB: NAN }], ['allocatedStorageGiB', { allocatedStorageGiB: INF }],
    ['allocatedStorageGiB', { allocatedStorageGiB: 65537 }], ['allocatedStorageGiB', { allocatedStorageGiB: '20' }],
    ['allocatedStorageGiB', { allocatedStorageGiB: Token.asNumber({ Ref: 'Size' }) }], ['allocatedStorageGiB', { ...AURORA, allocatedStorageGiB: 20 }],
    // maxAllocatedStorageGiB
    ['maxAllocatedStorageGiB', { maxAllocatedStorageGiB: 21 }], ['maxAllocatedStorageGiB', { maxAllocatedStorageGiB: -1 }],
    ['maxAllocatedStorageGiB', { maxAllocatedStorageGiB: 65537 }], ['maxAllocatedStorageGiB', { maxAllocatedStorageGiB: 100.5 }],
    ['maxAllocatedStorageGiB', { maxAllocatedStorageGiB: NAN }], ['maxAllocatedStorageGiB', { maxAllocatedStorageGiB: '100' }],
    ['maxAllocatedStorageGiB', { allocatedStorageGiB: 60000, maxAllocatedStorageGiB: 65536 }], ['maxAllocatedStorageGiB', { ...AURORA, maxAllocatedStorageGiB: 100 }],
    // minCapacity / maxCapacity (Aurora only)
    ['minCapacity', { ...AURORA, engineVersion: '16.2', minCapacity: 0 }], ['minCapacity', { ...AURORA, minCapacity: 0.25 }], ['minCapacity', { ...AURORA, minCapacity: -1 }],
    ['minCapacity', { ...AURORA, minCapacity: 1.3 }], ['minCapacity', { ...AURORA, minCapacity: 257 }], ['minCapacity', { ...AURORA, minCapacity: NAN }],
    ['minCapacity', { ...AURORA, minCapacity: INF }], ['minCapacity', { ...AURORA, minCapacity: '1' }], ['minCapacity', { ...AURORA, minCapacity: Token.asNumber({ Ref: 'Acu' }) }],
    ['minCapacity', { ...AURORA, minCapacity: 8, maxCapacity: 4 }], ['minCapacity', { minCapacity: 1 }],
    ['maxCapacity', { ...AURORA, maxCapacity: 0.5 }], ['maxCapacity', { ...AURORA, maxCapacity: 300 }], ['maxCapacity', { ...AURORA, maxCapacity: 2.25 }],
    ['maxCapacity', { ...AURORA, maxCapacity: -4 }], ['maxCapacity', { ...AURORA, maxCapacity: NAN }], ['maxCapacity', { ...AURORA, maxCapacity: '4' }],
    ['maxCapacity', { maxCapacity: 4 }],
    // autoPause (Aurora with minCapacity 0 only; 5 minutes to 1 day)
    ['autoPause', { ...AURORA, autoPause: 600 }], ['autoPause', { ...AURORA, autoPause: '10 minutes' }], ['autoPause', { ...AURORA, autoPause: Duration.seconds(299) }],
    ['autoPause', { ...AURORA, autoPause: Duration.seconds(86401) }], ['autoPause', { ...AURORA, minCapacity: 1, autoPause: Duration.minutes(10) }],
    ['autoPause', { autoPause: Duration.minutes(10) }], ['autoPause', { ...AURORA, autoPause: Duration.minutes(10) }, Profile.PROD],
    // databaseName: wrong kinds (NaN and Infinity would read as the names "NaN" and "Infinity"), empty, shape, reserved words
    ['databaseName', { databaseName: '' }], ['databaseName', { databaseName: 5 }], ['databaseName', { databaseName: NAN }], ['databaseName', { databaseName: INF }],
    ['databaseName', { databaseName: '1app' }], ['databaseName', { databaseName: 'app-db' }], ['databaseName', { databaseName: ' app' }],
    ['databaseName', { databaseName: 'a'.repeat(64) }], ['databaseName', { databaseName: 'select' }], ['databaseName', { databaseName: 'User' }],
    ['databaseName', { ...MYSQL, databaseName: 'table' }], ['databaseName', { ...AURORA, databaseName: 'order' }],
    // credentials
    ['credentials', { credentials: 'admin' }], ['credentials', { credentials: {} }], ['credentials', { credentials: 5 }],
    ['credentials', { credentials: rds.Credentials.fromPassword('admin', SecretValue.unsafePlainText('hunter2hunter2')) }],
    ['credentials', { credentials: rds.Credentials.fromGeneratedSecret('') }], ['credentials', { credentials: rds.Credentials.fromGeneratedSecret('1admin') }],
    ['credentials', { credentials: rds.Credentials.fromGeneratedSecret('rdsadmin') }], ['credentials', { credentials: { username: INF } }],
    ['credentials', { credentials: { username: 5 } }],
    // rotationDays
    ['rotationDays', { rotationDays: 0 }], ['rotationDays', { rotationDays: -1 }], ['rotationDays', { rotationDays: 366 }], ['rotationDays', { rotationDays: 1.5 }],
    ['rotationDays', { rotationDays: NAN }], ['rotationDays', { rotationDays: INF }], ['rotationDays', { rotationDays: '30' }],
    ['rotationDays', { rotationDays: 30, credentials: rds.Credentials.fromSecret(s.existingSecret) }],
    // backupRetentionDays
    ['backupRetentionDays', { backupRetentionDays: 0 }], ['backupRetentionDays', { backupRetentionDays: -1 }], ['backupRetentionDays', { backupRetentionDays: 36 }],
    ['backupRetentionDays', { backupRetentionDays: 7.5 }], ['backupRetentionDays', { backupRetentionDays: NAN }], ['backupRetentionDays', { backupRetentionDays: '7' }],
    ['backupRetentionDays', { backupRetentionDays: 0 }, Profile.PROD], ['backupRetentionDays', { ...AURORA, backupRetentionDays: 0 }],
    // booleans given as strings or numbers ("false" is truthy)
    ['multiAz', { multiAz: 'yes' }], ['multiAz', { multiAz: 'false' }], ['multiAz', { multiAz: 1 }],
    ['deletionProtection', { deletionProtection: 'false' }], ['deletionProtection', { deletionProtection: 0 }],
    ['deletionProtection', { deletionProtection: false }, Profile.PROD], ['deletionProtection', { deletionProtection: false }, Profile.STAGING],
    ['deletionProtection', { ...AURORA, deletionProtection: false }, Profile.PROD],
    ['publiclyAccessible', { publiclyAccessible: true }], ['publiclyAccessible', { publiclyAccessible: 'false' }], ['publiclyAccessible', { publiclyAccessible: 1 }],
    // deletionProtectionExceptionReason
    ['deletionProtectionExceptionReason', { deletionProtection: false, deletionProtectionExceptionReason: 5 }, Profile.PROD],
    ['deletionProtectionExceptionReason', { deletionProtection: false, deletionProtectionExceptionReason: '' }, Profile.PROD],
    ['deletionProtectionExceptionReason', { deletionProtection: false, deletionProtectionExceptionReason: 'too short' }, Profile.PROD],
    ['deletionProtectionExceptionReason', { deletionProtection: false, deletionProtectionExceptionReason: ' '.repeat(30) }, Profile.PROD],
    ['deletionProtectionExceptionReason', { deletionProtection: false, deletionProtectionExceptionReason: '1234567890'.repeat(3) }, Profile.PROD],
    ['deletionProtectionExceptionReason', { deletionProtectionExceptionReason: REASON }, Profile.PROD],
    // removalPolicy
    ['removalPolicy', { removalPolicy: 'DESTROY' }], ['removalPolicy', { removalPolicy: 'delete' }], ['removalPolicy', { removalPolicy: 5 }],
    ['removalPolicy', { removalPolicy: RemovalPolicy.RETAIN_ON_UPDATE_OR_DELETE }],
    ['removalPolicy', { removalPolicy: RemovalPolicy.DESTROY }, Profile.PROD], ['removalPolicy', { removalPolicy: RemovalPolicy.DESTROY }, Profile.STAGING],
    // port: range, fractions, wrong kinds and the engines' well-known ports
    ['port', { port: 0 }], ['port', { port: -1 }], ['port', { port: 80 }], ['port', { port: 1149 }], ['port', { port: 65536 }], ['port', { port: 5433.5 }],
    ['port', { port: NAN }], ['port', { port: INF }], ['port', { port: '5433' }], ['port', { port: 5432 }], ['port', { ...MYSQL, port: 3306 }],
    // logRetentionDays
    ['logRetentionDays', { logRetentionDays: 0 }], ['logRetentionDays', { logRetentionDays: 2 }], ['logRetentionDays', { logRetentionDays: -7 }],
    ['logRetentionDays', { logRetentionDays: 7.5 }], ['logRetentionDays', { logRetentionDays: NAN }], ['logRetentionDays', { logRetentionDays: INF }],
    ['logRetentionDays', { logRetentionDays: '7' }], ['logRetentionDays', { logRetentionDays: 10 }],
    // alarmTopic
    ['alarmTopic', { alarmTopic: 'arn:aws:sns:us-east-1:123456789012:alarms' }], ['alarmTopic', { alarmTopic: {} }], ['alarmTopic', { alarmTopic: 5 }],
  ];

  test.each(bad)('refuses %s in %j', (prop, props, profile = Profile.DEV) => {
    const error = validationError(() => new PavedRoadDatabase(s.stack, `Bad${n++}`, { network: s.network, profile, ...props } as PavedRoadDatabaseProps));
    expect(namesProp(error.problems, prop)).toBe(true);
  });

  test('a wrong kind is reported once, not again by the range check', () => {
    const error = validationError(() => new PavedRoadDatabase(s.stack, `Bad${n++}`, { network: s.network, multiAz: 'no', engineVersion: 17, port: '5433' } as any));
    expect(error.problems).toHaveLength(3);
    expect(error.message).toMatch(/engineVersion: 17 is not allowed; allowed: a string naming a major version/);
    expect(error.message).toMatch(/multiAz: "no" is not allowed; allowed: true or false/);
  });

  test('an ec2.Vpc where a network belongs is refused with the way to make one, not a TypeError', () => {
    const error = validationError(() => new PavedRoadDatabase(s.stack, `Bad${n++}`, { network: s.rawVpc as any }));
    expect(error.message).toMatch(/network: an instance of (ec2\.)?Vpc\d* is not allowed; allowed: an IPavedRoadNetwork: a PavedRoadNetwork, or PavedRoadNetwork.fromVpc/);
  });

  /** One valid case: props, profile, and what the template must then say about the instance or cluster. */
  type Valid = [name: string, props: Partial<PavedRoadDatabaseProps>, profile: Profile, expected: Record<string, unknown>];
  const valid: Valid[] = [
    ...['14', '15', '16', '17', '18'].map((v): Valid => [`PostgreSQL ${v}`, { engineVersion: v }, Profile.DEV, { EngineVersion: v }]),
    ['MySQL 8.0 (a full version in the template)', { ...MYSQL, engineVersion: '8.0' }, Profile.DEV, { Engine: 'mysql', EngineVersion: '8.0.46' }],
    ['MySQL 8.4 (a full version in the template)', { ...MYSQL, engineVersion: '8.4' }, Profile.DEV, { Engine: 'mysql', EngineVersion: '8.4.10' }],
    ['MySQL by default in prod', MYSQL, Profile.PROD, { EngineVersion: '8.4.10' }],
    ...['14', '15', '16', '17'].map((v): Valid => [`Aurora PostgreSQL ${v}`, { ...AURORA, engineVersion: v }, Profile.DEV, { EngineVersion: v }]),
    ['the smallest storage', { allocatedStorageGiB: 20 }, Profile.DEV, { AllocatedStorage: '20' }],
    ['the largest storage (no autoscaling headroom)', { allocatedStorageGiB: 65536 }, Profile.DEV, { AllocatedStorage: '65536' }],
    ['the largest storage that still autoscales', { allocatedStorageGiB: 59578 }, Profile.DEV, { AllocatedStorage: '59578', MaxAllocatedStorage: 65536 }],
    ['the lowest autoscaling ceiling (10% above)', { allocatedStorageGiB: 20, maxAllocatedStorageGiB: 22 }, Profile.DEV, { MaxAllocatedStorage: 22 }],
    ['the highest autoscaling ceiling', { maxAllocatedStorageGiB: 65536 }, Profile.DEV, { MaxAllocatedStorage: 65536 }],
    ['the smallest Aurora range', { ...AURORA, minCapacity: 0.5, maxCapacity: 1 }, Profile.DEV, { ServerlessV2ScalingConfiguration: { MinCapacity: 0.5, MaxCapacity: 1 } }],
    ['the largest Aurora range', { ...AURORA, minCapacity: 256, maxCapacity: 256 }, Profile.DEV, { ServerlessV2ScalingConfiguration: { MinCapacity: 256, MaxCapacity: 256 } }],
    ['a half-ACU step', { ...AURORA, minCapacity: 1.5, maxCapacity: 2.5 }, Profile.DEV, { ServerlessV2ScalingConfiguration: { MinCapacity: 1.5, MaxCapacity: 2.5 } }],
    ['0 ACU on the lowest minor that pauses', { ...AURORA, engineVersion: '14.12', minCapacity: 0 }, Profile.STAGING,
      { EngineVersion: '14.12', ServerlessV2ScalingConfiguration: { MinCapacity: 0, MaxCapacity: 16, SecondsUntilAutoPause: 300 } }],
    ['the shortest automatic pause', { ...AURORA, autoPause: Duration.minutes(5) }, Profile.DEV, { ServerlessV2ScalingConfiguration: { MinCapacity: 0, MaxCapacity: 4, SecondsUntilAutoPause: 300 } }],
    ['the longest automatic pause', { ...AURORA, autoPause: Duration.days(1) }, Profile.PREVIEW, { ServerlessV2ScalingConfiguration: { MinCapacity: 0, MaxCapacity: 2, SecondsUntilAutoPause: 86400 } }],
    ['the lowest port', { port: 1150 }, Profile.DEV, { Port: '1150' }],
    ['the highest port', { port: 65535 }, Profile.DEV, { Port: '65535' }],
    ['MySQL on the PostgreSQL port', { ...MYSQL, port: 5432 }, Profile.DEV, { Port: '5432' }],
    ['PostgreSQL on the MySQL port', { port: 3306 }, Profile.DEV, { Port: '3306' }],
    ['a one-letter database name', { databaseName: 'a' }, Profile.DEV, { DBName: 'a' }],
    ['a 63-character database name', { databaseName: `A${'b_1'.repeat(20)}xy` }, Profile.DEV, { DBName: `A${'b_1'.repeat(20)}xy` }],
    ['a MySQL name that PostgreSQL reserves', { ...MYSQL, databaseName: 'user' }, Profile.DEV, { DBName: 'user' }],
    ['one backup day', { backupRetentionDays: 1 }, Profile.DEV, { BackupRetentionPeriod: 1 }],
    ['35 backup days', { backupRetentionDays: 35 }, Profile.PROD, { BackupRetentionPeriod: 35 }],
    ['a one-letter master user', { credentials: rds.Credentials.fromGeneratedSecret('a') }, Profile.DEV, {}],
    ['a 16-character master user', { credentials: rds.Credentials.fromGeneratedSecret('app_owner_123456') }, Profile.DEV, {}],
    ['rotation after 1 day', { rotationDays: 1 }, Profile.DEV, {}],
    ['rotation after 365 days', { rotationDays: 365 }, Profile.DEV, {}],
    ['the shortest log retention', { logRetentionDays: 1 }, Profile.DEV, {}],
    ['the longest log retention', { logRetentionDays: 3653 }, Profile.PROD, {}],
    ['RETAIN in prod', { removalPolicy: RemovalPolicy.RETAIN }, Profile.PROD, {}],
    ['DESTROY in dev', { removalPolicy: RemovalPolicy.DESTROY }, Profile.DEV, {}],
    ['single-AZ in prod (a warning)', { multiAz: false }, Profile.PROD, { MultiAZ: false }],
    ['no deletion protection in prod, with its reason', { deletionProtection: false, deletionProtectionExceptionReason: REASON }, Profile.PROD, { DeletionProtection: false }],
    ['deletion protection in dev', { deletionProtection: true }, Profile.DEV, { DeletionProtection: true }],
    ['publiclyAccessible false', { publiclyAccessible: false }, Profile.DEV, { PubliclyAccessible: false }],
    ['a memory-optimised instance', { instanceType: new ec2.InstanceType('r7g.xlarge') }, Profile.DEV, { DBInstanceClass: 'db.r7g.xlarge' }],
  ];

  test.each(valid)('accepts and synthesizes %s', (_name, props, profile, expected) => {
    const app = testApp({ 'paved-road:profile': profile });
    const stack = testStack(app);
    new PavedRoadDatabase(stack, 'Database', { network: new PavedRoadNetwork(stack, 'Network'), ...props });
    const template = Template.fromStack(stack);
    const aurora = props.engine === DatabaseEngine.AURORA_POSTGRES_SERVERLESS;
    template.hasResourceProperties(aurora ? 'AWS::RDS::DBCluster' : 'AWS::RDS::DBInstance', expected);
  });

  test(`the battery: ${bad.length} refusals and ${valid.length} valid edges`, () => {
    expect(bad.length).toBeGreaterThan(140);
    expect(valid.length).toBeGreaterThan(35);
  });
});

describe('PavedRoadCache: bad input battery', () => {
  const s = sharedScope();
  let n = 0;
  const REDIS = { engine: CacheEngine.REDIS };
  const CLUSTER = { clusterMode: true, replicasPerShard: 0 };

  const bad: Bad[] = [
    ['network', { network: s.rawVpc }], ['network', { network: 'vpc-0abc' }], ['network', { network: 42 }], ['network', { network: {} }],
    ['network', { network: undefined }], ['network', { network: null }],
    ['engine', { engine: 'memcached' }], ['engine', { engine: '' }], ['engine', { engine: 5 }], ['engine', { engine: 'VALKEY' }],
    ['engineVersion', { engineVersion: 8 }], ['engineVersion', { engineVersion: NAN }], ['engineVersion', { engineVersion: '' }], ['engineVersion', { engineVersion: '8' }],
    ['engineVersion', { engineVersion: '6.2' }], ['engineVersion', { engineVersion: '8.0.1' }], ['engineVersion', { ...REDIS, engineVersion: '7.2' }],
    ['engineVersion', { ...REDIS, engineVersion: '8.0' }],
    ['nodeType', { nodeType: '' }], ['nodeType', { nodeType: 5 }], ['nodeType', { nodeType: NAN }], ['nodeType', { nodeType: 't4g.micro' }],
    ['nodeType', { nodeType: 'cache.t4g' }], ['nodeType', { nodeType: 'cache.t4g.micro ' }], ['nodeType', { nodeType: 'db.t4g.micro' }],
    ['nodeType', { nodeType: ['cache.t4g.micro'] }],
    ['replicasPerShard', { replicasPerShard: -1 }], ['replicasPerShard', { replicasPerShard: 6 }], ['replicasPerShard', { replicasPerShard: 1.5 }],
    ['replicasPerShard', { replicasPerShard: NAN }], ['replicasPerShard', { replicasPerShard: INF }], ['replicasPerShard', { replicasPerShard: '1' }],
    ['replicasPerShard', { replicasPerShard: Token.asNumber({ Ref: 'Replicas' }) }], ['replicasPerShard', { replicasPerShard: 0 }, Profile.PROD],
    ['shards', { ...CLUSTER, shards: 0 }], ['shards', { ...CLUSTER, shards: -2 }], ['shards', { ...CLUSTER, shards: 501 }], ['shards', { ...CLUSTER, shards: 2.5 }],
    ['shards', { ...CLUSTER, shards: NAN }], ['shards', { ...CLUSTER, shards: '2' }], ['shards', { ...CLUSTER, shards: Token.asNumber({ Ref: 'Shards' }) }],
    ['shards', { shards: 2 }], ['shards', { ...CLUSTER, shards: 123 }], ['shards', { clusterMode: true, replicasPerShard: 1, shards: 98 }],
    ['shards', { clusterMode: true, replicasPerShard: 5, shards: 84 }],
    ['automaticFailover', { automaticFailover: 'true' }], ['automaticFailover', { automaticFailover: 1 }], ['automaticFailover', { automaticFailover: true }],
    ['automaticFailover', { automaticFailover: false }, Profile.PROD], ['automaticFailover', { clusterMode: true, automaticFailover: false }],
    ['clusterMode', { clusterMode: 'true' }], ['clusterMode', { clusterMode: 1 }], ['clusterMode', { clusterMode: 'false' }],
    ['snapshotRetentionDays', { snapshotRetentionDays: -1 }], ['snapshotRetentionDays', { snapshotRetentionDays: 36 }], ['snapshotRetentionDays', { snapshotRetentionDays: 1.5 }],
    ['snapshotRetentionDays', { snapshotRetentionDays: NAN }], ['snapshotRetentionDays', { snapshotRetentionDays: '1' }], ['snapshotRetentionDays', { snapshotRetentionDays: 0 }, Profile.PROD],
    ['removalPolicy', { removalPolicy: 'x' }], ['removalPolicy', { removalPolicy: 5 }], ['removalPolicy', { removalPolicy: 'SNAPSHOT' }],
    ['removalPolicy', { removalPolicy: RemovalPolicy.DESTROY }, Profile.PROD], ['removalPolicy', { removalPolicy: RemovalPolicy.DESTROY }, Profile.STAGING],
    // port: the well-known 6379 for both engines, range, fractions, wrong kinds
    ['port', { port: 6379 }], ['port', { ...REDIS, port: 6379 }], ['port', { port: 6379 }, Profile.PROD], ['port', { port: 1023 }], ['port', { port: 0 }],
    ['port', { port: -1 }], ['port', { port: 65536 }], ['port', { port: 6380.5 }], ['port', { port: NAN }], ['port', { port: INF }], ['port', { port: '6380' }],
    ['logRetentionDays', { logRetentionDays: 0 }], ['logRetentionDays', { logRetentionDays: 2 }], ['logRetentionDays', { logRetentionDays: NAN }],
    ['logRetentionDays', { logRetentionDays: '7' }], ['logRetentionDays', { logRetentionDays: 7.5 }],
    ['alarmTopic', { alarmTopic: {} }], ['alarmTopic', { alarmTopic: 'arn:aws:sns:us-east-1:123456789012:alarms' }],
  ];

  test.each(bad)('refuses %s in %j', (prop, props, profile = Profile.DEV) => {
    const error = validationError(() => new PavedRoadCache(s.stack, `Bad${n++}`, { network: s.network, profile, ...props } as PavedRoadCacheProps));
    expect(namesProp(error.problems, prop)).toBe(true);
  });

  test('6379 is refused for Valkey as for Redis OSS, with the reason', () => {
    expect(() => new PavedRoadCache(s.stack, `Bad${n++}`, { network: s.network, port: 6379 }))
      .toThrow(/port: 6379 is not allowed; allowed: an integer from 1024 to 65535, not 6379 \(the well-known Valkey and Redis OSS port/);
  });

  type Valid = [name: string, props: Partial<PavedRoadCacheProps>, profile: Profile, expected: Record<string, unknown>];
  const valid: Valid[] = [
    ...['7.2', '8.0', '8.1'].map((v): Valid => [`Valkey ${v}`, { engineVersion: v }, Profile.DEV, { Engine: 'valkey', EngineVersion: v }]),
    ...['6.2', '7.0', '7.1'].map((v): Valid => [`Redis OSS ${v}`, { ...REDIS, engineVersion: v }, Profile.DEV, { Engine: 'redis', EngineVersion: v }]),
    ['the lowest port', { port: 1024 }, Profile.DEV, { Port: 1024 }],
    ['the port below the well-known one', { port: 6378 }, Profile.DEV, { Port: 6378 }],
    ['the highest port', { port: 65535 }, Profile.DEV, { Port: 65535 }],
    ['no replicas in dev', { replicasPerShard: 0 }, Profile.DEV, { NumCacheClusters: 1 }],
    ['five replicas in prod', { replicasPerShard: 5 }, Profile.PROD, { NumCacheClusters: 6, AutomaticFailoverEnabled: true }],
    ['five replicas per shard in cluster mode', { clusterMode: true, replicasPerShard: 5, shards: 2 }, Profile.DEV, { ReplicasPerNodeGroup: 5 }],
    ['one replica with failover', { replicasPerShard: 1, automaticFailover: true }, Profile.DEV, { AutomaticFailoverEnabled: true, MultiAZEnabled: true }],
    ['one shard in cluster mode', { ...CLUSTER, shards: 1 }, Profile.DEV, { NumNodeGroups: 1 }],
    ['122 shards without replicas (the stack limit)', { ...CLUSTER, shards: 122 }, Profile.DEV, { NumNodeGroups: 122 }],
    ['97 shards with a replica (the stack limit)', { clusterMode: true, replicasPerShard: 1, shards: 97 }, Profile.DEV, { NumNodeGroups: 97 }],
    ['no snapshots in dev', { snapshotRetentionDays: 0 }, Profile.DEV, { SnapshotRetentionLimit: 0 }],
    ['one snapshot day in prod', { snapshotRetentionDays: 1 }, Profile.PROD, { SnapshotRetentionLimit: 1 }],
    ['35 snapshot days', { snapshotRetentionDays: 35 }, Profile.DEV, { SnapshotRetentionLimit: 35 }],
    ['a large node type', { nodeType: 'cache.m7g.12xlarge' }, Profile.DEV, { CacheNodeType: 'cache.m7g.12xlarge' }],
    ['a memory-optimised node type', { nodeType: 'cache.r7g.xlarge' }, Profile.DEV, { CacheNodeType: 'cache.r7g.xlarge' }],
    ['the shortest log retention', { logRetentionDays: 1 }, Profile.DEV, {}],
    ['the longest log retention', { logRetentionDays: 3653 }, Profile.DEV, {}],
    ['RETAIN in prod', { removalPolicy: RemovalPolicy.RETAIN }, Profile.PROD, {}],
    ['DESTROY in preview', { removalPolicy: RemovalPolicy.DESTROY }, Profile.PREVIEW, {}],
  ];

  test.each(valid)('accepts and synthesizes %s', (_name, props, profile, expected) => {
    // The cache in a stack of its own, as the shard limits count the cache's resources only.
    const app = testApp({ 'paved-road:profile': profile });
    const network = new PavedRoadNetwork(testStack(app, 'NetworkStack'), 'Network');
    const stack = testStack(app, 'CacheStack');
    new PavedRoadCache(stack, 'Cache', { network, ...props });
    Template.fromStack(stack).hasResourceProperties('AWS::ElastiCache::ReplicationGroup', expected);
  });

  test(`the battery: ${bad.length} refusals and ${valid.length} valid edges`, () => {
    expect(bad.length).toBeGreaterThan(80);
    expect(valid.length).toBeGreaterThan(20);
  });
});

