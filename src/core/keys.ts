import { RemovalPolicy } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import { Construct } from 'constructs';

/**
 * A customer-managed KMS key with yearly rotation, usable (encrypt and decrypt) by `usedBy`. A key
 * guards stateful data: callers keep `id` stable.
 * @internal
 */
export function createRotatedKey(
  scope: Construct, id: string, description: string, removalPolicy: RemovalPolicy, usedBy: iam.IPrincipal[] = [],
): kms.Key {
  const key = new kms.Key(scope, id, { description, enableKeyRotation: true, removalPolicy });
  for (const principal of usedBy) key.grantEncryptDecrypt(principal);
  return key;
}
