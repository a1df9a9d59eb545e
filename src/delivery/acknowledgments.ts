import * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import { acknowledge } from '../core/acknowledge';
import { HipaaRule, nistHipaaPci, NistRule } from '../core/rule-ids';

/**
 * The resources of one DeliveryMetrics whose findings its design causes. (Its dead-letter queue needs none: cdk-nag
 * sees that the recorder uses it as its dead-letter queue.) @internal
 */
export interface RecorderParts {
  readonly recorder: lambda.Function;
  readonly stateTable: dynamodb.Table;
}

/**
 * Acknowledges, on the exact resources, the findings the delivery metrics' design causes, with reasons that hold in
 * every profile.
 * @internal
 */
export function acknowledgeRecorderFindings(parts: RecorderParts): void {
  acknowledge(parts.recorder, [{
    rules: nistHipaaPci('LambdaInsideVPC'),
    reason: 'The delivery metrics recorder calls only the regional DynamoDB and CodePipeline APIs and writes its own logs; it reaches no resource inside a VPC, and a VPC would add NAT gateway or endpoint cost to every pipeline without isolating anything.',
  }], true);
  acknowledge(parts.stateTable, [{
    rules: [NistRule.DynamoDBInBackupPlan, HipaaRule.DynamoDBInBackupPlan],
    reason: 'The delivery state table holds bookkeeping derived from pipeline events (the failures still open per service and stage, the last deployed revision, 30-day markers) and has point-in-time recovery; the figures themselves are CloudWatch metrics. An AWS Backup plan would protect nothing more: losing the table loses at most the start of the failures open at that moment.',
  }], true);
}
