import {
  AuroraPrices, Ec2Prices, ElastiCachePrices, FargatePrices, LoadBalancerPrices, ManagementPrices, NetworkPrices, RdsPrices,
} from './price-table';

/**
 * Prices that replace the bundled ones. Each entry given replaces the bundled entry and must have
 * every field; the maps (`rdsInstanceHour`, `auroraInstanceHour`, `cacheNodeHour`, `regionFactors`)
 * are merged key by key over the bundled maps.
 */
export interface PriceTableOverride {
  /**
   * When the overriding prices were read (YYYY-MM).
   * @default - the bundled date.
   */
  readonly date?: string;
  /**
   * Where the overriding prices come from, added to the table's source (which names the overridden
   * entries either way).
   * @default - the overridden entries are named, without a source of their own.
   */
  readonly source?: string;
  /**
   * Fargate prices, every field.
   * @default - the bundled Fargate prices.
   */
  readonly fargate?: FargatePrices;
  /**
   * Load balancer prices, every field.
   * @default - the bundled load balancer prices.
   */
  readonly loadBalancer?: LoadBalancerPrices;
  /**
   * VPC and DNS prices, every field.
   * @default - the bundled network prices.
   */
  readonly network?: NetworkPrices;
  /**
   * RDS prices other than instance hours, every field.
   * @default - the bundled RDS prices.
   */
  readonly rds?: RdsPrices;
  /**
   * RDS instance prices by class, merged over the bundled ones.
   * @default - the bundled RDS instance prices.
   */
  readonly rdsInstanceHour?: { [key: string]: number };
  /**
   * Aurora prices other than provisioned instance hours, every field.
   * @default - the bundled Aurora prices.
   */
  readonly aurora?: AuroraPrices;
  /**
   * Aurora instance prices by class, merged over the bundled ones.
   * @default - the bundled Aurora instance prices.
   */
  readonly auroraInstanceHour?: { [key: string]: number };
  /**
   * ElastiCache prices other than node hours, every field.
   * @default - the bundled ElastiCache prices.
   */
  readonly elastiCache?: ElastiCachePrices;
  /**
   * ElastiCache node prices by node type, merged over the bundled ones. A price given here is the
   * price paid for that node type, whatever the engine: the Valkey discount is not applied to it.
   * @default - the bundled ElastiCache node prices.
   */
  readonly cacheNodeHour?: { [key: string]: number };
  /**
   * KMS, Secrets Manager, CloudWatch and WAF prices, every field.
   * @default - the bundled KMS, Secrets Manager, CloudWatch and WAF prices.
   */
  readonly management?: ManagementPrices;
  /**
   * EC2 prices other than instance hours, every field.
   * @default - the bundled EC2 prices.
   */
  readonly ec2?: Ec2Prices;
  /**
   * EC2 instance prices by instance type, merged over the bundled ones.
   * @default - the bundled instance prices.
   */
  readonly ec2InstanceHour?: { [key: string]: number };
  /**
   * Region factors, merged over the bundled ones.
   * @default - the bundled region factors.
   */
  readonly regionFactors?: { [key: string]: number };
}

/**
 * Options of `CostEstimator.estimateTemplate`.
 */
export interface CostEstimateOptions {
  /**
   * Name of the stack, used in the estimate, the table and budget errors.
   *
   * @default 'Stack'
   */
  readonly stackName?: string;

  /**
   * Region the stack deploys to. A region missing from the price table's region factors, or a
   * token (environment-agnostic stack), is priced at us-east-1 prices with an assumption noted.
   *
   * @default - unknown: us-east-1 prices.
   */
  readonly region?: string;

  /**
   * Hours in a month.
   *
   * @default 730
   */
  readonly hoursPerMonth?: number;

  /**
   * Lifetime of a preview stack in hours. When given, the estimate also reports the cost per day
   * and for the whole lifetime.
   *
   * @default - no lifetime: monthly cost only.
   */
  readonly ttlHours?: number;

  /**
   * Prices merged over the bundled table.
   *
   * @default - the bundled table.
   */
  readonly priceTableOverride?: PriceTableOverride;

