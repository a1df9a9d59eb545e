import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as ecs from 'aws-cdk-lib/aws-ecs';
import * as ssm from 'aws-cdk-lib/aws-ssm';
import { Construct } from 'constructs';
import { Profile } from '../core/profile';
import { IPavedRoadNetwork } from '../network/network-props';

/**
 * The shared dev network, rebuilt inside a preview stack from the SSM parameters `PavedRoadNetwork`
 * publishes under `prefix` (`<prefix>/vpc-id`, `<prefix>/cluster-name`, `<prefix>/cluster-arn`).
 *
 * The VPC id is read at synth time (`StringParameter.valueFromLookup`) and the VPC with its subnets looked
 * up by id (`Vpc.fromLookup`): the CDK CLI resolves both with the deploying credentials and caches them in
 * cdk.context.json; a synth without them (tests) gets CDK's dummy values. The cluster name and ARN are
 * resolved by CloudFormation at deploy time (SSM parameter types), so a replaced cluster needs no new synth.
 * Subnets are selected by the group names `PavedRoadNetwork` gives them (Workload, Data, Public).
 *
 * @internal
 */
export class ImportedPreviewNetwork extends Construct implements IPavedRoadNetwork {
  public readonly vpc: ec2.IVpc;
  public readonly cluster: ecs.ICluster;
  public readonly workloadSubnets: ec2.SubnetSelection = { subnetGroupName: 'Workload' };
  public readonly dataSubnets: ec2.SubnetSelection = { subnetGroupName: 'Data' };
  public readonly publicSubnets: ec2.SubnetSelection = { subnetGroupName: 'Public' };
  public readonly profile = Profile.PREVIEW;

  constructor(scope: Construct, id: string, prefix: string) {
    super(scope, id);
    const vpcId = ssm.StringParameter.valueFromLookup(this, `${prefix}/vpc-id`);
    this.vpc = ec2.Vpc.fromLookup(this, 'Vpc', { vpcId });
    this.cluster = ecs.Cluster.fromClusterAttributes(this, 'Cluster', {
      clusterName: ssm.StringParameter.valueForStringParameter(this, `${prefix}/cluster-name`),
      clusterArn: ssm.StringParameter.valueForStringParameter(this, `${prefix}/cluster-arn`),
      vpc: this.vpc,
      securityGroups: [],
    });
  }
}
