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
  'ct-ecs-pr-2': 'CT.ECS.PR.2 checks for containerInsights = enabled literally; paved-road clusters run Container Insights with enhanced observability (value enhanced), which includes everything enabled gives.',
  'ct-lambda-pr-3': 'CT.LAMBDA.PR.3 wants every Lambda function in a VPC; paved-road functions (the preview reaper, CDK\'s default-security-group provider) call only AWS APIs, and a VPC would add a NAT gateway or endpoints for no isolation gain.',
};

/** Loads the optional cfn-guard validator, with a clear error when it is not installed. @internal */
export function createGuardValidator(extraDisabled: string[]): IPolicyValidationPluginBeta1 {
  let module: any;
  try {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
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
