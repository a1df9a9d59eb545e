import { Stack } from 'aws-cdk-lib';
import * as codebuild from 'aws-cdk-lib/aws-codebuild';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { Construct, IConstruct } from 'constructs';
import { acknowledge, Acknowledgment } from '../core/acknowledge';
import { AwsSolutionsRule, HipaaRule, nistHipaaPci, PciRule } from '../core/rule-ids';

/** @internal */
export interface PipelineAcknowledgmentOptions {
  /** The CDK Pipelines construct, after `buildPipeline()`. */
  readonly codePipeline: Construct;
  /** The artifact bucket the roles read and write. */
  readonly artifactBucket: s3.Bucket;
  /** `Resource::` finding ids of the objects of cross-region replication buckets. */
  readonly replicationObjects: string[];
}

const INLINE_POLICY_RULES = nistHipaaPci('IAMNoInlinePolicy');
const SOURCE_REPO_RULES = [HipaaRule.CodeBuildProjectSourceRepoUrl, PciRule.CodeBuildProjectSourceRepoUrl];

/**
 * What a role CDK Pipelines creates is for, from its place in the tree, in words for a reviewer.
 */
function purposeOf(role: iam.Role, codePipeline: Construct): string {
  const rel = role.node.path.slice(codePipeline.node.path.length + 1);
  const parts = rel.split('/');
  if (rel === 'Pipeline/Role') return 'The CodePipeline service role of this pipeline';
  if (rel === 'CodeBuildActionRole') return 'The role CodePipeline assumes to start and watch this pipeline\'s CodeBuild steps';
  if (rel === 'UpdatePipeline/SelfMutation/Role') return 'The role of the self-mutation step (cdk deploy of the pipeline stack)';
  if (parts[0] === 'Assets') return `The role of the asset publishing step ${parts[1]}`;
  if (parts[0] === 'Pipeline' && parts[1] === 'Source') return `The role of the source action ${parts[2]}, which stores the source zip as an artifact`;
  if (parts[0] === 'Pipeline' && parts[3] === 'CodePipelineActionRole' && parts[2] === 'Approve') {
    return `The role of the manual approval before stage ${parts[1]}, which publishes the approval request to the notification topic`;
  }
  if (parts[parts.length - 1] === 'Role' && role.node.scope instanceof codebuild.Project) {
    return `The role of the CodeBuild step ${parts[parts.length - 2] === 'CdkBuildProject' ? parts[parts.length - 3] : parts[parts.length - 2]} (${parts.slice(0, -1).join('/')})`;
  }
  return `The role ${rel} of this pipeline`;
}

/**
 * Acknowledges, on the exact resources, what CDK Pipelines makes unavoidable: its grants are default
 * inline policies with the wildcards of CDK's bucket, key and CodeBuild grants, and its CodeBuild
 * projects read their source from the pipeline, which one cdk-nag rule mistakes for a repository
 * without OAuth.
 *
 * @internal
 */
