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
  readonly loadBalancer: elbv2.ApplicationLoadBalancer;
  readonly targetGroup: elbv2.ApplicationTargetGroup;
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

/** The load-balancer alarms: they exist before the ECS service so they can roll its deployments back. @internal */
export function createTrafficAlarms(scope: Construct, src: ServiceMetricsSource, d: ServiceProfileDefaults) {
  const requests = src.loadBalancer.metrics.requestCount({ period: PERIOD });
  const target5xx = src.targetGroup.metrics.httpCodeTarget(elbv2.HttpCodeTarget.TARGET_5XX_COUNT, { period: PERIOD });
  const elb5xx = src.loadBalancer.metrics.httpCodeElb(elbv2.HttpCodeElb.ELB_5XX_COUNT, { period: PERIOD });
  const errorRate = new cloudwatch.MathExpression({
    expression: 'IF(requests > 0, 100 * (FILL(target5xx, 0) + FILL(elb5xx, 0)) / requests, 0)',
    usingMetrics: { requests, target5xx, elb5xx },
    label: '5xx rate (%)',
    period: PERIOD,
  });
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
      metric: src.targetGroup.metrics.targetResponseTime({ statistic: 'p99', period: PERIOD }),
      description: `p99 response time of ${path} above ${d.alarmP99Latency.toMilliseconds()} ms in 3 of 5 minutes`,
      threshold: d.alarmP99Latency.toMilliseconds() / 1000,
      evaluationPeriods: 5,
      datapointsToAlarm: 3,
      comparison: cloudwatch.ComparisonOperator.GREATER_THAN_THRESHOLD,
    }),
    unhealthyHosts: createAlarm(scope, {
      id: 'UnhealthyHostsAlarm',
      metric: src.targetGroup.metrics.unhealthyHostCount({ statistic: 'Maximum', period: PERIOD }),
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
  const tg = { ...lb, TargetGroup: placeholder('TargetGroup') };
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
        graphWidget('Requests', [line(elb, 'RequestCount', lb, 'requests')]),
        graphWidget('4xx / 5xx', [
          line(elb, 'HTTPCode_Target_4XX_Count', tg, 'target 4xx'),
          line(elb, 'HTTPCode_Target_5XX_Count', tg, 'target 5xx'),
          line(elb, 'HTTPCode_ELB_5XX_Count', lb, 'load balancer 5xx'),
        ]),
        graphWidget('Latency', ['p50', 'p90', 'p99'].map((statistic) => line(elb, 'TargetResponseTime', tg, statistic, statistic)),
          [{ value: d.alarmP99Latency.toMilliseconds() / 1000, label: 'p99 alarm' }]),
      ],
      [
        graphWidget('Healthy / unhealthy hosts', [
          line(elb, 'HealthyHostCount', tg, 'healthy', 'Average'),
          line(elb, 'UnHealthyHostCount', tg, 'unhealthy', 'Average'),
        ]),
        graphWidget('CPU / memory (%)', [
          line('AWS/ECS', 'CPUUtilization', ecsService, 'CPU', 'Average', utilizationPeriod),
          line('AWS/ECS', 'MemoryUtilization', ecsService, 'memory', 'Average', utilizationPeriod),
        ], [{ value: d.alarmUtilizationPercent, label: 'alarm' }]),
        graphWidget('Running tasks', [line('ECS/ContainerInsights', 'RunningTaskCount', ecsService, 'running', 'Average')]),
      ],
    ],
  }, {
    LoadBalancer: src.loadBalancer.loadBalancerFullName,
    TargetGroup: src.targetGroup.targetGroupFullName,
    Cluster: src.clusterName,
    Service: service.serviceName,
    ...Object.fromEntries(ALARM_VARIABLES.map(([key, variable]) => [variable, alarms[key].alarmArn])),
  });
  return { alarms, dashboard };
}
