import { priceCluster } from './container-insights';
import { priceCacheCluster, priceDbCluster, priceDbInstance, priceReplicationGroup } from './data-pricers';
import { priceEc2Instance } from './ec2-pricer';
import { priceEcsService } from './fargate-pricer';
import {
  priceAlarm, priceCompositeAlarm, priceDashboard, priceKmsKey, priceLogGroup, priceScalingPolicy, priceSecret, priceWebAcl,
} from './management-pricers';
import { priceElasticIp, priceHostedZone, priceLoadBalancer, priceNatGateway, priceVpcEndpoint } from './network-pricers';
import { line, Pricer, str, unpriced } from './template-values';

/**
 * Resource types with a price in the table.
 * @internal
 */
export const PRICERS: Record<string, Pricer> = {
  'AWS::ECS::Service': priceEcsService,
  'AWS::ECS::Cluster': priceCluster,
  'AWS::ElasticLoadBalancingV2::LoadBalancer': priceLoadBalancer,
  'AWS::EC2::NatGateway': priceNatGateway,
  'AWS::EC2::EIP': priceElasticIp,
  'AWS::EC2::Instance': priceEc2Instance,
  'AWS::EC2::VPCEndpoint': priceVpcEndpoint,
  'AWS::Route53::HostedZone': priceHostedZone,
  'AWS::RDS::DBInstance': priceDbInstance,
  'AWS::RDS::DBCluster': priceDbCluster,
  'AWS::ElastiCache::ReplicationGroup': priceReplicationGroup,
  'AWS::ElastiCache::CacheCluster': priceCacheCluster,
  'AWS::KMS::Key': priceKmsKey,
  'AWS::KMS::ReplicaKey': priceKmsKey,
  'AWS::SecretsManager::Secret': priceSecret,
  'AWS::CloudWatch::Alarm': priceAlarm,
  'AWS::CloudWatch::CompositeAlarm': priceCompositeAlarm,
  'AWS::ApplicationAutoScaling::ScalingPolicy': priceScalingPolicy,
  'AWS::AutoScaling::ScalingPolicy': priceScalingPolicy,
  'AWS::CloudWatch::Dashboard': priceDashboard,
  'AWS::WAFv2::WebACL': priceWebAcl,
  'AWS::Logs::LogGroup': priceLogGroup,
  'AWS::DynamoDB::Table': (ctx, _id, p) => (str(ctx, p.BillingMode) === 'PAY_PER_REQUEST'
    ? usage('on-demand capacity: requests and storage')
    : unpriced('provisioned capacity (read and write capacity units) is not in the table')),
  'AWS::CodePipeline::Pipeline': (ctx, _id, p) => (str(ctx, p.PipelineType) === 'V2'
    ? usage('V2 pipeline: action execution minutes')
    : unpriced('V1 pipelines cost a fixed fee per active pipeline, not in the table')),
  'AWS::SSM::Parameter': (ctx, _id, p) => (str(ctx, p.Tier) === 'Advanced' || str(ctx, p.Tier) === 'Intelligent-Tiering'
    ? unpriced('advanced parameters cost a fixed fee per parameter-month, not in the table')
    : { kind: 'free' }),
  'AWS::CloudFormation::Stack': () => unpriced('nested stack: estimate its own template'),
};

/** A line for a resource billed by use only, with no use assumed. */
function usage(what: string) {
  return line(0, `billed by use (${what}); no use assumed`, ['no use assumed'], true);
}

/**
 * Resource types billed by use only: listed as $0 lines marked `usageBased`, so that a reader sees
 * what the figure leaves out.
 * @internal
 */
export const USAGE_BASED: Record<string, string> = {
  'AWS::S3::Bucket': 'storage and requests',
  'AWS::Lambda::Function': 'requests and duration',
  'AWS::SQS::Queue': 'requests',
  'AWS::SNS::Topic': 'publishes and deliveries',
  'AWS::Events::EventBus': 'custom events',
  'AWS::Scheduler::Schedule': 'invocations',
  'AWS::StepFunctions::StateMachine': 'state transitions or requests and duration',
  'AWS::CodeBuild::Project': 'build minutes',
  'AWS::ECR::Repository': 'storage and transfer',
  'AWS::EC2::FlowLog': 'log delivery; a CloudWatch Logs destination in this template is priced on its log group',
  'AWS::Logs::MetricFilter': 'custom metrics published',
  'AWS::ApiGateway::RestApi': 'requests',
  'AWS::ApiGatewayV2::Api': 'requests',
  'AWS::CloudFront::Distribution': 'requests and transfer',
  'AWS::Cognito::UserPool': 'monthly active users',
  'AWS::CloudTrail::Trail': 'events beyond the first trail',
  'AWS::Backup::BackupVault': 'backup storage',
  'AWS::Synthetics::Canary': 'canary runs',
};

