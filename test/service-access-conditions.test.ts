import { CfnOutput, Stack, Stage } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import * as acm from 'aws-cdk-lib/aws-certificatemanager';
import * as ecs from 'aws-cdk-lib/aws-ecs';
import * as ssm from 'aws-cdk-lib/aws-ssm';
import { Construct } from 'constructs';
import { CONNECTION_ARN } from './fixtures';
import { ALL_PACKS, expectNagClean, testApp, testStack } from './nag';
import {
  DatabaseEngine, PavedRoadCache, PavedRoadGuardrails, PavedRoadDatabase, PavedRoadNetwork, PavedRoadPipeline, PavedRoadService,
  PipelineSource, PreviewDeployments, PreviewReaper, PreviewRoles, Profile,
} from '../src';

const ACCOUNT = '123456789012';

/** A condition a statement must carry: operator and key. */
type Required = Array<[string, string]>;

/**
 * Key-policy statements of service principals and the conditions the service's documentation shows
 * for that use. A service principal missing here fails the test: look its page up first.
 */
const KEY_POLICY_CONDITIONS: Array<{ service: RegExp; required: Required }> = [
  // "Encrypt log data in CloudWatch Logs using AWS KMS"
  { service: /^logs\.[a-z0-9-]+\.amazonaws\.com$/, required: [['ArnLike', 'kms:EncryptionContext:aws:logs:arn']] },
  // SNS developer guide, "Enable compatibility between event sources from AWS services and encrypted topics"
  { service: /^cloudwatch\.amazonaws\.com$/, required: [['StringEquals', 'aws:SourceAccount'], ['ArnLike', 'kms:EncryptionContext:aws:sns:topicArn']] },
  // CloudWatch Logs "Enable logging from AWS services", key policy "Allow Logs Delivery to use the key"
  { service: /^delivery\.logs\.amazonaws\.com$/, required: [['StringEquals', 'aws:SourceAccount'], ['ArnLike', 'aws:SourceArn']] },
  // AWS CodeStar Notifications, "Configure Amazon SNS topics for notifications" (kms:ViaService only)
  { service: /^codestar-notifications\.amazonaws\.com$/, required: [['StringEquals', 'kms:ViaService']] },
];

/** Topic-policy statements of service principals (CodeStar Notifications "Troubleshooting": aws:SourceAccount). */
const TOPIC_POLICY_CONDITIONS: Array<{ service: RegExp; required: Required }> = [
  { service: /^codestar-notifications\.amazonaws\.com$/, required: [['StringEquals', 'aws:SourceAccount']] },
];

/**
 * Roles a service assumes whose service documents no confused-deputy keys for that trust: they keep
 * a plain trust, because a key the service does not send would make the role unassumable.
 */
const TRUST_WITHOUT_CONDITIONS: Array<{ service: string; role: RegExp; why: string }> = [
  // Lambda execution-role pages show the trust without conditions (CDK's own custom-resource providers included).
  { service: 'lambda.amazonaws.com', role: /./, why: 'Lambda execution role' },
  // CloudFormation "service role" page: no condition keys for the trust.
  { service: 'cloudformation.amazonaws.com', role: /ExecutionRole/, why: 'preview execution role' },
  // CodePipeline "Create the CodePipeline service role": trust policy without conditions.
  { service: 'codepipeline.amazonaws.com', role: /PipelineRole/, why: 'CDK Pipelines pipeline role' },
  // ECS "task execution IAM role" page: trust without conditions (the task role page documents them).
  { service: 'ecs-tasks.amazonaws.com', role: /ExecutionRole/, why: 'ECS task execution role' },
  // ECS "Amazon ECS infrastructure IAM role for load balancers": trust without conditions.
  { service: 'ecs.amazonaws.com', role: /TrafficShiftRole/, why: 'load-balancer role of blue/green, linear and canary deployments' },
  // ECS "Permissions required for Lambda functions in Amazon ECS blue/green deployments": trust without conditions.
  { service: 'ecs.amazonaws.com', role: /SmokeTestHookRole/, why: 'role ECS invokes the smoke-test lifecycle hook with' },
];

interface Statement {
  readonly Effect: string;
  readonly Principal?: { Service?: string | string[] };
  readonly Condition?: { [operator: string]: { [key: string]: unknown } };
}

function services(statement: Statement): string[] {
  const service = statement.Principal?.Service;
  return service === undefined ? [] : ([] as string[]).concat(service);
}

/** Why the statement lacks a required condition, or nothing. */
function missing(statement: Statement, required: Required): string[] {
  return required.filter(([operator, key]) => statement.Condition?.[operator]?.[key] === undefined).map(([op, key]) => `${op} ${key}`);
}

/** Every Allow statement of a service principal in the policies of `type`, as `[stack/logicalId, service, statement]`. */
function serviceStatements(templates: Map<string, Template>, type: string, property: string): Array<[string, string, Statement]> {
  const found: Array<[string, string, Statement]> = [];
  for (const [name, template] of templates) {
    for (const [id, resource] of Object.entries(template.findResources(type))) {
      for (const statement of (resource.Properties[property].Statement as Statement[])) {
        if (statement.Effect !== 'Allow') continue;
        for (const service of services(statement)) found.push([`${name}/${id}`, service, statement]);
      }
    }
  }
  return found;
}

/** Violations of a table of documented conditions. */
function violations(statements: Array<[string, string, Statement]>, table: Array<{ service: RegExp; required: Required }>): string[] {
  return statements.flatMap(([where, service, statement]) => {
    const entry = table.find((e) => e.service.test(service));
    if (!entry) return [`${where}: ${service} has no documented condition in this test's table`];
    const absent = missing(statement, entry.required);
    return absent.length > 0 ? [`${where}: ${service} lacks ${absent.join(', ')}`] : [];
  });
}

