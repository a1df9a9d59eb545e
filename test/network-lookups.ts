/**
 * The CDK CLI's cached lookups (cdk.context.json) of a dev network that PavedRoadNetwork published
 * under `parameterPrefix`: the SSM VPC id and the VPC with two AZs of Public, Workload and Data
 * subnets, in account 123456789012, us-east-1.
 */
export function devNetworkLookups(parameterPrefix: string): Record<string, unknown> {
  return {
    [`ssm:account=123456789012:parameterName=${parameterPrefix}/vpc-id:region=us-east-1`]: 'vpc-0dev',
    'vpc-provider:account=123456789012:filter.vpc-id=vpc-0dev:region=us-east-1:returnAsymmetricSubnets=true': {
      vpcId: 'vpc-0dev',
      vpcCidrBlock: '10.0.0.0/16',
      ownerAccountId: '123456789012',
      availabilityZones: [],
      subnetGroups: ['Public', 'Workload', 'Data'].map((name, g) => ({
        name,
        type: name === 'Public' ? 'Public' : name === 'Workload' ? 'Private' : 'Isolated',
        subnets: ['a', 'b'].map((az, i) => ({ subnetId: `subnet-${g}${i}`, cidr: `10.0.${g * 2 + i}.0/24`, availabilityZone: `us-east-1${az}`, routeTableId: `rtb-${g}${i}` })),
      })),
    },
  };
}
