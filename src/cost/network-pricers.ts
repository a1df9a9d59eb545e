import {
  count, FREE, line, Priced, PricingContext, plural, qty, str, unpriced, usd,
} from './template-values';

/** AZs assumed when a resource's subnets are not a literal list. */
const ASSUMED_AZS = 2;

/**
 * `AWS::ElasticLoadBalancingV2::LoadBalancer`: hours + assumed capacity units, plus one public IPv4
 * address per AZ when internet-facing.
 * @internal
 */
export function priceLoadBalancer(ctx: PricingContext, _id: string, p: Record<string, any>): Priced {
  const assumptions: string[] = [];
  const type = str(ctx, p.Type) ?? 'application';
  const lb = ctx.table.loadBalancer;
  if (type !== 'application' && type !== 'network') return unpriced(`load balancer type ${type} is not in the table`);
  const alb = type === 'application';
  const hourPrice = alb ? lb.albHour : lb.nlbHour;
  const unitPrice = alb ? lb.albLcuHour : lb.nlcuHour;
  const unit = alb ? 'LCU' : 'NLCU';
  assumptions.push(`${qty(lb.assumedCapacityUnits)} ${unit} used on average every hour`);
  let monthly = ctx.hours * (hourPrice + lb.assumedCapacityUnits * unitPrice);
  let formula = `${qty(ctx.hours)} h × (${usd(hourPrice)} + ${qty(lb.assumedCapacityUnits)} ${unit} × ${usd(unitPrice)})`;
  const scheme = str(ctx, p.Scheme) ?? 'internet-facing';
  if (scheme === 'internet-facing') {
    let azs = count(p.Subnets) ?? count(p.SubnetMappings);
    if (azs === undefined) {
      azs = ASSUMED_AZS;
      assumptions.push(`subnets unresolvable: assumed ${ASSUMED_AZS} AZs`);
    }
    const ip = ctx.table.network.publicIpv4Hour;
    monthly += ctx.hours * azs * ip;
    formula += ` + ${plural(azs, 'public IPv4 address', 'public IPv4 addresses')} (one per AZ) × ${usd(ip)} × ${qty(ctx.hours)} h`;
    assumptions.push('one public IPv4 address per AZ; a busy load balancer may use more');
  }
  return line(monthly, formula, assumptions);
}

/** `AWS::EC2::NatGateway`: hours + assumed data processed. @internal */
export function priceNatGateway(ctx: PricingContext): Priced {
  const n = ctx.table.network;
  const gb = n.assumedNatDataProcessedGbPerMonth;
  return line(
    ctx.hours * n.natGatewayHour + gb * n.natDataProcessedGb,
    `${qty(ctx.hours)} h × ${usd(n.natGatewayHour)} + ${qty(gb)} GB processed × ${usd(n.natDataProcessedGb)}`,
    [`${qty(gb)} GB processed per month`],
  );
}

/** `AWS::EC2::EIP`: every public IPv4 address is billed by the hour, attached or not. @internal */
export function priceElasticIp(ctx: PricingContext): Priced {
  const ip = ctx.table.network.publicIpv4Hour;
  return line(ctx.hours * ip, `1 public IPv4 address × ${usd(ip)} × ${qty(ctx.hours)} h`);
}

/** `AWS::EC2::VPCEndpoint`: interface endpoints per AZ-hour; gateway endpoints are free. @internal */
export function priceVpcEndpoint(ctx: PricingContext, _id: string, p: Record<string, any>): Priced {
  const type = str(ctx, p.VpcEndpointType) ?? 'Gateway';
  if (type === 'Gateway') return FREE;
  if (type !== 'Interface') return unpriced(`VPC endpoint type ${type} is not in the table`);
  const assumptions: string[] = [];
  let azs = count(p.SubnetIds);
  if (azs === undefined) {
    azs = ASSUMED_AZS;
    assumptions.push(`subnets unresolvable: assumed ${ASSUMED_AZS} AZs`);
  }
  assumptions.push('data processed (per GB) not included');
  const price = ctx.table.network.interfaceEndpointAzHour;
  const service = str(ctx, p.ServiceName);
  return line(
    ctx.hours * azs * price,
    `interface endpoint${service ? ` ${service}` : ''}: ${plural(azs, 'AZ')} × ${usd(price)} × ${qty(ctx.hours)} h`,
    assumptions,
  );
}

/** `AWS::Route53::HostedZone`: per month. @internal */
export function priceHostedZone(ctx: PricingContext): Priced {
  const price = ctx.table.network.hostedZoneMonth;
  return line(price, `1 hosted zone × ${usd(price)} per month`, ['queries not included']);
}
