import { IAspect } from 'aws-cdk-lib';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import { IConstruct } from 'constructs';
import { acknowledge } from '../core/acknowledge';
import { AwsSolutionsRule, HipaaRule, nistHipaaPci, NistRule, PavedRoadRule } from '../core/rule-ids';

const acknowledged = new WeakSet<IConstruct>();

/**
 * Acknowledges the findings on a stack-level singleton function aws-cdk-lib adds and configures
 * itself (the `BucketDeployment` that `ProductStack` uses to copy product assets, the
 * `AwsCustomResource` provider), whose settings cannot be fixed here.
 *
 * @internal
 */
export class AssetDeploymentAcknowledgments implements IAspect {
  /**
   * @param idPrefix the construct id of the stack-level singleton function
   * @param what what the function is, for the reasons
   */
  constructor(private readonly idPrefix: string, private readonly what: string) {}

  public visit(node: IConstruct): void {
    if (!(node instanceof lambda.SingletonFunction || node instanceof lambda.Function)) return;
    if (!node.node.id.startsWith(this.idPrefix) || acknowledged.has(node)) return;
    acknowledged.add(node);
    const what = this.what;
    acknowledge(node, [
      {
        rules: [AwsSolutionsRule.IAM4],
        reason: `AWSLambdaBasicExecutionRole only lets ${what} write its own logs; aws-cdk-lib attaches it and offers no way to replace it.`,
        appliesTo: ['Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole'],
      },
      {
        rules: [AwsSolutionsRule.IAM5],
        reason: `aws-cdk-lib grants ${what} object-level access to buckets whose object keys are content hashes unknown before synthesis, and data-key use on their keys.`,
        appliesTo: [/^Action::(s3|kms):[A-Za-z]+\*$/, /^Resource::.*\/\*$/],
      },
      {
        rules: nistHipaaPci('IAMNoInlinePolicy'),
        reason: `aws-cdk-lib writes the grants of ${what} as its role's default inline policy, used by no other role.`,
      },
      {
        rules: [AwsSolutionsRule.L1],
        reason: `aws-cdk-lib pins the runtime of ${what} to the one its bundled AWS CLI layer is built and tested for.`,
      },
      {
        rules: [NistRule.LambdaConcurrency, HipaaRule.LambdaConcurrency, NistRule.LambdaDLQ, HipaaRule.LambdaDLQ,
          PavedRoadRule.LambdaFailureHandling],
        reason: `${what} is a CloudFormation custom resource invoked synchronously once per deployment; a failure fails the deployment, which is its failure handling, and it has no concurrency to limit.`,
      },
      {
        rules: nistHipaaPci('LambdaInsideVPC'),
        reason: `${what} only talks to S3 and KMS public endpoints during deployment and handles no workload data; the portfolio stack has no VPC to place it in.`,
      },
    ], true);
  }
}
