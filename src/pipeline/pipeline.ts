import { Duration, Stack, Stage, Token } from 'aws-cdk-lib';
import * as codebuild from 'aws-cdk-lib/aws-codebuild';
import * as cp from 'aws-cdk-lib/aws-codepipeline';
import * as notifications from 'aws-cdk-lib/aws-codestarnotifications';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as s3 from 'aws-cdk-lib/aws-s3';
import * as sns from 'aws-cdk-lib/aws-sns';
import * as subscriptions from 'aws-cdk-lib/aws-sns-subscriptions';
import * as pipelines from 'aws-cdk-lib/pipelines';
import { Construct } from 'constructs';
import { acknowledgePipelineFindings } from './acknowledgments';
import { NotifyingApprovalStep } from './approval-step';
import { createArtifactStore } from './artifact-store';
import { AuditLevel } from './audit-level';
import { hardenCrossRegionSupport } from './cross-region';
import { PIPELINE_DEFAULTS } from './defaults';
import { notificationTopicTarget } from './notification-target';
import { PavedRoadPipelineProps } from './pipeline-props';
import { validateBuiltStages, validatePipelineProps } from './validation';
import { pinnedDefaults } from '../core/defaults-version';
import { createRotatedKey } from '../core/keys';
import { PavedRoadConstruct } from '../core/paved-road-construct';
import { Profile } from '../core/profile';
import { resolveProfile } from '../core/resolve-profile';
import { alarmPublisherPrincipal, logsServicePrincipal, restrictTrustToAccount } from '../core/service-principals';
import { PavedRoadTags } from '../core/tags';
import { PropValidator } from '../core/validation';
import { DeliveryMetrics } from '../delivery/delivery-metrics';
import { PavedRoadGuardrailsOptions } from '../guardrails/guardrail-options';
import { PavedRoadGuardrails } from '../guardrails/guardrails';

const PROD_NAME = /^prod(uction)?([-_.@].*)?$/i;

/**
 * The path from a commit to production, on CDK Pipelines (CodePipeline V2, self-mutating):
 * source, synth (install, test, lint, `cdk synth` with the guardrails), a security scan (dependency
 * audit that fails on findings, CycloneDX SBOM kept as an artifact), then each stage in order, with a
 * manual approval where asked (always before production) that notifies the topic with a link to the
 * change, and an optional smoke test after each deployment.
 *
 * Put it in its own stack; the stages may deploy to other accounts and regions.
 *
 * @example
 * new PavedRoadPipeline(pipelineStack, 'Delivery', {
 *   source: PipelineSource.connection('my-org/my-repo', 'main', { connectionArn }),
 *   stages: [{ name: 'dev', stage: devStage }, { name: 'prod', stage: prodStage }],
 * });
 */
export class PavedRoadPipeline extends PavedRoadConstruct {
  /** The CDK Pipelines pipeline (already built). */
  public readonly codePipeline: pipelines.CodePipeline;
  /** The CodePipeline pipeline. */
  public readonly pipeline: cp.Pipeline;
  /** The artifact bucket. */
  public readonly artifactBucket: s3.IBucket;
  /** The key that encrypts the artifacts. */
  public readonly artifactKey: kms.IKey;
  /** The bucket that receives the artifact bucket's access logs. */
  public readonly accessLogBucket: s3.IBucket;
  /** The log group of every CodeBuild step. */
  public readonly buildLogGroup: logs.ILogGroup;
  /** The topic that receives failures, approvals and successes. */
  public readonly notificationTopic: sns.ITopic;
  /** The rule that sends pipeline events to the topic. */
  public readonly notificationRule: notifications.INotificationRule;
  /** The synth step. */
  public readonly synthStep: pipelines.ShellStep;
  /** The security scan step; its primary output is the SBOM. */
  public readonly securityScanStep: pipelines.CodeBuildStep;
  /** The deployed stages, in order. */
  public readonly stages: Stage[];
  /** Whether the artifact key is usable across accounts. */
  public readonly crossAccountKeys: boolean;
  /** The delivery metrics of this pipeline (DORA figures per stage and their dashboard), unless `deliveryMetrics` is false. */
  public readonly deliveryMetrics?: DeliveryMetrics;

