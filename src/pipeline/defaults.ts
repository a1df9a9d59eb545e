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

/**
 * Node.js majors the CodeBuild image of every step (`LinuxBuildImage.STANDARD_7_0`, Ubuntu standard
 * 7.0) installs through `runtime-versions`: 18, 20 and 22 per the CodeBuild "Available runtimes"
 * page, 24 added to the image's runtimes.yml in 2026. Keep in step with the image.
 * @internal
 */
export const CODEBUILD_NODE_VERSIONS = ['18', '20', '22', '24'];

/**
 * Whether a pipeline measures its own delivery (`deliveryMetrics`) when the prop is not given. The one place the
 * default is read: it adds resources (a function, a table, a key, a dashboard) to every pipeline.
 * @internal
 */
export const DELIVERY_METRICS_DEFAULT = true;
