import { IAspect } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import { IConstruct } from 'constructs';

const SID = 'DenyGrantsExceptForAwsServices';

/**
 * Adds to every KMS key below a paved-road construct a statement that lets only AWS services
 * create grants on it (AWS Control Tower proactive control CT.KMS.PR.3): RDS, ElastiCache,
 * Secrets Manager and CloudWatch Logs keep working, a principal granting itself access does not.
 *
 * @internal
 */
export class KeyPolicyHardening implements IAspect {
  public visit(node: IConstruct): void {
    if (!(node instanceof kms.Key)) return;
    if (node.node.tryGetContext('@paved-road/skip-key-hardening')) return;
    const policy = (node as unknown as { policy?: iam.PolicyDocument }).policy;
    if (policy && JSON.stringify(policy.toJSON()).includes(SID)) return;
    node.addToResourcePolicy(new iam.PolicyStatement({
      sid: SID,
      effect: iam.Effect.DENY,
      principals: [new iam.AnyPrincipal()],
      actions: ['kms:CreateGrant'],
      resources: ['*'],
      conditions: { BoolIfExists: { 'kms:GrantIsForAWSResource': 'false', 'aws:PrincipalIsAWSService': 'false' } },
    }));
  }
}