  constructor(scope: Construct, id: string, props: PavedRoadPipelineProps) {
    super(scope, id, props, 'PavedRoadPipeline');
    // S3 access-log delivery through the bucket policy, not an ACL (Control Tower CT.S3.PR.5), whatever
    // feature flags the consuming app has set: the log buckets keep ACLs disabled.
    this.node.setContext('@aws-cdk/aws-s3:serverAccessLogsUseBucketPolicy', true);
    const v = new PropValidator('PavedRoadPipeline', this.node.path);
    validatePipelineProps(v, props, this.profile);
    v.throwIfInvalid();

    // Build the stages (factories included) and check the approval policy on what they are.
    this.stages = props.stages.map((s) => s.stage ?? s.stageFactory!.createStage(this, s.name));
    validateBuiltStages(v, props.stages, this.stages);
    v.throwIfInvalid();
    const guardrailOptions = props.stageGuardrails ?? inheritedGuardrailOptions(this);
    const policy = props.requireApprovalForProduction ?? true;
    const productionReasons = props.stages.map((s, i) => productionReason(s.name, this.stages[i], s.profile ?? resolveProfile(this.stages[i])));
    const approvals = props.stages.map((s, i) => {
      const why = productionReasons[i];
      if (policy && why && s.requiresApproval === false) {
        v.fail(`stages[${i}].requiresApproval`, false, `true (or unset) for stage '${s.name}': it is a production stage (${why}) and requireApprovalForProduction is on`);
      }
      return s.requiresApproval ?? why !== undefined;
    });
    v.throwIfInvalid();

    const d = this.profileDefaults;
    const pd = pinnedDefaults(this, 'pipeline', this.profile, PIPELINE_DEFAULTS[this.profile]);
    const store = createArtifactStore(this, {
      removalPolicy: d.statefulRemovalPolicy,
      artifactRetentionDays: pd.artifactRetentionDays,
      accessLogRetentionDays: pd.accessLogRetentionDays,
    });
    this.artifactKey = store.key;
    this.artifactBucket = store.bucket;
    this.accessLogBucket = store.accessLogBucket;

    const measured = props.deliveryMetrics ?? pd.deliveryMetrics;
    // With delivery metrics, the recorder's alarms publish to the notification topic too.
    const operationsKey = createRotatedKey(this, 'OperationsKey', `Encrypts the build logs and notifications of ${this.node.path}`,
      d.statefulRemovalPolicy, measured ? [logsServicePrincipal(this), alarmPublisherPrincipal(this)] : [logsServicePrincipal(this)]);
    this.buildLogGroup = new logs.LogGroup(this, 'BuildLogs', {
      retention: d.logRetentionDays as logs.RetentionDays,
      encryptionKey: operationsKey,
      removalPolicy: d.statefulRemovalPolicy,
    });
    this.notificationTopic = props.notificationTopic ?? new sns.Topic(this, 'NotificationTopic', { masterKey: operationsKey, enforceSSL: true });
    for (const email of props.notificationEmails ?? []) {
      this.notificationTopic.addSubscription(new subscriptions.EmailSubscription(email));
    }

    this.crossAccountKeys = props.crossAccountKeys ?? deploysToOtherAccount(Stack.of(this), this.stages);
    const docker = props.dockerEnabled ?? false;
    const source = props.source._toCodePipelineSource();
    this.synthStep = new pipelines.ShellStep('Synth', {
      input: source,
      installCommands: props.installCommands ?? ['npm ci'],
      commands: props.synthCommands ?? ['npm test', 'npm run lint --if-present', 'npx cdk synth'],
      primaryOutputDirectory: props.cloudAssemblyDirectory ?? 'cdk.out',
    });

    this.codePipeline = new pipelines.CodePipeline(this, 'Pipeline', {
      pipelineType: cp.PipelineType.V2,
      synth: this.synthStep,
      artifactBucket: this.artifactBucket,
      crossAccountKeys: this.crossAccountKeys,
      enableKeyRotation: this.crossAccountKeys ? true : undefined,
      selfMutation: props.selfMutation ?? true,
      dockerEnabledForSynth: docker,
      dockerEnabledForSelfMutation: docker,
      publishAssetsInParallel: false,
      useChangeSets: true,
      codeBuildDefaults: {
        buildEnvironment: {
          buildImage: codebuild.LinuxBuildImage.STANDARD_7_0,
          computeType: codebuild.ComputeType.SMALL,
          privileged: docker,
        },
        partialBuildSpec: codebuild.BuildSpec.fromObject({
          phases: { install: { 'runtime-versions': { nodejs: props.nodeVersion ?? pd.nodeVersion } } },
        }),
        logging: { cloudWatch: { logGroup: this.buildLogGroup } },
        timeout: Duration.minutes(props.buildTimeoutMinutes ?? 60),
      },
    });

    const auditLevel = props.auditLevel ?? AuditLevel.HIGH;
    this.securityScanStep = new pipelines.CodeBuildStep('SecurityScan', {
      input: source,
      commands: [
        'mkdir -p sbom',
        'npm sbom --sbom-format cyclonedx --package-lock-only > sbom/sbom.cdx.json',
        `npm audit --audit-level=${auditLevel}`,
        ...(props.additionalScanCommands ?? []),
      ],
      primaryOutputDirectory: 'sbom',
    });
    this.codePipeline.addWave('SecurityScan', { pre: [this.securityScanStep] });

    const changeLink = props.source._changeLink(source);
    props.stages.forEach((s, i) => {
      const stage = this.stages[i];
      const pre: pipelines.Step[] = approvals[i] ? [new NotifyingApprovalStep('Approve', {
        topic: this.notificationTopic,
        link: changeLink,
        information: `Deploy ${s.name} from ${props.source.location}@${props.source.branch}? Change at the link; execution #{codepipeline.PipelineExecutionId}.`,
      })] : [];
      const post: pipelines.Step[] = s.smokeTestCommands && s.smokeTestCommands.length > 0 ? [new pipelines.ShellStep('SmokeTest', {
        commands: s.smokeTestCommands,
        envFromCfnOutputs: s.smokeTestOutputs,
      })] : [];
      // Aspects do not cross into a Stage, and CDK Pipelines synthesizes the stage right here.
      PavedRoadGuardrails.enforce(stage, { ...guardrailOptions, profile: s.profile ?? guardrailOptions.profile });
      this.codePipeline.addStage(stage, { pre, post });
    });

    this.codePipeline.buildPipeline();
    this.pipeline = this.codePipeline.pipeline;
    // CodeBuild User Guide, "Allow CodeBuild to interact with other AWS services": the project roles CDK
    // Pipelines creates are assumed for this account's projects only. The pipeline's own role keeps the
    // plain trust the CodePipeline service-role page shows (it documents no confused-deputy keys).
    for (const project of this.codePipeline.node.findAll().filter((c): c is codebuild.Project => c instanceof codebuild.Project)) {
      if (project.role?.node.scope === project) restrictTrustToAccount(project.role);
    }

    this.notificationRule = new notifications.NotificationRule(this, 'NotificationRule', {
      source: this.pipeline,
      detailType: notifications.DetailType.FULL,
      events: [
        'codepipeline-pipeline-pipeline-execution-failed',
        'codepipeline-pipeline-manual-approval-needed',
        'codepipeline-pipeline-pipeline-execution-succeeded',
      ],
      targets: [notificationTopicTarget(this.notificationTopic)],
    });

    const replicationObjects = hardenCrossRegionSupport(this.pipeline, {
      removalPolicy: d.statefulRemovalPolicy,
      artifactRetentionDays: pd.artifactRetentionDays,
      accessLogRetentionDays: pd.accessLogRetentionDays,
      tags: { [PavedRoadTags.OWNER]: this.owner, [PavedRoadTags.PROFILE]: this.profile, [PavedRoadTags.CONSTRUCT]: 'PavedRoadPipeline' },
    });
    acknowledgePipelineFindings({ codePipeline: this.codePipeline, artifactBucket: store.bucket, replicationObjects });
    if (measured) {
      // The dashboard shows the production stages, or every stage of a pipeline without one (by its CodePipeline stage name).
      const production = this.stages.filter((_, i) => productionReasons[i] !== undefined);
      this.deliveryMetrics = new DeliveryMetrics(this, 'DeliveryMetrics', {
        profile: this.profile,
        owner: this.owner,
        costCenter: this.costCenter,
        alarmTopic: this.notificationTopic,
        pipelines: [{ pipeline: this.pipeline, dashboardStages: (production.length > 0 ? production : this.stages).map((s) => s.stageName) }],
      });
    }
    if (!props.stageGuardrails) this.node.addValidation({ validate: () => this.checkStageGuardrails() });
  }

