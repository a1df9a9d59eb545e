import { PriceTable } from './price-table';

/**
 * The bundled table. us-east-1, on-demand, Linux, USD, 2026-11.
 *
 * Kept out of the barrel: users read it through `CostEstimator.bundledPriceTable()`.
 * @internal
 */
export const BUNDLED_PRICE_TABLE: PriceTable = {
  date: '2026-11',
  source: 'AWS public on-demand list prices for us-east-1 (https://aws.amazon.com/fargate/pricing/, '
    + 'https://aws.amazon.com/elasticloadbalancing/pricing/, https://aws.amazon.com/vpc/pricing/, '
    + 'https://aws.amazon.com/rds/postgresql/pricing/, https://aws.amazon.com/rds/aurora/pricing/, '
    + 'https://aws.amazon.com/elasticache/pricing/, https://aws.amazon.com/kms/pricing/, '
    + 'https://aws.amazon.com/secrets-manager/pricing/, https://aws.amazon.com/cloudwatch/pricing/, '
    + 'https://aws.amazon.com/waf/pricing/, https://aws.amazon.com/rds/performance-insights/pricing/, '
    + 'https://aws.amazon.com/ec2/pricing/on-demand/, https://aws.amazon.com/ebs/pricing/; the same figures are in the AWS Price List API). '
    + 'Written from the list prices as known when the table was made, not fetched at synth: figures may be '
    + 'off by a few percent and change over time; region factors are approximate averages. '
    + 'Free tiers, savings plans, reserved capacity and taxes are not applied.',
  currency: 'USD',
  fargate: {
    x86VcpuHour: 0.04048,
    x86GbHour: 0.004445,
    armVcpuHour: 0.03238,
    armGbHour: 0.00356,
    ephemeralStorageGbHour: 0.000111,
    spotDiscount: 0.7,
  },
  loadBalancer: {
    albHour: 0.0225,
    albLcuHour: 0.008,
    nlbHour: 0.0225,
    nlcuHour: 0.006,
    assumedCapacityUnits: 1,
  },
  network: {
    natGatewayHour: 0.045,
    natDataProcessedGb: 0.045,
    // Usage assumption: ECR API calls, AWS API calls and log delivery from private subnets without
    // interface endpoints go through the NAT gateway (image layers go through the S3 gateway endpoint).
    assumedNatDataProcessedGbPerMonth: 10,
    publicIpv4Hour: 0.005,
    interfaceEndpointAzHour: 0.01,
    hostedZoneMonth: 0.5,
  },
  rds: {
    multiAzFactor: 2,
    gp3GbMonth: 0.115,
    gp2GbMonth: 0.115,
    provisionedIopsGbMonth: 0.125,
    magneticGbMonth: 0.1,
    // Performance Insights retention beyond the free 7 days, per vCPU: the first month, then each
    // further month (kept at the same price by Database Insights Standard mode after Performance
    // Insights' end of life, per the RDS user guide).
    performanceInsightsFirstMonthVcpu: 1.53,
    performanceInsightsExtraMonthVcpu: 0.0625,
  },
  rdsInstanceHour: {
    // Graviton
    'db.t4g.micro': 0.016,
    'db.t4g.small': 0.032,
    'db.t4g.medium': 0.065,
    'db.t4g.large': 0.129,
    'db.t4g.xlarge': 0.258,
    'db.m7g.large': 0.168,
    'db.m7g.xlarge': 0.336,
    'db.m7g.2xlarge': 0.672,
    'db.m6g.large': 0.159,
    'db.m6g.xlarge': 0.318,
    'db.r7g.large': 0.239,
    'db.r7g.xlarge': 0.478,
    'db.r7g.2xlarge': 0.956,
    'db.r6g.large': 0.225,
    'db.r6g.xlarge': 0.45,
    // x86 equivalents
    'db.t3.micro': 0.018,
    'db.t3.small': 0.036,
    'db.t3.medium': 0.072,
    'db.t3.large': 0.145,
    'db.m6i.large': 0.178,
    'db.m6i.xlarge': 0.356,
    'db.m5.large': 0.178,
    'db.m5.xlarge': 0.356,
    'db.r6i.large': 0.25,
    'db.r6i.xlarge': 0.5,
    'db.r5.large': 0.25,
    'db.r5.xlarge': 0.5,
  },
  aurora: {
    acuHour: 0.12,
    ioOptimizedAcuHour: 0.156,
    ioOptimizedInstanceFactor: 1.3,
    storageGbMonth: 0.1,
    ioOptimizedStorageGbMonth: 0.225,
    ioRequestsPerMillion: 0.2,
    assumedStorageGb: 10,
    assumedIoRequestsMillionsPerMonth: 0,
  },
  auroraInstanceHour: {
    'db.t4g.medium': 0.073,
    'db.t4g.large': 0.146,
    'db.r7g.large': 0.276,
    'db.r7g.xlarge': 0.552,
    'db.r6g.large': 0.26,
    'db.r6g.xlarge': 0.519,
    'db.t3.medium': 0.082,
    'db.r6i.large': 0.29,
    'db.r5.large': 0.29,
  },
  elastiCache: {
    valkeyDiscount: 0.2,
  },
  cacheNodeHour: {
    // Graviton
    'cache.t4g.micro': 0.016,
    'cache.t4g.small': 0.032,
    'cache.t4g.medium': 0.065,
    'cache.m7g.large': 0.158,
    'cache.m7g.xlarge': 0.315,
    'cache.m6g.large': 0.149,
    'cache.m6g.xlarge': 0.298,
    'cache.r7g.large': 0.219,
    'cache.r7g.xlarge': 0.437,
    'cache.r6g.large': 0.206,
    'cache.r6g.xlarge': 0.411,
    // x86 equivalents
    'cache.t3.micro': 0.017,
    'cache.t3.small': 0.034,
    'cache.t3.medium': 0.068,
    'cache.m5.large': 0.156,
    'cache.m6i.large': 0.156,
    'cache.r5.large': 0.216,
    'cache.r6i.large': 0.216,
  },
  management: {
    kmsKeyMonth: 1,
    // The first and second rotations of a key each add $1 a month; later ones add nothing.
    kmsKeyRotationMonth: 1,
    // A long-lived key is priced after two yearly rotations (its steady monthly price).
    assumedKeyAgeMonths: 24,
    secretMonth: 0.4,
    alarmMetricMonth: 0.1,
    highResolutionAlarmMetricMonth: 0.3,
    compositeAlarmMonth: 0.5,
    dashboardMonth: 3,
    customMetricMonth: 0.3,
    // Container Insights with enhanced observability for Amazon ECS bills its task- and container-level
    // metrics per metric (usage type MetricsUsage, operation MetricStorage:CI-ECS).
    containerInsightsEnhancedMetricMonth: 0.07,
    logIngestionGb: 0.5,
    // Usage assumptions: a quiet service's application, database or cache log group, and a small
    // VPC's flow logs (every accepted and rejected flow, 10-minute aggregation).
    assumedLogIngestionGbPerMonth: 0.5,
    assumedFlowLogIngestionGbPerMonth: 2,
    wafWebAclMonth: 5,
    wafRuleMonth: 1,
    wafRequestsPerMillion: 0.6,
    assumedWafRequestsMillionsPerMonth: 0,
  },
  ec2: {
    gp3GbMonth: 0.08,
    // the Amazon Linux 2023 images' root volume
    assumedRootVolumeGb: 8,
    // detailed monitoring's 1-minute metrics are charged as custom metrics (CloudWatch pricing, first tier)
    detailedMonitoringMetricMonth: 0.3,
    detailedMonitoringMetricsPerInstance: 7,
  },
  ec2InstanceHour: {
    // Graviton
    't4g.nano': 0.0042,
    't4g.micro': 0.0084,
    't4g.small': 0.0168,
    't4g.medium': 0.0336,
    't4g.large': 0.0672,
    'c7g.medium': 0.0363,
    'm7g.medium': 0.0408,
    // x86
    't3.nano': 0.0052,
    't3.micro': 0.0104,
    't3.small': 0.0208,
    't3.medium': 0.0416,
    't3a.nano': 0.0047,
    't3a.micro': 0.0094,
    't3a.small': 0.0188,
  },
  regionFactors: {
    'us-east-1': 1,
    'us-east-2': 1,
    'us-west-2': 1,
    'us-west-1': 1.15,
    'ca-central-1': 1.1,
    'eu-west-1': 1.1,
    'eu-west-2': 1.15,
    'eu-west-3': 1.15,
    'eu-central-1': 1.15,
    'eu-central-2': 1.25,
    'eu-north-1': 1.05,
    'eu-south-1': 1.15,
    'ap-south-1': 1.1,
    'ap-southeast-1': 1.2,
    'ap-southeast-2': 1.2,
    'ap-northeast-1': 1.25,
    'ap-northeast-2': 1.2,
    'sa-east-1': 1.5,
  },
};
