import { bool, line, num, Priced, PricingContext, qty, str, unpriced, usd } from './template-values';

/**
 * `AWS::EC2::Instance` (NAT instances, say): instance hours by type, its EBS volumes (gp3, sized as
 * the template says or as assumed for an image's root volume), detailed monitoring's metrics, and a
 * public IPv4 address when the instance gets one at launch (an Elastic IP is priced on its own).
 * @internal
 */
export function priceEc2Instance(ctx: PricingContext, _id: string, p: Record<string, any>): Priced {
  const assumptions: string[] = [];
  const type = str(ctx, p.InstanceType, assumptions);
  if (type === undefined) return unpriced('instance type unresolvable');
  const hour = ctx.table.ec2InstanceHour[type];
  if (hour === undefined) return unpriced(`instance type ${type} is not in the table`);
  const e = ctx.table.ec2;
  let monthly = ctx.hours * hour;
  const parts = [`${qty(ctx.hours)} h × ${usd(hour)} (${type}, Linux)`];

  const mappings: any[] = Array.isArray(p.BlockDeviceMappings) ? p.BlockDeviceMappings : [];
  const volumes = mappings.filter((m) => m?.Ebs).map((m) => num(ctx, m.Ebs.VolumeSize, assumptions));
  if (volumes.length === 0 || volumes.some((gb) => gb === undefined)) {
    assumptions.push(`a root volume of ${qty(e.assumedRootVolumeGb)} GB (the image's size)`);
  }
  const gb = volumes.length === 0 ? e.assumedRootVolumeGb : volumes.reduce<number>((sum, v) => sum + (v ?? e.assumedRootVolumeGb), 0);
  monthly += gb * e.gp3GbMonth;
  parts.push(`${qty(gb)} GB EBS × ${usd(e.gp3GbMonth)}`);
  if (mappings.some((m) => m?.Ebs?.VolumeType !== undefined && m.Ebs.VolumeType !== 'gp3')) assumptions.push('every volume priced as gp3');

  if (bool(ctx, p.Monitoring, assumptions) === true) {
    const metrics = e.detailedMonitoringMetricsPerInstance;
    monthly += metrics * e.detailedMonitoringMetricMonth;
    parts.push(`detailed monitoring: ${qty(metrics)} metrics × ${usd(e.detailedMonitoringMetricMonth)}`);
  }
  const interfaces: any[] = Array.isArray(p.NetworkInterfaces) ? p.NetworkInterfaces : [];
  if (interfaces.some((i) => bool(ctx, i?.AssociatePublicIpAddress) === true)) {
    const ip = ctx.table.network.publicIpv4Hour;
    monthly += ctx.hours * ip;
    parts.push(`1 public IPv4 address × ${usd(ip)} × ${qty(ctx.hours)} h`);
  }
  assumptions.push('on-demand; data transfer and CPU credits beyond the baseline (unlimited mode) not included');
  return line(monthly, parts.join(' + '), assumptions);
}
