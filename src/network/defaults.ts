import * as ec2 from 'aws-cdk-lib/aws-ec2';

/** The address range of a new VPC when `ipAddresses` is not given. @internal */
export const DEFAULT_VPC_CIDR = '10.0.0.0/16';

/** The subnets of a new VPC, in the order CDK allocates them: per AZ, public /24, workload /20, data /24. @internal */
export const NEW_VPC_SUBNET_MASKS = [24, 20, 24];

/** The interface endpoints a new VPC gets (in prod, or with `vpcEndpointsOnly`), by construct id. @internal */
export const INTERFACE_ENDPOINTS: Record<string, ec2.InterfaceVpcEndpointAwsService> = {
  Ecr: ec2.InterfaceVpcEndpointAwsService.ECR,
  EcrDocker: ec2.InterfaceVpcEndpointAwsService.ECR_DOCKER,
  Logs: ec2.InterfaceVpcEndpointAwsService.CLOUDWATCH_LOGS,
  SecretsManager: ec2.InterfaceVpcEndpointAwsService.SECRETS_MANAGER,
  Sts: ec2.InterfaceVpcEndpointAwsService.STS,
};
