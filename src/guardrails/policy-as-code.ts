import * as path from 'path';
import { CfnResource, IPolicyValidationPluginBeta1, ISynthesisSession, Stack, Stage } from 'aws-cdk-lib';
import { IConstruct } from 'constructs';

/**
 * Control Tower proactive-control rules that paved-road constructs cannot meet by design, by rule
 * file name (as `CfnGuardValidator`'s `disabledRules` takes them). The README lists each with its reason.
 *
 * @internal
 */
export const GUARD_RULES_DISABLED_BY_DESIGN: Record<string, string> = {
  'ct-cloudwatch-pr-2': 'CT.CLOUDWATCH.PR.2 wants one year of log retention everywhere; paved-road retention is per profile (365 days in prod, 3 to 90 days elsewhere) because dev and preview logs are cheap to lose and expensive to keep.',
  'ct-ecs-pr-2': 'CT.ECS.PR.2 checks for containerInsights = enabled literally; paved-road clusters in staging and prod run Container Insights with enhanced observability (value enhanced), which includes everything enabled gives (dev and preview clusters run enabled).',
  'ct-cloudwatch-pr-1': 'CT.CLOUDWATCH.PR.1 wants an action on every alarm; paved-road alarms notify their topic in staging and prod only (profile setting alarmActions), and in dev and preview show their state without paging anyone for a throw-away environment.',
  'ct-ecs-pr-3': 'CT.ECS.PR.3 wants a non-root user in every task definition; PavedRoadService runs the image\'s own user unless the team sets `user`, because no one UID exists in every image.',
  'ct-elasticloadbalancing-pr-1': 'CT.ELASTICLOADBALANCING.PR.1 wants every HTTP listener to redirect to HTTPS; outside prod a service without a certificate serves plain HTTP (acknowledged per service), and in prod a certificate is required and HTTP redirects.',
  'ct-elasticloadbalancing-pr-5': 'CT.ELASTICLOADBALANCING.PR.5 wants deletion protection on every load balancer; paved-road load balancers are protected in prod only, so dev and preview stacks stay deletable.',
  'ct-rds-pr-1': 'CT.RDS.PR.1 wants every database Multi-AZ; paved-road databases are Multi-AZ in prod (profile setting multiAz), single-AZ elsewhere to keep non-production cost low.',
  'ct-rds-pr-13': 'CT.RDS.PR.13 wants deletion protection on every database; paved-road databases are protected in prod and staging, and dev and preview databases stay deletable.',
  'ct-s3-pr-2': 'CT.S3.PR.2 wants server access logging on every bucket; the access-log buckets paved-road constructs create are themselves the log destination, and logging them would loop.',
  'ct-s3-pr-4': 'CT.S3.PR.4 wants event notifications on every bucket; paved-road buckets (access logs, pipeline artifacts) have no consumer of object events.',
  'ct-s3-pr-9': 'CT.S3.PR.9 wants Object Lock on every bucket; paved-road log and artifact buckets expire objects by lifecycle and must be deletable in dev and preview, which Object Lock forbids.',
  'ct-s3-pr-10': 'CT.S3.PR.10 wants KMS encryption on every bucket; load balancer access logs can only be delivered to buckets encrypted with SSE-S3, so access-log buckets use it (every other paved-road bucket uses KMS).',
  'ct-ec2-pr-19': 'CT.EC2.PR.19 wants every EC2 instance on a Nitro type that encrypts traffic between instances; the only instances paved-road constructs create are NAT instances (t4g.nano in dev and preview), whose peers are Fargate tasks and internet hosts, and that encryption applies only between two supporting instances, so a qualifying type (c7g.medium, eight times the price) would encrypt nothing more.',
  'ct-lambda-pr-3': 'CT.LAMBDA.PR.3 wants every Lambda function in a VPC; paved-road functions (the preview reaper, CDK\'s default-security-group provider) call only AWS APIs, and a VPC would add a NAT gateway or endpoints for no isolation gain.',
};

/** Loads the optional cfn-guard validator, with a clear error when it is not installed. @internal */
export function createGuardValidator(extraDisabled: string[]): IPolicyValidationPluginBeta1 {
  let module: any;
  try {
    // Optional: loaded only with `guard: true`, from the consumer's own install (see the README).
    // eslint-disable-next-line @typescript-eslint/no-require-imports, import/no-extraneous-dependencies
    module = require('@cdklabs/cdk-validator-cfnguard');
  } catch {
    throw new Error('PavedRoadGuardrails: guard: true needs the package @cdklabs/cdk-validator-cfnguard; install it next to paved-road-constructs (npm install -D @cdklabs/cdk-validator-cfnguard).');
  }
  return new module.CfnGuardValidator({
    controlTowerRulesEnabled: true,
    disabledRules: [...Object.keys(GUARD_RULES_DISABLED_BY_DESIGN), ...extraDisabled],
  });
}

/**
 * Runs the validator over the templates of the stacks below `scope` that `stage` synthesizes (nested
 * stages have their own guardrails) and returns one line per violating resource, with its construct
 * path where it can be found.
 *
 * @internal
 */
export function runGuard(validator: IPolicyValidationPluginBeta1, scope: IConstruct, stage: Stage, session: ISynthesisSession): string[] {
  const stacks = scope.node.findAll().filter(Stack.isStack).filter((s) => !s.nested && Stage.of(s) === stage);
  const templatePaths = stacks.map((s) => path.join(session.outdir, s.templateFile));
  if (templatePaths.length === 0) return [];
  const pathOf = new Map<string, string>();
  for (const stack of stacks) {
    for (const c of stack.node.findAll()) {
      if (CfnResource.isCfnResource(c)) pathOf.set(`${stack.templateFile}/${stack.resolve(c.logicalId)}`, c.node.path);
    }
  }
  const report = validator.validate({ templatePaths });
  const lines: string[] = [];
  for (const v of report.violations) {
    for (const r of v.violatingResources) {
      const where = pathOf.get(`${path.basename(r.templatePath)}/${r.resourceLogicalId}`) ?? `${path.basename(r.templatePath)}:${r.resourceLogicalId}`;
      lines.push(`${where}: ${v.ruleName}: ${v.description.trim()}${v.fix ? ` Fix: ${v.fix.trim()}` : ''}`);
    }
  }
  return lines;
}
