import { Aws, CfnCondition, Duration, Fn, RemovalPolicy, Stack, Token } from 'aws-cdk-lib';
import * as elbv2 from 'aws-cdk-lib/aws-elasticloadbalancingv2';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { FactName } from 'aws-cdk-lib/region-info';
import { Construct } from 'constructs';
import { acknowledge, acknowledgeCdkProvider } from './acknowledge';
import { AwsSolutionsRule, nistHipaaPci } from './rule-ids';

/** How long a load balancer's access logs are kept, and what happens to them with the stack. @internal */
export interface AccessLogsOptions {
  /** Days before the bucket expires a log object. */
  readonly expirationDays: number;
  /** The bucket's removal policy (DESTROY also empties it on deletion). */
  readonly removalPolicy: RemovalPolicy;
  /** What the CDK-provided provider that empties the bucket does, in words about its users. */
  readonly emptyingPurpose: string;
}

/**
 * The access-log bucket of a paved-road load balancer (`AccessLogs` below `scope`): SSE-S3 (the only
 * encryption ELB delivers to), SSL only, versioned, objects expiring after `expirationDays`.
 * @internal
 */
export function createAccessLogsBucket(scope: Construct, o: AccessLogsOptions): s3.Bucket {
  const disposable = o.removalPolicy === RemovalPolicy.DESTROY;
  const bucket = new s3.Bucket(scope, 'AccessLogs', {
    // ALB access logs support SSE-S3 only (not SSE-KMS).
    encryption: s3.BucketEncryption.S3_MANAGED,
    enforceSSL: true,
    blockPublicAccess: s3.BlockPublicAccess.BLOCK_ALL,
    objectOwnership: s3.ObjectOwnership.BUCKET_OWNER_ENFORCED,
    versioned: true,
    lifecycleRules: [{
      expiration: Duration.days(o.expirationDays),
      noncurrentVersionExpiration: Duration.days(1),
      abortIncompleteMultipartUploadAfter: Duration.days(1),
    }],
    removalPolicy: o.removalPolicy,
    autoDeleteObjects: disposable,
  });
  const what = `Access-log bucket of the load balancer of ${scope.node.path}`;
  acknowledge(bucket, [
    { rules: [AwsSolutionsRule.S1, ...nistHipaaPci('S3BucketLoggingEnabled')], reason: `${what}: it is itself a log destination written only by the ELB log-delivery principal; logging its access would need yet another log bucket.` },
    { rules: nistHipaaPci('S3DefaultEncryptionKMS'), reason: `${what}: Elastic Load Balancing delivers access logs only to buckets encrypted with SSE-S3, not SSE-KMS.` },
    { rules: nistHipaaPci('S3BucketReplicationEnabled'), reason: `${what}: access logs expire after ${o.expirationDays} days and are diagnostic data, not records that need a cross-region copy.` },
  ], true);
  if (disposable) acknowledgeAutoDeleteProvider(Stack.of(scope), o.emptyingPurpose);
  return bucket;
}

/** The CDK-provided Lambda that empties buckets of disposable profiles on stack deletion (one per stack). */
function acknowledgeAutoDeleteProvider(stack: Stack, purpose: string): void {
  acknowledgeCdkProvider(stack, {
    resourceType: 'Custom::S3AutoDeleteObjects',
    purpose,
    runs: 'only when a bucket is deleted',
    noVpc: 'it calls only the S3 API and holds no data of its own',
    failing: 'the stack deletion',
  });
}

/**
 * `logAccessLogs` needs a concrete region to pick the principal that delivers the logs (the
 * regional ELB account in Regions older than August 2022, the log-delivery service principal in
 * newer ones). In a region-agnostic stack, grant the service principal, and the regional ELB
 * account looked up in a mapping (the stack's own account where there is none).
 * @internal
 */
export function enableAccessLogs(loadBalancer: elbv2.ApplicationLoadBalancer, bucket: s3.Bucket): void {
  const stack = Stack.of(loadBalancer);
  if (!Token.isUnresolved(stack.region)) {
    loadBalancer.logAccessLogs(bucket);
    return;
  }
  loadBalancer.setAttribute('access_logs.s3.enabled', 'true');
  loadBalancer.setAttribute('access_logs.s3.bucket', bucket.bucketName);
  loadBalancer.setAttribute('access_logs.s3.prefix', '');
  const objects = bucket.arnForObjects(`AWSLogs/${stack.account}/*`);
  const elbAccount = stack.regionalFact(FactName.ELBV2_ACCOUNT, NO_ELB_ACCOUNT);
  const conditionId = 'PavedRoadElbLogsByServicePrincipal';
  const condition = (stack.node.tryFindChild(conditionId) as CfnCondition | undefined) ?? new CfnCondition(stack, conditionId, {
    expression: Fn.conditionEquals(elbAccount, NO_ELB_ACCOUNT),
  });
  bucket.addToResourcePolicy(new iam.PolicyStatement({
    actions: ['s3:PutObject'],
    principals: [new iam.ServicePrincipal('logdelivery.elasticloadbalancing.amazonaws.com')],
    resources: [objects],
  }));
  bucket.addToResourcePolicy(new iam.PolicyStatement({
    actions: ['s3:PutObject'],
    principals: [new iam.ArnPrincipal(Fn.conditionIf(condition.logicalId,
      `arn:${Aws.PARTITION}:iam::${Aws.ACCOUNT_ID}:root`,
      `arn:${Aws.PARTITION}:iam::${elbAccount}:root`).toString())],
    resources: [objects],
  }));
  if (bucket.policy) loadBalancer.node.addDependency(bucket.policy);
}

const NO_ELB_ACCOUNT = 'none';
