import { CostEstimator, ManagementPrices, StackCostEstimate } from '../src/cost';
import { vcpusOf } from '../src/cost/data-pricers';

/*
 * What the estimate counts beyond the resources' own prices: Container Insights metrics, the alarms of
 * target tracking policies, KMS key rotations, log ingestion, NAT data processing and Performance
 * Insights retention, each at a stated, overridable assumption; and the daily budget of previews.
 */

function template(resources: Record<string, unknown>): Record<string, any> {
  return { Resources: resources };
}

function lineOf(estimate: StackCostEstimate, logicalId: string) {
  const found = estimate.lines.find((l) => l.logicalId === logicalId);
  if (!found) throw new Error(`no line for ${logicalId}: ${estimate.lines.map((l) => l.logicalId).join(', ')}`);
  return found;
}

/** Lines are rounded to the cent: the exact figure must be within half a cent. */
function expectUsd(actual: number, exact: number): void {
  expect(Math.abs(actual - exact)).toBeLessThanOrEqual(0.00501);
}

/** The bundled management prices with `changes` over them (an override gives the whole entry). */
function management(changes: Partial<ManagementPrices>): ManagementPrices {
  return { ...CostEstimator.bundledPriceTable().management, ...changes };
}

const cluster = (insights?: string) => ({
  Type: 'AWS::ECS::Cluster',
  Properties: insights === undefined ? {} : { ClusterSettings: [{ Name: 'containerInsights', Value: insights }] },
});
const taskDef = (containers: number) => ({
  Type: 'AWS::ECS::TaskDefinition',
  Properties: {
    Cpu: '256',
    Memory: '512',
    RuntimePlatform: { CpuArchitecture: 'ARM64', OperatingSystemFamily: 'LINUX' },
    ContainerDefinitions: Array.from({ length: containers }, (_, i) => ({ Name: `c${i}` })),
  },
});
const service = (tasks: number) => ({
  Type: 'AWS::ECS::Service',
  Properties: { Cluster: { Ref: 'Cluster' }, TaskDefinition: { Ref: 'TaskDef' }, DesiredCount: tasks, LaunchType: 'FARGATE' },
});
/** 1 task of 0.25 vCPU and 0.5 GB on ARM64 FARGATE for 730 h. */
const TASK_MONTH = (0.25 * 0.03238 + 0.5 * 0.00356) * 730;

