import * as ec2 from 'aws-cdk-lib/aws-ec2';
import { NagRuleCompliance } from 'cdk-nag';
import { logicalIdOf, namedRule, references, resolved, RuleCheck, StackResources } from './rule-helpers';

const SUBNET_GROUPS: Record<string, string> = {
  'AWS::RDS::DBSubnetGroup': 'subnetIds',
  'AWS::ElastiCache::SubnetGroup': 'subnetIds',
  'AWS::DocDB::DBSubnetGroup': 'subnetIds',
};

/**
 * PavedRoad-DataNotPublic: no database or cache is reachable from a public subnet: RDS instances
 * are not publicly accessible, and database and cache subnet groups hold no public subnet.
 * @internal
 */
export function dataNotPublic(resources: StackResources): RuleCheck {
  return namedRule('DataNotPublic', (node) => {
    if (node.cfnResourceType === 'AWS::RDS::DBInstance') {
      return resolved(node, (node as any).publiclyAccessible) === true ? ['publicly-accessible'] : NagRuleCompliance.COMPLIANT;
    }
    const prop = SUBNET_GROUPS[node.cfnResourceType];
    if (!prop) return NagRuleCompliance.NOT_APPLICABLE;
    const subnetIds = resolved(node, (node as any)[prop]);
    const publicSubnets = resources.ofType(node, 'AWS::EC2::Subnet')
      .filter((s) => s.node.scope instanceof ec2.PublicSubnet || resolved(s, (s as any).mapPublicIpOnLaunch) === true)
      .filter((s) => references(subnetIds, logicalIdOf(s)));
    return publicSubnets.length === 0 ? NagRuleCompliance.COMPLIANT : publicSubnets.map((s) => `public-subnet::${s.node.path}`);
  });
}