  /**
   * Guardrails enforced on the app after the pipeline was built cannot reach its stages any more
   * (CDK Pipelines synthesized them when they were added): say so rather than check them less.
   */
  private checkStageGuardrails(): string[] {
    const wanted = inheritedGuardrailOptions(this);
    if (!wanted.additionalPacks) return [];
    return this.stages.flatMap((stage) => {
      const used = PavedRoadGuardrails.of(stage);
      const missing = wanted.additionalPacks!.filter((p) => !used?.packs.includes(p));
      if (missing.length === 0 && (!wanted.strict || used?.strict)) return [];
      return [`PavedRoadPipeline '${this.node.path}': stage '${stage.node.path}' was checked when the pipeline added it, without ${missing.length > 0 ? `packs ${missing.join(', ')}` : 'strict mode'} that the enclosing PavedRoadGuardrails enforce; call PavedRoadGuardrails.enforce before creating the pipeline, or pass stageGuardrails.`];
    });
  }
}

/**
 * Why a stage is a production stage, or undefined: its `name`, or the name it is deployed under in the
 * pipeline (the Stage's `stageName`, which CDK Pipelines gives the CodePipeline stage, or its construct
 * id), is `prod`/`production` (alone or followed by `-`, `_`, `.` or `@` and more), or its profile is prod.
 */