describe('CostEstimator: Container Insights', () => {
  test('an enhanced cluster: 12 standard metrics at the custom metric price and 13 enhanced ones', () => {
    const e = CostEstimator.estimateTemplate(template({ Cluster: cluster('enhanced') }));
    // 12 × $0.30 + 13 × $0.07 = 3.60 + 0.91 = $4.51
    expect(lineOf(e, 'Cluster').monthlyUsd).toBe(4.51);
    expect(lineOf(e, 'Cluster').formula).toBe('Container Insights (enhanced observability), cluster level: 12 metrics × $0.30 + 13 enhanced metrics × $0.07, per month');
  });

  test('a standard cluster: the 12 standard metrics only; no setting, or disabled, is free', () => {
    const e = CostEstimator.estimateTemplate(template({ Cluster: cluster('enabled'), Off: cluster('disabled'), Unset: cluster() }));
    expect(lineOf(e, 'Cluster').monthlyUsd).toBe(3.6);
    expect(e.lines.map((l) => l.logicalId)).toEqual(['Cluster']);
    expect(e.freeResourceCount).toBe(2);
  });

  test('a setting that is not a literal is unpriced, not zero', () => {
    const e = CostEstimator.estimateTemplate(template({ Cluster: { Type: 'AWS::ECS::Cluster', Properties: { ClusterSettings: [{ Name: 'containerInsights', Value: { Ref: 'Mode' } }] } } }));
    expect(e.unpriced).toEqual([expect.objectContaining({ logicalId: 'Cluster', reason: expect.stringMatching(/containerInsights setting \(unresolvable\)/) })]);
  });

  test('a service in an enhanced cluster: 25 service metrics, and per task and container the enhanced ones', () => {
    // GIVEN 2 tasks of 2 containers in an enhanced cluster
    const e = CostEstimator.estimateTemplate(template({ Cluster: cluster('enhanced'), TaskDef: taskDef(2), Svc: service(2) }));
    // THEN compute + 25 × $0.30 + (12 + 2 containers × 14 = 40, + 2 tasks × (32 + 2 × 14 = 60)) × $0.07 = compute + 7.50 + 160 × 0.07
    expectUsd(lineOf(e, 'Svc').monthlyUsd, 2 * TASK_MONTH + 25 * 0.3 + (40 + 2 * 60) * 0.07);
    expect(lineOf(e, 'Svc').formula).toMatch(/ \+ Container Insights 25 service metrics × \$0\.30 \+ \(40 \+ 2 tasks × 60\) enhanced metrics × \$0\.07$/);
    expect(lineOf(e, 'Svc').assumptions.join(' ')).toMatch(/each new task \(deployment, replacement, scaling\) adds its own metrics/);
  });

  test('a service in a standard cluster pays the 25 service metrics only; in a cluster without it, nothing', () => {
    const standard = CostEstimator.estimateTemplate(template({ Cluster: cluster('enabled'), TaskDef: taskDef(1), Svc: service(1) }));
    expectUsd(lineOf(standard, 'Svc').monthlyUsd, TASK_MONTH + 25 * 0.3);
    const off = CostEstimator.estimateTemplate(template({ Cluster: cluster('disabled'), TaskDef: taskDef(1), Svc: service(1) }));
    expectUsd(lineOf(off, 'Svc').monthlyUsd, TASK_MONTH);
    expect(lineOf(off, 'Svc').formula).not.toMatch(/Container Insights/);
  });

  test('a service whose cluster is in another template says its Container Insights are not included', () => {
    const e = CostEstimator.estimateTemplate(template({
      TaskDef: taskDef(1),
      Svc: { Type: 'AWS::ECS::Service', Properties: { Cluster: 'prod-cluster', TaskDefinition: { Ref: 'TaskDef' }, DesiredCount: 1, LaunchType: 'FARGATE' } },
    }));
    expectUsd(lineOf(e, 'Svc').monthlyUsd, TASK_MONTH);
    expect(lineOf(e, 'Svc').assumptions).toContain('its cluster is not in this template: its Container Insights metrics, if the cluster has them on, are not included');
  });

  test('the metric prices are the table\'s: an override changes them', () => {
    const e = CostEstimator.estimateTemplate(template({ Cluster: cluster('enhanced') }),
      { priceTableOverride: { management: management({ customMetricMonth: 0.1, containerInsightsEnhancedMetricMonth: 0 }) } });
    expect(lineOf(e, 'Cluster').monthlyUsd).toBe(1.2);
  });
});

describe('CostEstimator: alarms of target tracking scaling policies', () => {
  const policy = (config: Record<string, unknown>, type = 'TargetTrackingScaling') => ({
    Type: 'AWS::ApplicationAutoScaling::ScalingPolicy',
    Properties: { PolicyType: type, TargetTrackingScalingPolicyConfiguration: { TargetValue: 70, ...config } },
  });
  const e = CostEstimator.estimateTemplate(template({
    Cpu: policy({ PredefinedMetricSpecification: { PredefinedMetricType: 'ECSServiceAverageCPUUtilization' } }),
    NoScaleIn: policy({ PredefinedMetricSpecification: { PredefinedMetricType: 'ECSServiceAverageCPUUtilization' }, DisableScaleIn: true }),
    Math: policy({ CustomizedMetricSpecification: { Metrics: [{ Id: 'e', Expression: 'a/b' }, { Id: 'a', MetricStat: {} }, { Id: 'b', MetricStat: {} }] } }),
    Step: { Type: 'AWS::ApplicationAutoScaling::ScalingPolicy', Properties: { PolicyType: 'StepScaling' } },
    Asg: { Type: 'AWS::AutoScaling::ScalingPolicy', Properties: { PolicyType: 'TargetTrackingScaling', TargetTrackingConfiguration: { TargetValue: 50 } } },
  }));

  test('each target tracking policy pays for the 2 alarms it creates (1 with scale-in disabled)', () => {
    expect(lineOf(e, 'Cpu')).toMatchObject({ monthlyUsd: 0.2, formula: '2 alarms created by the policy × 1 metric × $0.10 per standard alarm metric-month' });
    expect(lineOf(e, 'NoScaleIn').monthlyUsd).toBe(0.1);
    expect(lineOf(e, 'NoScaleIn').assumptions.join(' ')).toMatch(/scale-in disabled: the scale-out alarm only/);
    // EC2 Auto Scaling target tracking too
    expect(lineOf(e, 'Asg').monthlyUsd).toBe(0.2);
  });

  test('a customized metric math policy pays per metric queried; step scaling uses alarms of its own (free)', () => {
    // 2 alarms × 2 metrics × $0.10
    expect(lineOf(e, 'Math').monthlyUsd).toBe(0.4);
    expect(e.lines.find((l) => l.logicalId === 'Step')).toBeUndefined();
    expect(e.freeResourceCount).toBe(1);
  });
});

