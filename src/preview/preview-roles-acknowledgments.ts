import { Stack } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import { PREVIEW_STACK_PREFIX, previewStacksFindingArn } from './preview-stacks';
import { acknowledge } from '../core/acknowledge';
import { findingArnOf } from '../core/arns';
import { AwsSolutionsRule } from '../core/rule-ids';

/*
 * The cdk-nag findings PreviewRoles causes by design: a boundary (a ceiling, not a grant) and roles whose
 * resources are named only at deploy time.
 */

/** The preview permissions boundary. @internal */
export function acknowledgeBoundary(boundary: iam.ManagedPolicy): void {
  acknowledge(boundary, [{
    rules: [AwsSolutionsRule.IAM5],
    reason: 'This is a permissions boundary, a ceiling rather than a grant: its Allow * is intersected with each role\'s own policies, and every wildcard below it is in a Deny statement that narrows the ceiling (IAM users and groups, roles without this boundary, stacks not named preview-*, keys, secrets and data not tagged paved-road:preview=true).',
  }]);
}

/** The preview execution role (PowerUserAccess under the boundary) and its role-management policy. @internal */
export function acknowledgeExecutionRole(executionRole: iam.Role, roleManagement: iam.ManagedPolicy, stack: Stack): void {
  acknowledge(executionRole, [{
    rules: [AwsSolutionsRule.IAM4],
    reason: 'PowerUserAccess is the grant a preview stack of any content needs; this role carries the preview permissions boundary, so what it can do is PowerUserAccess within that boundary: no IAM users, only preview-* stacks, only preview-tagged keys, secrets and data.',
    appliesTo: ['Policy::arn:<AWS::Partition>:iam::aws:policy/PowerUserAccess'],
  }]);
  acknowledge(roleManagement, [{
    rules: [AwsSolutionsRule.IAM5],
    reason: 'CloudFormation names the roles of a preview stack preview-<branch>-<stack>-<logical id>-<suffix>, known only at deploy time; the boundary denies creating or changing any of them without the preview boundary, and PassRole covers only those roles. Service-linked roles are created by AWS services on first use (ECS, ELB, RDS, ElastiCache).',
    appliesTo: [`role/${PREVIEW_STACK_PREFIX}*`, `instance-profile/${PREVIEW_STACK_PREFIX}*`, 'role/aws-service-role/*']
      .map((path) => `Resource::${findingArnOf(stack, `iam::{A}:${path}`)}`),
  }]);
}

/** The deploy role's policy: preview stacks named at deploy time, hashed asset objects, context lookups. @internal */
export function acknowledgeDeployPolicy(deployPolicy: iam.ManagedPolicy, stack: Stack, qualifier: string): void {
  acknowledge(deployPolicy, [{
    rules: [AwsSolutionsRule.IAM5],
    reason: 'Preview stacks are named preview-<branch>-<stack> at deploy time (stack/preview-*/*), and every create, update and delete is bound to the preview execution role and the preview tag by conditions; the asset objects are named by their hash; ValidateTemplate, ecr:GetAuthorizationToken and the read-only context lookups (SSM parameter values without kms:Decrypt, VPC, load balancer and hosted-zone descriptions) accept only Resource "*".',
    appliesTo: [
      `Resource::${previewStacksFindingArn(stack)}`,
      `Resource::${findingArnOf(stack, `s3:::cdk-${qualifier}-assets-{A}-{R}/*`)}`,
      'Resource::*',
    ],
  }]);
}