/** The app a team deploys through the pipeline: one stack with an output. */
class ServiceStage extends Stage {
  constructor(scope: Construct, id: string) {
    super(scope, id, { env: { account: ACCOUNT, region: 'us-east-1' } });
    const stack = new Stack(this, 'Service');
    new CfnOutput(stack, 'Url', { value: new ssm.StringParameter(stack, 'Endpoint', { stringValue: 'https://example.com' }).stringValue });
  }
}

describe('Service access conditions', () => {
  // GIVEN every construct of the library in one app, each in its own stack
  const app = testApp({ 'paved-road:profile': Profile.PROD });
  // before the pipeline adds its stage, so the stage is checked with all four packs too
  PavedRoadGuardrails.enforce(app, { packs: ALL_PACKS, strict: true });
  const stacks: Stack[] = [];
  const workloads = testStack(app, 'Workloads');
  const network = new PavedRoadNetwork(workloads, 'Network');
  new PavedRoadService(workloads, 'Api', {
    network,
    image: ecs.ContainerImage.fromRegistry('public.ecr.aws/nginx/nginx:stable'),
    waf: true,
    certificate: acm.Certificate.fromCertificateArn(workloads, 'Certificate', 'arn:aws:acm:us-east-1:123456789012:certificate/11111111-2222-3333-4444-555555555555'),
  });
  new PavedRoadDatabase(workloads, 'Database', { network });
  new PavedRoadDatabase(workloads, 'Aurora', { network, engine: DatabaseEngine.AURORA_POSTGRES_SERVERLESS });
  new PavedRoadCache(workloads, 'Cache', { network });
  stacks.push(workloads);
  const delivery = testStack(app, 'Delivery');
  new PavedRoadPipeline(delivery, 'Pipeline', {
    source: PipelineSource.connection('my-org/my-repo', 'main', { connectionArn: CONNECTION_ARN }),
    stages: [{ name: 'prod', stage: new ServiceStage(app, 'Prod') }],
  });
  stacks.push(delivery);
  const previews = testStack(app, 'Previews');
  new PreviewReaper(previews, 'Reaper');
  new PreviewDeployments(previews, 'Deployments', { repositoryOwner: 'acme', repositoryName: 'checkout', previewRoles: new PreviewRoles(previews, 'Roles') });
  stacks.push(previews);
  let nagError: unknown;
  let guardrails: PavedRoadGuardrails | undefined;
  try {
    guardrails = expectNagClean(app);
  } catch (e) {
    nagError = e;
  }
  const templates = new Map(stacks.map((s) => [s.stackName, Template.fromStack(s)]));

  test('every key-policy statement of a service principal carries the condition its documentation shows, naming no resource of its stack', () => {
    // WHEN
    const statements = serviceStatements(templates, 'AWS::KMS::Key', 'KeyPolicy');
    // THEN
    expect(statements.length).toBeGreaterThan(0);
    expect(violations(statements, KEY_POLICY_CONDITIONS)).toEqual([]);
    // patterns, not the ARN of a topic or log group the key encrypts (that would be a dependency cycle)
    const references = statements.filter(([, , st]) => /"(Ref|Fn::GetAtt)":(?!"AWS::)/.test(JSON.stringify(st.Condition ?? {})));
    expect(references.map(([where, service]) => `${where}: ${service}`)).toEqual([]);
    // and the constructs stay at zero unacknowledged findings in all four packs
    expect(nagError).toBeUndefined();
    expect(guardrails!.findings).toEqual([]);
  });

  test('every topic-policy statement of a service principal carries the condition its documentation shows', () => {
    const statements = serviceStatements(templates, 'AWS::SNS::TopicPolicy', 'PolicyDocument');
    expect(statements.map(([, service]) => service)).toContain('codestar-notifications.amazonaws.com');
    expect(violations(statements, TOPIC_POLICY_CONDITIONS)).toEqual([]);
  });

  test('every role a service assumes is limited to this account, except the commented allowlist', () => {
    // WHEN
    const trusts = serviceStatements(templates, 'AWS::IAM::Role', 'AssumeRolePolicyDocument');
    // THEN
    const unconditioned = trusts
      .filter(([where, service]) => !TRUST_WITHOUT_CONDITIONS.some((a) => a.service === service && a.role.test(where)))
      .filter(([, , statement]) => statement.Condition?.StringEquals?.['aws:SourceAccount'] !== ACCOUNT)
      .map(([where, service]) => `${where}: ${service}`);
    expect(unconditioned).toEqual([]);
    // and the roles the documentation covers are among them
    const conditioned = new Set(trusts.filter(([, , s]) => s.Condition !== undefined).map(([, service]) => service));
    expect([...conditioned].sort()).toEqual(['codebuild.amazonaws.com', 'ecs-tasks.amazonaws.com', 'monitoring.rds.amazonaws.com', 'vpc-flow-logs.amazonaws.com']);
  });

  test('the flow-log and task roles name their source ARN patterns', () => {
    const trusts = serviceStatements(templates, 'AWS::IAM::Role', 'AssumeRolePolicyDocument');
    const sourceArn = (service: string, where: RegExp) => trusts
      .filter(([w, s]) => s === service && where.test(w)).map(([, , st]) => JSON.stringify(st.Condition?.ArnLike?.['aws:SourceArn']));
    expect(sourceArn('vpc-flow-logs.amazonaws.com', /FlowLogRole/)).toEqual([expect.stringContaining(':ec2:us-east-1:123456789012:vpc-flow-log/*')]);
    expect(sourceArn('ecs-tasks.amazonaws.com', /TaskRole/)).toEqual([expect.stringContaining(':ecs:us-east-1:123456789012:*')]);
  });
});
