import { Profile } from '../core/profile';
import { assertProfile } from '../core/profile-defaults';

/**
 * The defaults one profile gives `PavedRoadPipeline` (`PipelineDefaults.of`). Log retention and
 * removal policies come from the shared `ProfileDefaults`.
 */
export interface PipelineProfileDefaults {
  /** Days pipeline artifacts (source zips, cloud assemblies, SBOMs) are kept in the artifact bucket. */
  readonly artifactRetentionDays: number;
  /** Days the artifact bucket's server access logs are kept. */
  readonly accessLogRetentionDays: number;
  /** Node.js major the CodeBuild steps install (`runtime-versions`): a maintained LTS the image offers. */
  readonly nodeVersion: string;
  /** Whether a pipeline measures its own delivery (`deliveryMetrics`): adds a function, a table, a key and a dashboard. */
  readonly deliveryMetrics: boolean;
}

/**
 * The one table of `PavedRoadPipeline` defaults per profile. The README's "Pipeline defaults per
 * profile" table is rendered from it, and a test fails when the two differ.
 * @internal
 */
export const PIPELINE_DEFAULTS: Record<Profile, PipelineProfileDefaults> = {
  [Profile.DEV]: { artifactRetentionDays: 30, accessLogRetentionDays: 90, nodeVersion: '22', deliveryMetrics: true },
  [Profile.PREVIEW]: { artifactRetentionDays: 7, accessLogRetentionDays: 30, nodeVersion: '22', deliveryMetrics: true },
  [Profile.STAGING]: { artifactRetentionDays: 90, accessLogRetentionDays: 365, nodeVersion: '22', deliveryMetrics: true },
  [Profile.PROD]: { artifactRetentionDays: 365, accessLogRetentionDays: 365, nodeVersion: '22', deliveryMetrics: true },
};

/** The pipeline defaults of one profile: the one place `PIPELINE_DEFAULTS` is read. @internal */
export function pipelineDefaults(profile: Profile): PipelineProfileDefaults {
  return PIPELINE_DEFAULTS[profile];
}

/**
 * Reads the per-profile defaults of `PavedRoadPipeline`.
 */
export class PipelineDefaults {
  /** The pipeline defaults of one profile. */
  public static of(profile: Profile): PipelineProfileDefaults {
    assertProfile('PipelineDefaults.of', profile);
    return { ...pipelineDefaults(profile) };
  }

  private constructor() {}
}

/**
 * Node.js majors the CodeBuild image of every step (`LinuxBuildImage.STANDARD_7_0`, Ubuntu standard
 * 7.0) installs through `runtime-versions`: 18, 20 and 22 per the CodeBuild "Available runtimes"
 * page, 24 added to the image's runtimes.yml in 2026. Keep in step with the image.
 * @internal
 */
export const CODEBUILD_NODE_VERSIONS = ['18', '20', '22', '24'];