export function acknowledgePipelineFindings(options: PipelineAcknowledgmentOptions): void {
  const { codePipeline, artifactBucket, replicationObjects } = options;
  const bucketId = Stack.of(artifactBucket).getLogicalId(artifactBucket.node.defaultChild as s3.CfnBucket);

  for (const role of codePipeline.node.findAll().filter((c: IConstruct): c is iam.Role => c instanceof iam.Role)) {
    const policy = role.node.tryFindChild('DefaultPolicy');
    if (!policy) continue;
    const purpose = purposeOf(role, codePipeline);
    const acks: Acknowledgment[] = [
      {
        rules: INLINE_POLICY_RULES,
        reason: `${purpose}: CDK Pipelines writes the role's grants as its default inline policy, scoped to this pipeline's own bucket, key, projects and topic; the role serves this pipeline only.`,
      },
      {
        rules: [AwsSolutionsRule.IAM5],
        appliesTo: ['Action::s3:GetObject*', 'Action::s3:GetBucket*', 'Action::s3:List*', 'Action::s3:DeleteObject*', 'Action::s3:Abort*', `Resource::<${bucketId}.Arn>/*`, ...replicationObjects],
        reason: `${purpose}: reads or writes artifacts of one pipeline execution, whose object keys are only known at run time, in this pipeline's own artifact bucket or its cross-region replication buckets (CDK's bucket grant action groups).`,
      },
      {
        rules: [AwsSolutionsRule.IAM5],
        appliesTo: ['Action::kms:ReEncrypt*', 'Action::kms:GenerateDataKey*'],
        reason: `${purpose}: the data-key actions apply to this pipeline's own artifact or notification key only (the Resource is that key's ARN).`,
      },
      {
        rules: [AwsSolutionsRule.IAM5],
        appliesTo: [/^Resource::arn:<AWS::Partition>:logs:.*:log-group:\/aws\/codebuild\/<.*>:\*$/, /^Resource::arn:<AWS::Partition>:codebuild:.*:report-group\/<.*>-\*$/],
        reason: `${purpose}: CodeBuild's default grants on the log streams and report groups named after this one project (names CodeBuild generates per build).`,
      },
    ];
    if (purpose.startsWith('The role of the asset publishing step')) {
      acks.push({
        rules: [AwsSolutionsRule.IAM5],
        appliesTo: [/^Resource::arn:<AWS::Partition>:logs:.*:log-group:\/aws\/codebuild\/\*$/, /^Resource::arn:<AWS::Partition>:codebuild:.*:report-group\/\*$/],
        reason: `${purpose}: one role shared by every asset publishing project of this pipeline (created per asset as stages are added), so its CodeBuild log and report grants cover the account's CodeBuild groups rather than one project's.`,
      });
    }
    if (purpose.startsWith('The role of the self-mutation step') || purpose.startsWith('The role of the asset publishing step')) {
      acks.push({
        rules: [AwsSolutionsRule.IAM5],
        appliesTo: [/^Resource::arn:\*:iam::.*:role\/\*$/, 'Resource::*'],
        reason: `${purpose}: may assume only the CDK bootstrap roles (a condition on the tag aws-cdk:bootstrap-role) of the target accounts, whose regions are only known at run time; cloudformation:DescribeStacks and s3:ListBucket have no narrower resource for the CDK CLI's lookups.`,
      });
    }
    acknowledge(policy, acks);
  }

  for (const project of codePipeline.node.findAll().filter((c: IConstruct): c is codebuild.Project => c instanceof codebuild.Project)) {
    const cfn = project.node.defaultChild as codebuild.CfnProject;
    acknowledge(cfn, [{
      rules: SOURCE_REPO_RULES,
      reason: `CodeBuild project ${project.node.path} reads its input from this pipeline's artifacts (source type CODEPIPELINE), never from a repository URL, so it holds no repository credentials that OAuth could replace.`,
    }]);
    const env = Stack.of(project).resolve(cfn.environment) as { privilegedMode?: boolean } | undefined;
    if (env?.privilegedMode) {
      acknowledge(cfn, [{
        rules: [AwsSolutionsRule.CB3],
        reason: `CodeBuild project ${project.node.path} builds docker images (dockerEnabled, or docker image assets), which needs privileged mode; it runs only this pipeline's reviewed source.`,
      }]);
    }
  }
}

/** A bucket that receives S3 server access logs: itself unlogged, SSE-S3 by S3's rule. @internal */
export function acknowledgeAccessLogBucket(bucket: s3.IBucket, loggedBucket: string): void {
  acknowledge(bucket, [
    {
      rules: [AwsSolutionsRule.S1, ...nistHipaaPci('S3BucketLoggingEnabled')],
      reason: `This bucket is the server access log target of ${loggedBucket}; logging it too would need another log bucket without end.`,
    },
    {
      rules: nistHipaaPci('S3DefaultEncryptionKMS'),
      reason: 'S3 server access log delivery supports only SSE-S3 default encryption on its target bucket, so this log bucket cannot use a KMS key.',
    },
  ], true);
}

/** A pipeline bucket without cross-region replication: its data is recreated by every run. @internal */
export function acknowledgeNoReplication(bucket: s3.IBucket): void {
  acknowledge(bucket, [{
    rules: nistHipaaPci('S3BucketReplicationEnabled'),
    reason: `${bucket.node.path} holds short-lived pipeline data (build artifacts or their access logs) that every pipeline run recreates from source; a replica in another region would add cost without a recovery need.`,
  }], true);
}
