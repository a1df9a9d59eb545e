import { Duration } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as ecs from 'aws-cdk-lib/aws-ecs';
import * as elbv2 from 'aws-cdk-lib/aws-elasticloadbalancingv2';
import { Construct } from 'constructs';
import { alarmStatusWidget, graphWidget, MetricLine, placeholder, SubstitutedDashboard } from './dashboard-body';
import { ServiceProfileDefaults } from './defaults';
import { AlarmNotification, createAlarm, notifyAlarms } from '../core/alarms';

/** @internal */
export interface ServiceMetricsSource {
  /** The service's own load balancer; none when it shares one (its metrics then include other services' traffic). */
  readonly loadBalancer?: elbv2.ApplicationLoadBalancer;
  /** The `LoadBalancer` dimension of the metrics (`app/<name>/<id>`). */
  readonly loadBalancerFullName: string;
  readonly targetGroup: elbv2.ApplicationTargetGroup;
  /**
   * The second target group of a BLUE_GREEN, LINEAR or CANARY deployment. ECS moves production
   * traffic between the two, so the alarms and the dashboard watch both (or the load balancer).
   */
  readonly alternateTargetGroup?: elbv2.ApplicationTargetGroup;
  readonly clusterName: string;
}

/** The alarms of one service. @internal */
export interface ServiceAlarms {
  readonly errorRate: cloudwatch.Alarm;
  readonly latencyP99: cloudwatch.Alarm;
  readonly unhealthyHosts: cloudwatch.Alarm;
  readonly cpuHigh: cloudwatch.Alarm;
  readonly memoryHigh: cloudwatch.Alarm;
}

const PERIOD = Duration.minutes(1);

/** Each alarm and the dashboard variable that holds its ARN, in the order the alarm widget lists them. */
const ALARM_VARIABLES: Array<[keyof ServiceAlarms, string]> = [
  ['errorRate', 'ErrorRateAlarm'],
  ['latencyP99', 'LatencyP99Alarm'],
  ['unhealthyHosts', 'UnhealthyHostsAlarm'],
  ['cpuHigh', 'CpuHighAlarm'],
  ['memoryHigh', 'MemoryHighAlarm'],
];

/**
 * The 5xx rate of a service with two target groups: the worse of the two target groups' own rates
 * (a canary's errors are not diluted by the traffic the old revision still serves) plus the load
 * balancer's own 5xx share.
 */
function twoTargetGroupErrorRate(src: ServiceMetricsSource, alternate: elbv2.ApplicationTargetGroup): cloudwatch.MathExpression {
  // metric ids are unique across the whole alarm, nested expressions included
  const rate = (tg: elbv2.ApplicationTargetGroup, x: 'A' | 'B', label: string) => new cloudwatch.MathExpression({
    expression: `IF(FILL(requests${x}, 0) > 0, 100 * FILL(target5xx${x}, 0) / requests${x}, 0)`,
    usingMetrics: {
      [`requests${x}`]: tg.metrics.requestCount({ period: PERIOD }),
      [`target5xx${x}`]: tg.metrics.httpCodeTarget(elbv2.HttpCodeTarget.TARGET_5XX_COUNT, { period: PERIOD }),
    },
    label,
    period: PERIOD,
  });
  return new cloudwatch.MathExpression({
    expression: 'IF(rateA > rateB, rateA, rateB) + IF(requests > 0, 100 * FILL(elb5xx, 0) / requests, 0)',
    usingMetrics: {
      rateA: rate(src.targetGroup, 'A', 'target group 5xx rate (%)'),
      rateB: rate(alternate, 'B', 'alternate target group 5xx rate (%)'),
      requests: src.loadBalancer!.metrics.requestCount({ period: PERIOD }),
      elb5xx: src.loadBalancer!.metrics.httpCodeElb(elbv2.HttpCodeElb.ELB_5XX_COUNT, { period: PERIOD }),
    },
    label: '5xx rate (%)',
    period: PERIOD,
  });
}

