/**
 * The in-memory engines a team can choose with `PavedRoadCache`.
 */
export enum CacheEngine {
  /** Valkey, the open-source successor of Redis OSS (lower price on ElastiCache). */
  VALKEY = 'valkey',
  /** Redis OSS. */
  REDIS = 'redis',
}
