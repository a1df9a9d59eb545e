import * as sns from 'aws-cdk-lib/aws-sns';
import { AuditLevel } from './audit-level';
import { PipelineSource } from './pipeline-source';
import { PipelineStageOptions } from './pipeline-stage';
import { PavedRoadConstructProps } from '../core/paved-road-construct';
import { PavedRoadGuardrailsOptions } from '../guardrails/guardrail-options';

/**
 * Props of `PavedRoadPipeline`.
 */
export interface PavedRoadPipelineProps extends PavedRoadConstructProps {
  /** Where the pipeline gets its source, and the branch that starts it. */
  readonly source: PipelineSource;

  /** The environments to deploy, in order (at least one). */
  readonly stages: PipelineStageOptions[];

  /**
   * Commands that install the project's dependencies in the synth step.
   *
   * @default ['npm ci']
   */
  readonly installCommands?: string[];

  /**
   * Commands that test, lint and synthesize the app in the synth step (at least one; none empty). Our
   * guardrails run inside `cdk synth`, so an unacknowledged cdk-nag finding fails this step.
   *
   * @default ['npm test', 'npm run lint --if-present', 'npx cdk synth']
   */
  readonly synthCommands?: string[];

  /**
   * Directory, relative to the repository root (not absolute, no `..`), where `cdk synth` writes the cloud assembly.
   *
   * @default 'cdk.out'
   */
  readonly cloudAssemblyDirectory?: string;

  /**
   * Node.js version the CodeBuild steps run, as CodeBuild's `runtime-versions` takes it: a major the
   * CodeBuild standard 7.0 image offers (`18`, `20`, `22` or `24`), that major with `.x`, or `latest`.
   *
   * @default '22' ('20' for apps pinned to defaults version 0.1)
   */
  readonly nodeVersion?: string;

  /**
   * The lowest severity of a known vulnerability in the dependencies that fails the security scan.
   *
   * @default AuditLevel.HIGH
   */
  readonly auditLevel?: AuditLevel;

  /**
   * Extra commands of the security scan step (SAST, secret scanning, image scanning); any failing
   * command fails the pipeline. Files they write under `sbom/` are kept with the SBOM.
   *
   * @default - only the dependency audit and the SBOM.
   */
  readonly additionalScanCommands?: string[];

  /**
   * Whether build steps may run docker (CodeBuild privileged mode) for docker image assets or builds.
   *
   * @default false
   */
  readonly dockerEnabled?: boolean;

  /**
   * The topic that receives failures, approvals needed and successes. It should be KMS-encrypted
   * and SSL-only; its key must let `codestar-notifications.amazonaws.com` use it (and, with
   * `deliveryMetrics`, `cloudwatch.amazonaws.com`, for the delivery metrics' alarms).
   *
   * @default - a new KMS-encrypted, SSL-only topic.
   */
  readonly notificationTopic?: sns.ITopic;

  /**
   * E-mail addresses subscribed to the notification topic, each once.
   *
   * @default - no e-mail subscription.
   */
  readonly notificationEmails?: string[];

  /**
   * The approval policy: a production stage (named, or deployed as a pipeline stage named,
   * `prod`/`production`, or whose profile is prod) must require approval, and one with
   * `requiresApproval: false` is an error. A pipeline whose profile is prod cannot turn the policy off.
   *
   * @default true
   */
  readonly requireApprovalForProduction?: boolean;

  /**
   * Whether the pipeline updates itself from the source before deploying (CDK Pipelines self-mutation).
   *
   * @default true
   */
  readonly selfMutation?: boolean;

  /**
   * Whether the artifact key may be used by other accounts (needed when a stage deploys to another account).
   *
   * @default - true when a stack of a stage names an account other than the pipeline stack's.
   */
  readonly crossAccountKeys?: boolean;

  /**
   * The guardrails enforced on each stage. CDK Pipelines synthesizes a stage when it is added, so
   * the pipeline enforces the guardrails on it first: a stage with an unacknowledged finding fails
   * the app's synthesis (and, in the pipeline's synth step, the build), in one error with the findings
   * of every other stage.
   *
   * @default - the stage profile's packs, plus the packs, strictness and mandatory rules of the
   * `PavedRoadGuardrails` enforced on an enclosing scope (enforce them on the app before creating the
   * pipeline; enforced later with packs or strictness the stages were not checked with, synthesis fails).
   */
  readonly stageGuardrails?: PavedRoadGuardrailsOptions;

  /**
   * Minutes a CodeBuild step may run.
   *
   * @default 60
   */
  readonly buildTimeoutMinutes?: number;

  /**
   * Whether the pipeline measures its own delivery: a `DeliveryMetrics` (deployment frequency, lead time for
   * changes, change failure rate and time to restore per stage, and a dashboard of them) fed by this pipeline's
   * events. The dashboard shows the production stages, or every stage when none is production. Its alarms notify
   * the notification topic, whose key must then also let `cloudwatch.amazonaws.com` use it.
   *
   * @default true (false for apps pinned to defaults version 0.1)
   */
  readonly deliveryMetrics?: boolean;
}
