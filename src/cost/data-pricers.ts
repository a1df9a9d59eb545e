import {
  bool, line, num, Priced, PricingContext, plural, propsOf, qty, str, target, unpriced, usd,
} from './template-values';

/** Engines whose RDS instance prices the table holds (PostgreSQL prices; MySQL and MariaDB within a few percent). */
const OPEN_SOURCE_ENGINES = /^(postgres|mysql|mariadb)/;

/** Days of Performance Insights data kept free. */
const FREE_INSIGHTS_DAYS = 7;
/** Days in a month of Performance Insights retention (retention periods are months of 31 days, or 731 days for 24 months). */
const INSIGHTS_MONTH_DAYS = 31;
const MAX_INSIGHTS_MONTHS = 24;

/**
 * `AWS::RDS::DBInstance`: an RDS instance (hours × class price [× Multi-AZ] + storage [× Multi-AZ]),
 * or a member of an Aurora cluster (ACU-hours at the cluster's minimum for `db.serverless`, else
 * the Aurora instance price).
 * @internal
 */
export function priceDbInstance(ctx: PricingContext, _id: string, p: Record<string, any>): Priced {
  const assumptions: string[] = [];
  const cls = str(ctx, p.DBInstanceClass, assumptions);
  const clusterId = target(ctx, p.DBClusterIdentifier);
  if (clusterId || p.DBClusterIdentifier !== undefined) return priceAuroraMember(ctx, p, cls, clusterId, assumptions);
  if (!cls) return unpriced('DBInstanceClass unresolvable');
  const engine = (str(ctx, p.Engine) ?? 'postgres').toLowerCase();
  if (!OPEN_SOURCE_ENGINES.test(engine)) return unpriced(`engine ${engine}: only PostgreSQL, MySQL and MariaDB prices are in the table`);
  const hourPrice = ctx.table.rdsInstanceHour[cls];
  if (hourPrice === undefined) return unpriced(`instance class ${cls} is not in the price table`);
  if (!engine.startsWith('postgres')) assumptions.push(`${engine} priced at PostgreSQL rates`);

  const multiAz = bool(ctx, p.MultiAZ, assumptions) ?? false;
  if (p.MultiAZ !== undefined && bool(ctx, p.MultiAZ) === undefined) assumptions.push('MultiAZ unresolvable: assumed single-AZ');
  const az = multiAz ? ctx.table.rds.multiAzFactor : 1;
  const azWords = multiAz ? ` × ${qty(az)} (Multi-AZ)` : '';

  const storageType = (str(ctx, p.StorageType) ?? (p.Iops !== undefined ? 'io1' : 'gp2')).toLowerCase();
  const rds = ctx.table.rds;
  const gbPrice = storageType === 'gp3' ? rds.gp3GbMonth
    : storageType === 'gp2' ? rds.gp2GbMonth
      : storageType === 'standard' ? rds.magneticGbMonth
        : rds.provisionedIopsGbMonth;
  let gb = num(ctx, p.AllocatedStorage, assumptions);
  if (gb === undefined) {
    gb = 20;
    assumptions.push('AllocatedStorage unresolvable: assumed 20 GB');
  }
  if (p.MaxAllocatedStorage !== undefined) assumptions.push('storage autoscaling above the allocated size not estimated');
  if (storageType.startsWith('io')) assumptions.push('provisioned IOPS not priced');
  assumptions.push('backup storage up to the database size is free; beyond it not estimated');
  const insights = performanceInsights(ctx, p, cls, az, azWords, assumptions);
  const monthly = az * (ctx.hours * hourPrice + gb * gbPrice) + insights.monthlyUsd;
  return line(monthly,
    `${cls} ${qty(ctx.hours)} h × ${usd(hourPrice)}${azWords} + ${qty(gb)} GB ${storageType} × ${usd(gbPrice)}${azWords}${insights.formula}`,
    assumptions);
}

/** vCPUs of an instance class by its size: micro to large 2, xlarge 4, Nxlarge 4N; undefined when unknown. @internal */
export function vcpusOf(instanceClass: string): number | undefined {
  const size = instanceClass.split('.').pop() ?? '';
  if (/^(micro|small|medium|large)$/.test(size)) return 2;
  const xl = /^(\d*)xlarge$/.exec(size);
  if (xl) return 4 * (xl[1] === '' ? 1 : Number(xl[1]));
  return undefined;
}

/**
 * The price of Performance Insights retention beyond the free 7 days: vCPUs × (first month + further
 * months) [× Multi-AZ]. Nothing when it is off or keeps 7 days.
 */
