/**
 * Fargate prices (Linux) per hour.
 */
export interface FargatePrices {
  /** USD per vCPU-hour, x86_64. */
  readonly x86VcpuHour: number;
  /** USD per GB of memory per hour, x86_64. */
  readonly x86GbHour: number;
  /** USD per vCPU-hour, ARM64 (Graviton). */
  readonly armVcpuHour: number;
  /** USD per GB of memory per hour, ARM64 (Graviton). */
  readonly armGbHour: number;
  /** USD per GB-hour of ephemeral storage above the 20 GB included in every task. */
  readonly ephemeralStorageGbHour: number;
  /** Fraction taken off the on-demand price by Fargate Spot (0.7 = 70% cheaper). Spot prices float; this is a stated assumption. */
  readonly spotDiscount: number;
}

/**
 * Elastic Load Balancing prices.
 */
export interface LoadBalancerPrices {
  /** USD per Application Load Balancer hour. */
  readonly albHour: number;
  /** USD per ALB Load Balancer Capacity Unit (LCU) hour. */
  readonly albLcuHour: number;
  /** USD per Network Load Balancer hour. */
  readonly nlbHour: number;
  /** USD per NLB capacity unit (NLCU) hour. */
  readonly nlcuHour: number;
  /** Capacity units (LCU or NLCU) each load balancer is assumed to use on average, every hour. */
  readonly assumedCapacityUnits: number;
}

/**
 * VPC and DNS prices.
 */
export interface NetworkPrices {
  /** USD per NAT gateway hour. */
  readonly natGatewayHour: number;
  /** USD per GB processed by a NAT gateway. */
  readonly natDataProcessedGb: number;
  /**
   * GB each NAT gateway is assumed to process per month (image pulls that bypass the S3 gateway
   * endpoint, AWS API calls and log delivery from private subnets, outbound calls).
   */
  readonly assumedNatDataProcessedGbPerMonth: number;
  /** USD per public IPv4 address hour (Elastic IPs, in use or not, and the addresses of internet-facing load balancers). */
  readonly publicIpv4Hour: number;
  /** USD per interface VPC endpoint hour, per Availability Zone (subnet) it is placed in. */
  readonly interfaceEndpointAzHour: number;
  /** USD per Route 53 hosted zone per month. */
  readonly hostedZoneMonth: number;
}

/**
 * RDS (non-Aurora) prices other than instance hours.
 */
export interface RdsPrices {
  /** Multiplier of instance hours and storage for a Multi-AZ instance deployment (one standby). */
  readonly multiAzFactor: number;
  /** USD per GB-month of gp3 storage, single-AZ. */
  readonly gp3GbMonth: number;
  /** USD per GB-month of gp2 storage, single-AZ. */
  readonly gp2GbMonth: number;
  /** USD per GB-month of io1/io2 storage, single-AZ (provisioned IOPS are not priced). */
  readonly provisionedIopsGbMonth: number;
  /** USD per GB-month of magnetic (standard) storage, single-AZ. */
  readonly magneticGbMonth: number;
  /**
   * USD per vCPU of the instance for the first month of Performance Insights retention beyond the
   * free 7 days (Database Insights Standard mode keeps this price), per instance (× Multi-AZ factor).
   */
  readonly performanceInsightsFirstMonthVcpu: number;
  /** USD per vCPU of the instance for each further month of Performance Insights retention (up to 24 months in all). */
  readonly performanceInsightsExtraMonthVcpu: number;
}

/**
 * Aurora prices other than provisioned instance hours (Aurora PostgreSQL-Compatible, Standard and I/O-Optimized).
 */
export interface AuroraPrices {
  /** USD per Aurora Capacity Unit (ACU) hour of Aurora Serverless v2, Standard configuration. */
  readonly acuHour: number;
  /** USD per ACU-hour of Aurora Serverless v2, I/O-Optimized configuration. */
  readonly ioOptimizedAcuHour: number;
  /** Multiplier of provisioned instance hours in an I/O-Optimized cluster. */
  readonly ioOptimizedInstanceFactor: number;
  /** USD per GB-month of Aurora storage, Standard. */
  readonly storageGbMonth: number;
  /** USD per GB-month of Aurora storage, I/O-Optimized. */
  readonly ioOptimizedStorageGbMonth: number;
  /** USD per million I/O requests, Standard (I/O-Optimized has none). */
  readonly ioRequestsPerMillion: number;
  /** GB of data each Aurora cluster is assumed to store. */
  readonly assumedStorageGb: number;
  /** Millions of I/O requests each Standard cluster is assumed to make per month. */
  readonly assumedIoRequestsMillionsPerMonth: number;
}

/**
 * ElastiCache prices other than node hours.
 */
export interface ElastiCachePrices {
  /**
   * Fraction taken off the bundled node price when the engine is Valkey (node-based clusters). A
   * node price given in `cacheNodeHour` of an override is the price paid, and is not discounted again.
   */
  readonly valkeyDiscount: number;
}

/**
 * Prices of KMS, Secrets Manager, CloudWatch and WAF.
 */
