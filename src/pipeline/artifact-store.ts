import { Duration, RemovalPolicy } from 'aws-cdk-lib';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { Construct } from 'constructs';
import { acknowledgeAccessLogBucket, acknowledgeNoReplication } from './acknowledgments';
import { createRotatedKey } from '../core/keys';

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
  acknowledgeAccessLogBucket(accessLogBucket, loggedBucket);
  acknowledgeNoReplication(accessLogBucket);
  return accessLogBucket;
}
