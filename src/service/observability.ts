import { Duration } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as ecs from 'aws-cdk-lib/aws-ecs';
import * as elbv2 from 'aws-cdk-lib/aws-elasticloadbalancingv2';
import * as sns from 'aws-cdk-lib/aws-sns';
import { Construct } from 'constructs';
import { alarmStatusWidget, graphWidget, MetricLine, placeholder, SubstitutedDashboard } from './dashboard-body';
import { ServiceProfileDefaults } from './defaults';
import { acknowledge } from '../core/acknowledge';
import { notifyOnAlarm } from '../core/alarm-topic';
import { ProfileSettings } from '../core/profile-settings';

/** @internal */
export interface ServiceMetricsSource {
  /** The service's own load balancer; none when it shares one (its metrics then include other services' traffic). */
  readonly loadBalancer?: elbv2.ApplicationLoadBalancer;
  /** The `LoadBalancer` dimension of the metrics (`app/<name>/<id>`). */
  readonly loadBalancerFullName: string;
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
  const target5xx = src.targetGroup.metrics.httpCodeTarget(elbv2.HttpCodeTarget.TARGET_5XX_COUNT, { period: PERIOD });
  // A shared load balancer's own 5xx and request counts include other services: count this target
  // group's requests and its targets' 5xx only (ELB publishes HTTPCode_ELB_5XX_Count per load balancer).
  const errorRate = src.loadBalancer
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
  return {
    errorRate: errorRate.createAlarm(scope, 'ErrorRateAlarm', {
      alarmDescription: `More than ${d.alarm5xxRatePercent}% of requests to ${scope.node.path} answered 5xx in 3 of 5 minutes`,
      threshold: d.alarm5xxRatePercent,
      evaluationPeriods: 5,
      datapointsToAlarm: 3,
      comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_THRESHOLD,
      treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
    }),
    latencyP99: src.targetGroup.metrics.targetResponseTime({ statistic: 'p99', period: PERIOD }).createAlarm(scope, 'LatencyP99Alarm', {
      alarmDescription: `p99 response time of ${scope.node.path} above ${d.alarmP99Latency.toMilliseconds()} ms in 3 of 5 minutes`,
      threshold: d.alarmP99Latency.toMilliseconds() / 1000,
      evaluationPeriods: 5,
      datapointsToAlarm: 3,
      comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_THRESHOLD,
      treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
    }),
    unhealthyHosts: src.targetGroup.metrics.unhealthyHostCount({ statistic: 'Maximum', period: PERIOD }).createAlarm(scope, 'UnhealthyHostsAlarm', {
      alarmDescription: `A task of ${scope.node.path} failed its load-balancer health checks for 3 minutes`,
      threshold: 1,
      evaluationPeriods: 3,
      comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
      treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
    }),
  };
}

/** CPU and memory alarms, the dashboard, and the notification of every alarm. @internal */
export function createServiceObservability(
  scope: Construct, src: ServiceMetricsSource, service: ecs.FargateService,
  traffic: ReturnType<typeof createTrafficAlarms>, topic: sns.ITopic, settings: ProfileSettings, d: ServiceProfileDefaults,
): { alarms: ServiceAlarms; dashboard: cloudwatch.Dashboard } {
  const cpu = service.metricCpuUtilization({ period: Duration.minutes(5) });
  const memory = service.metricMemoryUtilization({ period: Duration.minutes(5) });
  const utilizationAlarm = (id: string, metric: cloudwatch.IMetric, what: string) => new cloudwatch.Alarm(scope, id, {
    metric,
    alarmDescription: `Average ${what} of ${scope.node.path} above ${d.alarmUtilizationPercent}% for 15 minutes`,
    threshold: d.alarmUtilizationPercent,
    evaluationPeriods: 3,
    comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_THRESHOLD,
    treatMissingData: cloudwatch.TreatMissingData.MISSING,
  });
  const alarms: ServiceAlarms = {
    ...traffic,
    cpuHigh: utilizationAlarm('CpuHighAlarm', cpu, 'CPU utilization'),
    memoryHigh: utilizationAlarm('MemoryHighAlarm', memory, 'memory utilization'),
  };
  for (const alarm of Object.values(alarms)) {
    notifyOnAlarm(alarm, topic, settings);
    if (!settings.alarmActions) {
      acknowledge(alarm, [{
        rules: ['NIST.800.53.R5-CloudWatchAlarmAction', 'HIPAA.Security-CloudWatchAlarmAction', 'PCI.DSS.321-CloudWatchAlarmAction'],
        reason: `Alarm of ${scope.node.path} in a profile without alarm actions (dev/preview): it shows state on the dashboard and the 5xx/unhealthy alarms still roll deployments back, but pages nobody; staging and prod notify the alarm topic.`,
      }], true);
    }
  }

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
    LoadBalancer: src.loadBalancerFullName,
    TargetGroup: src.targetGroup.targetGroupFullName,
    Cluster: src.clusterName,
    Service: service.serviceName,
    ...Object.fromEntries(ALARM_VARIABLES.map(([key, variable]) => [variable, alarms[key].alarmArn])),
  });
  return { alarms, dashboard };
}
