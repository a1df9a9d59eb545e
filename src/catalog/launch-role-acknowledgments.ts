import { Stack } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import { LaunchScope, PRODUCT_TAG } from './launch-scope';
import { acknowledge } from '../core/acknowledge';
import { findingArnOf, findingValueOf } from '../core/arns';
import { AwsSolutionsRule, nistHipaaPci } from '../core/rule-ids';

/**
 * The wildcard findings of the launch role, each named exactly (no pattern), so that a wildcard
 * added to the role later is reported. @internal
 */
export function acknowledgeLaunchRole(role: iam.Role, facts: { assetBucketArn: string; networkPrefixes: string[]; launch: LaunchScope }): void {
  const stack = Stack.of(role);
  const { launch } = facts;
  const resource = (template: string) => `Resource::${findingArnOf(stack, template)}`;
  acknowledge(role, [
    {
      rules: [AwsSolutionsRule.IAM5],
      reason: 'Service Catalog names the stacks it provisions SC-<account>-pp-<provisioned product id>; the launch role may run CloudFormation on those stacks only.',
      appliesTo: [resource('cloudformation:{R}:{A}:stack/SC-*')],
    },
    {
      rules: [AwsSolutionsRule.IAM5],
      reason: 'Statements on every resource: template objects Service Catalog tagged servicecatalog:provisioning=true; kms:CreateKey (which takes no key ARN) only with the product tag in the request; EC2 security-group and CloudWatch alarm calls and acm:DescribeCertificate, which take no resource ARN, only through CloudFormation.',
      appliesTo: ['Resource::*'],
    },
    {
      rules: [AwsSolutionsRule.IAM5],
      reason: 'The product assets (Lambda bundles) are objects of the product asset bucket whose keys are content hashes known only at synthesis of each version.',
      appliesTo: [`Resource::${findingValueOf(stack, `${facts.assetBucketArn}/*`)}`],
    },
    {
      rules: [AwsSolutionsRule.IAM5],
      reason: 'CloudFormation reads the network the PavedRoadNetwork of each profile publishes under its parameter prefix; the parameter names below the prefix are the network\'s.',
      appliesTo: [...new Set(facts.networkPrefixes)].map((p) => resource(`ssm:{R}:{A}:parameter${p}/*`)),
    },
    {
      rules: [AwsSolutionsRule.IAM5],
      reason: 'CloudFormation names the ECS, load balancer, scaling, log, dashboard, topic, secret, database, cache and web ACL resources of a template when it provisions it, so these are limited to this account and region (the dashboards to this account) and to calls made through CloudFormation.',
      appliesTo: [
        'ecs:{R}:{A}:*', 'elasticloadbalancing:{R}:{A}:*', 'application-autoscaling:{R}:{A}:*', 'logs:{R}:{A}:*', 'cloudwatch::{A}:dashboard/*',
        'sns:{R}:{A}:*', 'secretsmanager:{R}:{A}:secret:*', 'rds:{R}:{A}:*', 'elasticache:{R}:{A}:*', 'wafv2:{R}:{A}:*',
      ].map(resource),
    },
    {
      rules: [AwsSolutionsRule.IAM5],
      reason: 'Read-only Describe calls CloudFormation makes to wait for and read back ECS, load balancer, scaling, RDS, ElastiCache and EC2 resources; S3 bucket configuration reads on the product\'s own buckets.',
      appliesTo: ['ecs:Describe*', 'elasticloadbalancing:Describe*', 'application-autoscaling:Describe*', 'rds:Describe*', 'elasticache:Describe*',
        'ec2:Describe*', 's3:GetBucket*'].map((a) => `Action::${a}`),
    },
    {
      rules: [AwsSolutionsRule.IAM5],
      reason: 'CloudFormation creates, modifies and deletes several load balancer, RDS and ElastiCache resource types per template (load balancer, listeners, target group; instance, subnet, parameter and option groups; replication and subnet groups), in this account and region and only through CloudFormation.',
      appliesTo: ['elasticloadbalancing', 'rds', 'elasticache'].flatMap((s) => ['Create*', 'Delete*', 'Modify*'].map((a) => `Action::${s}:${a}`)),
    },
    {
      rules: [AwsSolutionsRule.IAM5],
      reason: `CloudFormation names the roles and policies of a template when it provisions it; they live under the product's path ${launch.iamPath}, and every change to a role's permissions also needs the product's permissions boundary on the role.`,
      appliesTo: [resource(`iam::{A}:role${launch.iamPath}*`), resource(`iam::{A}:policy${launch.iamPath}*`)],
    },
    {
      rules: [AwsSolutionsRule.IAM5],
      reason: `KMS key ids are generated: the key statements apply to keys of this account and region only when the key carries ${PRODUCT_TAG}=${launch.key} (or, to tag a key being created, when the request does).`,
      appliesTo: [resource('kms:{R}:{A}:key/*')],
    },
    {
      rules: [AwsSolutionsRule.IAM5],
      reason: `The product templates name each bucket ${launch.bucketPrefix}<stack UUID>, unique per provisioned product; the bucket statement applies to those names only.`,
      appliesTo: [resource(`s3:::${launch.bucketPrefix}*`)],
    },
    {
      rules: nistHipaaPci('IAMNoInlinePolicy'),
      reason: 'The launch role policy is specific to this product\'s template and is never attached elsewhere; keeping it inline ties its lifecycle to the role.',
    },
  ]);
}
