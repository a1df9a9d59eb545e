import { ExpectedResult, IntegTest, Match } from '@aws-cdk/integ-tests-alpha';
import { App, RemovalPolicy, Stack } from 'aws-cdk-lib';
import { PavedRoadCache, PavedRoadNetwork, Profile } from '../src';

/**
 * A Valkey cache with one replica and automatic failover in its own network, built from the dev
 * profile. Deployed, DescribeReplicationGroups shows TLS required, encryption at rest, AUTH on and
 * Multi-AZ. Everything is destroyable.
 */
const app = new App({ context: { 'paved-road:owner': 'team-integ' } });
const stack = new Stack(app, 'PavedRoadCacheValkey', {
  env: { account: process.env.CDK_DEFAULT_ACCOUNT, region: process.env.CDK_DEFAULT_REGION },
});

const network = new PavedRoadNetwork(stack, 'Network', { profile: Profile.DEV });
const cache = new PavedRoadCache(stack, 'Cache', {
  network,
  profile: Profile.DEV,
  replicasPerShard: 1,
  automaticFailover: true,
  removalPolicy: RemovalPolicy.DESTROY,
});

const integ = new IntegTest(app, 'PavedRoadCacheValkeyTest', { testCases: [stack] });
integ.assertions.awsApiCall('ElastiCache', 'describeReplicationGroups', { ReplicationGroupId: cache.replicationGroup.ref })
  .expect(ExpectedResult.objectLike({
    ReplicationGroups: [Match.objectLike({
      Engine: 'valkey',
      TransitEncryptionEnabled: true,
      TransitEncryptionMode: 'required',
      AtRestEncryptionEnabled: true,
      AuthTokenEnabled: true,
      AutomaticFailover: 'enabled',
      MultiAZ: 'enabled',
      ClusterEnabled: false,
    })],
  }));
