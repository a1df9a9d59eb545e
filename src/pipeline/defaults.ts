import { Profile } from '../core/profile';

/**
 * Pipeline defaults that differ per profile and that the shared profile table does not hold
 * (candidates for `ProfileSettings`).
 *
 * @internal
 */
export interface PipelineProfileSettings {
  /** Days pipeline artifacts (source zips, cloud assemblies, SBOMs) are kept in the artifact bucket. */
  readonly artifactRetentionDays: number;
  /** Days the artifact bucket's server access logs are kept. */
  readonly accessLogRetentionDays: number;
}

/** @internal */
export const PIPELINE_DEFAULTS: Record<Profile, PipelineProfileSettings> = {
  [Profile.DEV]: { artifactRetentionDays: 30, accessLogRetentionDays: 90 },
  [Profile.PREVIEW]: { artifactRetentionDays: 7, accessLogRetentionDays: 30 },
  [Profile.STAGING]: { artifactRetentionDays: 90, accessLogRetentionDays: 365 },
  [Profile.PROD]: { artifactRetentionDays: 365, accessLogRetentionDays: 365 },
};
