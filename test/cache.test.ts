import { App, RemovalPolicy, Stack, Token } from 'aws-cdk-lib';
import { Annotations, Match, Template } from 'aws-cdk-lib/assertions';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as sns from 'aws-cdk-lib/aws-sns';
import { CacheEngine, PavedRoadCache, PavedRoadCacheProps, PavedRoadGuardrails, PavedRoadNetwork, Profile } from '../src';
import { PROFILES } from './fixtures';
import { ALL_PACKS, deepScope, expectNagClean, testApp, testStack, validationError } from './nag';
import { resourcesWhere, snapshotOf } from './snapshot';


interface Built {
  readonly app: App;
  readonly stack: Stack;
  readonly network: PavedRoadNetwork;
  readonly cache: PavedRoadCache;
  readonly template: Template;
}

/** One app with a network and a cache; `nag` synthesizes it with all four packs first. */
function build(profile: Profile, props: Partial<PavedRoadCacheProps> = {}, nag = true): Built {
  const app = testApp({ 'paved-road:profile': profile });
  const stack = testStack(app);
  const network = new PavedRoadNetwork(stack, 'Network');
  const cache = new PavedRoadCache(stack, 'Cache', { network, ...props });
  if (nag) expectNagClean(app);
  let template: Template | undefined;
  return { app, stack, network, cache, get template() { return (template ??= Template.fromStack(stack)); } };
}

function logicalIds(template: Template, type: string): string[] {
  return Object.keys(template.findResources(type)).filter((id) => id.startsWith('Cache')).sort();
}

