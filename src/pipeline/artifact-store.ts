import { Duration, RemovalPolicy } from 'aws-cdk-lib';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { Construct } from 'constructs';
import { acknowledge } from '../core/acknowledge';
import { createRotatedKey } from '../core/keys';
import { AwsSolutionsRule, nistHipaaPci } from '../core/rule-ids';

/** @internal */
export interface ArtifactStoreProps {
  readonly removalPolicy: RemovalPolicy;
  readonly artifactRetentionDays: number;
  readonly accessLogRetentionDays: number;
}

/**
 * The pipeline's artifact bucket (KMS-encrypted with a rotated key, SSL-only, versioned, access-logged,
 * lifecycle-limited, no public access) and the bucket that receives its access logs.
 *
 * Construct ids `ArtifactKey`, `ArtifactBucket` and `AccessLogBucket` are stable (stateful).
 *
 * @internal
 */
export function createArtifactStore(scope: Construct, props: ArtifactStoreProps): { key: kms.Key; bucket: s3.Bucket; accessLogBucket: s3.Bucket } {
  const key = createRotatedKey(scope, 'ArtifactKey', `Encrypts the pipeline artifacts of ${scope.node.path}`, props.removalPolicy);

  const accessLogBucket = createAccessLogBucket(scope, props, 'the pipeline artifact bucket');

  const bucket = new s3.Bucket(scope, 'ArtifactBucket', {
    encryption: s3.BucketEncryption.KMS,
    encryptionKey: key,
    bucketKeyEnabled: true,
    blockPublicAccess: s3.BlockPublicAccess.BLOCK_ALL,
    objectOwnership: s3.ObjectOwnership.BUCKET_OWNER_ENFORCED,
    enforceSSL: true,
    versioned: true,
    serverAccessLogsBucket: accessLogBucket,
    serverAccessLogsPrefix: 'artifact-bucket/',
    removalPolicy: props.removalPolicy,
    lifecycleRules: [{
      expiration: Duration.days(props.artifactRetentionDays),
      noncurrentVersionExpiration: Duration.days(7),
      abortIncompleteMultipartUploadAfter: Duration.days(1),
    }],
  });

  acknowledgeNoReplication(bucket);
  return { key, bucket, accessLogBucket };
}

/**
 * A bucket for S3 server access logs: SSE-S3 (the only default encryption log delivery supports),
 * SSL-only, versioned, no public access, lifecycle-limited. Construct id `AccessLogBucket`.
 *
 * @internal
 */
export function createAccessLogBucket(scope: Construct, props: Omit<ArtifactStoreProps, 'artifactRetentionDays'>, loggedBucket: string): s3.Bucket {
  const accessLogBucket = new s3.Bucket(scope, 'AccessLogBucket', {
    // S3 server access log delivery supports only SSE-S3 default encryption on the target bucket.
    encryption: s3.BucketEncryption.S3_MANAGED,
    blockPublicAccess: s3.BlockPublicAccess.BLOCK_ALL,
    objectOwnership: s3.ObjectOwnership.BUCKET_OWNER_ENFORCED,
    enforceSSL: true,
    versioned: true,
    removalPolicy: props.removalPolicy,
    lifecycleRules: [{
      expiration: Duration.days(props.accessLogRetentionDays),
      noncurrentVersionExpiration: Duration.days(1),
      abortIncompleteMultipartUploadAfter: Duration.days(1),
    }],
  });
  acknowledge(accessLogBucket, [
    {
      rules: [AwsSolutionsRule.S1, ...nistHipaaPci('S3BucketLoggingEnabled')],
      reason: `This bucket is the server access log target of ${loggedBucket}; logging it too would need another log bucket without end.`,
    },
    {
      rules: nistHipaaPci('S3DefaultEncryptionKMS'),
      reason: 'S3 server access log delivery supports only SSE-S3 default encryption on its target bucket, so this log bucket cannot use a KMS key.',
    },
  ], true);
  acknowledgeNoReplication(accessLogBucket);
  return accessLogBucket;
}

/** @internal */
export function acknowledgeNoReplication(bucket: s3.IBucket): void {
  acknowledge(bucket, [{
    rules: nistHipaaPci('S3BucketReplicationEnabled'),
    reason: `${bucket.node.path} holds short-lived pipeline data (build artifacts or their access logs) that every pipeline run recreates from source; a replica in another region would add cost without a recovery need.`,
  }], true);
}
