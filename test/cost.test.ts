import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { App, Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as ecs from 'aws-cdk-lib/aws-ecs';
import * as ecsPatterns from 'aws-cdk-lib/aws-ecs-patterns';
import * as rds from 'aws-cdk-lib/aws-rds';
import { validationError } from './nag';
import { CostEstimator, FargatePrices, StackCostEstimate } from '../src/cost';
import { knownResourceTypes } from '../src/cost/estimate';

/** A template with the given resources. */
function template(resources: Record<string, unknown>, parameters: Record<string, unknown> = {}): Record<string, any> {
  return { Parameters: parameters, Resources: resources };
}

/** A Fargate task definition resource. */
function taskDef(cpu: string, memory: string, arch: 'ARM64' | 'X86_64' = 'X86_64') {
  return {
    Type: 'AWS::ECS::TaskDefinition',
    Properties: { Cpu: cpu, Memory: memory, RequiresCompatibilities: ['FARGATE'], RuntimePlatform: { CpuArchitecture: arch, OperatingSystemFamily: 'LINUX' } },
  };
}

/** An ECS service running `TaskDef`. */
function service(props: Record<string, unknown>) {
  return { Type: 'AWS::ECS::Service', Properties: { Cluster: { Ref: 'Cluster' }, TaskDefinition: { Ref: 'TaskDef' }, ...props } };
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

describe('CostEstimator.estimateTemplate: Fargate', () => {
  const cluster = { Type: 'AWS::ECS::Cluster' };

  test('ARM on-demand: tasks × (vCPU × vCPU-hour + GB × GB-hour) × 730 h', () => {
    // GIVEN 2 tasks of 0.25 vCPU and 0.5 GB on ARM64, FARGATE
    const t = template({ Cluster: cluster, TaskDef: taskDef('256', '512', 'ARM64'), Svc: service({ DesiredCount: 2, LaunchType: 'FARGATE' }) });
    // WHEN
    const e = CostEstimator.estimateTemplate(t);
    // THEN 2 tasks × (0.25 vCPU × $0.03238 + 0.5 GB × $0.00356) × 730 h = 2 × 0.009875 × 730 = $14.4175
    expectUsd(lineOf(e, 'Svc').monthlyUsd, 2 * (0.25 * 0.03238 + 0.5 * 0.00356) * 730);
    expect(lineOf(e, 'Svc').monthlyUsd).toBe(14.42);
    expect(lineOf(e, 'Svc').formula).toMatch(/2 tasks on FARGATE × \(0\.25 vCPU × \$0\.03238 \+ 0\.5 GB × \$0\.00356\) per task-hour, ARM64, × 730 h/);
    expect(e.totalMonthlyUsd).toBe(14.42);
    expect(e.freeResourceCount).toBe(2); // the cluster and the task definition
    expect(e.unpriced).toEqual([]);
  });

  test('x86 costs more than ARM for the same size', () => {
    const t = template({ Cluster: cluster, TaskDef: taskDef('256', '512', 'X86_64'), Svc: service({ DesiredCount: 2, LaunchType: 'FARGATE' }) });
    const e = CostEstimator.estimateTemplate(t);
    // 2 tasks × (0.25 vCPU × $0.04048 + 0.5 GB × $0.004445) × 730 h = 2 × 0.0123425 × 730 = $18.02005
    expectUsd(lineOf(e, 'Svc').monthlyUsd, 2 * (0.25 * 0.04048 + 0.5 * 0.004445) * 730);
    expect(lineOf(e, 'Svc').formula).toMatch(/X86_64/);
  });

  test('FARGATE_SPOT at the stated 70% discount', () => {
    const t = template({
      Cluster: cluster,
      TaskDef: taskDef('256', '512', 'X86_64'),
      Svc: service({ DesiredCount: 2, CapacityProviderStrategy: [{ CapacityProvider: 'FARGATE_SPOT', Weight: 1 }] }),
    });
    const e = CostEstimator.estimateTemplate(t);
    // 2 tasks × 0.0123425 × 730 h × (1 − 0.70) = $5.406015
    expectUsd(lineOf(e, 'Svc').monthlyUsd, 2 * 0.0123425 * 730 * 0.3);
    expect(lineOf(e, 'Svc').formula).toMatch(/FARGATE_SPOT × \(1 − 70% Spot discount\)/);
    expect(lineOf(e, 'Svc').assumptions.join(' ')).toMatch(/70% discount/);
  });

  test('mixed strategy: Base first, then weights; autoscaling minimum overrides DesiredCount', () => {
    const t = template({
      Cluster: cluster,
      TaskDef: taskDef('1024', '2048', 'ARM64'),
      Svc: service({
        DesiredCount: 2,
        CapacityProviderStrategy: [
          { CapacityProvider: 'FARGATE', Weight: 1, Base: 1 },
          { CapacityProvider: 'FARGATE_SPOT', Weight: 3 },
        ],
      }),
      Scaling: {
        Type: 'AWS::ApplicationAutoScaling::ScalableTarget',
        Properties: {
          ServiceNamespace: 'ecs',
          MinCapacity: 5,
          MaxCapacity: 10,
          ScalableDimension: 'ecs:service:DesiredCount',
          ResourceId: { 'Fn::Join': ['', ['service/', { Ref: 'Cluster' }, '/', { 'Fn::GetAtt': ['Svc', 'Name'] }]] },
        },
      },
    });
    const e = CostEstimator.estimateTemplate(t);
    // 5 tasks (autoscaling minimum): 1 base on FARGATE, the other 4 split 1:3 → 2 on FARGATE, 3 on FARGATE_SPOT
    // per task-hour: 1 vCPU × $0.03238 + 2 GB × $0.00356 = $0.0395
    // 730 h × $0.0395 × (2 + 3 × 0.3) = 730 × 0.0395 × 2.9 = $83.6215
    expectUsd(lineOf(e, 'Svc').monthlyUsd, 730 * 0.0395 * (2 + 3 * 0.3));
    expect(lineOf(e, 'Svc').assumptions.join(' ')).toMatch(/autoscaling minimum of 5 tasks \(maximum 10\)/);
  });

  test('a task definition outside the template is unpriced, not zero', () => {
    const t = template({ Svc: { Type: 'AWS::ECS::Service', Properties: { LaunchType: 'FARGATE', TaskDefinition: 'arn:aws:ecs:us-east-1:1:task-definition/x:1' } } });
    const e = CostEstimator.estimateTemplate(t);
    expect(e.lines).toEqual([]);
    expect(e.unpriced).toEqual([{ logicalId: 'Svc', resourceType: 'AWS::ECS::Service', reason: expect.stringMatching(/task definition is not in this template/) }]);
  });

  test('a Ref to a parameter takes its default, as a stated assumption', () => {
    const t = template({ Cluster: cluster, TaskDef: taskDef('256', '512', 'ARM64'), Svc: service({ DesiredCount: { Ref: 'Count' }, LaunchType: 'FARGATE' }) },
      { Count: { Type: 'Number', Default: 3 } });
    const e = CostEstimator.estimateTemplate(t);
    // 3 tasks × 0.009875 × 730 h = $21.62625
    expectUsd(lineOf(e, 'Svc').monthlyUsd, 3 * 0.009875 * 730);
    expect(lineOf(e, 'Svc').assumptions).toContain('parameter Count takes its default 3');
  });
});

describe('CostEstimator.estimateTemplate: databases and caches', () => {
  const e = CostEstimator.estimateTemplate(template({
    ProdDb: {
      Type: 'AWS::RDS::DBInstance',
      Properties: { Engine: 'postgres', DBInstanceClass: 'db.m7g.large', MultiAZ: true, AllocatedStorage: '100', StorageType: 'gp3' },
    },
    DevDb: {
      Type: 'AWS::RDS::DBInstance',
      Properties: { Engine: 'postgres', DBInstanceClass: 'db.t4g.micro', MultiAZ: false, AllocatedStorage: '20', StorageType: 'gp3' },
    },
    Aurora: {
      Type: 'AWS::RDS::DBCluster',
      Properties: { Engine: 'aurora-postgresql', ServerlessV2ScalingConfiguration: { MinCapacity: 0.5, MaxCapacity: 4 } },
    },
    AuroraWriter: { Type: 'AWS::RDS::DBInstance', Properties: { Engine: 'aurora-postgresql', DBInstanceClass: 'db.serverless', DBClusterIdentifier: { Ref: 'Aurora' } } },
    AuroraReader: { Type: 'AWS::RDS::DBInstance', Properties: { Engine: 'aurora-postgresql', DBInstanceClass: 'db.serverless', DBClusterIdentifier: { Ref: 'Aurora' } } },
    ShardedCache: {
      Type: 'AWS::ElastiCache::ReplicationGroup',
      Properties: { Engine: 'valkey', CacheNodeType: 'cache.m7g.large', NumNodeGroups: 2, ReplicasPerNodeGroup: 1 },
    },
    SmallCache: {
      Type: 'AWS::ElastiCache::ReplicationGroup',
      Properties: { Engine: 'redis', CacheNodeType: 'cache.t4g.micro', NumCacheClusters: 2 },
    },
    OddDb: { Type: 'AWS::RDS::DBInstance', Properties: { Engine: 'postgres', DBInstanceClass: 'db.x2g.large', AllocatedStorage: '20' } },
    SubnetGroup: { Type: 'AWS::RDS::DBSubnetGroup', Properties: {} },
  }));

  test('Multi-AZ RDS doubles instance hours and storage', () => {
    // 2 (Multi-AZ) × (730 h × $0.168 + 100 GB gp3 × $0.115) = 2 × (122.64 + 11.50) = $268.28
    expectUsd(lineOf(e, 'ProdDb').monthlyUsd, 2 * (730 * 0.168 + 100 * 0.115));
    expect(lineOf(e, 'ProdDb').formula).toMatch(/× 2 \(Multi-AZ\)/);
    // single-AZ: 730 h × $0.016 + 20 GB × $0.115 = 11.68 + 2.30 = $13.98
    expectUsd(lineOf(e, 'DevDb').monthlyUsd, 730 * 0.016 + 20 * 0.115);
  });

  test('Aurora Serverless v2 instances run at the minimum ACU; storage on the cluster', () => {
    // each instance: 0.5 ACU × $0.12 × 730 h = $43.80
    expectUsd(lineOf(e, 'AuroraWriter').monthlyUsd, 0.5 * 0.12 * 730);
    expectUsd(lineOf(e, 'AuroraReader').monthlyUsd, 0.5 * 0.12 * 730);
    expect(lineOf(e, 'AuroraWriter').assumptions.join(' ')).toMatch(/minimum of 0\.5 ACU \(maximum 4\)/);
    // assumed 10 GB × $0.10 + 0 million I/O = $1.00
    expectUsd(lineOf(e, 'Aurora').monthlyUsd, 10 * 0.1);
    expect(lineOf(e, 'Aurora').assumptions).toContain('10 GB stored');
  });

  test('ElastiCache replicas: shards × (replicas + 1) nodes, Valkey at its discount', () => {
    // 2 shards × (1 replica + 1) = 4 nodes × $0.158 × (1 − 0.20) × 730 h = $369.088
    expectUsd(lineOf(e, 'ShardedCache').monthlyUsd, 4 * 0.158 * 0.8 * 730);
    expect(lineOf(e, 'ShardedCache').formula).toMatch(/2 shards × \(1 replica \+ 1\) = 4 nodes/);
    // Redis: 2 nodes × $0.016 × 730 h = $23.36
    expectUsd(lineOf(e, 'SmallCache').monthlyUsd, 2 * 0.016 * 730);
  });

  test('an instance class missing from the table is unpriced, with the class named', () => {
    expect(e.unpriced).toEqual([{ logicalId: 'OddDb', resourceType: 'AWS::RDS::DBInstance', reason: 'instance class db.x2g.large is not in the price table' }]);
  });

  test('total is the sum of the lines; lines biggest first', () => {
    const sum = e.lines.reduce((s, l) => s + l.monthlyUsd, 0);
    expectUsd(e.totalMonthlyUsd, sum);
    expect(e.lines[0].logicalId).toBe('ShardedCache');
    expect(e.lines.map((l) => l.monthlyUsd)).toEqual([...e.lines.map((l) => l.monthlyUsd)].sort((a, b) => b - a));
  });
});

describe('CostEstimator.estimateTemplate: network, management and unknown types', () => {
  const e = CostEstimator.estimateTemplate(template({
    Nat: { Type: 'AWS::EC2::NatGateway', Properties: {} },
    NatIp: { Type: 'AWS::EC2::EIP', Properties: { Domain: 'vpc' } },
    Alb: { Type: 'AWS::ElasticLoadBalancingV2::LoadBalancer', Properties: { Type: 'application', Scheme: 'internet-facing', Subnets: [{ Ref: 'A' }, { Ref: 'B' }] } },
    InternalAlb: { Type: 'AWS::ElasticLoadBalancingV2::LoadBalancer', Properties: { Scheme: 'internal', Subnets: [{ Ref: 'A' }, { Ref: 'B' }] } },
    SecretsEndpoint: {
      Type: 'AWS::EC2::VPCEndpoint',
      Properties: { VpcEndpointType: 'Interface', ServiceName: 'com.amazonaws.us-east-1.secretsmanager', SubnetIds: [{ Ref: 'A' }, { Ref: 'B' }, { Ref: 'C' }] },
    },
    S3Endpoint: { Type: 'AWS::EC2::VPCEndpoint', Properties: { VpcEndpointType: 'Gateway', ServiceName: 'com.amazonaws.us-east-1.s3' } },
    Key: { Type: 'AWS::KMS::Key', Properties: { EnableKeyRotation: true } },
    Secret: { Type: 'AWS::SecretsManager::Secret', Properties: {} },
    CpuAlarm: { Type: 'AWS::CloudWatch::Alarm', Properties: { MetricName: 'CPUUtilization', Period: 300 } },
    MathAlarm: {
      Type: 'AWS::CloudWatch::Alarm',
      Properties: { Metrics: [{ Id: 'e', Expression: 'a/b' }, { Id: 'a', MetricStat: { Period: 60 } }, { Id: 'b', MetricStat: { Period: 60 } }] },
    },
    Dashboard: { Type: 'AWS::CloudWatch::Dashboard', Properties: {} },
    Waf: { Type: 'AWS::WAFv2::WebACL', Properties: { Rules: [{ Name: 'a' }, { Name: 'b' }, { Name: 'c' }] } },
    Logs: { Type: 'AWS::Logs::LogGroup', Properties: { RetentionInDays: 14 } },
    Bucket: { Type: 'AWS::S3::Bucket', Properties: {} },
    Role: { Type: 'AWS::IAM::Role', Properties: {} },
    Sg: { Type: 'AWS::EC2::SecurityGroup', Properties: {} },
    Eks: { Type: 'AWS::EKS::Cluster', Properties: {} },
  }));

  test('NAT gateway (hours and the assumed 10 GB processed) and its Elastic IP', () => {
    // 730 h × $0.045 + 10 GB processed × $0.045 = 32.85 + 0.45 = $33.30; the EIP: 730 h × $0.005 = $3.65
    expectUsd(lineOf(e, 'Nat').monthlyUsd, 730 * 0.045 + 10 * 0.045);
    expectUsd(lineOf(e, 'NatIp').monthlyUsd, 730 * 0.005);
    expect(lineOf(e, 'Nat').assumptions).toContain('10 GB processed per month');
  });

  test('ALB hours + 1 LCU, plus a public IPv4 address per AZ when internet-facing', () => {
    // 730 h × ($0.0225 + 1 LCU × $0.008) + 2 addresses × $0.005 × 730 h = 22.265 + 7.30 = $29.565
    expectUsd(lineOf(e, 'Alb').monthlyUsd, 730 * (0.0225 + 0.008) + 2 * 0.005 * 730);
    // internal: 730 × 0.0305 = $22.265
    expectUsd(lineOf(e, 'InternalAlb').monthlyUsd, 730 * (0.0225 + 0.008));
  });

  test('interface endpoints are priced per AZ; gateway endpoints are free', () => {
    // 3 AZs × $0.01 × 730 h = $21.90
    expectUsd(lineOf(e, 'SecretsEndpoint').monthlyUsd, 3 * 0.01 * 730);
    expect(e.lines.find((l) => l.logicalId === 'S3Endpoint')).toBeUndefined();
  });

  test('KMS key, secret, alarms, dashboard and WAF per month', () => {
    // a rotated key at 24 months of age: $1 + 2 rotations × $1
    expect(lineOf(e, 'Key').monthlyUsd).toBe(3);
    expect(lineOf(e, 'Key').assumptions.join(' ')).toMatch(/rotated every 365 days: 2 rotations within an age of 24 months/);
    expect(lineOf(e, 'Secret').monthlyUsd).toBe(0.4);
    expect(lineOf(e, 'CpuAlarm').monthlyUsd).toBe(0.1);
    // metric math: 2 metrics queried × $0.10 = $0.20
    expect(lineOf(e, 'MathAlarm').monthlyUsd).toBe(0.2);
    expect(lineOf(e, 'Dashboard').monthlyUsd).toBe(3);
    // $5 web ACL + 3 rules × $1 + 0 requests = $8
    expect(lineOf(e, 'Waf').monthlyUsd).toBe(8);
  });

  test('usage-based resources are lines marked usageBased, at the assumed use or $0; free ones are counted only', () => {
    // a log group at the assumed 0.5 GB × $0.50
    expect(lineOf(e, 'Logs')).toMatchObject({ monthlyUsd: 0.25, usageBased: true });
    expect(lineOf(e, 'Bucket')).toMatchObject({ monthlyUsd: 0, usageBased: true });
    expect(e.lines.find((l) => l.logicalId === 'Role' || l.logicalId === 'Sg')).toBeUndefined();
    expect(e.freeResourceCount).toBe(3); // Role, Sg, S3Endpoint
  });

  test('an unknown resource type is listed as unpriced, never silently zero', () => {
    expect(e.unpriced).toEqual([{ logicalId: 'Eks', resourceType: 'AWS::EKS::Cluster', reason: 'resource type not in the price table' }]);
    expect(e.lines.find((l) => l.logicalId === 'Eks')).toBeUndefined();
  });
});

describe('CostEstimator.estimateTemplate: EC2 instances (NAT instances)', () => {
  const e = CostEstimator.estimateTemplate(template({
    Nat: {
      Type: 'AWS::EC2::Instance',
      Properties: { InstanceType: 't4g.nano', Monitoring: true, SourceDestCheck: false, BlockDeviceMappings: [{ DeviceName: '/dev/xvda', Ebs: { Encrypted: true, VolumeType: 'gp3' } }] },
    },
    NatIp: { Type: 'AWS::EC2::EIP', Properties: { Domain: 'vpc' } },
    NatIpAssociation: { Type: 'AWS::EC2::EIPAssociation', Properties: { AllocationId: { 'Fn::GetAtt': ['NatIp', 'AllocationId'] }, InstanceId: { Ref: 'Nat' } } },
    Sized: { Type: 'AWS::EC2::Instance', Properties: { InstanceType: 't3.micro', BlockDeviceMappings: [{ Ebs: { VolumeSize: 30 } }], NetworkInterfaces: [{ DeviceIndex: '0', AssociatePublicIpAddress: true }] } },
    Big: { Type: 'AWS::EC2::Instance', Properties: { InstanceType: 'p5.48xlarge' } },
    Unresolved: { Type: 'AWS::EC2::Instance', Properties: { InstanceType: { Ref: 'Type' } } },
  }));

  test('a t4g.nano NAT instance: hours, an 8 GB gp3 root volume, 7 detailed-monitoring metrics; its Elastic IP on its own line', () => {
    // 730 h × $0.0042 + 8 GB × $0.08 + 7 × $0.30 = 3.066 + 0.64 + 2.10 = $5.806
    expectUsd(lineOf(e, 'Nat').monthlyUsd, 730 * 0.0042 + 8 * 0.08 + 7 * 0.3);
    expect(lineOf(e, 'Nat').assumptions).toContain('a root volume of 8 GB (the image\'s size)');
    expectUsd(lineOf(e, 'NatIp').monthlyUsd, 730 * 0.005);
    expect(e.lines.find((l) => l.logicalId === 'NatIpAssociation')).toBeUndefined();
  });

  test('a sized volume and a public IP at launch are priced; unknown or unresolvable types are unpriced', () => {
    // 730 × $0.0104 + 30 GB × $0.08 + 730 × $0.005 = 7.592 + 2.40 + 3.65
    expectUsd(lineOf(e, 'Sized').monthlyUsd, 730 * 0.0104 + 30 * 0.08 + 730 * 0.005);
    expect(e.unpriced.map((u) => [u.logicalId, u.reason])).toEqual([
      ['Big', 'instance type p5.48xlarge is not in the table'],
      ['Unresolved', 'instance type unresolvable'],
    ]);
  });

  test('instance prices can be overridden and added', () => {
    const overridden = CostEstimator.estimateTemplate(template({ Nat: { Type: 'AWS::EC2::Instance', Properties: { InstanceType: 'p5.48xlarge' } } }),
      { priceTableOverride: { ec2InstanceHour: { 'p5.48xlarge': 1 }, ec2: { gp3GbMonth: 0, assumedRootVolumeGb: 8, detailedMonitoringMetricMonth: 0, detailedMonitoringMetricsPerInstance: 7 } } });
    expectUsd(lineOf(overridden, 'Nat').monthlyUsd, 730);
  });
});

describe('CostEstimator.estimateTemplate: options', () => {
  const natOnly = template({ Nat: { Type: 'AWS::EC2::NatGateway', Properties: {} }, Key: { Type: 'AWS::KMS::Key', Properties: {} } });

  test('a known region applies its factor, an unknown one prices at us-east-1 with an assumption', () => {
    const eu = CostEstimator.estimateTemplate(natOnly, { region: 'eu-west-1' });
    // key: $1 × 1.1 = $1.10; NAT: (730 × $0.045 + 10 GB × $0.045) × 1.1 = $36.63
    expect(eu.regionFactor).toBe(1.1);
    expect(lineOf(eu, 'Key').monthlyUsd).toBe(1.1);
    expectUsd(lineOf(eu, 'Nat').monthlyUsd, (730 * 0.045 + 10 * 0.045) * 1.1);
    expect(lineOf(eu, 'Nat').formula).toMatch(/× 1\.1 \(eu-west-1 region factor\)/);

    const unknown = CostEstimator.estimateTemplate(natOnly, { region: 'xx-test-1' });
    expect(unknown.regionFactor).toBe(1);
    expect(unknown.assumptions.join(' ')).toMatch(/no price factor for region xx-test-1/);
    const agnostic = CostEstimator.estimateTemplate(natOnly, { region: Stack.of(new Stack()).region });
    expect(agnostic.region).toBe('unknown');
  });

  test('ttlHours adds cost per day and for the whole lifetime', () => {
    const e = CostEstimator.estimateTemplate(natOnly, { ttlHours: 72 });
    // total $34.30 (NAT $33.30 + key $1); per day: 34.30 × 24 / 730 = $1.1277; 72 h: 34.30 × 72 / 730 = $3.3830
    expect(e.totalMonthlyUsd).toBe(34.3);
    expectUsd(e.dailyUsd!, 34.3 * 24 / 730);
    expectUsd(e.ttlTotalUsd!, 34.3 * 72 / 730);
  });

  test('hoursPerMonth changes hourly prices, not monthly ones', () => {
    const e = CostEstimator.estimateTemplate(natOnly, { hoursPerMonth: 720 });
    expectUsd(lineOf(e, 'Nat').monthlyUsd, 720 * 0.045 + 10 * 0.045);
    expect(lineOf(e, 'Key').monthlyUsd).toBe(1);
  });

  test('a price table override replaces an entry; maps merge key by key', () => {
    const fargate: FargatePrices = {
      x86VcpuHour: 0.05, x86GbHour: 0.005, armVcpuHour: 0.04, armGbHour: 0.004, ephemeralStorageGbHour: 0.0001, spotDiscount: 0.5,
    };
    const t = template({
      Cluster: { Type: 'AWS::ECS::Cluster' },
      TaskDef: taskDef('1024', '2048', 'ARM64'),
      Svc: service({ DesiredCount: 1, LaunchType: 'FARGATE' }),
      Odd: { Type: 'AWS::RDS::DBInstance', Properties: { Engine: 'postgres', DBInstanceClass: 'db.x2g.large', AllocatedStorage: '20', StorageType: 'gp3' } },
    });
    const e = CostEstimator.estimateTemplate(t, { priceTableOverride: { fargate, rdsInstanceHour: { 'db.x2g.large': 0.5 } } });
    // 1 task × (1 vCPU × $0.04 + 2 GB × $0.004) × 730 h = $35.04
    expectUsd(lineOf(e, 'Svc').monthlyUsd, (0.04 + 2 * 0.004) * 730);
    // 730 h × $0.50 + 20 GB × $0.115 = $367.30
    expectUsd(lineOf(e, 'Odd').monthlyUsd, 730 * 0.5 + 20 * 0.115);
    expect(e.priceTableSource).toMatch(/overridden by the project: fargate, rdsInstanceHour/);
    expect(CostEstimator.priceTable({ rdsInstanceHour: { 'db.x2g.large': 0.5 } }).rdsInstanceHour['db.t4g.micro']).toBe(0.016);
  });

  test('an override entry with a missing field is an error naming the field', () => {
    // armGbHour is missing
    const partial = {
      x86VcpuHour: 0.05, x86GbHour: 0.005, armVcpuHour: 0.04, ephemeralStorageGbHour: 0.0001, spotDiscount: 0.5,
    } as unknown as FargatePrices;
    const err = validationError(() => CostEstimator.estimateTemplate(natOnly, { stackName: 'Api', priceTableOverride: { fargate: partial } }));
    expect(err.message).toMatch(/CostEstimator 'Api'/);
    expect(err.message).toMatch(/priceTableOverride\.fargate\.armGbHour: is required; an override of 'fargate' replaces the whole entry/);
    expect(err.problems).toHaveLength(1);
  });

  test('an override with a bad price, an unknown entry or an unknown field lists each problem', () => {
    const err = validationError(() => CostEstimator.priceTable({
      management: { ...CostEstimator.bundledPriceTable().management, kmsKeyMonth: -1, kmsKeyPrice: 1 } as any,
      elastiCache: { valkeyDiscount: 1 },
      nat: {},
    } as any));
    expect(err.message).toMatch(/priceTableOverride\.nat: \{\} is not allowed; allowed: one of the entries/);
    expect(err.message).toMatch(/priceTableOverride\.management\.kmsKeyMonth: -1 is not allowed; allowed: a number of 0 or more/);
    expect(err.message).toMatch(/priceTableOverride\.management\.kmsKeyPrice: 1 is not allowed; allowed: one of the fields/);
    expect(err.message).toMatch(/priceTableOverride\.elastiCache\.valkeyDiscount: 1 is not allowed; allowed: a fraction/);
  });

  test('bad hours, TTL and budget options are one error listing each', () => {
    const err = validationError(() => CostEstimator.estimateTemplate(natOnly, { hoursPerMonth: 0, ttlHours: -3, budgetUsd: NaN }));
    expect(err.problems).toEqual([
      expect.stringMatching(/^hoursPerMonth: 0 is not allowed; allowed: a number of hours above 0 and at most 744/),
      expect.stringMatching(/^ttlHours: -3 is not allowed/),
      expect.stringMatching(/^budgetUsd: "NaN" is not allowed; allowed: a number of USD per month, 0 or more/),
    ]);
  });

  test('no resource type is both priced and free or usage-based', () => {
    const { priced, usageBased, free } = knownResourceTypes();
    expect(priced.filter((t) => usageBased.includes(t) || free.includes(t))).toEqual([]);
    expect(usageBased.filter((t) => free.includes(t))).toEqual([]);
  });

  test('the bundled table states its date and source and is returned as a copy', () => {
    const table = CostEstimator.bundledPriceTable();
    expect(table.date).toBe('2026-11');
    expect(table.source).toMatch(/https:\/\/aws\.amazon\.com\/fargate\/pricing\//);
    expect(table.source).toMatch(/not fetched at synth/);
    (table.fargate as any).armVcpuHour = 99;
    expect(CostEstimator.bundledPriceTable().fargate.armVcpuHour).toBe(0.03238);
  });
});

describe('CostEstimator.checkBudget', () => {
  const t = template({
    Db: { Type: 'AWS::RDS::DBInstance', Properties: { Engine: 'postgres', DBInstanceClass: 'db.m7g.large', MultiAZ: true, AllocatedStorage: '100', StorageType: 'gp3' } },
    Nat: { Type: 'AWS::EC2::NatGateway', Properties: {} },
    NatIp: { Type: 'AWS::EC2::EIP', Properties: {} },
    Key: { Type: 'AWS::KMS::Key', Properties: {} },
    Eks: { Type: 'AWS::EKS::Cluster', Properties: {} },
  });
  // Db $268.28 + Nat $33.30 + NatIp $3.65 + Key $1.00 = $306.23
  const e = CostEstimator.estimateTemplate(t, { stackName: 'Api', budgetUsd: 250 });

  test('over budget: names the stack, estimate, budget and the 3 biggest drivers with figures', () => {
    expect(e.totalMonthlyUsd).toBe(306.23);
    const message = CostEstimator.checkBudget(e);
    expect(message).toMatch(/^Stack 'Api' is estimated at \$306\.23 per month, over its budget of \$250\.00 by \$56\.23/);
    expect(message).toMatch(/1\. Db \(AWS::RDS::DBInstance\): \$268\.28 per month = db\.m7g\.large/);
    expect(message).toMatch(/2\. Nat \(AWS::EC2::NatGateway\): \$33\.30 per month/);
    expect(message).toMatch(/3\. NatIp \(AWS::EC2::EIP\): \$3\.65 per month/);
    expect(message).not.toMatch(/Key \(AWS::KMS::Key\): \$1\.00/);
    expect(message).toMatch(/1 resource\(s\) not priced, so not included: Eks \(AWS::EKS::Cluster\)/);
  });

  test('within budget, or no budget: undefined', () => {
    expect(CostEstimator.checkBudget(e, 306.23)).toBeUndefined();
    expect(CostEstimator.checkBudget(CostEstimator.estimateTemplate(t))).toBeUndefined();
  });

  test.each([
    [-1, /budgetUsd: -1 is not allowed; allowed: a number of USD per month, 0 or more/],
    [NaN, /budgetUsd: "NaN" is not allowed/],
    ['100' as unknown as number, /budgetUsd: "100" is not allowed/],
  ])('budget %p is an error naming budgetUsd', (budget, expected) => {
    expect(() => CostEstimator.checkBudget(e, budget)).toThrow(expected);
  });
});

describe('CostEstimator.formatCostTable and costReport', () => {
  const preview = CostEstimator.estimateTemplate(template({ Nat: { Type: 'AWS::EC2::NatGateway', Properties: {} }, Eks: { Type: 'AWS::EKS::Cluster' } }),
    { stackName: 'Preview-pr-42', region: 'us-east-1', ttlHours: 72, budgetUsd: 10 });
  const prod = CostEstimator.estimateTemplate(template({ Key: { Type: 'AWS::KMS::Key', Properties: {} } }), { stackName: 'Prod', region: 'eu-central-1' });

  test('the table shows stack, total, budget, top drivers, preview cost and unpriced resources', () => {
    const table = CostEstimator.formatCostTable([preview, prod]);
    const lines = table.split('\n');
    expect(lines[0]).toMatch(/USD per month \(list prices of 2026-11/);
    expect(lines[1]).toMatch(/^Stack\s+Region\s+Monthly\s+Budget\s+Top cost drivers$/);
    expect(lines[2]).toMatch(/^Preview-pr-42\s+us-east-1\s+\$33\.30\s+\$10\.00 OVER\s+Nat \$33\.30$/);
    // 33.30 × 24 / 730 = $1.09 per day; × 72 / 730 = $3.28
    expect(lines[3]).toBe('  preview: $1.09 per day, $3.28 for its 72 h lifetime');
    expect(lines[4]).toBe('  not priced: Eks (AWS::EKS::Cluster)');
    expect(lines[5]).toMatch(/^Prod\s+eu-central-1 ×1\.15\s+\$1\.15\s+-\s+Key \$1\.15$/);
    expect(lines[6]).toBe('Total: $34.45 per month');
  });

  test('the report is JSON-serialisable and carries lines, assumptions, date and source', () => {
    const report = CostEstimator.costReport([preview, prod]);
    expect(JSON.parse(JSON.stringify(report))).toEqual(report);
    expect(report).toMatchObject({ priceTableDate: '2026-11', currency: 'USD', totalMonthlyUsd: 34.45 });
    expect(report.stacks[0].lines[0]).toMatchObject({ logicalId: 'Nat', monthlyUsd: 33.3, assumptions: ['10 GB processed per month'] });
    expect(report.stacks[0]).toMatchObject({ ttlHours: 72, dailyUsd: 1.09, ttlTotalUsd: 3.28, budgetUsd: 10 });
    expect(CostEstimator.REPORT_FILE_NAME).toBe('paved-road-cost.json');
  });
});

describe('CostEstimator.estimateTemplate: a real synthesized template', () => {
  // GIVEN an ALB Fargate service on a 2-AZ VPC with 1 NAT gateway, autoscaling from 3 tasks
  const app = new App();
  const stack = new Stack(app, 'Real', { env: { account: '123456789012', region: 'us-east-1' } });
  const vpc = new ec2.Vpc(stack, 'Vpc', { maxAzs: 2, natGateways: 1 });
  const svc = new ecsPatterns.ApplicationLoadBalancedFargateService(stack, 'Web', {
    vpc,
    cpu: 512,
    memoryLimitMiB: 1024,
    desiredCount: 2,
    runtimePlatform: { cpuArchitecture: ecs.CpuArchitecture.ARM64, operatingSystemFamily: ecs.OperatingSystemFamily.LINUX },
    taskImageOptions: { image: ecs.ContainerImage.fromRegistry('public.ecr.aws/nginx/nginx:latest') },
  });
  svc.service.autoScaleTaskCount({ minCapacity: 3, maxCapacity: 6 }).scaleOnCpuUtilization('Cpu', { targetUtilizationPercent: 60 });
  const json = Template.fromStack(stack).toJSON();
  // WHEN
  const e = CostEstimator.estimateTemplate(json, { stackName: stack.stackName, region: stack.region });
  const byType = (type: string) => e.lines.filter((l) => l.resourceType === type);

  test('the service is read through its task definition Ref and its scalable target', () => {
    const [serviceLine] = byType('AWS::ECS::Service');
    // 3 tasks (autoscaling minimum) × (0.5 vCPU × $0.03238 + 1 GB × $0.00356) × 730 h = 3 × 0.01975 × 730 = $43.2525
    expectUsd(serviceLine.monthlyUsd, 3 * (0.5 * 0.03238 + 1 * 0.00356) * 730);
    expect(serviceLine.formula).toMatch(/ARM64/);
  });

  test('ALB, NAT gateway, its EIP, the log group and the scaling alarms are priced; nothing is unpriced', () => {
    // ALB: 730 × ($0.0225 + $0.008) + 2 public IPv4 × $0.005 × 730 = $29.565
    expectUsd(byType('AWS::ElasticLoadBalancingV2::LoadBalancer')[0].monthlyUsd, 730 * 0.0305 + 2 * 0.005 * 730);
    // NAT: 730 h × $0.045 + 10 GB × $0.045
    expect(byType('AWS::EC2::NatGateway').map((l) => l.monthlyUsd)).toEqual([33.3]);
    expect(byType('AWS::EC2::EIP').map((l) => l.monthlyUsd)).toEqual([3.65]);
    expect(byType('AWS::Logs::LogGroup')).toEqual([expect.objectContaining({ monthlyUsd: 0.25, usageBased: true })]);
    // the CPU target tracking policy: 2 alarms × $0.10
    expect(byType('AWS::ApplicationAutoScaling::ScalingPolicy').map((l) => l.monthlyUsd)).toEqual([0.2]);
    // the pattern's cluster has no Container Insights: free, and the service says so
    expect(byType('AWS::ECS::Cluster')).toEqual([]);
    expect(byType('AWS::ECS::Service')[0].assumptions.join(' ')).toMatch(/account's default \(disabled unless the account turns it on\)/);
    expect(e.unpriced).toEqual([]);
    // 43.2525 + 29.565 + 33.30 + 3.65 + 0.25 + 0.20 = $110.2175, each line rounded to the cent
    expect(Math.abs(e.totalMonthlyUsd - 110.2175)).toBeLessThanOrEqual(0.02);
    expect(e.freeResourceCount).toBeGreaterThan(20);
  });
});

describe('CostEstimator.estimateTemplate: more resource shapes', () => {
  const e = CostEstimator.estimateTemplate(template({
    Cluster: { Type: 'AWS::ECS::Cluster' },
    Assoc: {
      Type: 'AWS::ECS::ClusterCapacityProviderAssociations',
      Properties: { Cluster: { Ref: 'Cluster' }, CapacityProviders: ['FARGATE', 'FARGATE_SPOT'], DefaultCapacityProviderStrategy: [{ CapacityProvider: 'FARGATE_SPOT', Weight: 1 }] },
    },
    TaskDef: { Type: 'AWS::ECS::TaskDefinition', Properties: { Cpu: '256', Memory: '512', EphemeralStorage: { SizeInGiB: 50 } } },
    DefaultStrategySvc: service({ DesiredCount: 1 }),
    PublicSvc: service({ DesiredCount: 2, LaunchType: 'FARGATE', NetworkConfiguration: { AwsvpcConfiguration: { AssignPublicIp: 'ENABLED' } } }),
    Ec2Svc: service({ LaunchType: 'EC2', DesiredCount: 3 }),
    WinTaskDef: { Type: 'AWS::ECS::TaskDefinition', Properties: { Cpu: '1024', Memory: '2048', RuntimePlatform: { OperatingSystemFamily: 'WINDOWS_SERVER_2022_CORE' } } },
    WinSvc: { Type: 'AWS::ECS::Service', Properties: { LaunchType: 'FARGATE', TaskDefinition: { Ref: 'WinTaskDef' } } },
    IoCluster: { Type: 'AWS::RDS::DBCluster', Properties: { Engine: 'aurora-postgresql', StorageType: 'aurora-iopt1' } },
    IoWriter: { Type: 'AWS::RDS::DBInstance', Properties: { DBInstanceClass: 'db.r7g.large', DBClusterIdentifier: { Ref: 'IoCluster' } } },
    MySql: {
      Type: 'AWS::RDS::DBInstance',
      Properties: { Engine: 'mysql', DBInstanceClass: 'db.t4g.small', AllocatedStorage: 50, EnablePerformanceInsights: true, PerformanceInsightsRetentionPeriod: 31 },
    },
    Oracle: { Type: 'AWS::RDS::DBInstance', Properties: { Engine: 'oracle-ee', DBInstanceClass: 'db.m6i.large' } },
    Memcached: { Type: 'AWS::ElastiCache::CacheCluster', Properties: { Engine: 'memcached', CacheNodeType: 'cache.t3.small', NumCacheNodes: 3 } },
    HighRes: { Type: 'AWS::CloudWatch::Alarm', Properties: { MetricName: 'Latency', Period: 10 } },
    Anomaly: { Type: 'AWS::CloudWatch::Alarm', Properties: { ThresholdMetricId: 'ad', Metrics: [{ Id: 'm', MetricStat: { Period: 300 } }, { Id: 'ad', Expression: 'ANOMALY_DETECTION_BAND(m)' }] } },
    Composite: { Type: 'AWS::CloudWatch::CompositeAlarm', Properties: {} },
    Zone: { Type: 'AWS::Route53::HostedZone', Properties: {} },
    OnDemandTable: { Type: 'AWS::DynamoDB::Table', Properties: { BillingMode: 'PAY_PER_REQUEST' } },
    ProvisionedTable: { Type: 'AWS::DynamoDB::Table', Properties: {} },
    Nested: { Type: 'AWS::CloudFormation::Stack', Properties: {} },
    BotWaf: { Type: 'AWS::WAFv2::WebACL', Properties: { Rules: [{ Statement: { ManagedRuleGroupStatement: { Name: 'AWSManagedRulesBotControlRuleSet' } } }] } },
    MaybeKey: { Type: 'AWS::KMS::Key', Condition: 'IsProd', Properties: {}, Metadata: { 'aws:cdk:path': 'App/Stack/MaybeKey/Resource' } },
  }));
  const unpricedIds = e.unpriced.map((u) => u.logicalId);

  test('the cluster default strategy applies; ephemeral storage above 20 GB is priced', () => {
    // 1 task × (0.25 vCPU × $0.04048 + 0.5 GB × $0.004445 + 30 GB × $0.000111) × 730 h × (1 − 0.70)
    // = 0.3 × 730 × (0.01012 + 0.0022225 + 0.00333) = $3.432285
    expectUsd(lineOf(e, 'DefaultStrategySvc').monthlyUsd, 0.3 * 730 * (0.25 * 0.04048 + 0.5 * 0.004445 + 30 * 0.000111));
    expect(lineOf(e, 'DefaultStrategySvc').assumptions).toContain('the cluster\'s default capacity provider strategy applies');
  });

  test('tasks with a public IP pay for one IPv4 address each', () => {
    // 2 tasks × (0.25 × $0.04048 + 0.5 × $0.004445 + 30 GB × $0.000111) × 730 h + 2 addresses × $0.005 × 730 h
    expectUsd(lineOf(e, 'PublicSvc').monthlyUsd, 2 * (0.25 * 0.04048 + 0.5 * 0.004445 + 30 * 0.000111) * 730 + 2 * 0.005 * 730);
  });

  test('EC2 launch type is $0 with the reason; Windows Fargate is unpriced', () => {
    expect(lineOf(e, 'Ec2Svc')).toMatchObject({ monthlyUsd: 0, formula: expect.stringMatching(/container instances/) });
    expect(unpricedIds).toContain('WinSvc');
  });

  test('Aurora I/O-Optimized: instance × 1.3 and I/O-Optimized storage', () => {
    // 730 h × $0.276 × 1.3 = $261.924; storage 10 GB × $0.225 = $2.25
    expectUsd(lineOf(e, 'IoWriter').monthlyUsd, 730 * 0.276 * 1.3);
    expectUsd(lineOf(e, 'IoCluster').monthlyUsd, 10 * 0.225);
  });

  test('MySQL at PostgreSQL rates with an assumption; Oracle unpriced; gp2 by default; Performance Insights beyond 7 days', () => {
    // 730 h × $0.032 + 50 GB gp2 × $0.115 + 31 days of Performance Insights: 2 vCPUs × $1.53 = 23.36 + 5.75 + 3.06 = $32.17
    expectUsd(lineOf(e, 'MySql').monthlyUsd, 730 * 0.032 + 50 * 0.115 + 2 * 1.53);
    expect(lineOf(e, 'MySql').assumptions).toContain('mysql priced at PostgreSQL rates');
    expect(lineOf(e, 'MySql').formula).toMatch(/\+ Performance Insights 2 vCPUs × \$1\.53$/);
    expect(e.unpriced.find((u) => u.logicalId === 'Oracle')?.reason).toMatch(/engine oracle-ee/);
  });

  test('cache cluster nodes, high-resolution, anomaly-detection and composite alarms, hosted zone', () => {
    // 3 nodes × $0.034 × 730 h = $74.46
    expectUsd(lineOf(e, 'Memcached').monthlyUsd, 3 * 0.034 * 730);
    expect(lineOf(e, 'HighRes').monthlyUsd).toBe(0.3);
    // anomaly detection: 3 × 1 metric × $0.10
    expect(lineOf(e, 'Anomaly').monthlyUsd).toBe(0.3);
    expect(lineOf(e, 'Composite').monthlyUsd).toBe(0.5);
    expect(lineOf(e, 'Zone').monthlyUsd).toBe(0.5);
  });

  test('DynamoDB on demand is usage-based, provisioned is unpriced; nested stacks are unpriced', () => {
    expect(lineOf(e, 'OnDemandTable')).toMatchObject({ monthlyUsd: 0, usageBased: true });
    expect(unpricedIds).toEqual(expect.arrayContaining(['ProvisionedTable', 'Nested']));
  });

  test('paid WAF rule groups and conditions are stated; the construct path is kept', () => {
    // $5 + 1 rule × $1
    expect(lineOf(e, 'BotWaf').monthlyUsd).toBe(6);
    expect(lineOf(e, 'BotWaf').assumptions.join(' ')).toMatch(/AWSManagedRulesBotControlRuleSet not included/);
    expect(lineOf(e, 'MaybeKey').assumptions).toContain('created only when condition IsProd holds: counted as created');
    expect(lineOf(e, 'MaybeKey').constructPath).toBe('App/Stack/MaybeKey/Resource');
  });

  test('estimateTemplateFile reads a template file; a missing file is a clear error', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cost-'));
    const file = path.join(dir, 'Api.template.json');
    fs.writeFileSync(file, JSON.stringify(template({ Key: { Type: 'AWS::KMS::Key', Properties: {} } })));
    expect(CostEstimator.estimateTemplateFile(file, { stackName: 'Api' }).totalMonthlyUsd).toBe(1);
    expect(() => CostEstimator.estimateTemplateFile(path.join(dir, 'missing.json'))).toThrow(/cannot read the template .*missing\.json/);
    fs.rmSync(dir, { recursive: true });
  });
});

describe('CostEstimator.estimateTemplate: real RDS and Aurora templates', () => {
  // GIVEN a Multi-AZ PostgreSQL instance and an Aurora Serverless v2 cluster with a writer and a reader
  const app = new App();
  const stack = new Stack(app, 'Data', { env: { account: '123456789012', region: 'us-east-1' } });
  const vpc = new ec2.Vpc(stack, 'Vpc', { maxAzs: 2, natGateways: 0, subnetConfiguration: [{ name: 'data', subnetType: ec2.SubnetType.PRIVATE_ISOLATED }] });
  new rds.DatabaseInstance(stack, 'Db', {
    engine: rds.DatabaseInstanceEngine.postgres({ version: rds.PostgresEngineVersion.VER_16 }),
    instanceType: ec2.InstanceType.of(ec2.InstanceClass.M7G, ec2.InstanceSize.LARGE),
    multiAz: true,
    allocatedStorage: 100,
    storageType: rds.StorageType.GP3,
    vpc,
    vpcSubnets: { subnetType: ec2.SubnetType.PRIVATE_ISOLATED },
  });
  new rds.DatabaseCluster(stack, 'Aurora', {
    engine: rds.DatabaseClusterEngine.auroraPostgres({ version: rds.AuroraPostgresEngineVersion.VER_16_4 }),
    writer: rds.ClusterInstance.serverlessV2('Writer'),
    readers: [rds.ClusterInstance.serverlessV2('Reader', { scaleWithWriter: true })],
    serverlessV2MinCapacity: 1,
    serverlessV2MaxCapacity: 8,
    vpc,
    vpcSubnets: { subnetType: ec2.SubnetType.PRIVATE_ISOLATED },
  });
  const e = CostEstimator.estimateTemplate(Template.fromStack(stack).toJSON(), { stackName: 'Data', region: 'us-east-1' });
  const byType = (type: string) => e.lines.filter((l) => l.resourceType === type).map((l) => l.monthlyUsd).sort((a, b) => a - b);

  test('instances, ACUs and storage are read from the L2 constructs\' output', () => {
    // Aurora writer and reader: 1 ACU × $0.12 × 730 h = $87.60 each; Multi-AZ m7g.large + 100 GB gp3 = $268.28
    expect(byType('AWS::RDS::DBInstance')).toEqual([87.6, 87.6, 268.28]);
    // Aurora storage: 10 GB × $0.10
    expect(byType('AWS::RDS::DBCluster')).toEqual([1]);
    // the generated credentials
    expect(byType('AWS::SecretsManager::Secret')).toEqual([0.4, 0.4]);
    expect(e.unpriced).toEqual([]);
  });
});