/** The load-balancer alarms: they exist before the ECS service so they can roll its deployments back. @internal */
export function createTrafficAlarms(scope: Construct, src: ServiceMetricsSource, d: ServiceProfileDefaults) {
  const target5xx = src.targetGroup.metrics.httpCodeTarget(elbv2.HttpCodeTarget.TARGET_5XX_COUNT, { period: PERIOD });
  const alternate = src.alternateTargetGroup;
  // A shared load balancer's own 5xx and request counts include other services: count this target
  // group's requests and its targets' 5xx only (ELB publishes HTTPCode_ELB_5XX_Count per load balancer).
  // A service with two target groups (BLUE_GREEN, LINEAR, CANARY) always has its own load balancer.
  const errorRate = alternate && src.loadBalancer ? twoTargetGroupErrorRate(src, alternate) : src.loadBalancer
    ? new cloudwatch.MathExpression({
      expression: 'IF(requests > 0, 100 * (FILL(target5xx, 0) + FILL(elb5xx, 0)) / requests, 0)',
      usingMetrics: {
        requests: src.loadBalancer.metrics.requestCount({ period: PERIOD }),
        target5xx,
        elb5xx: src.loadBalancer.metrics.httpCodeElb(elbv2.HttpCodeElb.ELB_5XX_COUNT, { period: PERIOD }),
      },
      label: '5xx rate (%)',
      period: PERIOD,
    })
    : new cloudwatch.MathExpression({
      expression: 'IF(requests > 0, 100 * FILL(target5xx, 0) / requests, 0)',
      usingMetrics: { requests: src.targetGroup.metrics.requestCount({ period: PERIOD }), target5xx },
      label: '5xx rate (%)',
      period: PERIOD,
    });
  // With two target groups: the p99 of the whole load balancer, and unhealthy tasks in either group.
  const latency = (alternate && src.loadBalancer ? src.loadBalancer : src.targetGroup).metrics.targetResponseTime({ statistic: 'p99', period: PERIOD });
  const unhealthy = (tg: elbv2.ApplicationTargetGroup) => tg.metrics.unhealthyHostCount({ statistic: 'Maximum', period: PERIOD });
  const unhealthyHosts = alternate ? new cloudwatch.MathExpression({
    expression: 'FILL(unhealthyA, 0) + FILL(unhealthyB, 0)',
    usingMetrics: { unhealthyA: unhealthy(src.targetGroup), unhealthyB: unhealthy(alternate) },
    label: 'unhealthy tasks',
    period: PERIOD,
  }) : unhealthy(src.targetGroup);
  const path = scope.node.path;
  return {
    errorRate: createAlarm(scope, {
      id: 'ErrorRateAlarm',
      metric: errorRate,
      description: `More than ${d.alarm5xxRatePercent}% of requests to ${path} answered 5xx in 3 of 5 minutes`,
      threshold: d.alarm5xxRatePercent,
      evaluationPeriods: 5,
      datapointsToAlarm: 3,
      comparison: cloudwatch.ComparisonOperator.GREATER_THAN_THRESHOLD,
    }),
    latencyP99: createAlarm(scope, {
      id: 'LatencyP99Alarm',
      metric: latency,
      description: `p99 response time of ${path} above ${d.alarmP99Latency.toMilliseconds()} ms in 3 of 5 minutes`,
      threshold: d.alarmP99Latency.toMilliseconds() / 1000,
      evaluationPeriods: 5,
      datapointsToAlarm: 3,
      comparison: cloudwatch.ComparisonOperator.GREATER_THAN_THRESHOLD,
    }),
    unhealthyHosts: createAlarm(scope, {
      id: 'UnhealthyHostsAlarm',
      metric: unhealthyHosts,
      description: `A task of ${path} failed its load-balancer health checks for 3 minutes`,
      threshold: 1,
      evaluationPeriods: 3,
      comparison: cloudwatch.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
    }),
  };
}

