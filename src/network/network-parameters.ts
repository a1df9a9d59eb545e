/**
 * Names (below `parameterPrefix`) of the SSM String parameters a `PavedRoadNetwork` publishes.
 */
export class PavedRoadNetworkParameters {
  /** The VPC id. */
  public static readonly VPC_ID = 'vpc-id';
  /** The VPC's primary IPv4 CIDR block (absent when an adopted VPC was imported without it). */
  public static readonly VPC_CIDR_BLOCK = 'vpc-cidr-block';
  /** The AZs of the workload subnets, comma-separated. */
  public static readonly AVAILABILITY_ZONES = 'availability-zones';
  /** The public subnet ids, comma-separated (absent when the network has none). */
  public static readonly PUBLIC_SUBNET_IDS = 'public-subnet-ids';
  /** The workload subnet ids, comma-separated. */
  public static readonly WORKLOAD_SUBNET_IDS = 'workload-subnet-ids';
  /** The data subnet ids, comma-separated (absent when the network has none). */
  public static readonly DATA_SUBNET_IDS = 'data-subnet-ids';
  /** The ECS cluster name. */
  public static readonly CLUSTER_NAME = 'cluster-name';
  /** The ECS cluster ARN. */
  public static readonly CLUSTER_ARN = 'cluster-arn';
  /** The profile the network was built for. */
  public static readonly PROFILE = 'profile';
  /** `true` when workloads reach AWS only through VPC endpoints, else `false`. */
  public static readonly VPC_ENDPOINTS_ONLY = 'vpc-endpoints-only';
  /** The ARN of the listener previews add their rules to (with `previewLoadBalancer`). */
  public static readonly PREVIEW_LISTENER_ARN = 'preview-listener-arn';
  /** The ARN of the load balancer previews share (with `previewLoadBalancer`). */
  public static readonly PREVIEW_LOAD_BALANCER_ARN = 'preview-load-balancer-arn';
  /** The security group of the load balancer previews share: preview tasks admit it (with `previewLoadBalancer`). */
  public static readonly PREVIEW_LOAD_BALANCER_SECURITY_GROUP_ID = 'preview-load-balancer-security-group-id';
  /** The DNS name of the load balancer previews share (with `previewLoadBalancer`). */
  public static readonly PREVIEW_LOAD_BALANCER_DNS_NAME = 'preview-load-balancer-dns-name';
  /** The URL previews append their path to, `http(s)://<name>` (with `previewLoadBalancer`). */
  public static readonly PREVIEW_URL = 'preview-url';
  /** The bucket of the access logs of the load balancer previews share (with `previewLoadBalancer`). */
  public static readonly PREVIEW_ACCESS_LOGS_BUCKET = 'preview-access-logs-bucket';

  private constructor() {}
}
