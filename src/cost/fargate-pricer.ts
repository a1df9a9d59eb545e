import { serviceInsights } from './container-insights';
import {
  count, line, mentions, num, Priced, PricingContext, plural, propsOf, qty, str, target, unpriced, usd,
} from './template-values';

/** One item of a Fargate capacity provider strategy. */
interface StrategyItem {
  readonly spot: boolean;
  readonly weight: number;
  readonly base: number;
}

const INCLUDED_EPHEMERAL_GB = 20;

/**
 * Prices an `AWS::ECS::Service` on Fargate: tasks × (vCPU × vCPU-hour + GB × GB-hour [+ ephemeral
 * storage above 20 GB]) × hours, by architecture, with Fargate Spot tasks at the Spot discount.
 * @internal
 */
export function priceEcsService(ctx: PricingContext, logicalId: string, p: Record<string, any>): Priced {
  const assumptions: string[] = [];
  const launchType = str(ctx, p.LaunchType);
  if (launchType === 'EC2' || launchType === 'EXTERNAL') {
    return line(0, `${launchType} launch type: the cost is that of the container instances, priced as their own resources`, [], true);
  }

  const strategy = capacityStrategy(ctx, p, launchType, assumptions);
  if (typeof strategy === 'string') return unpriced(strategy);

  const taskDefId = target(ctx, p.TaskDefinition);
  if (!taskDefId) return unpriced('its task definition is not in this template (imported or given as an ARN): CPU and memory unknown');
  const td = propsOf(ctx, taskDefId);
  const os = str(ctx, td.RuntimePlatform?.OperatingSystemFamily);
  if (os && os !== 'LINUX') return unpriced(`operating system ${os}: only Linux Fargate prices are in the table`);
  const cpuUnits = num(ctx, td.Cpu, assumptions);
  const memoryMiB = num(ctx, td.Memory, assumptions);
  if (cpuUnits === undefined || memoryMiB === undefined) {
    return unpriced(`task definition ${taskDefId} has no literal task-level Cpu and Memory`);
  }
  const arch = str(ctx, td.RuntimePlatform?.CpuArchitecture) ?? 'X86_64';
  const arm = arch === 'ARM64';
  const f = ctx.table.fargate;
  const vcpu = cpuUnits / 1024;
  const gb = memoryMiB / 1024;
  const vcpuPrice = arm ? f.armVcpuHour : f.x86VcpuHour;
  const gbPrice = arm ? f.armGbHour : f.x86GbHour;
  const ephemeral = Math.max(0, (num(ctx, td.EphemeralStorage?.SizeInGiB) ?? INCLUDED_EPHEMERAL_GB) - INCLUDED_EPHEMERAL_GB);
  const taskHour = vcpu * vcpuPrice + gb * gbPrice + ephemeral * f.ephemeralStorageGbHour;

  const tasks = taskCount(ctx, logicalId, p, assumptions);
  const { onDemandTasks, spotTasks } = split(tasks, strategy);
  const spotFactor = 1 - f.spotDiscount;
  let monthly = ctx.hours * taskHour * (onDemandTasks + spotTasks * spotFactor);
  const publicIp = str(ctx, p.NetworkConfiguration?.AwsvpcConfiguration?.AssignPublicIp) === 'ENABLED';
  const ipPrice = ctx.table.network.publicIpv4Hour;
  if (publicIp) monthly += ctx.hours * tasks * ipPrice;

  const perTask = `(${qty(vcpu)} vCPU × ${usd(vcpuPrice)} + ${qty(gb)} GB × ${usd(gbPrice)}`
    + (ephemeral > 0 ? ` + ${qty(ephemeral)} GB ephemeral × ${usd(f.ephemeralStorageGbHour)}` : '') + ')';
  const archWords = arm ? 'ARM64' : 'X86_64';
  let who: string;
  if (spotTasks === 0) who = `${plural(onDemandTasks, 'task')} on FARGATE`;
  else if (onDemandTasks === 0) who = `${plural(spotTasks, 'task')} on FARGATE_SPOT × (1 − ${qty(f.spotDiscount * 100)}% Spot discount)`;
  else who = `(${qty(onDemandTasks)} on FARGATE + ${qty(spotTasks)} on FARGATE_SPOT × (1 − ${qty(f.spotDiscount * 100)}% Spot discount)) tasks`;
  if (spotTasks > 0) assumptions.push(`Fargate Spot priced at a ${qty(f.spotDiscount * 100)}% discount; Spot prices vary`);
  const ipWords = publicIp ? ` + ${plural(tasks, 'public IPv4 address', 'public IPv4 addresses')} (AssignPublicIp) × ${usd(ipPrice)} × ${qty(ctx.hours)} h` : '';
  const insights = serviceInsights(ctx, target(ctx, p.Cluster), count(td.ContainerDefinitions) ?? 1, tasks);
  assumptions.push(...insights.assumptions);
  return line(monthly + insights.monthlyUsd,
    `${who} × ${perTask} per task-hour, ${archWords}, × ${qty(ctx.hours)} h${ipWords}${insights.formula}`, assumptions);
}

