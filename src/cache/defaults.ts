import { CacheEngine } from './cache-engine';
import { Profile } from '../core/profile';
import { assertProfile } from '../core/profile-defaults';

/** What `PavedRoadCache` needs to know about one engine. @internal */
export interface CacheEngineSpec {
  /** Versions offered, oldest first. */
  readonly versions: string[];
  /** The default version. */
  readonly defaultVersion: string;
  /** Parameter group family of a version (`valkey8`, `redis7`). */
  family(version: string): string;
}

/** @internal */
export const CACHE_ENGINE_SPECS: Record<CacheEngine, CacheEngineSpec> = {
  [CacheEngine.VALKEY]: { versions: ['7.2', '8.0', '8.1'], defaultVersion: '8.0', family: (v) => `valkey${v.split('.')[0]}` },
  [CacheEngine.REDIS]: { versions: ['6.2', '7.0', '7.1'], defaultVersion: '7.1', family: (v) => `redis${v.split('.')[0]}${v.startsWith('6') ? '.x' : ''}` },
};

/**
 * The defaults one profile gives `PavedRoadCache` (`CacheDefaults.of`). A prop, when given, always
 * wins. Removal policies, log retention and alarm actions come from the shared `ProfileDefaults`.
 */
export interface CacheProfileDefaults {
  /** ElastiCache node type (the `nodeType` prop). */
  readonly cacheNodeType: string;
  /** Days automatic snapshots are kept, 0 turns them off (the `snapshotRetentionDays` prop). */
  readonly cacheSnapshotRetentionDays: number;
  /** Replicas per shard: one in prod (automatic failover, Multi-AZ), none elsewhere (the `replicasPerShard` prop). */
  readonly replicasPerShard: number;
}

/**
 * The one table of `PavedRoadCache` defaults per profile. The README's "Cache defaults per profile"
 * table is rendered from it, and a test fails when the two differ.
 * @internal
 */
export const CACHE_DEFAULTS: Record<Profile, CacheProfileDefaults> = {
  [Profile.DEV]: { cacheNodeType: 'cache.t4g.micro', cacheSnapshotRetentionDays: 1, replicasPerShard: 0 },
  [Profile.PREVIEW]: { cacheNodeType: 'cache.t4g.micro', cacheSnapshotRetentionDays: 0, replicasPerShard: 0 },
  [Profile.STAGING]: { cacheNodeType: 'cache.t4g.small', cacheSnapshotRetentionDays: 3, replicasPerShard: 0 },
  [Profile.PROD]: { cacheNodeType: 'cache.m7g.large', cacheSnapshotRetentionDays: 7, replicasPerShard: 1 },
};

/** The cache defaults of one profile: the one place `CACHE_DEFAULTS` is read. @internal */
export function cacheDefaults(profile: Profile): CacheProfileDefaults {
  return CACHE_DEFAULTS[profile];
}

/**
 * Reads the per-profile defaults of `PavedRoadCache`.
 */
export class CacheDefaults {
  /** The cache defaults of one profile. */
  public static of(profile: Profile): CacheProfileDefaults {
    assertProfile('CacheDefaults.of', profile);
    return { ...cacheDefaults(profile) };
  }

  private constructor() {}
}

/** Shards of a cluster-mode cache when `shards` is not given. @internal */
export const DEFAULT_SHARDS = 2;
/**
 * Nodes one cluster-mode replication group may have: shards × (1 + replicas per shard). ElastiCache's
 * default quota is 90; AWS raises it up to 500 on request (Valkey 7.2+, Redis OSS 5.0.6+). @internal
 */
export const MAX_CACHE_NODES = 500;
/** Resources one CloudFormation stack may declare (CDK refuses to synthesize more). @internal */
export const MAX_STACK_RESOURCES = 500;
/**
 * Resources a cache declares besides its alarms: key, security group, subnet group, AUTH token and
 * connection secrets, slow and engine log groups, replication group, and the alarm topic with its key
 * and policy (when no `alarmTopic` is given). @internal
 */
export const CACHE_RESOURCES_BESIDES_ALARMS = 11;
/** Alarms on every shard: host CPU, engine CPU, memory, evictions; plus replication lag with replicas. @internal */
export function alarmsPerShard(replicas: number): number {
  return replicas > 0 ? 5 : 4;
}
/** Not the well-known 6379 (AwsSolutions-AEC5). @internal */
export const CACHE_PORT = 6380;
/** UTC windows: snapshot before maintenance, outside European and American business hours. @internal */
export const CACHE_SNAPSHOT_WINDOW = '02:00-03:00';
/** @internal */
export const CACHE_MAINTENANCE_WINDOW = 'sun:03:30-sun:04:30';
/** Length of the generated AUTH token (16 to 128 characters). @internal */
export const AUTH_TOKEN_LENGTH = 64;
/** ElastiCache node types: `cache.<family>.<size>`. @internal */
export const NODE_TYPE_PATTERN = /^cache\.(t[2-4]g?|m[3-7]g?|r[4-7]g?d?|c7gn|x2gd?)\.(micro|small|medium|large|[0-9]*xlarge)$/;