/** Resource type prefixes that are free in themselves. */
const FREE_PREFIXES = ['AWS::IAM::', 'Custom::', 'AWS::CDK::'];

/**
 * Resource types that cost nothing in themselves (their cost, if any, is in another resource).
 * Counted in `freeResourceCount`, not listed.
 * @internal
 */
export const FREE_TYPES = new Set<string>([
  // VPC plumbing
  'AWS::EC2::VPC', 'AWS::EC2::Subnet', 'AWS::EC2::RouteTable', 'AWS::EC2::Route', 'AWS::EC2::SubnetRouteTableAssociation',
  'AWS::EC2::InternetGateway', 'AWS::EC2::VPCGatewayAttachment', 'AWS::EC2::EgressOnlyInternetGateway', 'AWS::EC2::VPCCidrBlock',
  'AWS::EC2::SecurityGroup', 'AWS::EC2::SecurityGroupIngress', 'AWS::EC2::SecurityGroupEgress', 'AWS::EC2::NetworkAcl',
  'AWS::EC2::NetworkAclEntry', 'AWS::EC2::SubnetNetworkAclAssociation', 'AWS::EC2::DHCPOptions', 'AWS::EC2::VPCDHCPOptionsAssociation',
  'AWS::EC2::LaunchTemplate', 'AWS::EC2::PrefixList', 'AWS::EC2::EIPAssociation',
  // ECS: tasks are priced through their service
  'AWS::ECS::TaskDefinition', 'AWS::ECS::ClusterCapacityProviderAssociations',
  'AWS::ApplicationAutoScaling::ScalableTarget',
  // Load balancer parts: priced through the load balancer
  'AWS::ElasticLoadBalancingV2::Listener', 'AWS::ElasticLoadBalancingV2::ListenerRule', 'AWS::ElasticLoadBalancingV2::TargetGroup',
  'AWS::ElasticLoadBalancingV2::ListenerCertificate',
  // Databases and caches: settings
  'AWS::RDS::DBSubnetGroup', 'AWS::RDS::DBParameterGroup', 'AWS::RDS::DBClusterParameterGroup', 'AWS::RDS::OptionGroup',
  'AWS::ElastiCache::SubnetGroup', 'AWS::ElastiCache::ParameterGroup', 'AWS::ElastiCache::User', 'AWS::ElastiCache::UserGroup',
  // Keys, secrets, topics, queues, buckets: policies and attachments
  'AWS::KMS::Alias', 'AWS::SecretsManager::SecretTargetAttachment', 'AWS::SecretsManager::RotationSchedule',
  'AWS::SecretsManager::ResourcePolicy', 'AWS::SNS::Subscription', 'AWS::SNS::TopicPolicy', 'AWS::SNS::TopicInlinePolicy',
  'AWS::SQS::QueuePolicy', 'AWS::S3::BucketPolicy', 'AWS::Lambda::Permission', 'AWS::Lambda::EventSourceMapping',
  'AWS::Lambda::Version', 'AWS::Lambda::Alias', 'AWS::Lambda::Url', 'AWS::Lambda::EventInvokeConfig', 'AWS::Logs::ResourcePolicy',
  'AWS::Logs::SubscriptionFilter', 'AWS::ECR::RepositoryPolicy', 'AWS::Events::Rule', 'AWS::Events::EventBusPolicy',
  // Certificates, DNS records, WAF parts, notifications
  'AWS::CertificateManager::Certificate', 'AWS::Route53::RecordSet', 'AWS::Route53::RecordSetGroup',
  'AWS::WAFv2::WebACLAssociation', 'AWS::WAFv2::LoggingConfiguration', 'AWS::WAFv2::IPSet', 'AWS::WAFv2::RegexPatternSet',
  'AWS::WAFv2::RuleGroup', 'AWS::CodeStarNotifications::NotificationRule', 'AWS::CloudWatch::AnomalyDetector',
  'AWS::Backup::BackupPlan', 'AWS::Backup::BackupSelection',
  // CloudFormation itself
  'AWS::CloudFormation::WaitCondition', 'AWS::CloudFormation::WaitConditionHandle', 'AWS::CloudFormation::CustomResource',
]);

/** Whether a resource type is free in itself. @internal */
export function isFreeType(type: string): boolean {
  return FREE_TYPES.has(type) || FREE_PREFIXES.some((prefix) => type.startsWith(prefix));
}