export interface ManagementPrices {
  /** USD per customer managed KMS key per month. */
  readonly kmsKeyMonth: number;
  /**
   * USD per month that each of the first two rotations of a key's material adds to the key's price
   * (later rotations add nothing).
   */
  readonly kmsKeyRotationMonth: number;
  /**
   * Age in months at which a rotated key is priced: the rotations its rotation period fits into
   * that age (at most two) are counted. A preview stack's key is priced at its lifetime instead.
   */
  readonly assumedKeyAgeMonths: number;
  /** USD per Secrets Manager secret (and per replica) per month. */
  readonly secretMonth: number;
  /** USD per standard-resolution CloudWatch alarm metric per month. */
  readonly alarmMetricMonth: number;
  /** USD per high-resolution (period under 60 s) CloudWatch alarm metric per month. */
  readonly highResolutionAlarmMetricMonth: number;
  /** USD per CloudWatch composite alarm per month. */
  readonly compositeAlarmMonth: number;
  /** USD per CloudWatch dashboard per month (the free tier of 3 dashboards per account is not applied). */
  readonly dashboardMonth: number;
  /**
   * USD per custom metric per month (first tier): what Container Insights metrics at the cluster,
   * service and task definition family levels cost (embedded metric format).
   */
  readonly customMetricMonth: number;
  /**
   * USD per metric per month of Container Insights with enhanced observability for Amazon ECS: the
   * task- and container-level metrics (dimensions TaskId and ContainerName) enhanced observability adds.
   */
  readonly containerInsightsEnhancedMetricMonth: number;
  /** USD per GB ingested by CloudWatch Logs (standard class; vended logs such as VPC flow logs cost the same in the first tier). */
  readonly logIngestionGb: number;
  /** GB each log group that no flow log writes to (application, database, cache logs) is assumed to ingest per month. */
  readonly assumedLogIngestionGbPerMonth: number;
  /** GB each log group that a VPC flow log writes to is assumed to ingest per month. */
  readonly assumedFlowLogIngestionGbPerMonth: number;
  /** USD per WAF web ACL per month. */
  readonly wafWebAclMonth: number;
  /** USD per WAF rule (or rule group) in a web ACL per month. */
  readonly wafRuleMonth: number;
  /** USD per million requests inspected by WAF. */
  readonly wafRequestsPerMillion: number;
  /** Millions of requests each web ACL is assumed to inspect per month. */
  readonly assumedWafRequestsMillionsPerMonth: number;
}

/**
 * EC2 prices other than instance hours (instances are priced by `ec2InstanceHour`).
 */
export interface Ec2Prices {
  /** USD per GB-month of gp3 EBS storage (baseline IOPS and throughput). */
  readonly gp3GbMonth: number;
  /** GB of an instance's root volume when the template does not size it (the image's snapshot size). */
  readonly assumedRootVolumeGb: number;
  /** USD per detailed-monitoring metric per month (charged as a custom metric). */
  readonly detailedMonitoringMetricMonth: number;
  /** Metrics detailed monitoring sends per instance. */
  readonly detailedMonitoringMetricsPerInstance: number;
}

/**
 * A price table: us-east-1 on-demand list prices in USD, a per-region factor, and the usage
 * assumptions applied where a price depends on traffic.
 */
export interface PriceTable {
  /** When the prices were read (YYYY-MM). */
  readonly date: string;
  /** Where the prices come from, and how exact they are. */
  readonly source: string;
  /** Currency of every price. */
  readonly currency: string;
  /** Fargate prices. */
  readonly fargate: FargatePrices;
  /** Load balancer prices. */
  readonly loadBalancer: LoadBalancerPrices;
  /** VPC and DNS prices. */
  readonly network: NetworkPrices;
  /** RDS prices other than instance hours. */
  readonly rds: RdsPrices;
  /** USD per hour of a single-AZ RDS instance, by instance class (PostgreSQL; MySQL and MariaDB are within a few percent). */
  readonly rdsInstanceHour: { [key: string]: number };
  /** Aurora prices other than provisioned instance hours. */
  readonly aurora: AuroraPrices;
  /** USD per hour of a provisioned Aurora instance, by instance class (Standard configuration). */
  readonly auroraInstanceHour: { [key: string]: number };
  /** ElastiCache prices other than node hours. */
  readonly elastiCache: ElastiCachePrices;
  /**
   * USD per hour of an ElastiCache node, by node type (Redis OSS and Memcached prices; Valkey nodes at
   * `elastiCache.valkeyDiscount` off, except prices given by an override, which are used as is).
   */
  readonly cacheNodeHour: { [key: string]: number };
  /** KMS, Secrets Manager, CloudWatch and WAF prices. */
  readonly management: ManagementPrices;
  /** EC2 prices other than instance hours. */
  readonly ec2: Ec2Prices;
  /** USD per hour of an EC2 instance, by instance type (Linux, on-demand). */
  readonly ec2InstanceHour: { [key: string]: number };
  /** Multiplier of every us-east-1 price, by region. A region not listed is priced at factor 1, with an assumption noted. */
  readonly regionFactors: { [key: string]: number };
}
