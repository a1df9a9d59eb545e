import { Duration } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import { DELIVERY_DEFAULTS } from './defaults';
import { DELIVERY_METRICS } from './delivery-schema';

const HOUR = 3600;

/** One recorded figure of a service in a stage. */
function figure(metricName: string, service: string, stage: string, statistic: string, period: Duration, label: string): cloudwatch.Metric {
  return new cloudwatch.Metric({
    namespace: DELIVERY_METRICS.NAMESPACE,
    metricName,
    dimensionsMap: { [DELIVERY_METRICS.SERVICE]: service, [DELIVERY_METRICS.STAGE]: stage },
    statistic,
    period,
    label,
  });
}

/** A metric id for math expressions (a lower-case letter first, then letters, digits and _), one per figure and statistic. */
const idFor = (figureName: string, statistic: string) => `${figureName}_${statistic.toLowerCase().replace(/[^a-z0-9]/g, '')}`;

/** The four figures of one service in one stage over `period` (the dashboard's time range in the single-value row). */
function fourFigures(service: string, stage: string, period: Duration) {
  const successful = figure(DELIVERY_METRICS.SUCCESSFUL, service, stage, 'Sum', period, 'successful deployments');
  const failed = figure(DELIVERY_METRICS.FAILED, service, stage, 'Sum', period, 'failed deployments');
  const rolledBack = figure(DELIVERY_METRICS.ROLLED_BACK, service, stage, 'Sum', period, 'rolled-back deployments');
  return {
    successful,
    failed,
    deploymentsPerDay: new cloudwatch.MathExpression({
      expression: `FILL(s, 0) / (PERIOD(s) / ${24 * HOUR})`,
      usingMetrics: { s: successful },
      label: 'Deployment frequency (per day)',
      period,
    }),
    leadTimeHours: (statistic: string) => new cloudwatch.MathExpression({
      expression: `${idFor('lead', statistic)} / ${HOUR}`,
      usingMetrics: { [idFor('lead', statistic)]: figure(DELIVERY_METRICS.LEAD_TIME, service, stage, statistic, period, 'lead time') },
      label: `Lead time for changes, ${statistic} (hours)`,
      period,
    }),
    changeFailureRate: new cloudwatch.MathExpression({
      expression: '100 * (FILL(f, 0) + FILL(r, 0)) / (FILL(s, 0) + FILL(f, 0))',
      usingMetrics: { s: successful, f: failed, r: rolledBack },
      label: 'Change failure rate (%)',
      period,
    }),
    timeToRestoreHours: (statistic: string) => new cloudwatch.MathExpression({
      expression: `${idFor('restore', statistic)} / ${HOUR}`,
      usingMetrics: { [idFor('restore', statistic)]: figure(DELIVERY_METRICS.TIME_TO_RESTORE, service, stage, statistic, period, 'time to restore') },
      label: `Time to restore, ${statistic} (hours)`,
      period,
    }),
  };
}

/**
 * The dashboard rows of one service in one stage: the four figures over the dashboard's time range, then each over
 * time. What each figure means and how it is computed: README, "Reading the delivery dashboard".
 * @internal
 */
export function deliveryRows(service: string, stage: string): cloudwatch.IWidget[][] {
  // The single-value widget sets every period to the time range (PERIOD(s) then is the range, in seconds).
  const daily = fourFigures(service, stage, DELIVERY_DEFAULTS.graphPeriod);
  const weekly = fourFigures(service, stage, DELIVERY_DEFAULTS.failureRatePeriod);
  const graph = (title: string, left: cloudwatch.IMetric[], extra: Partial<cloudwatch.GraphWidgetProps> = {}) =>
    new cloudwatch.GraphWidget({ title, left, width: 6, height: 6, ...extra });
  return [
    [new cloudwatch.SingleValueWidget({
      title: `${service} in ${stage}: over the dashboard's time range`,
      metrics: [daily.deploymentsPerDay, daily.leadTimeHours('p50'), daily.changeFailureRate, daily.timeToRestoreHours('Average')],
      setPeriodToTimeRange: true,
      fullPrecision: false,
      width: 24,
      height: 4,
    })],
    [
      graph('Deployments per day', [daily.successful, daily.failed], { stacked: true }),
      graph('Lead time for changes (hours)', [daily.leadTimeHours('p50'), daily.leadTimeHours('p90')]),
      graph('Change failure rate (%), per week', [weekly.changeFailureRate], { leftYAxis: { min: 0, max: 100 } }),
      graph('Time to restore (hours)', [daily.timeToRestoreHours('Average'), daily.timeToRestoreHours('Maximum')]),
    ],
  ];
}