/** Tasks on FARGATE and FARGATE_SPOT: each item's Base first, the rest by Weight. */
function split(tasks: number, items: StrategyItem[]): { onDemandTasks: number; spotTasks: number } {
  let remaining = tasks;
  let onDemandTasks = 0;
  let spotTasks = 0;
  for (const item of items) {
    const base = Math.min(item.base, remaining);
    remaining -= base;
    if (item.spot) spotTasks += base; else onDemandTasks += base;
  }
  const totalWeight = items.reduce((a, i) => a + i.weight, 0);
  for (const item of items) {
    const share = totalWeight === 0 ? 0 : remaining * item.weight / totalWeight;
    if (item.spot) spotTasks += share; else onDemandTasks += share;
  }
  if (totalWeight === 0) onDemandTasks += remaining;
  return { onDemandTasks, spotTasks };
}

/** The Fargate capacity provider strategy of the service, or why it cannot be priced. */
function capacityStrategy(
  ctx: PricingContext, p: Record<string, any>, launchType: string | undefined, assumptions: string[],
): StrategyItem[] | string {
  let items: unknown = p.CapacityProviderStrategy;
  if (items === undefined && launchType === undefined) {
    const clusterId = target(ctx, p.Cluster);
    const assoc = clusterId && Object.values(ctx.resources).find((r) =>
      r.Type === 'AWS::ECS::ClusterCapacityProviderAssociations' && mentions(r.Properties?.Cluster, clusterId));
    items = assoc ? assoc.Properties?.DefaultCapacityProviderStrategy : undefined;
    if (items === undefined) {
      assumptions.push('no launch type or capacity provider strategy: assumed FARGATE');
      return [{ spot: false, weight: 1, base: 0 }];
    }
    assumptions.push('the cluster\'s default capacity provider strategy applies');
  }
  if (items === undefined) return [{ spot: false, weight: 1, base: 0 }];
  if (!Array.isArray(items)) return 'its capacity provider strategy is not a literal list';
  const result: StrategyItem[] = [];
  for (const item of items) {
    const provider = str(ctx, item?.CapacityProvider);
    if (provider !== 'FARGATE' && provider !== 'FARGATE_SPOT') {
      return `capacity provider ${provider ?? '(unresolvable)'} is not FARGATE or FARGATE_SPOT: its instances are priced as their own resources, if at all`;
    }
    result.push({ spot: provider === 'FARGATE_SPOT', weight: num(ctx, item?.Weight) ?? 0, base: num(ctx, item?.Base) ?? 0 });
  }
  return result;
}

/** The steady number of tasks: the autoscaling minimum when a scalable target exists, else DesiredCount. */
function taskCount(ctx: PricingContext, serviceId: string, p: Record<string, any>, assumptions: string[]): number {
  const scalable = Object.values(ctx.resources).find((r) => r.Type === 'AWS::ApplicationAutoScaling::ScalableTarget'
    && str(ctx, r.Properties?.ServiceNamespace) === 'ecs' && mentions(r.Properties?.ResourceId, serviceId));
  if (scalable) {
    const min = num(ctx, scalable.Properties?.MinCapacity, assumptions);
    const max = num(ctx, scalable.Properties?.MaxCapacity, assumptions);
    if (min !== undefined) {
      assumptions.push(`autoscaling minimum of ${plural(min, 'task')} (maximum ${max ?? 'unknown'}); scaling above the minimum is not estimated`);
      return min;
    }
    assumptions.push('autoscaling minimum capacity unresolvable');
  }
  const desired = num(ctx, p.DesiredCount, assumptions);
  if (desired !== undefined) return desired;
  if (p.DesiredCount === undefined) assumptions.push('no DesiredCount: CloudFormation starts 1 task');
  else assumptions.push('DesiredCount unresolvable: assumed 1 task');
  return 1;
}
