import { Stack } from 'aws-cdk-lib';
import * as ecs from 'aws-cdk-lib/aws-ecs';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';

/**
 * Lets `grantee` read a secret that a paved-road construct created and encrypted with its own key,
 * through the grantee's identity policy alone.
 *
 * `secret.grantRead` also grants decryption in the key's policy, naming the grantee. When the
 * grantee lives in another stack (services in their own stacks, the database in a data stack), the
 * data stack then depends on the service stack while the service stack depends on the data stack
 * for the secret: CDK refuses to synthesize the cycle. The keys the paved-road constructs create
 * keep CDK's default key policy, which lets the account's IAM policies use the key, and the secret
 * adds the same for use through Secrets Manager; so an identity-policy statement is enough, and
 * the key's stack never needs to know who reads the secret.
 *
 * @param key the customer managed key the construct created and encrypted the secret with
 * @internal
 */
export function grantOwnSecretRead(secret: secretsmanager.ISecret, key: kms.IKey, grantee: iam.IGrantable): iam.Grant {
  iam.Grant.addToPrincipal({
    grantee,
    actions: ['kms:Decrypt'],
    resourceArns: [key.keyArn],
    conditions: { StringEquals: { 'kms:ViaService': `secretsmanager.${Stack.of(secret).region}.amazonaws.com` } },
  });
  return iam.Grant.addToPrincipal({
    grantee,
    actions: ['secretsmanager:GetSecretValue', 'secretsmanager:DescribeSecret'],
    resourceArns: [secret.secretArn],
  });
}

/** One JSON field of a secret for a container, read as `grantOwnSecretRead` grants it. */
class OwnSecretField extends ecs.Secret {
  public readonly arn: string;
  public readonly hasField = true;

  constructor(private readonly secret: secretsmanager.ISecret, private readonly key: kms.IKey, field: string) {
    super();
    // The format ecs.Secret.fromSecretsManager gives a field: <secret ARN>:<json key>:<version stage>:<version id>
    this.arn = `${secret.secretArn}:${field}::`;
  }

  public grantRead(grantee: iam.IGrantable): iam.Grant {
    return grantOwnSecretRead(this.secret, this.key, grantee);
  }
}

/**
 * A JSON field of a secret as a container secret: `ecs.Secret.fromSecretsManager(secret, field)`,
 * granted as `grantOwnSecretRead` grants. Without `key` (a secret the team brought, whose key
 * policy is not ours to rely on) it is exactly `ecs.Secret.fromSecretsManager`.
 * @internal
 */
export function secretField(secret: secretsmanager.ISecret, key: kms.IKey | undefined, field: string): ecs.Secret {
  return key ? new OwnSecretField(secret, key, field) : ecs.Secret.fromSecretsManager(secret, field);
}
