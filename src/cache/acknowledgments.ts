import * as elasticache from 'aws-cdk-lib/aws-elasticache';
import * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import { AUTH_TOKEN_LENGTH, cacheDefaults } from './defaults';
import { acknowledge } from '../core/acknowledge';
import { Profile } from '../core/profile';
import { profilesWhere } from '../core/profile-facts';
import { AwsSolutionsRule, nistHipaaPci } from '../core/rule-ids';

/** What the cache was built with, for reasons that are true of it. @internal */
export interface CacheFacts {
  /** The construct path of the cache, named in the reasons. */
  readonly path: string;
  readonly profile: Profile;
  /** Whether the replication group is Multi-AZ (a replica with automatic failover). */
  readonly multiAz: boolean;
  /** Replicas per shard. */
  readonly replicas: number;
  /** Days automatic snapshots are kept. */
  readonly snapshotDays: number;
  /** Whether `snapshotRetentionDays` was given (else the profile's). */
  readonly snapshotDaysGiven: boolean;
  /** The days the profile keeps snapshots of caches. */
  readonly profileSnapshotDays: number;
}

/**
 * The cdk-nag findings a paved-road cache causes by design: its AUTH-token secrets cannot rotate,
 * and, where the profile says so, few snapshots and one AZ. Choices against the profile (fewer
 * snapshots than it keeps) are the team's to acknowledge.
 * @internal
 */
export function acknowledgeCacheFindings(group: elasticache.CfnReplicationGroup, authTokenSecrets: secretsmanager.ISecret[], f: CacheFacts): void {
  const rotation = 'ElastiCache has no Secrets Manager rotation for AUTH tokens (a token change is a ModifyReplicationGroup with AuthTokenUpdateStrategy ROTATE then SET, which must reach every client first)';
  for (const secret of authTokenSecrets) {
    acknowledge(secret, [{
      rules: [AwsSolutionsRule.SMG4, ...nistHipaaPci('SecretsManagerRotationEnabled')],
      reason: `${secret.node.path} holds the AUTH token of ${f.path}: ${rotation}; the token is ${AUTH_TOKEN_LENGTH} random characters, encrypted with the cache key and only reachable over TLS inside the VPC.`,
    }], true);
  }
  // Only where the cache keeps at least the profile's snapshots: fewer (0 turns them off) is the team's choice to acknowledge.
  if (f.snapshotDays < 15 && f.snapshotDays >= f.profileSnapshotDays) {
    const source = f.snapshotDaysGiven ? 'snapshotRetentionDays' : `the ${f.profile} profile's cacheSnapshotRetentionDays`;
    acknowledge(group, [{
      rules: nistHipaaPci('ElastiCacheRedisClusterAutomaticBackup'),
      reason: f.snapshotDays > 0
        ? `${f.path} keeps automatic snapshots ${f.snapshotDays} day${f.snapshotDays === 1 ? '' : 's'} (${source}): it is a cache whose content the application rebuilds from its database, so its snapshots serve warm restarts, not as the system of record.`
        : `${f.path} takes no automatic snapshots (${source} is 0): it is a cache whose content the application rebuilds from its database, and the ${f.profile} profile keeps no snapshots of caches.`,
    }]);
  }
  // Only where the profile gives caches no replica; prod requires one with failover (a synth error otherwise).
  if (!f.multiAz && cacheDefaults(f.profile).replicasPerShard === 0) {
    acknowledge(group, [{
      rules: [AwsSolutionsRule.AEC4],
      reason: `${f.path} is not Multi-AZ (${f.replicas === 0 ? 'it has no replica' : 'its replicas have no automatic failover'}): the ${f.profile} profile gives caches no replica `
        + `(caches have one, with automatic failover in another AZ, in ${profilesWhere(cacheDefaults, (c) => c.replicasPerShard > 0)}), as a cache whose loss in an AZ outage costs warm-up time while the application refills it.`,
    }]);
  }
}
