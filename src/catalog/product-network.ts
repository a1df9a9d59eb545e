import { CfnParameter, Fn } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as ecs from 'aws-cdk-lib/aws-ecs';
import { Construct } from 'constructs';
import { Profile } from '../core/profile';
import { IPavedRoadNetwork } from '../network/network-props';

/**
 * The environment's shared network, rebuilt inside a product template from the SSM parameters a
 * `PavedRoadNetwork` publishes with `parameterPrefix` in the account the product is provisioned in.
 *
 * Every value is an SSM-typed CloudFormation parameter (`AWS::SSM::Parameter::Value<...>`) whose
 * default is the parameter name, so CloudFormation reads the network at provisioning time in the
 * target account and a template works in every account the portfolio is shared with. The number of
 * AZs must be known when the template is built (it fixes how many subnets the template refers to).
 *
 * @internal
 */
export class ProductNetwork extends Construct implements IPavedRoadNetwork {
  public readonly vpc: ec2.IVpc;
  public readonly cluster: ecs.ICluster;
  public readonly workloadSubnets: ec2.SubnetSelection = { subnetType: ec2.SubnetType.PRIVATE_WITH_EGRESS };
  public readonly dataSubnets: ec2.SubnetSelection = { subnetType: ec2.SubnetType.PRIVATE_ISOLATED };
  public readonly publicSubnets: ec2.SubnetSelection = { subnetType: ec2.SubnetType.PUBLIC };

  constructor(scope: Construct, id: string, prefix: string, azCount: number, public readonly profile: Profile) {
    super(scope, id);
    const value = (logicalId: string, name: string, description: string) => new CfnParameter(scope, logicalId, {
      type: 'AWS::SSM::Parameter::Value<String>',
      default: `${prefix}/${name}`,
      description: `SSM parameter holding ${description} (published by the platform's PavedRoadNetwork).`,
    }).valueAsString;
    const list = (logicalId: string, name: string, description: string) =>
      Fn.split(',', value(logicalId, name, `${description}, comma-separated`), azCount);

    this.vpc = ec2.Vpc.fromVpcAttributes(this, 'Vpc', {
      vpcId: value('NetworkVpcId', 'vpc-id', 'the VPC id'),
      vpcCidrBlock: value('NetworkVpcCidrBlock', 'vpc-cidr-block', "the VPC's CIDR block"),
      availabilityZones: list('NetworkAvailabilityZones', 'availability-zones', 'the Availability Zones'),
      publicSubnetIds: list('NetworkPublicSubnetIds', 'public-subnet-ids', 'the public subnet ids'),
      privateSubnetIds: list('NetworkWorkloadSubnetIds', 'workload-subnet-ids', 'the workload subnet ids'),
      isolatedSubnetIds: list('NetworkDataSubnetIds', 'data-subnet-ids', 'the data subnet ids'),
    });
    this.cluster = ecs.Cluster.fromClusterAttributes(this, 'Cluster', {
      clusterName: value('NetworkClusterName', 'cluster-name', 'the ECS cluster name'),
      clusterArn: value('NetworkClusterArn', 'cluster-arn', 'the ECS cluster ARN'),
      vpc: this.vpc,
      securityGroups: [],
    });
  }
}