function productionReason(name: string, stage: Stage, profile: Profile): string | undefined {
  if (PROD_NAME.test(name)) return `named ${name}`;
  if ([stage.stageName, stage.node.id].some((n) => PROD_NAME.test(n))) return `deployed as pipeline stage ${stage.stageName}`;
  return profile === Profile.PROD ? 'profile prod' : undefined;
}

/**
 * The packs, strictness and mandatory rules of the nearest guardrails enforced above `scope`, as
 * additions: a stage keeps the packs of its own profile and gets the enclosing ones on top.
 */
function inheritedGuardrailOptions(scope: Construct): PavedRoadGuardrailsOptions {
  const enclosing = [...scope.node.scopes].reverse().map((c) => PavedRoadGuardrails.of(c)).find((g) => g !== undefined);
  return enclosing ? { additionalPacks: enclosing.packs, strict: enclosing.strict, mandatoryRules: enclosing.mandatoryRules } : {};
}

/** Whether a stack of a stage names an account other than the pipeline stack's (or the pipeline's is unknown). */
function deploysToOtherAccount(pipelineStack: Stack, stages: Stage[]): boolean {
  const own = pipelineStack.account;
  return stages.some((stage) => stage.node.findAll().filter(Stack.isStack).some((s) =>
    !Token.isUnresolved(s.account) && (Token.isUnresolved(own) || s.account !== own)));
}