describe('PavedRoadCache', () => {
  const built: Partial<Record<Profile, Built>> = {};
  const get = (p: Profile) => (built[p] ??= build(p));

  describe.each(PROFILES)('with only network given, in %s', (profile) => {
    test('synthesizes with no unacknowledged finding in all four packs', () => {
      get(profile).template.resourceCountIs('AWS::ElastiCache::ReplicationGroup', 1);
    });

    test('matches the snapshot', () => {
      expect(snapshotOf(resourcesWhere(get(profile).template, (id) => id.startsWith('Cache')), { hashes: 'HASH', version: 'tags' })).toMatchSnapshot();
    });
  });

  describe('topology per profile', () => {
    test.each([
      [Profile.PROD, 'cache.m7g.large', 2, true, 7, 'Snapshot'],
      [Profile.STAGING, 'cache.t4g.small', 1, false, 3, 'Snapshot'],
      [Profile.DEV, 'cache.t4g.micro', 1, false, 1, 'Delete'],
      [Profile.PREVIEW, 'cache.t4g.micro', 1, false, 0, 'Delete'],
    ])('%s: %s, %d node(s), failover and Multi-AZ %s, snapshots %d days, removal %s', (profile, nodeType, nodes, failover, days, policy) => {
      get(profile).template.hasResource('AWS::ElastiCache::ReplicationGroup', {
        DeletionPolicy: policy,
        UpdateReplacePolicy: policy,
        Properties: Match.objectLike({
          Engine: 'valkey',
          EngineVersion: '8.0',
          CacheNodeType: nodeType,
          ClusterMode: 'disabled',
          NumCacheClusters: nodes,
          AutomaticFailoverEnabled: failover,
          MultiAZEnabled: failover,
          SnapshotRetentionLimit: days,
          SnapshotWindow: '02:00-03:00',
          PreferredMaintenanceWindow: 'sun:03:30-sun:04:30',
          AutoMinorVersionUpgrade: true,
        }),
      });
    });

    test('cluster mode shards the data with failover and the cluster-on parameter group', () => {
      const { template, cache } = build(Profile.PROD, { clusterMode: true, shards: 3 });
      template.hasResourceProperties('AWS::ElastiCache::ReplicationGroup', {
        ClusterMode: 'enabled',
        NumNodeGroups: 3,
        ReplicasPerNodeGroup: 1,
        AutomaticFailoverEnabled: true,
        CacheParameterGroupName: 'default.valkey8.cluster.on',
        NumCacheClusters: Match.absent(),
      });
      expect(JSON.stringify(Stack.of(cache).resolve(cache.endpointAddress))).toContain('ConfigurationEndPoint.Address');
      // per shard: CPU, engine CPU, memory, evictions, replication lag
      template.resourceCountIs('AWS::CloudWatch::Alarm', 15);
    });

    test('cluster mode without replicas keeps failover on (ElastiCache requires it) and Multi-AZ off', () => {
      // GIVEN cluster mode in dev, whose profile has no replica
      const { template } = build(Profile.DEV, { clusterMode: true, replicasPerShard: 0 }, false);
      // THEN failover stays on (cluster mode requires it; 0 replicas are allowed) and Multi-AZ is off
      template.hasResourceProperties('AWS::ElastiCache::ReplicationGroup', {
        ClusterMode: 'enabled', ReplicasPerNodeGroup: 0, AutomaticFailoverEnabled: true, MultiAZEnabled: false,
      });
    });

    test('cluster mode without replicasPerShard warns that a later change of it replaces the cache', () => {
      const { stack } = build(Profile.DEV, { clusterMode: true }, false);
      Annotations.fromStack(stack).hasWarning('/TestStack/Cache', Match.stringLikeRegexp('replicasPerShard is unset with clusterMode: it is 0 by the dev profile.*replaces the replication group'));
      const pinned = build(Profile.DEV, { clusterMode: true, replicasPerShard: 0 }, false).stack;
      expect(Annotations.fromStack(pinned).findWarning('*', Match.stringLikeRegexp('replicasPerShard is unset'))).toHaveLength(0);
    });

    describe('snapshot retention the team chooses', () => {
      const BACKUP_RULES = ['HIPAA.Security-ElastiCacheRedisClusterAutomaticBackup', 'NIST.800.53.R5-ElastiCacheRedisClusterAutomaticBackup'];
      /** Synthesizes a cache with the packs, returning the guardrails and whether synthesis threw. */
      const synth = (profile: Profile, props: Partial<PavedRoadCacheProps>) => {
        const { app } = build(profile, props, false);
        const guardrails = PavedRoadGuardrails.enforce(app, { packs: ALL_PACKS, strict: true });
        let error: unknown;
        try { app.synth(); } catch (e) { error = e; }
        return { guardrails, error };
      };

      test.each([
        [Profile.DEV, 0], [Profile.STAGING, 1], [Profile.PROD, 3],
      ])('GIVEN %s WHEN snapshotRetentionDays is %d, below the profile\'s THEN the short-retention finding stays for the team to acknowledge', (profile, days) => {
        const { guardrails, error } = synth(profile, { snapshotRetentionDays: days });
        expect(String(error)).toMatch(/NIST\.800\.53\.R5-ElastiCacheRedisClusterAutomaticBackup: [^\n]*\n\s+TestStack\/Cache\/ReplicationGroup\n/);
        expect(guardrails.findings.map((f) => f.rule).sort()).toEqual(BACKUP_RULES);
      });

      test('GIVEN dev WHEN snapshotRetentionDays is above the profile\'s but below 15 THEN the cache acknowledges it with the days given', () => {
        const { guardrails, error } = synth(Profile.DEV, { snapshotRetentionDays: 5 });
        expect(error).toBeUndefined();
        const reasons = guardrails.acknowledgments.filter((a) => BACKUP_RULES.includes(a.rule)).map((a) => a.reason);
        expect(reasons).toHaveLength(2);
        for (const reason of reasons) expect(reason).toMatch(/^TestStack\/Cache keeps automatic snapshots 5 days \(snapshotRetentionDays\)/);
      });
    });

    test('Redis OSS is a choice', () => {
      build(Profile.DEV, { engine: CacheEngine.REDIS }, false).template.hasResourceProperties('AWS::ElastiCache::ReplicationGroup', { Engine: 'redis', EngineVersion: '7.1' });
    });
  });

  describe('security', () => {
    test('encrypted at rest with a rotating customer-managed key and in transit with TLS required', () => {
      const { template } = get(Profile.DEV);
      template.hasResourceProperties('AWS::ElastiCache::ReplicationGroup', {
        AtRestEncryptionEnabled: true,
        KmsKeyId: { 'Fn::GetAtt': [Match.stringLikeRegexp('^CacheKey'), 'Arn'] },
        TransitEncryptionEnabled: true,
        TransitEncryptionMode: 'required',
        Port: 6380,
      });
      template.hasResourceProperties('AWS::KMS::Key', { Description: Match.stringLikeRegexp('AUTH token'), EnableKeyRotation: true });
    });

    test('the AUTH token is generated into Secrets Manager and reaches the replication group as a dynamic reference only', () => {
      const { template } = get(Profile.DEV);
      template.hasResourceProperties('AWS::SecretsManager::Secret', {
        GenerateSecretString: { GenerateStringKey: 'authToken', PasswordLength: 64, ExcludePunctuation: true, SecretStringTemplate: '{}' },
        KmsKeyId: { 'Fn::GetAtt': [Match.stringLikeRegexp('^CacheKey'), 'Arn'] },
      });
      template.hasResourceProperties('AWS::ElastiCache::ReplicationGroup', {
        AuthToken: { 'Fn::Join': ['', ['{{resolve:secretsmanager:', { Ref: Match.stringLikeRegexp('^CacheAuthToken') }, ':SecretString:authToken::}}']] },
      });
    });

    test('its own subnet group over the isolated data subnets, and a closed security group', () => {
      const { template } = get(Profile.DEV);
      template.hasResourceProperties('AWS::ElastiCache::SubnetGroup', {
        SubnetIds: [{ Ref: Match.stringLikeRegexp('^NetworkVpcDataSubnet1') }, { Ref: Match.stringLikeRegexp('^NetworkVpcDataSubnet2') }],
      });
      template.hasResourceProperties('AWS::ElastiCache::ReplicationGroup', {
        CacheSubnetGroupName: { Ref: Match.stringLikeRegexp('^CacheSubnetGroup') },
        SecurityGroupIds: [{ 'Fn::GetAtt': [Match.stringLikeRegexp('^CacheSecurityGroup'), 'GroupId'] }],
      });
      template.hasResourceProperties('AWS::EC2::SecurityGroup', {
        GroupDescription: Match.stringLikeRegexp('^Cache TestStack/Cache'),
        SecurityGroupIngress: Match.absent(),
        SecurityGroupEgress: [Match.objectLike({ CidrIp: '255.255.255.255/32' })],
      });
    });

    test('the security group description stays within the 255 characters EC2 allows under a long construct path', () => {
      // GIVEN a cache nested six levels deep under long construct ids
      const app = testApp({ 'paved-road:profile': Profile.DEV });
      const stack = testStack(app);
      const network = new PavedRoadNetwork(stack, 'Network');
      const scope = deepScope(stack, 6);
      new PavedRoadCache(scope, 'Cache', { network });
      // THEN its description is cut to 255 characters, keeping the end of the path
      const [group] = Object.values(Template.fromStack(stack).findResources('AWS::EC2::SecurityGroup', { Properties: { GroupDescription: Match.stringLikeRegexp('^Cache ') } }));
      const description: string = group.Properties.GroupDescription;
      expect(description.length).toBeLessThanOrEqual(255);
      expect(description).toMatch(/^Cache \.\.\..*Segment5\/Cache: inbound only from connected clients, no outbound$/);
    });

    test('slow log and engine log go to encrypted log groups with the profile retention', () => {
      const { template } = get(Profile.PROD);
      template.hasResourceProperties('AWS::ElastiCache::ReplicationGroup', {
        LogDeliveryConfigurations: [
          { DestinationType: 'cloudwatch-logs', LogFormat: 'json', LogType: 'slow-log', DestinationDetails: { CloudWatchLogsDetails: { LogGroup: { Ref: Match.stringLikeRegexp('^CacheSlowLog') } } } },
          { DestinationType: 'cloudwatch-logs', LogFormat: 'json', LogType: 'engine-log', DestinationDetails: { CloudWatchLogsDetails: { LogGroup: { Ref: Match.stringLikeRegexp('^CacheEngineLog') } } } },
        ],
      });
      template.hasResource('AWS::Logs::LogGroup', {
        DeletionPolicy: 'Retain',
        Properties: { RetentionInDays: 365, KmsKeyId: { 'Fn::GetAtt': [Match.stringLikeRegexp('^CacheKey'), 'Arn'] }, Tags: Match.anyValue() },
      });
    });
  });

  describe('connecting', () => {
    test('implements IConnectable: a connected client is let in on the cache port only', () => {
      const { stack, network, cache } = build(Profile.DEV, {}, false);
      const client = new ec2.SecurityGroup(stack, 'Client', { vpc: network.vpc });
      cache.connections.allowDefaultPortFrom(client);
      Template.fromStack(stack).hasResourceProperties('AWS::EC2::SecurityGroupIngress', {
        FromPort: 6380,
        ToPort: 6380,
        IpProtocol: 'tcp',
        GroupId: { 'Fn::GetAtt': [Match.stringLikeRegexp('^CacheSecurityGroup'), 'GroupId'] },
        SourceSecurityGroupId: { 'Fn::GetAtt': [Match.stringLikeRegexp('^Client'), 'GroupId'] },
      });
    });

    test('the connection secret holds host, port, tls and the AUTH token, the token by dynamic reference', () => {
      const { template, stack, cache } = get(Profile.DEV);
      const secret = Object.values(template.findResources('AWS::SecretsManager::Secret', { Properties: { Description: Match.stringLikeRegexp('^Connection settings') } }));
      expect(secret).toHaveLength(1);
      const value = JSON.stringify(secret[0].Properties.SecretString);
      expect(value).toContain('PrimaryEndPoint.Address');
      expect(value).toContain('\\"port\\":\\"6380\\"');
      expect(value).toContain('\\"tls\\":\\"true\\"');
      expect(value).toMatch(/\\"authToken\\":\\"\{\{resolve:secretsmanager:.*CacheAuthToken.*:SecretString:authToken::\}\}/);
      expect(stack.resolve(cache.endpointAddress)).toEqual({ 'Fn::GetAtt': ['CacheReplicationGroupBFE59FF3', 'PrimaryEndPoint.Address'] });
      expect(cache.port).toBe(6380);
    });

    test('connectionEnvironment hands a service host, port, tls and the AUTH token secret field', () => {
      const { stack, cache } = get(Profile.DEV);
      const env = cache.connectionEnvironment();
      expect(Object.keys(env.environment).sort()).toEqual(['CACHE_HOST', 'CACHE_PORT', 'CACHE_TLS']);
      expect(stack.resolve(env.environment.CACHE_PORT)).toBe('6380');
      expect(Object.keys(env.secrets)).toEqual(['CACHE_AUTH_TOKEN']);
      expect(JSON.stringify(stack.resolve(env.secrets.CACHE_AUTH_TOKEN.arn))).toMatch(/CacheConnectionSecret.*:authToken::/);
      expect(Object.keys(cache.connectionEnvironment('SESSIONS').environment)).toContain('SESSIONS_HOST');
    });

    test('grantRead lets a role read the connection secret and decrypt it with the cache key', () => {
      const { stack, cache } = build(Profile.DEV, {}, false);
      const role = new iam.Role(stack, 'AppRole', { assumedBy: new iam.ServicePrincipal('ecs-tasks.amazonaws.com') });
      cache.grantRead(role);
      Template.fromStack(stack).hasResourceProperties('AWS::IAM::Policy', {
        PolicyDocument: { Statement: Match.arrayWith([Match.objectLike({ Action: ['secretsmanager:GetSecretValue', 'secretsmanager:DescribeSecret'], Resource: { Ref: Match.stringLikeRegexp('^CacheConnectionSecret') } })]) },
      });
    });
  });

  describe('alarms', () => {
    test('CPU, engine CPU, memory, evictions and replication lag alarms on the nodes notify the topic in prod', () => {
      const { template } = get(Profile.PROD);
      for (const [metric, node] of [['CPUUtilization', '-001'], ['EngineCPUUtilization', '-001'], ['DatabaseMemoryUsagePercentage', '-001'], ['Evictions', '-001'], ['ReplicationLag', '-002']]) {
        template.hasResourceProperties('AWS::CloudWatch::Alarm', {
          MetricName: metric,
          Namespace: 'AWS/ElastiCache',
          Dimensions: [{ Name: 'CacheClusterId', Value: { 'Fn::Join': ['', [{ Ref: Match.stringLikeRegexp('^CacheReplicationGroup') }, node]] } }],
          AlarmActions: [{ Ref: Match.stringLikeRegexp('^CacheAlarmTopic') }],
        });
      }
    });

    test('four alarms without actions in dev (no replica, no lag alarm)', () => {
      const alarms = Object.values(get(Profile.DEV).template.findResources('AWS::CloudWatch::Alarm'));
      expect(alarms).toHaveLength(4);
      expect(alarms.every((a) => a.Properties.AlarmActions === undefined)).toBe(true);
    });

    test('a given alarmTopic is used instead of a new one', () => {
      const app = testApp({ 'paved-road:profile': Profile.PROD });
      const stack = testStack(app);
      const topic = new sns.Topic(stack, 'TeamTopic');
      new PavedRoadCache(stack, 'Cache', { network: new PavedRoadNetwork(stack, 'Network'), alarmTopic: topic });
      const template = Template.fromStack(stack);
      template.resourceCountIs('AWS::SNS::Topic', 1);
      template.hasResourceProperties('AWS::CloudWatch::Alarm', { AlarmActions: [{ Ref: Match.stringLikeRegexp('^TeamTopic') }] });
    });
  });

  describe('stateful safety', () => {
    test('logical ids of every stateful resource are pinned', () => {
      const { template } = get(Profile.PROD);
      expect({
        replicationGroup: logicalIds(template, 'AWS::ElastiCache::ReplicationGroup'),
        subnetGroup: logicalIds(template, 'AWS::ElastiCache::SubnetGroup'),
        keys: logicalIds(template, 'AWS::KMS::Key'),
        secrets: logicalIds(template, 'AWS::SecretsManager::Secret'),
        logGroups: logicalIds(template, 'AWS::Logs::LogGroup'),
      }).toEqual({
        replicationGroup: ['CacheReplicationGroupBFE59FF3'],
        subnetGroup: ['CacheSubnetGroup355C216D'],
        keys: ['CacheAlarmTopicKey4AE3DA6C', 'CacheKeyCDF9DE27'],
        secrets: ['CacheAuthToken04672416', 'CacheConnectionSecret1B1846FC'],
        logGroups: ['CacheEngineLogFEAEB291', 'CacheSlowLog43E55961'],
      });
    });

    test('a new engine version and node type change the replication group in place', () => {
      // GIVEN Valkey 7.2 on cache.t4g.small
      const before = build(Profile.PROD, { engineVersion: '7.2', nodeType: 'cache.t4g.small' }, false).template;
      // WHEN it moves to Valkey 8.0 on cache.r7g.large
      const after = build(Profile.PROD, { engineVersion: '8.0', nodeType: 'cache.r7g.large' }, false).template;
      // THEN same logical id, and only properties CloudFormation updates without replacement change
      const [[idA, a]] = Object.entries(before.findResources('AWS::ElastiCache::ReplicationGroup'));
      const [[idB, b]] = Object.entries(after.findResources('AWS::ElastiCache::ReplicationGroup'));
      expect(idB).toEqual(idA);
      const keys = new Set([...Object.keys(a.Properties), ...Object.keys(b.Properties)]);
      const changed = [...keys].filter((k) => JSON.stringify(a.Properties[k]) !== JSON.stringify(b.Properties[k])).sort();
      expect(changed).toEqual(['CacheNodeType', 'EngineVersion']);
    });
  });

  describe('resharding', () => {
    test('a cluster-mode replication group reshards online: it has the UseOnlineResharding update policy', () => {
      const { template } = build(Profile.PROD, { clusterMode: true, shards: 3 }, false);
      template.hasResource('AWS::ElastiCache::ReplicationGroup', { UpdatePolicy: { UseOnlineResharding: true } });
    });

    test('a new number of shards changes only NumNodeGroups, under the online-resharding policy', () => {
      // GIVEN a cluster-mode cache with 2 shards
      const before = build(Profile.PROD, { clusterMode: true, shards: 2, replicasPerShard: 1 }, false).template;
      // WHEN it grows to 4 shards
      const after = build(Profile.PROD, { clusterMode: true, shards: 4, replicasPerShard: 1 }, false).template;
      // THEN same logical id, only NumNodeGroups changes, and CloudFormation reshards instead of replacing
      const [[idA, a]] = Object.entries(before.findResources('AWS::ElastiCache::ReplicationGroup'));
      const [[idB, b]] = Object.entries(after.findResources('AWS::ElastiCache::ReplicationGroup'));
      expect(idB).toEqual(idA);
      const keys = new Set([...Object.keys(a.Properties), ...Object.keys(b.Properties)]);
      expect([...keys].filter((k) => JSON.stringify(a.Properties[k]) !== JSON.stringify(b.Properties[k]))).toEqual(['NumNodeGroups']);
      expect(b.UpdatePolicy).toEqual({ UseOnlineResharding: true });
    });

    test('a cache without cluster mode keeps its template: no update policy', () => {
      const rg = Object.values(get(Profile.PROD).template.findResources('AWS::ElastiCache::ReplicationGroup'))[0];
      expect(rg.UpdatePolicy).toBeUndefined();
    });
  });

  describe('size limits', () => {
    /** A cache in a stack of its own (the network in another), synthesized; returns its stack's resource count. */
    const synthesizeAlone = (props: Partial<PavedRoadCacheProps>) => {
      const app = testApp({ 'paved-road:profile': Profile.DEV });
      const network = new PavedRoadNetwork(testStack(app, 'NetworkStack'), 'Network');
      const stack = testStack(app, 'CacheStack');
      new PavedRoadCache(stack, 'Cache', { network, clusterMode: true, ...props });
      return Object.keys(app.synth().getStackByName('CacheStack').template.Resources).length;
    };

    test.each([[0, 122], [1, 97]])('with %d replicas per shard the most shards accepted (%d) fit in one stack', (replicasPerShard, shards) => {
      expect(synthesizeAlone({ replicasPerShard, shards })).toBeLessThanOrEqual(500);
      expect(() => synthesizeAlone({ replicasPerShard, shards: shards + 1 })).toThrow(
        new RegExp(`shards: ${shards + 1} is not allowed; allowed: at most ${shards} with ${replicasPerShard} replica${replicasPerShard === 1 ? '' : 's'} per shard: every shard gets ${replicasPerShard ? 5 : 4} alarms`));
    });
  });

  describe('validation', () => {
    const app = testApp();
    const stack = testStack(app);
    const network = new PavedRoadNetwork(stack, 'Network');
    let n = 0;
    const attempt = (props: Partial<PavedRoadCacheProps>, profile: Profile) => () =>
      new PavedRoadCache(stack, `Cache${n++}`, { network, profile, ...props });

    test.each<[string, Partial<PavedRoadCacheProps>, RegExp, Profile]>([
      ['unknown engine', { engine: 'memcached' as CacheEngine }, /engine: "memcached" is not allowed; allowed: one of valkey, redis/, Profile.DEV],
      ['unknown engine version', { engineVersion: '5.0' }, /engineVersion: "5.0" is not allowed; allowed: a valkey version: 7.2, 8.0, 8.1/, Profile.DEV],
      ['a node type that is not an ElastiCache node type', { nodeType: 'db.t4g.micro' }, /nodeType: "db.t4g.micro" is not allowed; allowed: an ElastiCache node type/, Profile.DEV],
      ['an EC2 instance type as node type', { nodeType: 't4g.micro' }, /nodeType: "t4g.micro" is not allowed/, Profile.DEV],
      ['replicas without failover in prod', { replicasPerShard: 2, automaticFailover: false }, /automaticFailover: false is not allowed; allowed: true \(or unset\) in prod: replicas \(replicasPerShard 2\) without failover/, Profile.PROD],
      ['no replica in prod', { replicasPerShard: 0 }, /replicasPerShard: 0 is not allowed; allowed: an integer from 1 to 5 in prod/, Profile.PROD],
      ['failover without a replica', { replicasPerShard: 0, automaticFailover: true }, /automaticFailover: true is not allowed; allowed: false when replicasPerShard is 0/, Profile.DEV],
      ['failover with the profile default of no replica', { automaticFailover: true }, /automaticFailover: true is not allowed; allowed: false when replicasPerShard is 0 \(the dev profile's default\): failover needs a replica/, Profile.DEV],
      ['failover with the staging default of no replica', { automaticFailover: true }, /automaticFailover: true is not allowed; allowed: false when replicasPerShard is 0 \(the staging profile's default\)/, Profile.STAGING],
      ['more nodes than a cluster-mode replication group may have', { clusterMode: true, shards: 90, replicasPerShard: 5 }, /shards: 90 is not allowed; allowed: at most 83 with 5 replicas per shard: shards × \(1 \+ replicasPerShard\) is 540 nodes, and ElastiCache allows at most 500 nodes/, Profile.DEV],
      ['500 shards with the prod default of one replica', { clusterMode: true, shards: 500 }, /shards: 500 is not allowed; allowed: at most 250 with 1 replica per shard: .* is 1000 nodes/, Profile.PROD],
      ['more shards than one stack holds alarms for', { clusterMode: true, shards: 200, replicasPerShard: 0 }, /shards: 200 is not allowed; allowed: at most 122 with 0 replicas per shard: every shard gets 4 alarms, the cache 11 more resources, and a CloudFormation stack holds at most 500 resources/, Profile.DEV],
      ['a token as shards', { clusterMode: true, shards: Token.asNumber({ Ref: 'Shards' }) }, /shards: "a token \(deploy-time value\)" is not allowed; allowed: a number known at synth/, Profile.DEV],
      ['a token as replicasPerShard', { replicasPerShard: Token.asNumber({ Ref: 'Replicas' }) }, /replicasPerShard: "a token \(deploy-time value\)" is not allowed; allowed: a number known at synth/, Profile.DEV],
      ['too many replicas', { replicasPerShard: 6 }, /replicasPerShard: 6 is not allowed; allowed: an integer from 0 to 5/, Profile.DEV],
      ['shards without cluster mode', { shards: 3 }, /shards: 3 is not allowed; allowed: unset unless clusterMode is true/, Profile.DEV],
      ['snapshot retention above 35', { snapshotRetentionDays: 40 }, /snapshotRetentionDays: 40 is not allowed; allowed: an integer from 0 to 35/, Profile.DEV],
      ['no snapshots in prod', { snapshotRetentionDays: 0 }, /snapshotRetentionDays: 0 is not allowed; allowed: an integer from 1/, Profile.PROD],
      ['DESTROY in prod', { removalPolicy: RemovalPolicy.DESTROY }, /removalPolicy: "destroy" is not allowed; allowed: SNAPSHOT or RETAIN in prod/, Profile.PROD],
      ['DESTROY in staging', { removalPolicy: RemovalPolicy.DESTROY }, /removalPolicy: "destroy" is not allowed; allowed: SNAPSHOT or RETAIN in staging/, Profile.STAGING],
      ['port out of range', { port: 80 }, /port: 80 is not allowed; allowed: an integer from 1024 to 65535/, Profile.DEV],
      ['log retention CloudWatch refuses', { logRetentionDays: 2 }, /logRetentionDays: 2 is not allowed/, Profile.DEV],
    ])('refuses %s', (_name, props, message, profile) => {
      expect(attempt(props, profile)).toThrow(message);
    });

    test('accepts failover in staging once a replica is given', () => {
      expect(attempt({ automaticFailover: true, replicasPerShard: 1 }, Profile.STAGING)).not.toThrow();
    });

    test('lists every problem in one error', () => {
      const error = validationError(attempt({ nodeType: 'big', port: 1, replicasPerShard: 9 }, Profile.DEV));
      expect(error.problems).toHaveLength(3);
      expect(error.message).toMatch(/PavedRoadCache '.*' has 3 invalid props/);
    });
  });
});
