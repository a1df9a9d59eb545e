import { RemovalPolicy } from 'aws-cdk-lib';
import { CacheEngine } from './cache-engine';
import { PavedRoadCacheProps } from './cache-props';
import {
  alarmsPerShard, CACHE_ENGINE_SPECS, CACHE_RESOURCES_BESIDES_ALARMS, cacheDefaults, DEFAULT_SHARDS, MAX_CACHE_NODES, MAX_STACK_RESOURCES,
  NODE_TYPE_PATTERN,
} from './defaults';
import { Profile } from '../core/profile';
import { isIntegerIn, isLogRetention, Kind, KIND_WORDS, LOG_RETENTION_ALLOWED, PropValidator } from '../core/validation';

const ENGINES = Object.values(CacheEngine) as string[];
/** The port every Valkey and Redis OSS client tries first; AwsSolutions-AEC5 refuses it for Redis OSS. */
const WELL_KNOWN_PORT = 6379;

/** The kind of every prop that a check below would otherwise misread (a string `"false"` is truthy) or crash on. */
const PROP_KINDS: Record<string, [(v: unknown) => boolean, string]> = {
  network: [Kind.withMembers('vpc', 'dataSubnets', 'workloadSubnets'), 'an IPavedRoadNetwork: a PavedRoadNetwork, or PavedRoadNetwork.fromVpc(...) over an existing VPC (an ec2.Vpc alone is not one)'],
  engineVersion: [Kind.string, "a string such as '8.0'"],
  nodeType: [Kind.string, "a string such as 'cache.t4g.micro'"],
  automaticFailover: [Kind.boolean, KIND_WORDS.boolean],
  clusterMode: [Kind.boolean, KIND_WORDS.boolean],
  alarmTopic: [Kind.withMembers('topicArn', 'topicName'), 'an sns.ITopic'],
};

/** The replicas and shards a cache resolves to once props and profile defaults are merged. @internal */
export interface ResolvedCacheSize {
  /** Replicas per shard (per node group). */
  readonly replicas: number;
  /** Shards (node groups): 1 without cluster mode. */
  readonly shards: number;
}

/**
 * Checks every prop of `PavedRoadCache` and throws one error listing each problem.
 * @internal
 */
export function validateCacheProps(path: string, profile: Profile, given: PavedRoadCacheProps): ResolvedCacheSize {
  const v = new PropValidator('PavedRoadCache', path);
  v.require('network', given.network, 'pass a PavedRoadNetwork (or any IPavedRoadNetwork)');
  // A prop of the wrong kind is reported once, here, and left out of the checks below (which would crash or misread it).
  const known = { ...given } as Record<string, unknown>;
  for (const [prop, [kind, words]] of Object.entries(PROP_KINDS)) {
    if (known[prop] !== null && !v.kind(prop, known[prop], kind, words)) delete known[prop];
  }
  const props = known as unknown as PavedRoadCacheProps;
  v.check('engine', props.engine, (e) => ENGINES.includes(e), `one of ${ENGINES.join(', ')} (CacheEngine)`);
  const engine = ENGINES.includes(props.engine as string) ? props.engine! : CacheEngine.VALKEY;
  const spec = CACHE_ENGINE_SPECS[engine];
  v.check('engineVersion', props.engineVersion, (x) => spec.versions.includes(x), `a ${engine} version: ${spec.versions.join(', ')}`);
  v.check('nodeType', props.nodeType, (t) => NODE_TYPE_PATTERN.test(t), 'an ElastiCache node type such as cache.t4g.micro, cache.m7g.large or cache.r7g.xlarge');
  // Shards and replicas set the number of nodes and of alarms (one set per shard): they must be known at synth.
  const derived = 'the node count and the alarms of every shard are derived from it';
  v.requireKnownAtSynth('replicasPerShard', props.replicasPerShard, derived).requireKnownAtSynth('shards', props.shards, derived);
  v.check('replicasPerShard', props.replicasPerShard, isIntegerIn(0, 5), 'an integer from 0 to 5');
  v.check('shards', props.shards, isIntegerIn(1, 500), 'an integer from 1 to 500');
  if (props.shards !== undefined && !props.clusterMode) v.fail('shards', props.shards, 'unset unless clusterMode is true');

  const prod = profile === Profile.PROD;
  // What the construct will build: the prop, else the profile's default.
  const replicas = props.replicasPerShard ?? cacheDefaults(profile).replicasPerShard;
  const replicasKnown = isIntegerIn(0, 5)(replicas);
  const replicasSource = props.replicasPerShard !== undefined ? 'replicasPerShard is 0' : `replicasPerShard is 0 (the ${profile} profile's default)`;
  if (props.automaticFailover === true && replicas === 0 && !props.clusterMode) {
    v.fail('automaticFailover', true, `false when ${replicasSource}: failover needs a replica to promote, and ElastiCache refuses failover on a single node; set replicasPerShard to 1 or more`);
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
  const shards = props.clusterMode ? props.shards ?? DEFAULT_SHARDS : 1;
  if (props.clusterMode && replicasKnown && isIntegerIn(1, 500)(shards)) {
    const nodes = shards * (1 + replicas);
    const perShard = alarmsPerShard(replicas);
    const maxByAlarms = Math.floor((MAX_STACK_RESOURCES - CACHE_RESOURCES_BESIDES_ALARMS) / perShard);
    const withReplicas = `with ${replicas} replica${replicas === 1 ? '' : 's'} per shard`;
    if (nodes > MAX_CACHE_NODES) {
      v.fail('shards', shards, `at most ${Math.floor(MAX_CACHE_NODES / (1 + replicas))} ${withReplicas}: shards × (1 + replicasPerShard) is ${nodes} nodes, and ElastiCache allows at most ${MAX_CACHE_NODES} nodes in a cluster-mode replication group`);
    } else if (shards > maxByAlarms) {
      v.fail('shards', shards, `at most ${maxByAlarms} ${withReplicas}: every shard gets ${perShard} alarms, the cache ${CACHE_RESOURCES_BESIDES_ALARMS} more resources, and a CloudFormation stack holds at most ${MAX_STACK_RESOURCES} resources`);
    }
  }

  v.check('snapshotRetentionDays', props.snapshotRetentionDays, isIntegerIn(prod ? 1 : 0, 35), `an integer from ${prod ? '1 (prod caches keep snapshots)' : '0'} to 35`);
  const protectedProfile = prod || profile === Profile.STAGING;
  v.check('removalPolicy', props.removalPolicy, (p) => [RemovalPolicy.SNAPSHOT, RemovalPolicy.RETAIN, RemovalPolicy.DESTROY].includes(p) && !(protectedProfile && p === RemovalPolicy.DESTROY),
    protectedProfile ? `SNAPSHOT or RETAIN in ${profile}: DESTROY would delete the data with the stack` : 'SNAPSHOT, RETAIN or DESTROY');
  v.check('port', props.port, (p) => isIntegerIn(1024, 65535)(p) && p !== WELL_KNOWN_PORT,
    `an integer from 1024 to 65535, not ${WELL_KNOWN_PORT} (the well-known Valkey and Redis OSS port: AwsSolutions-AEC5 refuses it for Redis OSS, and the paved road for Valkey too)`);
  v.check('logRetentionDays', props.logRetentionDays, isLogRetention, LOG_RETENTION_ALLOWED);
  v.throwIfInvalid();
  return { replicas, shards };
}
