import { Construct } from 'constructs';

/** The tag marking every taggable resource a product's templates create with the product's key. @internal */
export const PRODUCT_TAG = 'paved-road:product';

/**
 * What the launch role of one product may touch, and how the product's templates mark what they
 * create so that it can: a key unique to the product, the tag carrying it, the IAM path of the
 * roles and customer-managed policies the templates create, the name of the permissions boundary
 * those roles carry, and the name prefix of the buckets the templates create.
 *
 * The values are literal strings: product templates are copied by Service Catalog and provisioned
 * in every account the portfolio is shared with, so they cannot refer to the portfolio stack.
 *
 * @internal
 */
export interface LaunchScope {
  /** 10 lowercase hex characters unique to the product (from its construct path). */
  readonly key: string;
  /** `/paved-road-product/<key>/`: the path of every role and customer-managed policy the templates create. */
  readonly iamPath: string;
  /** `paved-road-boundary-<key>`: the managed policy every role the templates create must carry as its boundary. */
  readonly boundaryName: string;
  /** `paved-road-<key>-`: the start of the name of every bucket the templates create. */
  readonly bucketPrefix: string;
}

/** The launch scope of the product `product`. @internal */
export function launchScopeOf(product: Construct): LaunchScope {
  const key = product.node.addr.slice(0, 10);
  return {
    key,
    iamPath: `/paved-road-product/${key}/`,
    boundaryName: `paved-road-boundary-${key}`,
    bucketPrefix: `paved-road-${key}-`,
  };
}

/**
 * The services a product template passes roles to, by the resource type that takes the role: a
 * task definition passes its task and execution roles to ECS tasks, a function its execution role
 * to Lambda, a database instance its Enhanced Monitoring role to RDS monitoring.
 *
 * @internal
 */
export const ROLE_PASSING_RESOURCES: { [resourceType: string]: string } = {
  'AWS::ECS::TaskDefinition': 'ecs-tasks.amazonaws.com',
  'AWS::Lambda::Function': 'lambda.amazonaws.com',
  'AWS::RDS::DBInstance': 'monitoring.rds.amazonaws.com',
};

/**
 * The AWS managed policies product templates attach to the roles they create (RDS Enhanced
 * Monitoring, and the CDK custom-resource providers' log writing). @internal
 */
export const AWS_MANAGED_POLICIES = [
  'service-role/AmazonRDSEnhancedMonitoringRole',
  'service-role/AWSLambdaBasicExecutionRole',
];

/**
 * The service-linked roles the services a golden path uses create on first use in an account
 * (service name and role name, from each service's "Using service-linked roles" page). @internal
 */
export const SERVICE_LINKED_ROLES: Array<{ service: string; roleName: string }> = [
  { service: 'ecs.amazonaws.com', roleName: 'AWSServiceRoleForECS' },
  { service: 'elasticloadbalancing.amazonaws.com', roleName: 'AWSServiceRoleForElasticLoadBalancing' },
  { service: 'ecs.application-autoscaling.amazonaws.com', roleName: 'AWSServiceRoleForApplicationAutoScaling_ECSService' },
  { service: 'rds.amazonaws.com', roleName: 'AWSServiceRoleForRDS' },
  { service: 'elasticache.amazonaws.com', roleName: 'AWSServiceRoleForElastiCache' },
];
