import { IAspect } from 'aws-cdk-lib';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import { IConstruct } from 'constructs';
import { acknowledge } from '../core/acknowledge';

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
        rules: ['AwsSolutions-IAM4'],
        reason: `AWSLambdaBasicExecutionRole only lets ${what} write its own logs; aws-cdk-lib attaches it and offers no way to replace it.`,
        appliesTo: ['Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole'],
      },
      {
        rules: ['AwsSolutions-IAM5'],
        reason: `aws-cdk-lib grants ${what} object-level access to buckets whose object keys are content hashes unknown before synthesis, and data-key use on their keys.`,
        appliesTo: [/^Action::(s3|kms):[A-Za-z]+\*$/, /^Resource::.*\/\*$/],
      },
      {
        rules: ['NIST.800.53.R5-IAMNoInlinePolicy', 'HIPAA.Security-IAMNoInlinePolicy', 'PCI.DSS.321-IAMNoInlinePolicy'],
        reason: `aws-cdk-lib writes the grants of ${what} as its role's default inline policy, used by no other role.`,
      },
      {
        rules: ['AwsSolutions-L1'],
        reason: `aws-cdk-lib pins the runtime of ${what} to the one its bundled AWS CLI layer is built and tested for.`,
      },
      {
        rules: ['NIST.800.53.R5-LambdaConcurrency', 'HIPAA.Security-LambdaConcurrency', 'NIST.800.53.R5-LambdaDLQ', 'HIPAA.Security-LambdaDLQ',
          'PavedRoad-LambdaFailureHandling'],
        reason: `${what} is a CloudFormation custom resource invoked synchronously once per deployment; a failure fails the deployment, which is its failure handling, and it has no concurrency to limit.`,
      },
      {
        rules: ['NIST.800.53.R5-LambdaInsideVPC', 'HIPAA.Security-LambdaInsideVPC', 'PCI.DSS.321-LambdaInsideVPC'],
        reason: `${what} only talks to S3 and KMS public endpoints during deployment and handles no workload data; the portfolio stack has no VPC to place it in.`,
      },
    ], true);
  }
}
