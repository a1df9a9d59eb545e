import * as fs from 'fs';
import { budgetMessage, dailyBudgetMessage, ESTIMATE_WORDS, isEstimate } from './budget';
import { DEFAULT_HOURS_PER_MONTH, estimateTemplateJson } from './estimate';
import { costReport, costTable } from './format';
import { PriceTable } from './price-table';
import { checkPriceTableOverride, mergePriceTable } from './price-table-merge';
import { CostEstimateOptions, CostReport, PriceTableOverride, StackCostEstimate } from './types';
import { Kind, PropValidator } from '../core/validation';

/** Refuses anything but a list of estimates, naming `estimates` and the element. */
function checkEstimates(method: string, estimates: unknown): void {
  const v = new PropValidator('CostEstimator', method);
  v.require('estimates', estimates, 'pass a list of estimates (from estimateTemplate), empty for none');
  if (estimates !== null && v.kind('estimates', estimates, Array.isArray, 'a list of StackCostEstimate (from estimateTemplate)')) {
    (estimates as unknown[] | undefined ?? []).forEach((e, i) => v.kind(`estimates[${i}]`, e, isEstimate, ESTIMATE_WORDS));
  }
  v.throwIfInvalid();
}

/**
 * Synth-time monthly cost estimates of CloudFormation templates, from a bundled, dated price table.
 *
 * Pure functions of a synthesized template: call them after synthesis (for example from a custom
 * synthesis hook) on each stack's template.
 *
 * What is priced: Fargate services (tasks × vCPU and GB hours, by architecture, FARGATE and
 * FARGATE_SPOT, and their Container Insights metrics), ECS clusters (Container Insights metrics),
 * load balancers (hours, assumed capacity units, public IPv4 addresses), NAT gateways (hours and
 * assumed data processed), Elastic IPs, EC2 instances such as NAT instances (hours, EBS, detailed monitoring), interface VPC endpoints (per AZ), RDS instances (class hours,
 * Multi-AZ, storage, Performance Insights retention beyond 7 days), Aurora (Serverless v2 ACU-hours at
 * the minimum capacity, provisioned instances, storage), ElastiCache nodes, KMS keys (and the first
 * two rotations of a rotated key within its assumed age), Secrets Manager secrets, CloudWatch alarms,
 * the alarms target tracking scaling policies create, dashboards, log groups (assumed ingestion), WAF
 * web ACLs and hosted zones. Usage assumptions are fields of the price table (`assumed...`), stated
 * on each line and overridable. Resources billed by use only (S3, Lambda, SQS, SNS, ...) are listed
 * at $0 with `usageBased` set. Resources free in themselves (IAM, security groups, subnets, routes,
 * listeners, target groups, parameter groups, ...) are only counted. Anything else is listed as
 * unpriced, never counted as zero.
 *
 * @example
 * const estimate = CostEstimator.estimateTemplate(template, { stackName: 'Api', region: 'eu-west-1', budgetUsd: 300 });
 * const error = CostEstimator.checkBudget(estimate);
 * const previewError = CostEstimator.checkDailyBudget(estimate, 5);
 * console.log(CostEstimator.formatCostTable([estimate]));
 */
export class CostEstimator {
  /** Name of the report file written into the cloud assembly. */
  public static readonly REPORT_FILE_NAME: string = 'paved-road-cost.json';

  /** Default hours in a month. */
  public static readonly HOURS_PER_MONTH: number = DEFAULT_HOURS_PER_MONTH;

  /**
   * Estimates the monthly cost of one synthesized CloudFormation template.
   *
   * @param template the template as a JSON object (`Resources`, optional `Parameters`)
   * @param options stack name, region, hours, preview lifetime, price overrides, budget
   */
  public static estimateTemplate(template: { [key: string]: any }, options: CostEstimateOptions = {}): StackCostEstimate {
    return estimateTemplateJson(template, options);
  }

  /**
   * Estimates the monthly cost of a template file, such as `<stack>.template.json` in a cloud
   * assembly written by synthesis.
   *
   * @param templatePath path of the JSON template file
   * @param options stack name, region, hours, preview lifetime, price overrides, budget
   */
  public static estimateTemplateFile(templatePath: string, options: CostEstimateOptions = {}): StackCostEstimate {
    // A number would be read as a file descriptor: only a path is a template file.
    const v = new PropValidator('CostEstimator', 'estimateTemplateFile');
    v.require('templatePath', templatePath, 'pass the path of the JSON template file');
    if (templatePath !== null) v.kind('templatePath', templatePath, Kind.string, 'the path of a JSON template file, as a string');
    v.throwIfInvalid();
    let template: unknown;
    try {
      template = JSON.parse(fs.readFileSync(templatePath, 'utf-8'));
    } catch (e) {
      throw new Error(`CostEstimator: cannot read the template ${templatePath}: ${(e as Error).message}`);
    }
    return estimateTemplateJson(template, options);
  }

  /**
   * The error message of an estimate over budget: names the stack, the estimate, the budget and the
   * three biggest cost drivers with their figures. Undefined when within budget or when there is no
   * budget. Throws when the budget is negative, NaN or not a number.
   *
   * @param estimate the stack's estimate
   * @param monthlyBudgetUsd monthly budget in USD; defaults to the budget recorded in the estimate
   */
  public static checkBudget(estimate: StackCostEstimate, monthlyBudgetUsd?: number): string | undefined {
    return budgetMessage(estimate, monthlyBudgetUsd);
  }

  /**
   * The error message of an estimate whose cost per day (monthly total × 24 / hours per month) is
   * over a daily budget, as previews are budgeted: names the stack, the cost per day, the budget and
   * the three biggest cost drivers per day. Undefined when within budget or when there is no daily
   * budget. Throws when the budget is negative, NaN or not a number.
   *
   * @param estimate the stack's estimate
   * @param dailyBudgetUsd daily budget in USD; defaults to the daily budget recorded in the estimate
   */
  public static checkDailyBudget(estimate: StackCostEstimate, dailyBudgetUsd?: number): string | undefined {
    return dailyBudgetMessage(estimate, dailyBudgetUsd);
  }

  /**
   * A short plain-text table for the console: per stack the region, monthly total, budget and top
   * cost drivers, with the preview cost per day and per lifetime and the unpriced resources.
   */
  public static formatCostTable(estimates: StackCostEstimate[]): string {
    checkEstimates('formatCostTable', estimates);
    return costTable(estimates);
  }

  /** The JSON-serialisable content of `paved-road-cost.json`: every stack, every line, every assumption, the table's date and source. */
  public static costReport(estimates: StackCostEstimate[]): CostReport {
    checkEstimates('costReport', estimates);
    return costReport(estimates);
  }

  /** The bundled price table (us-east-1 on-demand list prices, its date and source, region factors). */
  public static bundledPriceTable(): PriceTable {
    return JSON.parse(JSON.stringify(mergePriceTable(undefined)));
  }

  /**
   * The bundled table with `prices` merged over it, after checking them (an entry with a missing
   * field is an error naming the field).
   *
   * @param prices the prices that replace bundled ones, as `priceTableOverride` of the estimate options
   */
  public static priceTable(prices: PriceTableOverride): PriceTable {
    const v = new PropValidator('CostEstimator', 'priceTable');
    v.require('prices', prices, 'pass the prices that replace bundled ones (bundledPriceTable() gives the table without any)');
    checkPriceTableOverride(v, prices);
    v.throwIfInvalid();
    return JSON.parse(JSON.stringify(mergePriceTable(prices)));
  }

  private constructor() {}
}
