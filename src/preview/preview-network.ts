import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as ecs from 'aws-cdk-lib/aws-ecs';
import * as elbv2 from 'aws-cdk-lib/aws-elasticloadbalancingv2';
import * as s3 from 'aws-cdk-lib/aws-s3';
import * as ssm from 'aws-cdk-lib/aws-ssm';
import { Construct } from 'constructs';
import { Profile } from '../core/profile';
import { PavedRoadNetworkParameters } from '../network/network-parameters';
import { IPavedRoadNetwork, PreviewLoadBalancerAttributes } from '../network/network-props';

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
 * With `sharedLoadBalancer`, the load balancer the dev network's previews share is rebuilt from its
 * `preview-*` parameters the same way (deploy-time values): the preview's services add their
 * listener rules to it. Its security group is imported immutable, so nothing in a preview changes the
 * dev network's resources; the dev network lets it reach any TCP port of the workload subnets.
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
  public readonly previewLoadBalancer?: PreviewLoadBalancerAttributes;

  constructor(scope: Construct, id: string, prefix: string, sharedLoadBalancer: boolean) {
    super(scope, id);
    const vpcId = ssm.StringParameter.valueFromLookup(this, `${prefix}/vpc-id`);
    this.vpc = ec2.Vpc.fromLookup(this, 'Vpc', { vpcId });
    this.cluster = ecs.Cluster.fromClusterAttributes(this, 'Cluster', {
      clusterName: ssm.StringParameter.valueForStringParameter(this, `${prefix}/cluster-name`),
      clusterArn: ssm.StringParameter.valueForStringParameter(this, `${prefix}/cluster-arn`),
      vpc: this.vpc,
      securityGroups: [],
    });
    if (sharedLoadBalancer) this.previewLoadBalancer = importPreviewLoadBalancer(this, prefix);
  }
}

function importPreviewLoadBalancer(scope: Construct, prefix: string): PreviewLoadBalancerAttributes {
  const value = (name: string) => ssm.StringParameter.valueForStringParameter(scope, `${prefix}/${name}`);
  const securityGroup = ec2.SecurityGroup.fromSecurityGroupId(scope, 'PreviewLoadBalancerSecurityGroup',
    value(PavedRoadNetworkParameters.PREVIEW_LOAD_BALANCER_SECURITY_GROUP_ID), { allowAllOutbound: false, mutable: false });
  const loadBalancerArn = value(PavedRoadNetworkParameters.PREVIEW_LOAD_BALANCER_ARN);
  return {
    loadBalancer: elbv2.ApplicationLoadBalancer.fromApplicationLoadBalancerAttributes(scope, 'PreviewLoadBalancer', {
      loadBalancerArn,
      securityGroupId: securityGroup.securityGroupId,
      securityGroupAllowsAllOutbound: false,
      loadBalancerDnsName: value(PavedRoadNetworkParameters.PREVIEW_LOAD_BALANCER_DNS_NAME),
    }),
    listener: elbv2.ApplicationListener.fromApplicationListenerAttributes(scope, 'PreviewListener', {
      listenerArn: value(PavedRoadNetworkParameters.PREVIEW_LISTENER_ARN),
      securityGroup,
    }),
    url: value(PavedRoadNetworkParameters.PREVIEW_URL),
    accessLogsBucket: s3.Bucket.fromBucketName(scope, 'PreviewAccessLogs', value(PavedRoadNetworkParameters.PREVIEW_ACCESS_LOGS_BUCKET)),
  };
}