/** CPU and memory alarms, the dashboard, and the notification of every alarm. @internal */
export function createServiceObservability(
  scope: Construct, src: ServiceMetricsSource, service: ecs.FargateService,
  traffic: ReturnType<typeof createTrafficAlarms>, notification: AlarmNotification, d: ServiceProfileDefaults,
): { alarms: ServiceAlarms; dashboard: cloudwatch.Dashboard } {
  const cpu = service.metricCpuUtilization({ period: Duration.minutes(5) });
  const memory = service.metricMemoryUtilization({ period: Duration.minutes(5) });
  const utilizationAlarm = (id: string, metric: cloudwatch.IMetric, what: string) => createAlarm(scope, {
    id,
    metric,
    description: `Average ${what} of ${scope.node.path} above ${d.alarmUtilizationPercent}% for 15 minutes`,
    threshold: d.alarmUtilizationPercent,
    evaluationPeriods: 3,
    comparison: cloudwatch.ComparisonOperator.GREATER_THAN_THRESHOLD,
    treatMissingData: cloudwatch.TreatMissingData.MISSING,
  });
  const alarms: ServiceAlarms = {
    ...traffic,
    cpuHigh: utilizationAlarm('CpuHighAlarm', cpu, 'CPU utilization'),
    memoryHigh: utilizationAlarm('MemoryHighAlarm', memory, 'memory utilization'),
  };
  notifyAlarms(Object.values(alarms), {
    ...notification,
    silentReason: () => `Alarm of ${scope.node.path} in a profile without alarm actions (dev/preview): it shows state on the dashboard and the 5xx/unhealthy alarms still roll deployments back, but pages nobody; staging and prod notify the alarm topic.`,
  });

  // The dashboard body is plain JSON with Fn::Sub variables (see dashboard-body.ts).
  const lb = { LoadBalancer: placeholder('LoadBalancer') };
  const alternate = src.alternateTargetGroup;
  // With two target groups, production traffic moves between them: traffic lines per load balancer.
  const tg = alternate ? lb : { ...lb, TargetGroup: placeholder('TargetGroup') };
  const hostGroups: Array<[Record<string, string>, string]> = alternate
    ? [[{ ...lb, TargetGroup: placeholder('TargetGroup') }, ' (target group)'], [{ ...lb, TargetGroup: placeholder('AlternateTargetGroup') }, ' (alternate)']]
    : [[tg, '']];
  const ecsService = { ClusterName: placeholder('Cluster'), ServiceName: placeholder('Service') };
  const line = (namespace: string, metricName: string, dimensions: Record<string, string>, label: string, statistic = 'Sum', period = PERIOD): MetricLine =>
    ({ namespace, metricName, dimensions, label, statistic, periodSeconds: period.toSeconds() });
  const elb = 'AWS/ApplicationELB';
  const utilizationPeriod = Duration.minutes(5);
  const dashboard = new SubstitutedDashboard(scope, 'Dashboard', {
    defaultInterval: Duration.hours(3),
    widgets: [
      [alarmStatusWidget('Alarms', ALARM_VARIABLES.map(([, variable]) => variable))],
      [
        // a shared load balancer's own counts include other services: this target group's only
        graphWidget('Requests', [line(elb, 'RequestCount', src.loadBalancer ? lb : tg, 'requests')]),
        graphWidget('4xx / 5xx', [
          line(elb, 'HTTPCode_Target_4XX_Count', tg, 'target 4xx'),
          line(elb, 'HTTPCode_Target_5XX_Count', tg, 'target 5xx'),
          ...(src.loadBalancer ? [line(elb, 'HTTPCode_ELB_5XX_Count', lb, 'load balancer 5xx')] : []),
        ]),
        graphWidget('Latency', ['p50', 'p90', 'p99'].map((statistic) => line(elb, 'TargetResponseTime', tg, statistic, statistic)),
          [{ value: d.alarmP99Latency.toMilliseconds() / 1000, label: 'p99 alarm' }]),
      ],
      [
        graphWidget('Healthy / unhealthy hosts', hostGroups.flatMap(([dims, suffix]) => [
          line(elb, 'HealthyHostCount', dims, `healthy${suffix}`, 'Average'),
          line(elb, 'UnHealthyHostCount', dims, `unhealthy${suffix}`, 'Average'),
        ])),
        graphWidget('CPU / memory (%)', [
          line('AWS/ECS', 'CPUUtilization', ecsService, 'CPU', 'Average', utilizationPeriod),
          line('AWS/ECS', 'MemoryUtilization', ecsService, 'memory', 'Average', utilizationPeriod),
        ], [{ value: d.alarmUtilizationPercent, label: 'alarm' }]),
        graphWidget('Running tasks', [line('ECS/ContainerInsights', 'RunningTaskCount', ecsService, 'running', 'Average')]),
      ],
    ],
  }, {
    LoadBalancer: src.loadBalancerFullName,
    TargetGroup: src.targetGroup.targetGroupFullName,
    ...(alternate ? { AlternateTargetGroup: alternate.targetGroupFullName } : {}),
    Cluster: src.clusterName,
    Service: service.serviceName,
    ...Object.fromEntries(ALARM_VARIABLES.map(([key, variable]) => [variable, alarms[key].alarmArn])),
  });
  return { alarms, dashboard };
}