describe('CostEstimator: KMS key rotations', () => {
  const key = (props: Record<string, unknown>) => ({ Type: 'AWS::KMS::Key', Properties: props });
  const keys = template({
    Yearly: key({ EnableKeyRotation: true }),
    Quarterly: key({ EnableKeyRotation: true, RotationPeriodInDays: 90 }),
    Slow: key({ EnableKeyRotation: true, RotationPeriodInDays: 500 }),
    NotRotated: key({}),
  });

  test('a long-lived rotated key is priced after the rotations of its assumed age (24 months), at most two', () => {
    const e = CostEstimator.estimateTemplate(keys);
    // $1 + 2 rotations × $1
    expect(lineOf(e, 'Yearly')).toMatchObject({ monthlyUsd: 3, formula: '1 customer managed key × $1.00 + 2 rotations × $1.00, per month' });
    // 8 rotations in 24 months, only the first two are billed
    expect(lineOf(e, 'Quarterly').monthlyUsd).toBe(3);
    // one rotation in 24 months of 500-day periods
    expect(lineOf(e, 'Slow').monthlyUsd).toBe(2);
    expect(lineOf(e, 'NotRotated').monthlyUsd).toBe(1);
    expect(lineOf(e, 'Yearly').assumptions).toContain('rotated every 365 days: 2 rotations within an age of 24 months (each of the first two adds $1.00 per month; later ones add nothing)');
  });

  test('a preview\'s key never reaches a rotation within its lifetime', () => {
    const e = CostEstimator.estimateTemplate(keys, { ttlHours: 72 });
    expect(lineOf(e, 'Yearly').monthlyUsd).toBe(1);
    expect(lineOf(e, 'Quarterly').monthlyUsd).toBe(1);
    expect(lineOf(e, 'Yearly').assumptions.join(' ')).toMatch(/0 rotations within its 72 h lifetime/);
  });

  test('the assumed age and the rotation price are the table\'s', () => {
    const e = CostEstimator.estimateTemplate(keys, { priceTableOverride: { management: management({ assumedKeyAgeMonths: 13 }) } });
    // 13 months: one yearly rotation
    expect(lineOf(e, 'Yearly').monthlyUsd).toBe(2);
  });
});

