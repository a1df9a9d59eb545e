import {
  FREE, line, plural, Priced, PricingContext, propsOf, qty, str, unpriced, usd,
} from './template-values';

/*
 * Container Insights metrics of Amazon ECS tasks on Fargate, counted from the CloudWatch user guide's
 * "Amazon ECS Container Insights with enhanced observability metrics" (each metric name with each of
 * its dimension sets is one billed metric). Metrics that standard Container Insights publishes too are
 * custom metrics (embedded metric format); those only enhanced observability adds (the TaskId and
 * ContainerName dimension sets, and the task and container utilization metrics) are billed as
 * "MetricStorage:CI-ECS" (CloudWatch user guide, "Analyzing, optimizing, and reducing CloudWatch costs").
 * Metrics that need EBS volumes, a restart policy or a container health check, and EC2 instance
 * metrics, are not counted.
 */

/** Task metrics of standard Container Insights: CPU and memory used and reserved, network, storage, ephemeral storage. */
const TASK_METRICS = 10;
/** Task metrics only enhanced observability adds: container CPU, container network, task CPU, memory and ephemeral storage utilization. */
const ENHANCED_TASK_METRICS = 6;
/** Container metrics (enhanced observability): CPU and memory used, reserved and utilization, storage read and written. */
const CONTAINER_METRICS = 7;
/** Cluster-only metrics: ServiceCount, TaskCount. */
const CLUSTER_ONLY_METRICS = 2;
/** Service-only metrics: deployments, desired, pending and running tasks, task sets. */
const SERVICE_ONLY_METRICS = 5;

/** The Container Insights setting of a cluster's template properties: enhanced, enabled or disabled. */
function insightsOf(ctx: PricingContext, clusterProps: Record<string, any>): string | undefined {
  const settings = clusterProps.ClusterSettings;
  if (settings === undefined) return 'disabled';
  if (!Array.isArray(settings)) return undefined;
  const setting = settings.find((s: any) => str(ctx, s?.Name) === 'containerInsights');
  return setting === undefined ? 'disabled' : str(ctx, setting.Value);
}

const ACCOUNT_DEFAULT = 'a cluster without the containerInsights setting takes the account\'s default (disabled unless the account turns it on): counted as disabled';

/**
 * `AWS::ECS::Cluster`: its cluster-level Container Insights metrics (a cluster with running tasks);
 * free when Container Insights is off.
 * @internal
 */
export function priceCluster(ctx: PricingContext, _id: string, p: Record<string, any>): Priced {
  const insights = insightsOf(ctx, p);
  if (insights === 'disabled') return FREE;
  if (insights !== 'enabled' && insights !== 'enhanced') return unpriced(`containerInsights setting ${insights ?? '(unresolvable)'} is not enhanced, enabled or disabled`);
  const m = ctx.table.management;
  const standard = TASK_METRICS + CLUSTER_ONLY_METRICS;
  const enhanced = insights === 'enhanced' ? ENHANCED_TASK_METRICS + CONTAINER_METRICS : 0;
  const assumptions = [
    'metrics of a cluster with running Fargate tasks; its services\' and tasks\' metrics are priced on each service',
    'Container Insights performance log events (ingestion) not included',
  ];
  return line(standard * m.customMetricMonth + enhanced * m.containerInsightsEnhancedMetricMonth,
    `Container Insights (${insights === 'enhanced' ? 'enhanced observability' : 'standard'}), cluster level: ${plural(standard, 'metric')} × ${usd(m.customMetricMonth)}`
    + (enhanced > 0 ? ` + ${plural(enhanced, 'enhanced metric')} × ${usd(m.containerInsightsEnhancedMetricMonth)}` : '') + ', per month',
    assumptions);
}

/** What Container Insights adds to a service's monthly cost. @internal */
export interface ServiceInsights {
  readonly monthlyUsd: number;
  readonly formula: string;
  readonly assumptions: string[];
}

/**
 * The Container Insights metrics of a service (one task definition family) with `tasks` running
 * tasks of `containers` containers, when its cluster is in the template and has Container Insights on.
 * @internal
 */
export function serviceInsights(ctx: PricingContext, clusterId: string | undefined, containers: number, tasks: number): ServiceInsights {
  if (!clusterId) {
    return { monthlyUsd: 0, formula: '', assumptions: ['its cluster is not in this template: its Container Insights metrics, if the cluster has them on, are not included'] };
  }
  const insights = insightsOf(ctx, propsOf(ctx, clusterId));
  if (insights === 'disabled') {
    const props = propsOf(ctx, clusterId);
    return { monthlyUsd: 0, formula: '', assumptions: props.ClusterSettings === undefined ? [ACCOUNT_DEFAULT] : [] };
  }
  if (insights !== 'enabled' && insights !== 'enhanced') {
    return { monthlyUsd: 0, formula: '', assumptions: ['its cluster\'s containerInsights setting is unresolvable: its metrics are not included'] };
  }
  const m = ctx.table.management;
  // By service and by task definition family.
  const standard = 2 * TASK_METRICS + SERVICE_ONLY_METRICS;
  let monthly = standard * m.customMetricMonth;
  let formula = ` + Container Insights ${plural(standard, 'service metric')} × ${usd(m.customMetricMonth)}`;
  const assumptions = [`Container Insights (${insights === 'enhanced' ? 'enhanced observability' : 'standard'}) of its cluster`];
  if (insights === 'enhanced') {
    const perContainerName = 2 * CONTAINER_METRICS;
    const serviceLevel = 2 * ENHANCED_TASK_METRICS + containers * perContainerName;
    // Each running task, by service and by family, and each of its containers.
    const perTask = 2 * (TASK_METRICS + ENHANCED_TASK_METRICS) + containers * 2 * CONTAINER_METRICS;
    const enhanced = serviceLevel + tasks * perTask;
    monthly += enhanced * m.containerInsightsEnhancedMetricMonth;
    formula += ` + (${qty(serviceLevel)} + ${plural(tasks, 'task')} × ${qty(perTask)}) enhanced metrics × ${usd(m.containerInsightsEnhancedMetricMonth)}`;
    assumptions.push(`enhanced metrics for ${plural(containers, 'container')} per task; each new task (deployment, replacement, scaling) adds its own metrics for the hours it runs`);
  }
  return { monthlyUsd: monthly, formula, assumptions };
}