function performanceInsights(
  ctx: PricingContext, p: Record<string, any>, cls: string, az: number, azWords: string, assumptions: string[],
): { monthlyUsd: number; formula: string } {
  const none = { monthlyUsd: 0, formula: '' };
  if (!bool(ctx, p.EnablePerformanceInsights)) return none;
  if (str(ctx, p.DatabaseInsightsMode) === 'advanced') assumptions.push('Database Insights advanced mode not priced');
  const days = num(ctx, p.PerformanceInsightsRetentionPeriod) ?? FREE_INSIGHTS_DAYS;
  if (p.PerformanceInsightsRetentionPeriod !== undefined && num(ctx, p.PerformanceInsightsRetentionPeriod) === undefined) {
    assumptions.push(`Performance Insights retention unresolvable: assumed the free ${FREE_INSIGHTS_DAYS} days`);
  }
  if (days <= FREE_INSIGHTS_DAYS) return none;
  const vcpus = vcpusOf(cls);
  if (vcpus === undefined) {
    assumptions.push(`Performance Insights retention of ${qty(days)} days not priced: vCPUs of ${cls} unknown`);
    return none;
  }
  const months = Math.min(MAX_INSIGHTS_MONTHS, Math.ceil(days / INSIGHTS_MONTH_DAYS));
  const r = ctx.table.rds;
  const perVcpu = r.performanceInsightsFirstMonthVcpu + (months - 1) * r.performanceInsightsExtraMonthVcpu;
  const price = months > 1
    ? `(${usd(r.performanceInsightsFirstMonthVcpu)} + ${qty(months - 1)} × ${usd(r.performanceInsightsExtraMonthVcpu)})`
    : usd(r.performanceInsightsFirstMonthVcpu);
  assumptions.push(`Performance Insights keeps ${qty(days)} days (${plural(months, 'month')} beyond the free ${FREE_INSIGHTS_DAYS} days), priced per vCPU${az > 1 ? ' of each Multi-AZ instance' : ''}`);
  return {
    monthlyUsd: az * vcpus * perVcpu,
    formula: ` + Performance Insights ${plural(vcpus, 'vCPU')} × ${price}${azWords}`,
  };
}

function priceAuroraMember(
  ctx: PricingContext, p: Record<string, any>, cls: string | undefined, clusterId: string | undefined, assumptions: string[],
): Priced {
  const cluster = clusterId ? propsOf(ctx, clusterId) : {};
  if (!clusterId) assumptions.push('its cluster is not in this template: Standard storage configuration assumed');
  const ioOptimized = str(ctx, cluster.StorageType) === 'aurora-iopt1';
  const a = ctx.table.aurora;
  if (cls === 'db.serverless') {
    let min = num(ctx, cluster.ServerlessV2ScalingConfiguration?.MinCapacity, assumptions);
    const max = num(ctx, cluster.ServerlessV2ScalingConfiguration?.MaxCapacity, assumptions);
    if (min === undefined) {
      min = 0.5;
      assumptions.push('minimum capacity unresolvable: assumed 0.5 ACU');
    }
    assumptions.push(`runs at its minimum of ${qty(min)} ACU (maximum ${max === undefined ? 'unknown' : qty(max)}); load above the minimum is not estimated`);
    const days = num(ctx, p.PerformanceInsightsRetentionPeriod);
    if (bool(ctx, p.EnablePerformanceInsights) && days !== undefined && days > FREE_INSIGHTS_DAYS) {
      assumptions.push(`Performance Insights retention of ${qty(days)} days (priced per ACU) not included`);
    }
    const acuPrice = ioOptimized ? a.ioOptimizedAcuHour : a.acuHour;
    return line(ctx.hours * min * acuPrice,
      `Aurora Serverless v2 ${qty(min)} ACU × ${usd(acuPrice)}${ioOptimized ? ' (I/O-Optimized)' : ''} × ${qty(ctx.hours)} h`,
      assumptions);
  }
  if (!cls) return unpriced('DBInstanceClass unresolvable');
  const hourPrice = ctx.table.auroraInstanceHour[cls];
  if (hourPrice === undefined) return unpriced(`Aurora instance class ${cls} is not in the price table`);
  const factor = ioOptimized ? a.ioOptimizedInstanceFactor : 1;
  const insights = performanceInsights(ctx, p, cls, 1, '', assumptions);
  return line(ctx.hours * hourPrice * factor + insights.monthlyUsd,
    `Aurora ${cls} ${qty(ctx.hours)} h × ${usd(hourPrice)}${ioOptimized ? ` × ${qty(factor)} (I/O-Optimized)` : ''}${insights.formula}`,
    assumptions);
}

