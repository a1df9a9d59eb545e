import {
  bool, line, num, Priced, PricingContext, plural, propsOf, qty, str, target, unpriced, usd,
} from './template-values';

/** Engines whose RDS instance prices the table holds (PostgreSQL prices; MySQL and MariaDB within a few percent). */
const OPEN_SOURCE_ENGINES = /^(postgres|mysql|mariadb)/;

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
  if (clusterId || p.DBClusterIdentifier !== undefined) return priceAuroraMember(ctx, cls, clusterId, assumptions);
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
  const insightsDays = num(ctx, p.PerformanceInsightsRetentionPeriod);
  if (bool(ctx, p.EnablePerformanceInsights) && insightsDays !== undefined && insightsDays > 7) {
    assumptions.push(`Performance Insights retention of ${qty(insightsDays)} days (beyond the free 7) not priced`);
  }
  const monthly = az * (ctx.hours * hourPrice + gb * gbPrice);
  return line(monthly,
    `${cls} ${qty(ctx.hours)} h × ${usd(hourPrice)}${azWords} + ${qty(gb)} GB ${storageType} × ${usd(gbPrice)}${azWords}`,
    assumptions);
}

function priceAuroraMember(ctx: PricingContext, cls: string | undefined, clusterId: string | undefined, assumptions: string[]): Priced {
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
    const acuPrice = ioOptimized ? a.ioOptimizedAcuHour : a.acuHour;
    return line(ctx.hours * min * acuPrice,
      `Aurora Serverless v2 ${qty(min)} ACU × ${usd(acuPrice)}${ioOptimized ? ' (I/O-Optimized)' : ''} × ${qty(ctx.hours)} h`,
      assumptions);
  }
  if (!cls) return unpriced('DBInstanceClass unresolvable');
  const hourPrice = ctx.table.auroraInstanceHour[cls];
  if (hourPrice === undefined) return unpriced(`Aurora instance class ${cls} is not in the price table`);
  const factor = ioOptimized ? a.ioOptimizedInstanceFactor : 1;
  return line(ctx.hours * hourPrice * factor,
    `Aurora ${cls} ${qty(ctx.hours)} h × ${usd(hourPrice)}${ioOptimized ? ` × ${qty(factor)} (I/O-Optimized)` : ''}`,
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
  const discount = valkey ? ctx.table.elastiCache.valkeyDiscount : 0;
  const valkeyWords = valkey ? ` × (1 − ${qty(discount * 100)}% Valkey discount)` : '';
  assumptions.push('backup storage beyond the free allowance and data transfer not estimated');
  return line(ctx.hours * nodes * price * (1 - discount),
    `${how} = ${plural(nodes, 'node')} × ${nodeType} ${usd(price)}${valkeyWords} × ${qty(ctx.hours)} h`,
    assumptions);
}