  /**
   * Monthly budget of the stack in USD, recorded in the estimate; `CostEstimator.checkBudget`
   * compares the estimate with it.
   *
   * @default - no budget.
   */
  readonly budgetUsd?: number;

  /**
   * Daily budget of the stack in USD (for previews, which live days), recorded in the estimate;
   * `CostEstimator.checkDailyBudget` compares the estimate's cost per day with it.
   *
   * @default - no daily budget.
   */
  readonly dailyBudgetUsd?: number;
}

/**
 * The estimated cost of one resource.
 */
export interface CostLine {
  /** Logical id of the resource in the template. */
  readonly logicalId: string;
  /** CloudFormation resource type. */
  readonly resourceType: string;
  /** Estimated USD per month, rounded to the cent. */
  readonly monthlyUsd: number;
  /** How the figure was computed, in words and numbers. */
  readonly formula: string;
  /** What was assumed (unresolvable values, usage, defaults). */
  readonly assumptions: string[];
  /** Whether the resource is billed by use only (no fixed monthly cost), so that the figure rests on the usage assumed. */
  readonly usageBased: boolean;
  /**
   * Construct path of the resource, from the template's `aws:cdk:path` metadata.
   * @default - not recorded in the template.
   */
  readonly constructPath?: string;
}

/**
 * A resource that costs money but whose cost the estimator cannot compute.
 */
export interface UnpricedResource {
  /** Logical id of the resource in the template. */
  readonly logicalId: string;
  /** CloudFormation resource type. */
  readonly resourceType: string;
  /** Why it is not priced. */
  readonly reason: string;
  /**
   * Construct path of the resource, from the template's `aws:cdk:path` metadata.
   * @default - not recorded in the template.
   */
  readonly constructPath?: string;
}

/**
 * The estimated monthly cost of one stack.
 */
export interface StackCostEstimate {
  /** Name of the stack. */
  readonly stackName: string;
  /** Region priced, or 'unknown'. */
  readonly region: string;
  /** Factor applied to us-east-1 prices. */
  readonly regionFactor: number;
  /** Hours in a month used. */
  readonly hoursPerMonth: number;
  /** Sum of the lines, USD per month, rounded to the cent. Unpriced resources are not included. */
  readonly totalMonthlyUsd: number;
  /** One line per priced resource (fixed or usage-based), biggest first. */
  readonly lines: CostLine[];
  /** Resources that cost money but are not priced. */
  readonly unpriced: UnpricedResource[];
  /** Number of resources recognised as free (IAM, security groups, subnets, routes, ...), not listed. */
  readonly freeResourceCount: number;
  /** Assumptions that apply to the whole stack. */
  readonly assumptions: string[];
  /** Date of the price table. */
  readonly priceTableDate: string;
  /** Source of the price table. */
  readonly priceTableSource: string;
  /** Currency of every figure. */
  readonly currency: string;
  /**
   * Lifetime of a preview stack in hours.
   * @default - not a preview.
   */
  readonly ttlHours?: number;
  /**
   * USD per day, when a lifetime is given.
   * @default - not a preview.
   */
  readonly dailyUsd?: number;
  /**
   * USD for the whole lifetime, when a lifetime is given.
   * @default - not a preview.
   */
  readonly ttlTotalUsd?: number;
  /**
   * Monthly budget in USD.
   * @default - no budget.
   */
  readonly budgetUsd?: number;
  /**
   * Daily budget in USD.
   * @default - no daily budget.
   */
  readonly dailyBudgetUsd?: number;
}

/**
 * The content of `paved-road-cost.json`.
 */
export interface CostReport {
  /** What wrote the report. */
  readonly generator: string;
  /** Date of the price table. */
  readonly priceTableDate: string;
  /** Source of the price table. */
  readonly priceTableSource: string;
  /** Currency of every figure. */
  readonly currency: string;
  /** Sum of the stacks' monthly totals. */
  readonly totalMonthlyUsd: number;
  /** One estimate per stack. */
  readonly stacks: StackCostEstimate[];
}