/** `AWS::RDS::DBCluster`: Aurora storage and I/O (its instances are priced as their own resources). @internal */
export function priceDbCluster(ctx: PricingContext, _id: string, p: Record<string, any>): Priced {
  const engine = (str(ctx, p.Engine) ?? '').toLowerCase();
  if (!engine.startsWith('aurora')) return unpriced(`engine ${engine || '(unresolvable)'}: only Aurora clusters are in the table (Multi-AZ DB clusters are not)`);
  const mode = str(ctx, p.EngineMode) ?? 'provisioned';
  if (mode !== 'provisioned') return unpriced(`engine mode ${mode}: only provisioned and Serverless v2 Aurora are in the table`);
  const a = ctx.table.aurora;
  const ioOptimized = str(ctx, p.StorageType) === 'aurora-iopt1';
  const assumptions = [`${qty(a.assumedStorageGb)} GB stored`, 'instances priced as their own resources', 'backtrack and backup storage beyond the free allowance not estimated'];
  if (ioOptimized) {
    return line(a.assumedStorageGb * a.ioOptimizedStorageGbMonth,
      `Aurora I/O-Optimized storage ${qty(a.assumedStorageGb)} GB × ${usd(a.ioOptimizedStorageGbMonth)}`, assumptions);
  }
  const io = a.assumedIoRequestsMillionsPerMonth;
  assumptions.push(`${qty(io)} million I/O requests per month`);
  return line(a.assumedStorageGb * a.storageGbMonth + io * a.ioRequestsPerMillion,
    `Aurora storage ${qty(a.assumedStorageGb)} GB × ${usd(a.storageGbMonth)} + ${qty(io)} million I/O × ${usd(a.ioRequestsPerMillion)}`,
    assumptions);
}

/**
 * `AWS::ElastiCache::ReplicationGroup`: nodes × node-hour price (Valkey at its discount). Nodes:
 * NodeGroupConfiguration, else NumNodeGroups × (ReplicasPerNodeGroup + 1), else NumCacheClusters.
 * @internal
 */
export function priceReplicationGroup(ctx: PricingContext, _id: string, p: Record<string, any>): Priced {
  const assumptions: string[] = [];
  let nodes: number | undefined;
  let how: string;
  if (Array.isArray(p.NodeGroupConfiguration)) {
    const replicasDefault = num(ctx, p.ReplicasPerNodeGroup, assumptions) ?? 0;
    nodes = p.NodeGroupConfiguration.reduce((sum: number, g: any) => sum + 1 + (num(ctx, g?.ReplicaCount) ?? replicasDefault), 0);
    how = `${plural(p.NodeGroupConfiguration.length, 'shard')} (NodeGroupConfiguration)`;
  } else if (p.NumNodeGroups !== undefined || p.ReplicasPerNodeGroup !== undefined) {
    const shards = num(ctx, p.NumNodeGroups, assumptions) ?? 1;
    const replicas = num(ctx, p.ReplicasPerNodeGroup, assumptions) ?? 0;
    if (p.NumNodeGroups !== undefined && num(ctx, p.NumNodeGroups) === undefined) assumptions.push('NumNodeGroups unresolvable: assumed 1');
    nodes = shards * (replicas + 1);
    how = `${plural(shards, 'shard')} × (${plural(replicas, 'replica')} + 1)`;
  } else {
    nodes = num(ctx, p.NumCacheClusters, assumptions);
    if (nodes === undefined) {
      nodes = 1;
      assumptions.push(p.NumCacheClusters === undefined ? 'no NumCacheClusters: 1 node' : 'NumCacheClusters unresolvable: assumed 1 node');
    }
    how = `${plural(nodes, 'node')} (NumCacheClusters)`;
  }
  return priceNodes(ctx, str(ctx, p.CacheNodeType, assumptions), str(ctx, p.Engine), nodes, how, assumptions);
}

/** `AWS::ElastiCache::CacheCluster`: NumCacheNodes × node-hour price. @internal */
export function priceCacheCluster(ctx: PricingContext, _id: string, p: Record<string, any>): Priced {
  const assumptions: string[] = [];
  let nodes = num(ctx, p.NumCacheNodes, assumptions);
  if (nodes === undefined) {
    nodes = 1;
    assumptions.push('NumCacheNodes unresolvable: assumed 1');
  }
  return priceNodes(ctx, str(ctx, p.CacheNodeType, assumptions), str(ctx, p.Engine), nodes, plural(nodes, 'node'), assumptions);
}

function priceNodes(
  ctx: PricingContext, nodeType: string | undefined, engine: string | undefined, nodes: number, how: string, assumptions: string[],
): Priced {
  if (!nodeType) return unpriced('CacheNodeType unresolvable');
  const price = ctx.table.cacheNodeHour[nodeType];
  if (price === undefined) return unpriced(`node type ${nodeType} is not in the price table`);
  const valkey = (engine ?? '').toLowerCase() === 'valkey';
  // A price the project gave is the price paid: the Valkey discount applies to bundled prices only.
  const projectPrice = ctx.projectCacheNodeTypes.has(nodeType);
  if (valkey && projectPrice) assumptions.push(`project price of ${nodeType} used as is (no Valkey discount applied to it)`);
  const discount = valkey && !projectPrice ? ctx.table.elastiCache.valkeyDiscount : 0;
  const valkeyWords = discount > 0 ? ` × (1 − ${qty(discount * 100)}% Valkey discount)` : '';
  assumptions.push('backup storage beyond the free allowance and data transfer not estimated');
  return line(ctx.hours * nodes * price * (1 - discount),
    `${how} = ${plural(nodes, 'node')} × ${nodeType} ${usd(price)}${valkeyWords} × ${qty(ctx.hours)} h`,
    assumptions);
}
