import { Stack } from 'aws-cdk-lib';
import * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import { previewStacksFindingArn } from './preview-stacks';
import { acknowledge } from '../core/acknowledge';
import { AwsSolutionsRule, HipaaRule, nistHipaaPci, NistRule } from '../core/rule-ids';

/*
 * The cdk-nag findings PreviewReaper causes by design, each on the resource that causes it.
 */

/** The reaper's dead-letter queue, which has none of its own. @internal */
export function acknowledgeDeadLetterQueue(dlq: sqs.IQueue): void {
  acknowledge(dlq, [{
    rules: [AwsSolutionsRule.SQS3],
    reason: 'This queue is the dead-letter queue of the preview reaper function; a dead-letter queue of a dead-letter queue would only move the same failed invocations again.',
  }], true);
}

/** The notice ledger, which holds no data worth an AWS Backup plan. @internal */
export function acknowledgeNoticeLedger(ledger: dynamodb.ITable): void {
  acknowledge(ledger, [{
    rules: [NistRule.DynamoDBInBackupPlan, HipaaRule.DynamoDBInBackupPlan],
    reason: 'The notice ledger holds only which reaper notices were sent (a key and a TTL per notice), has point-in-time recovery, and is rebuilt by the reaper: losing it repeats each current notice once; an AWS Backup plan and vault for it would protect no data.',
  }], true);
}

/** The function's policy: stacks found at run time, DescribeStacks on "*", data-key variants. @internal */
export function acknowledgeFunctionPolicy(policy: iam.ManagedPolicy, stack: Stack): void {
  acknowledge(policy, [{
    rules: [AwsSolutionsRule.IAM5],
    reason: 'DescribeStacks without a stack name (the pass lists every stack of the region) only accepts Resource "*"; DescribeStackEvents and DeleteStack name the previews it finds at run time (stack/preview-*/*); DeleteStack is limited further to stacks named preview-* that carry the preview tag, through the preview execution role; kms:GenerateDataKey* covers the data-key variants SNS, SQS and DynamoDB request.',
    appliesTo: [
      'Resource::*',
      `Resource::${previewStacksFindingArn(stack)}`,
      'Action::kms:GenerateDataKey*',
    ],
  }]);
}

/** The reaper function, outside any VPC. @internal */
export function acknowledgeFunctionOutsideVpc(fn: lambda.IFunction): void {
  acknowledge(fn, [{
    rules: nistHipaaPci('LambdaInsideVPC'),
    reason: 'The preview reaper calls only the regional CloudFormation, SNS and DynamoDB APIs and reaches no resource inside a VPC; a VPC would add NAT or endpoint cost to the account-wide cleanup function without isolating anything.',
  }], true);
}