describe('CostEstimator: usage assumed for logs and NAT gateways', () => {
  const t = template({
    FlowLogs: { Type: 'AWS::Logs::LogGroup', Properties: {} },
    FlowLog: { Type: 'AWS::EC2::FlowLog', Properties: { LogDestinationType: 'cloud-watch-logs', LogGroupName: { Ref: 'FlowLogs' }, ResourceType: 'VPC' } },
    AppLogs: { Type: 'AWS::Logs::LogGroup', Properties: {} },
    Nat: { Type: 'AWS::EC2::NatGateway', Properties: {} },
  });

  test('a flow log group ingests the assumed 2 GB, any other log group 0.5 GB, a NAT gateway processes 10 GB', () => {
    const e = CostEstimator.estimateTemplate(t);
    expect(lineOf(e, 'FlowLogs')).toMatchObject({ monthlyUsd: 1, formula: '2 GB of VPC flow logs ingested × $0.50', usageBased: true });
    expect(lineOf(e, 'AppLogs')).toMatchObject({ monthlyUsd: 0.25, formula: '0.5 GB of log events ingested × $0.50', usageBased: true });
    expect(lineOf(e, 'Nat').formula).toBe('730 h × $0.045 + 10 GB processed × $0.045');
    // the flow log itself is priced on its log group
    expect(lineOf(e, 'FlowLog')).toMatchObject({ monthlyUsd: 0, usageBased: true });
  });

  test('the assumptions are overridable, down to 0', () => {
    const network = { ...CostEstimator.bundledPriceTable().network, assumedNatDataProcessedGbPerMonth: 0 };
    const e = CostEstimator.estimateTemplate(t, {
      priceTableOverride: { network, management: management({ assumedLogIngestionGbPerMonth: 0, assumedFlowLogIngestionGbPerMonth: 20 }) },
    });
    expect(lineOf(e, 'FlowLogs').monthlyUsd).toBe(10);
    expect(lineOf(e, 'AppLogs').monthlyUsd).toBe(0);
    expect(lineOf(e, 'Nat').monthlyUsd).toBe(32.85);
  });
});

describe('CostEstimator: Performance Insights retention', () => {
  const db = (props: Record<string, unknown>) => ({
    Type: 'AWS::RDS::DBInstance',
    Properties: { Engine: 'postgres', DBInstanceClass: 'db.m7g.large', AllocatedStorage: '100', StorageType: 'gp3', EnablePerformanceInsights: true, ...props },
  });
  const base = 730 * 0.168 + 100 * 0.115;
  const e = CostEstimator.estimateTemplate(template({
    Free: db({ PerformanceInsightsRetentionPeriod: 7 }),
    Month: db({ PerformanceInsightsRetentionPeriod: 31, MultiAZ: true }),
    Quarter: db({ DBInstanceClass: 'db.r7g.2xlarge', PerformanceInsightsRetentionPeriod: 93 }),
    TwoYears: db({ PerformanceInsightsRetentionPeriod: 731 }),
    Off: db({ EnablePerformanceInsights: false, PerformanceInsightsRetentionPeriod: 731 }),
    AuroraCluster: { Type: 'AWS::RDS::DBCluster', Properties: { Engine: 'aurora-postgresql' } },
    AuroraWriter: { Type: 'AWS::RDS::DBInstance', Properties: { DBInstanceClass: 'db.r7g.large', DBClusterIdentifier: { Ref: 'AuroraCluster' }, EnablePerformanceInsights: true, PerformanceInsightsRetentionPeriod: 62 } },
  }));

  test('the free 7 days cost nothing; a month costs $1.53 per vCPU, per Multi-AZ instance', () => {
    expectUsd(lineOf(e, 'Free').monthlyUsd, base);
    // 2 (Multi-AZ) × (instance + storage) + 2 (Multi-AZ) × 2 vCPUs × $1.53 = 268.28 + 6.12
    expectUsd(lineOf(e, 'Month').monthlyUsd, 2 * base + 2 * 2 * 1.53);
    expect(lineOf(e, 'Month').formula).toMatch(/\+ Performance Insights 2 vCPUs × \$1\.53 × 2 \(Multi-AZ\)$/);
  });

  test('each further month costs $0.0625 per vCPU, up to 24 months; retention without Performance Insights costs nothing', () => {
    // r7g.2xlarge: 8 vCPUs × ($1.53 + 2 × $0.0625)
    expectUsd(lineOf(e, 'Quarter').monthlyUsd, 730 * 0.956 + 100 * 0.115 + 8 * (1.53 + 2 * 0.0625));
    // 731 days: 24 months
    expectUsd(lineOf(e, 'TwoYears').monthlyUsd, base + 2 * (1.53 + 23 * 0.0625));
    expectUsd(lineOf(e, 'Off').monthlyUsd, base);
    // Aurora provisioned: 62 days, 2 vCPUs × ($1.53 + $0.0625)
    expectUsd(lineOf(e, 'AuroraWriter').monthlyUsd, 730 * 0.276 + 2 * (1.53 + 0.0625));
  });

  test('vCPUs are read from the instance size', () => {
    expect(['db.t4g.micro', 'db.t3.small', 'db.m7g.large', 'db.r6i.xlarge', 'db.r7g.2xlarge', 'db.m5.24xlarge', 'db.serverless'].map(vcpusOf))
      .toEqual([2, 2, 2, 4, 8, 96, undefined]);
  });
});

