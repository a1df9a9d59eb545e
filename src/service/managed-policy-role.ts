import * as iam from 'aws-cdk-lib/aws-iam';
import { Construct } from 'constructs';

/**
 * A role whose grants land in one customer-managed policy instead of CDK's inline `DefaultPolicy`
 * (NIST 800-53, HIPAA and PCI DSS refuse inline policies). Everything that grants to the role,
 * CDK itself (`bucket.grantRead(service)`, ECR pulls, log delivery) or the user, works unchanged.
 * The policy is created on the first statement, so a role nobody grants to has none.
 *
 * @internal
 */
export class ManagedPolicyRole extends iam.Role {
  private managedPolicy?: iam.ManagedPolicy;

  constructor(scope: Construct, id: string, props: iam.RoleProps) {
    super(scope, id, props);
  }

  /** The customer-managed policy holding every grant, once there is one. */
  public get grantsPolicy(): iam.ManagedPolicy | undefined {
    return this.managedPolicy;
  }

  public addToPrincipalPolicy(statement: iam.PolicyStatement): iam.AddToPrincipalPolicyResult {
    if (!this.managedPolicy) {
      this.managedPolicy = new iam.ManagedPolicy(this, 'Grants', {
        description: `Grants of ${this.node.path}`,
        roles: [this],
      });
    }
    this.managedPolicy.addStatements(statement);
    return { statementAdded: true, policyDependable: this.managedPolicy };
  }
}
