import { Duration } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as ecs from 'aws-cdk-lib/aws-ecs';
import * as elbv2 from 'aws-cdk-lib/aws-elasticloadbalancingv2';
import * as sns from 'aws-cdk-lib/aws-sns';
import { Construct } from 'constructs';
import { ServiceProfileDefaults } from './defaults';
import { acknowledge } from '../core/acknowledge';
import { notifyOnAlarm } from '../core/alarm-topic';
import { ProfileSettings } from '../core/profile-defaults';

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

  const tg = src.targetGroup.metrics;
  const lb = src.loadBalancer.metrics;
  const runningTasks = new cloudwatch.Metric({
    namespace: 'ECS/ContainerInsights',
    metricName: 'RunningTaskCount',
    dimensionsMap: { ClusterName: src.clusterName, ServiceName: service.serviceName },
    statistic: 'Average',
    period: PERIOD,
  });
  const graph = (title: string, left: cloudwatch.IMetric[], annotations: cloudwatch.HorizontalAnnotation[] = []) =>
    new cloudwatch.GraphWidget({ title, left, width: 8, height: 6, leftAnnotations: annotations });
  const dashboard = new cloudwatch.Dashboard(scope, 'Dashboard', {
    defaultInterval: Duration.hours(3),
    widgets: [
      [
        new cloudwatch.AlarmStatusWidget({ title: 'Alarms', alarms: Object.values(alarms), width: 24, height: 3 }),
      ],
      [
        graph('Requests', [lb.requestCount({ period: PERIOD, label: 'requests' })]),
        graph('4xx / 5xx', [
          tg.httpCodeTarget(elbv2.HttpCodeTarget.TARGET_4XX_COUNT, { period: PERIOD, label: 'target 4xx' }),
          tg.httpCodeTarget(elbv2.HttpCodeTarget.TARGET_5XX_COUNT, { period: PERIOD, label: 'target 5xx' }),
          lb.httpCodeElb(elbv2.HttpCodeElb.ELB_5XX_COUNT, { period: PERIOD, label: 'load balancer 5xx' }),
        ]),
        graph('Latency', ['p50', 'p90', 'p99'].map((statistic) => tg.targetResponseTime({ statistic, period: PERIOD, label: statistic })),
          [{ value: d.alarmP99Latency.toMilliseconds() / 1000, label: 'p99 alarm' }]),
      ],
      [
        graph('Healthy / unhealthy hosts', [
          tg.healthyHostCount({ period: PERIOD, label: 'healthy' }),
          tg.unhealthyHostCount({ period: PERIOD, label: 'unhealthy' }),
        ]),
        graph('CPU / memory (%)', [cpu.with({ label: 'CPU' }), memory.with({ label: 'memory' })],
          [{ value: d.alarmUtilizationPercent, label: 'alarm' }]),
        graph('Running tasks', [runningTasks.with({ label: 'running' })]),
      ],
    ],
  });
  return { alarms, dashboard };
}
