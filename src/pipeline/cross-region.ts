import { Duration, RemovalPolicy, Stack, Tags } from 'aws-cdk-lib';
import * as cp from 'aws-cdk-lib/aws-codepipeline';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { Construct } from 'constructs';
import { acknowledgeNoReplication } from './acknowledgments';
import { createAccessLogBucket } from './artifact-store';

/** @internal */
export interface CrossRegionHardeningOptions {
  readonly removalPolicy: RemovalPolicy;
  readonly artifactRetentionDays: number;
  readonly accessLogRetentionDays: number;
  /** Tags of the pipeline (owner, profile...) for the support stacks, which live outside it. */
  readonly tags: { [key: string]: string };
}

/**
 * Hardens the replication bucket CodePipeline puts in a support stack per other region (stages
 * deployed to another region): versioned, access-logged to a log bucket in the same stack,
 * lifecycle-limited, with the profile's removal policy. Returns the S3 object ARNs the pipeline
 * role is granted on, for its acknowledgment.
 *
 * @internal
 */
export function hardenCrossRegionSupport(pipeline: cp.Pipeline, options: CrossRegionHardeningOptions): string[] {
  const objectResources: string[] = [];
  for (const support of Object.values(pipeline.crossRegionSupport)) {
    const bucket = support.replicationBucket;
    if (!(bucket instanceof s3.Bucket)) continue; // a bucket the team passed in is theirs to harden
    const stack = support.stack;
    for (const [key, value] of Object.entries(options.tags)) Tags.of(stack).add(key, value);

    const cfn = bucket.node.defaultChild as s3.CfnBucket;
    cfn.versioningConfiguration = { status: 'Enabled' };
    bucket.addLifecycleRule({
      expiration: Duration.days(options.artifactRetentionDays),
      noncurrentVersionExpiration: Duration.days(7),
      abortIncompleteMultipartUploadAfter: Duration.days(1),
    });
    bucket.applyRemovalPolicy(options.removalPolicy);
    for (const child of bucket.node.scope!.node.children) {
      if (child instanceof kms.Key) child.applyRemovalPolicy(options.removalPolicy);
    }

    const logs = createAccessLogBucket(bucket.node.scope as Construct, options, `the ${stack.region} replication bucket of pipeline ${pipeline.node.path}`);
    cfn.loggingConfiguration = { destinationBucketName: logs.bucketName, logFilePrefix: 'replication-bucket/' };
    logs.addToResourcePolicy(new iam.PolicyStatement({
      sid: 'S3ServerAccessLogsPolicy',
      principals: [new iam.ServicePrincipal('logging.s3.amazonaws.com')],
      actions: ['s3:PutObject'],
      resources: [logs.arnForObjects('replication-bucket/*')],
      conditions: { ArnLike: { 'aws:SourceArn': bucket.bucketArn }, StringEquals: { 'aws:SourceAccount': Stack.of(bucket).account } },
    }));
    acknowledgeNoReplication(bucket);
    const name = Stack.of(pipeline).resolve(bucket.bucketName);
    if (typeof name === 'string') objectResources.push(`Resource::arn:<AWS::Partition>:s3:::${name}/*`);
  }
  return objectResources;
}
