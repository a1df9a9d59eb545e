import { RemovalPolicy } from 'aws-cdk-lib';
import { CacheEngine } from './cache-engine';
import { PavedRoadCacheProps } from './cache-props';
import { CACHE_ENGINE_SPECS, NODE_TYPE_PATTERN } from './defaults';
import { Profile } from '../core/profile';
import { isIntegerIn, isLogRetention, LOG_RETENTION_ALLOWED, PropValidator } from '../core/validation';

const ENGINES = Object.values(CacheEngine) as string[];

/**
 * Checks every prop of `PavedRoadCache` and throws one error listing each problem.
 * @internal
 */
export function validateCacheProps(path: string, profile: Profile, props: PavedRoadCacheProps): void {
  const v = new PropValidator('PavedRoadCache', path);
  v.require('network', props.network, 'pass a PavedRoadNetwork (or any IPavedRoadNetwork)');
  v.check('engine', props.engine, (e) => ENGINES.includes(e), `one of ${ENGINES.join(', ')} (CacheEngine)`);
  const engine = ENGINES.includes(props.engine as string) ? props.engine! : CacheEngine.VALKEY;
  const spec = CACHE_ENGINE_SPECS[engine];
  v.check('engineVersion', props.engineVersion, (x) => spec.versions.includes(x), `a ${engine} version: ${spec.versions.join(', ')}`);
  v.check('nodeType', props.nodeType, (t) => NODE_TYPE_PATTERN.test(t), 'an ElastiCache node type such as cache.t4g.micro, cache.m7g.large or cache.r7g.xlarge');
  v.check('replicasPerShard', props.replicasPerShard, isIntegerIn(0, 5), 'an integer from 0 to 5');
  v.check('shards', props.shards, isIntegerIn(1, 500), 'an integer from 1 to 500');
  if (props.shards !== undefined && !props.clusterMode) v.fail('shards', props.shards, 'unset unless clusterMode is true');

  const prod = profile === Profile.PROD;
  if (props.automaticFailover === true && props.replicasPerShard === 0 && !props.clusterMode) {
    v.fail('automaticFailover', true, 'false when replicasPerShard is 0 (failover needs a replica to promote)');
  }
  if (prod && props.replicasPerShard === 0) {
    v.fail('replicasPerShard', 0, 'an integer from 1 to 5 in prod (a replica in another AZ takes over when the primary fails)');
  }
  if (prod && props.automaticFailover === false) {
    v.fail('automaticFailover', false, `true (or unset) in prod: replicas${props.replicasPerShard !== undefined ? ` (replicasPerShard ${props.replicasPerShard})` : ''} without failover leave the cache down until the primary is replaced`);
  }
  if (props.clusterMode && props.automaticFailover === false) {
    v.fail('automaticFailover', false, 'true (or unset) with clusterMode: ElastiCache requires failover for cluster mode');
  }

  v.check('snapshotRetentionDays', props.snapshotRetentionDays, isIntegerIn(prod ? 1 : 0, 35), `an integer from ${prod ? '1 (prod caches keep snapshots)' : '0'} to 35`);
  const protectedProfile = prod || profile === Profile.STAGING;
  v.check('removalPolicy', props.removalPolicy, (p) => [RemovalPolicy.SNAPSHOT, RemovalPolicy.RETAIN, RemovalPolicy.DESTROY].includes(p) && !(protectedProfile && p === RemovalPolicy.DESTROY),
    protectedProfile ? `SNAPSHOT or RETAIN in ${profile}: DESTROY would delete the data with the stack` : 'SNAPSHOT, RETAIN or DESTROY');
  v.check('port', props.port, isIntegerIn(1024, 65535), 'an integer from 1024 to 65535');
  v.check('logRetentionDays', props.logRetentionDays, isLogRetention, LOG_RETENTION_ALLOWED);
  v.throwIfInvalid();
}
