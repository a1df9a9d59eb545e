import { Duration, RemovalPolicy, Stack, Token } from 'aws-cdk-lib';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { Construct } from 'constructs';
import { acknowledge } from '../core/acknowledge';
import { createRotatedKey } from '../core/keys';
import { AwsSolutionsRule, nistHipaaPci } from '../core/rule-ids';

/**
 * The bucket Service Catalog reads product-stack assets from (KMS-encrypted with a rotated key,
 * SSL-only, versioned, access-logged, no public access) and the bucket its access logs go to.
 * Construct ids `AssetKey`, `AssetBucket` and `AssetAccessLogBucket` are stable (stateful).
 *
 * @internal
 */
export function createAssetBucket(scope: Construct, removalPolicy: RemovalPolicy): { key: kms.Key; bucket: s3.Bucket; accessLogBucket: s3.Bucket } {
  const key = createRotatedKey(scope, 'AssetKey', `Encrypts the Service Catalog product assets of ${scope.node.path}`, removalPolicy);
  const accessLogBucket = new s3.Bucket(scope, 'AssetAccessLogBucket', {
    // S3 server access log delivery supports only SSE-S3 default encryption on the target bucket.
    encryption: s3.BucketEncryption.S3_MANAGED,
    blockPublicAccess: s3.BlockPublicAccess.BLOCK_ALL,
    enforceSSL: true,
    versioned: true,
    removalPolicy,
    lifecycleRules: [{
      expiration: Duration.days(365),
      noncurrentVersionExpiration: Duration.days(1),
      abortIncompleteMultipartUploadAfter: Duration.days(1),
    }],
  });
  const bucket = new s3.Bucket(scope, 'AssetBucket', {
    // Product stacks need a literal bucket name: their templates are copied by Service Catalog and
    // cannot refer to this stack. Unique per construct path and (when known) account and region.
    bucketName: assetBucketName(scope),
    encryption: s3.BucketEncryption.KMS,
    encryptionKey: key,
    bucketKeyEnabled: true,
    blockPublicAccess: s3.BlockPublicAccess.BLOCK_ALL,
    objectOwnership: s3.ObjectOwnership.BUCKET_OWNER_ENFORCED,
    enforceSSL: true,
    versioned: true,
    serverAccessLogsBucket: accessLogBucket,
    serverAccessLogsPrefix: 'asset-bucket/',
    removalPolicy,
    lifecycleRules: [{ noncurrentVersionExpiration: Duration.days(30), abortIncompleteMultipartUploadAfter: Duration.days(1) }],
  });
  acknowledge(accessLogBucket, [
    {
      rules: [AwsSolutionsRule.S1, ...nistHipaaPci('S3BucketLoggingEnabled')],
      reason: 'This bucket is the server access log target of the product asset bucket; logging it too would need another log bucket without end.',
    },
    {
      rules: nistHipaaPci('S3DefaultEncryptionKMS'),
      reason: 'S3 server access log delivery supports only SSE-S3 default encryption on its target bucket, so the asset access-log bucket cannot use a KMS key.',
    },
  ], true);
  for (const b of [bucket, accessLogBucket]) {
    acknowledge(b, [{
      rules: nistHipaaPci('S3BucketReplicationEnabled'),
      reason: `${b.node.id} holds product assets (or their access logs) that every synthesis of the portfolio stack re-uploads from the library; a replica in another region would add cost without a recovery need.`,
    }], true);
  }
  return { key, bucket, accessLogBucket };
}

/** `paved-road-assets-<account>-<region>-<hash of the construct path>`, at most 63 characters. @internal */
export function assetBucketName(scope: Construct): string {
  const stack = Stack.of(scope);
  const parts = ['paved-road-assets'];
  if (!Token.isUnresolved(stack.account)) parts.push(stack.account);
  if (!Token.isUnresolved(stack.region)) parts.push(stack.region);
  parts.push(scope.node.addr.slice(0, 10));
  return parts.join('-').slice(0, 63);
}