describe('CostEstimator: project prices', () => {
  const valkey = template({ Cache: { Type: 'AWS::ElastiCache::ReplicationGroup', Properties: { Engine: 'valkey', CacheNodeType: 'cache.t4g.micro', NumCacheClusters: 1 } } });

  test('a cacheNodeHour override is the price paid: the Valkey discount is not applied to it again', () => {
    // the project's Valkey price: $0.0128 × 730 h = $9.344
    const e = CostEstimator.estimateTemplate(valkey, { priceTableOverride: { cacheNodeHour: { 'cache.t4g.micro': 0.0128 } } });
    expectUsd(lineOf(e, 'Cache').monthlyUsd, 0.0128 * 730);
    expect(lineOf(e, 'Cache').formula).not.toMatch(/Valkey discount/);
    expect(lineOf(e, 'Cache').assumptions).toContain('project price of cache.t4g.micro used as is (no Valkey discount applied to it)');
    // a bundled price still gets it: $0.016 × (1 − 20%) × 730 h
    expectUsd(lineOf(CostEstimator.estimateTemplate(valkey), 'Cache').monthlyUsd, 0.016 * 0.8 * 730);
  });

  test('an override with its own source keeps the note naming the overridden entries', () => {
    const e = CostEstimator.estimateTemplate(valkey, { priceTableOverride: { source: 'EDP rates 2026', cacheNodeHour: { 'cache.t4g.micro': 0.0128 } } });
    expect(e.priceTableSource).toMatch(/; overridden by the project: cacheNodeHour; the project's prices come from: EDP rates 2026$/);
    expect(e.priceTableSource).toMatch(/^AWS public on-demand list prices/);
  });
});

describe('CostEstimator: cost per day of previews', () => {
  const t = template({ Dashboard: { Type: 'AWS::CloudWatch::Dashboard', Properties: {} }, Nat: { Type: 'AWS::EC2::NatGateway', Properties: {} } });

  test('within its daily budget: no error; over it: the cost per day, the budget and the drivers per day', () => {
    // $3.00 + $33.30 = $36.30 per month = 36.30 × 24 / 730 = $1.19 per day
    const e = CostEstimator.estimateTemplate(t, { stackName: 'preview-x', ttlHours: 45.2567, dailyBudgetUsd: 1 });
    expect(e.dailyBudgetUsd).toBe(1);
    expect(CostEstimator.checkDailyBudget(e, 1.19)).toBeUndefined();
    const message = CostEstimator.checkDailyBudget(e);
    expect(message).toMatch(/^Stack 'preview-x' is estimated at \$1\.19 per day, over its daily budget of \$1\.00 by \$0\.19\. Biggest cost drivers:/);
    expect(message).toMatch(/1\. Nat \(AWS::EC2::NatGateway\): \$1\.09 per day \(\$33\.30 per month = 730 h × \$0\.045/);
    expect(message).toMatch(/2\. Dashboard \(AWS::CloudWatch::Dashboard\): \$0\.10 per day/);
    expect(message).toMatch(/raise the daily budget\.$/);
    expect(CostEstimator.checkDailyBudget(CostEstimator.estimateTemplate(t))).toBeUndefined();
  });

  test('the cost table shows the cost per day, the lifetime rounded to a tenth of an hour and the daily budget', () => {
    const e = CostEstimator.estimateTemplate(t, { stackName: 'preview-x', ttlHours: 45.2567, dailyBudgetUsd: 1 });
    const lines = CostEstimator.formatCostTable([e]).split('\n');
    expect(lines[3]).toBe('  preview: $1.19 per day, $2.25 for its 45.3 h lifetime; daily budget $1.00 OVER');
    const within = CostEstimator.estimateTemplate(t, { stackName: 'preview-y', dailyBudgetUsd: 2 });
    expect(CostEstimator.formatCostTable([within]).split('\n')[3]).toBe('  preview: $1.19 per day; daily budget $2.00');
  });
});
