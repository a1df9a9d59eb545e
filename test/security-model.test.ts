/*
 * The security model, read off the synthesized templates the way an attacker inside the organisation would:
 * no path from a pull request, a tag or a product launch to admin. One app with the preview machinery
 * (PreviewRoles, PreviewReaper, PreviewDeployments) and a preview of a service; a Service Catalog product in a portfolio.
 */
import { Stack, Stage } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import * as ecs from 'aws-cdk-lib/aws-ecs';
import * as ssm from 'aws-cdk-lib/aws-ssm';
import { ALL_PACKS, expectNagClean, testApp } from './nag';
import { devNetworkLookups } from './network-lookups';
import {
  PavedRoadGuardrails, PavedRoadPipeline, PavedRoadPortfolio, PavedRoadProduct, PavedRoadService, PipelineSource, PreviewDeployments,
  PreviewEnvironment, PreviewReaper,
} from '../src';

const ENV = { account: '123456789012', region: 'us-east-1' };
const PREFIX = '/paved-road/dev/network';

interface Statement {
  Sid?: string;
  Effect: string;
  Action?: string | string[];
  NotAction?: string | string[];
  Resource?: unknown;
  NotResource?: unknown;
  Condition?: any;
  Principal?: any;
}

/** Every statement of every identity policy (managed and inline) in a template, with the logical id of its policy. */
function identityStatements(template: Template): (Statement & { policy: string })[] {
  const out: (Statement & { policy: string })[] = [];
  for (const type of ['AWS::IAM::ManagedPolicy', 'AWS::IAM::Policy']) {
    for (const [id, r] of Object.entries(template.findResources(type))) {
      for (const s of r.Properties.PolicyDocument.Statement as Statement[]) out.push({ ...s, policy: id });
    }
  }
  return out;
}

const actionsOf = (s: Statement) => ([] as string[]).concat(s.Action ?? []);

describe('security model of previews', () => {
  // GIVEN the platform stack and a preview of a service, synthesized once with all four packs
  const app = testApp(devNetworkLookups(PREFIX));
  const platform = new Stack(app, 'Platform', { env: ENV });
  const reaper = new PreviewReaper(platform, 'PreviewReaper');
  const deployments = new PreviewDeployments(platform, 'PreviewDeployments', {
    repositoryOwner: 'acme', repositoryName: 'checkout', previewRoles: reaper.previewRoles,
  });
  const preview = new PreviewEnvironment(app, 'Preview', { branch: 'feature/login', networkParameterPrefix: PREFIX, env: ENV });
  const previewStack = preview.addStack('Checkout');
  new PavedRoadService(previewStack, 'Api', { network: preview.networkFor(previewStack), image: ecs.ContainerImage.fromRegistry('nginx') });
  let nagError: unknown;
  try {
    expectNagClean(app);
  } catch (e) {
    nagError = e;
  }
  const t = Template.fromStack(platform);
  const statements = identityStatements(t);
  const logicalId = (c: { node: { defaultChild?: unknown } }) => platform.getLogicalId(c.node.defaultChild as any);
  const executionRole = logicalId(reaper.previewRoles.executionRole);
  const deployRole = logicalId(reaper.previewRoles.deployRole);
  const buildRole = logicalId(deployments.role as any);

  test('zero unacknowledged findings in all four packs', () => {
    expect(nagError).toBeUndefined();
  });

  test('no identity policy allows every action, and AdministratorAccess is attached nowhere', () => {
    const allowAll = statements.filter((s) => s.Effect === 'Allow' && actionsOf(s).some((a) => a === '*' || /^[a-z0-9-]+:\*$/.test(a)));
    expect(allowAll).toEqual([]);
    expect(JSON.stringify(t.toJSON())).not.toMatch(/AdministratorAccess/);
    expect(JSON.stringify(Template.fromStack(previewStack).toJSON())).not.toMatch(/AdministratorAccess/);
  });

  test('a pull request can reach only the preview deploy role: the build may assume nothing else', () => {
    const assumes = statements.filter((s) => s.Effect === 'Allow' && actionsOf(s).some((a) => a.startsWith('sts:')));
    expect(assumes).toEqual([expect.objectContaining({ Action: 'sts:AssumeRole', Resource: { 'Fn::GetAtt': [deployRole, 'Arn'] } })]);
    // and the deploy role trusts exactly the build role's ARN
    const trust = t.toJSON().Resources[deployRole].Properties.AssumeRolePolicyDocument.Statement;
    expect(trust).toEqual([expect.objectContaining({ Effect: 'Allow', Condition: { ArnEquals: { 'aws:PrincipalArn': [{ 'Fn::GetAtt': [buildRole, 'Arn'] }] } } })]);
    // untrusted pull requests wait for an approval comment
    const project = Object.values(t.findResources('AWS::CodeBuild::Project'))[0];
    expect(project.Properties.Triggers.PullRequestBuildPolicy.RequiresCommentApproval).toBe('ALL_PULL_REQUESTS');
    expect(project.Properties.Triggers.FilterGroups[0]).toContainEqual({ Type: 'BASE_REF', Pattern: '^refs/heads/main$' });
  });

  test('only the deploy role and the reaper may pass the execution role, only to CloudFormation', () => {
    const passRole = statements.filter((s) => s.Effect === 'Allow' && actionsOf(s).includes('iam:PassRole'));
    const passingExecutionRole = passRole.filter((s) => JSON.stringify(s.Resource) === JSON.stringify({ 'Fn::GetAtt': [executionRole, 'Arn'] }));
    expect(passingExecutionRole).toHaveLength(2);
    for (const s of passingExecutionRole) expect(s.Condition).toEqual({ StringEquals: { 'iam:PassedToService': 'cloudformation.amazonaws.com' } });
    // every other PassRole is the execution role's own, for the roles of preview stacks
    for (const s of passRole.filter((x) => !passingExecutionRole.includes(x))) {
      expect(JSON.stringify(s.Resource)).toMatch(/:role\/preview-\*"/);
    }
  });

  test('stacks are created, changed and deleted only when named preview-*, tagged, and through the execution role', () => {
    const writes = statements.filter((s) => s.Effect === 'Allow'
      && actionsOf(s).some((a) => /^cloudformation:(Create|Update|Delete)Stack$|^cloudformation:CreateChangeSet$/.test(a)));
    expect(writes.length).toBeGreaterThan(0);
    for (const s of writes) {
      expect(JSON.stringify(s.Resource)).toMatch(/:stack\/preview-\*\/\*"/);
      expect(s.Condition.StringEquals['cloudformation:RoleArn']).toEqual({ 'Fn::GetAtt': [executionRole, 'Arn'] });
    }
    // the deploy role also refuses new stacks without the preview tag and deletions of untagged ones
    const denies = statements.filter((s) => s.Effect === 'Deny');
    expect(denies).toEqual(expect.arrayContaining([
      expect.objectContaining({ Sid: 'NewStacksArePreviews', Condition: { StringNotEquals: { 'aws:RequestTag/paved-road:preview': 'true' } } }),
      expect.objectContaining({ Sid: 'DeleteOnlyTaggedPreviews', Condition: { StringNotEquals: { 'aws:ResourceTag/paved-road:preview': 'true' } } }),
    ]));
  });

  test('the execution role and every role of a preview carry the preview boundary, which bounds IAM, stacks, keys and data', () => {
    const boundary = logicalId(reaper.previewRoles.boundary);
    expect(t.toJSON().Resources[executionRole].Properties.PermissionsBoundary).toEqual({ Ref: boundary });
    const previewRoles = Template.fromStack(previewStack).findResources('AWS::IAM::Role');
    expect(Object.keys(previewRoles).length).toBeGreaterThan(0);
    for (const role of Object.values(previewRoles)) {
      expect(role.Properties.PermissionsBoundary).toEqual({ 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':iam::123456789012:policy/paved-road-preview-boundary-us-east-1']] });
    }
    const doc = t.toJSON().Resources[boundary].Properties.PolicyDocument.Statement as Statement[];
    const sid = (id: string) => doc.find((s) => s.Sid === id)!;
    expect(sid('CeilingWithoutIdentitiesOrAccountChanges').NotAction).toEqual(expect.arrayContaining(['iam:*User*', 'iam:*AccessKey*', 'organizations:*', 'sts:AssumeRole']));
    expect(sid('RolesOnlyWithThisBoundary')).toMatchObject({ Effect: 'Deny', Condition: { StringNotEquals: { 'iam:PermissionsBoundary': expect.anything() } } });
    expect(actionsOf(sid('BoundaryStays'))).toContain('iam:DeleteRolePermissionsBoundary');
    expect(sid('OnlyPreviewStacks')).toMatchObject({ Effect: 'Deny', NotResource: expect.arrayContaining([expect.objectContaining({ 'Fn::Join': expect.anything() })]) });
    expect(JSON.stringify(sid('OnlyPreviewStacks').NotResource)).toMatch(/:stack\/preview-\*\/\*"/);
    for (const id of ['OnlyPreviewKeys', 'OnlyPreviewSecretsAndData']) {
      expect(sid(id)).toMatchObject({ Effect: 'Deny', Condition: { StringNotEquals: { 'aws:ResourceTag/paved-road:preview': 'true' } } });
    }
    expect(sid('OnlyPreviewBuckets')).toMatchObject({ Effect: 'Deny', Action: 's3:*' });
  });

  test('the reaper deletes only stacks named preview-* that carry the preview tag', () => {
    const deletes = statements.filter((s) => s.Effect === 'Allow' && actionsOf(s).includes('cloudformation:DeleteStack'));
    for (const s of deletes) {
      expect(JSON.stringify(s.Resource)).toMatch(/:stack\/preview-\*\/\*"/);
    }
    const reaperDelete = deletes.find((s) => s.Sid === 'DeleteTaggedPreviewsOnly')!;
    expect(reaperDelete.Condition.StringEquals['aws:ResourceTag/paved-road:preview']).toBe('true');
  });
});

describe('security model of the Service Catalog launch role', () => {
  // GIVEN a product in a portfolio, as a platform team publishes it
  const app = testApp();
  const catalog = new Stack(app, 'Catalog', { env: ENV });
  const product = new PavedRoadProduct(catalog, 'WebService', { productName: 'Web service' });
  new PavedRoadPortfolio(catalog, 'Portfolio', { displayName: 'Golden paths', products: [product] });
  const t = Template.fromStack(catalog);
  const launchRole = Object.entries(t.findResources('AWS::IAM::Role')).find(([, r]) =>
    JSON.stringify(r.Properties.AssumeRolePolicyDocument).includes('servicecatalog.amazonaws.com'))!;
  const launchStatements = [
    ...((launchRole[1].Properties.Policies ?? []) as { PolicyDocument: { Statement: Statement[] } }[]).flatMap((p) => p.PolicyDocument.Statement),
    ...identityStatements(t).filter((s) => JSON.stringify(t.toJSON().Resources[s.policy].Properties.Roles ?? []).includes(`"${launchRole[0]}"`)),
  ];
  const allows = launchStatements.filter((s) => s.Effect === 'Allow');

  test('a launch cannot create or change a role without the product\'s permissions boundary, nor remove one', () => {
    const writes = ['iam:CreateRole', 'iam:PutRolePolicy', 'iam:AttachRolePolicy', 'iam:PutRolePermissionsBoundary'];
    for (const write of writes) {
      const granting = allows.filter((s) => actionsOf(s).includes(write));
      expect({ write, granting: granting.length }).toEqual({ write, granting: 1 });
      expect(granting[0].Condition.StringEquals['iam:PermissionsBoundary']).toBeDefined();
    }
    expect(allows.filter((s) => actionsOf(s).some((a) => ['iam:DeleteRolePermissionsBoundary', 'iam:CreateUser', 'iam:CreateAccessKey'].includes(a)))).toEqual([]);
    expect(launchStatements).toContainEqual(expect.objectContaining({ Effect: 'Deny', Action: 'iam:DeleteRolePermissionsBoundary' }));
  });

  test('a launch passes roles only to the services the products use, and has no service-wide action', () => {
    for (const s of allows.filter((x) => actionsOf(x).includes('iam:PassRole'))) {
      expect(s.Condition.StringEquals['iam:PassedToService']).toBeDefined();
    }
    expect(allows.filter((s) => actionsOf(s).some((a) => a === '*' || /^(iam|kms|s3):\*$/.test(a)))).toEqual([]);
  });
});

describe('security model of the delivery metrics recorder', () => {
  // GIVEN a team's pipeline with its delivery metrics (on by default), synthesized with all four packs
  const app = testApp();
  PavedRoadGuardrails.enforce(app, { packs: ALL_PACKS, strict: true });
  const delivery = new Stack(app, 'Delivery', { env: ENV });
  const prod = new Stage(app, 'Prod', { env: ENV });
  new ssm.StringParameter(new Stack(prod, 'Service'), 'Endpoint', { stringValue: 'https://checkout.example.com' });
  const pipeline = new PavedRoadPipeline(delivery, 'Pipeline', {
    source: PipelineSource.connection('acme/checkout', 'main', { connectionArn: 'arn:aws:codeconnections:us-east-1:123456789012:connection/0f1e2d3c-aaaa-bbbb-cccc-123456789abc' }),
    stages: [{ name: 'prod', stage: prod }],
  });
  app.synth();
  const t = Template.fromStack(delivery);
  const metrics = pipeline.deliveryMetrics!;
  const id = (c: { node: { defaultChild?: unknown } }) => delivery.getLogicalId(c.node.defaultChild as any);
  const fn = metrics.recorderFunction.node.defaultChild as any;
  const roleId = (delivery.resolve(fn.role) as { 'Fn::GetAtt': string[] })['Fn::GetAtt'][0];
  const attachedToRole = (r: { [key: string]: any }) => JSON.stringify(r.Properties.Roles ?? []).includes(`"${roleId}"`);
  const recorderStatements = ['AWS::IAM::ManagedPolicy', 'AWS::IAM::Policy']
    .flatMap((type) => Object.values(t.findResources(type)).filter(attachedToRole))
    .flatMap((r) => r.Properties.PolicyDocument.Statement as Statement[]);

  test('its role is assumable by Lambda only and carries one managed policy, no inline policy', () => {
    const role = t.toJSON().Resources[roleId];
    expect(role.Properties.AssumeRolePolicyDocument.Statement).toEqual([{ Action: 'sts:AssumeRole', Effect: 'Allow', Principal: { Service: 'lambda.amazonaws.com' } }]);
    expect(role.Properties.Policies).toBeUndefined();
    expect(role.Properties.ManagedPolicyArns).toBeUndefined();
    expect(Object.values(t.findResources('AWS::IAM::Policy')).filter(attachedToRole)).toEqual([]);
  });

  test('it may read this pipeline\'s executions and write only its own table, key, queue and logs: no wildcard, no write on any pipeline', () => {
    expect(recorderStatements.flatMap(actionsOf).sort()).toEqual([
      'codepipeline:GetPipelineExecution', 'codepipeline:ListActionExecutions',
      'dynamodb:GetItem', 'dynamodb:PutItem', 'dynamodb:UpdateItem',
      'kms:Decrypt', 'kms:DescribeKey', 'kms:Encrypt', 'kms:GenerateDataKey', 'kms:GenerateDataKeyWithoutPlaintext',
      'logs:CreateLogStream', 'logs:PutLogEvents',
      'sqs:SendMessage',
    ]);
    const pipelineArn = delivery.resolve(pipeline.pipeline.pipelineArn);
    const expected: Record<string, unknown> = {
      ReadMeasuredPipelineExecutions: pipelineArn,
      State: { 'Fn::GetAtt': [id(metrics.stateTable), 'Arn'] },
      StateAndDeadLetterKey: { 'Fn::GetAtt': [id(metrics.key), 'Arn'] },
      DeadLetter: { 'Fn::GetAtt': [id(metrics.deadLetterQueue), 'Arn'] },
      WriteLogs: { 'Fn::GetAtt': [id(metrics.logGroup), 'Arn'] },
    };
    expect(Object.fromEntries(recorderStatements.map((s) => [s.Sid, s.Resource]))).toEqual(expected);
    for (const s of recorderStatements) {
      expect(s.Effect).toBe('Allow');
      expect(JSON.stringify(s.Action)).not.toContain('*');
      expect(JSON.stringify(s.Resource)).not.toMatch(/"\*"|:\*"|\/\*"/);
    }
  });

  test('only EventBridge may invoke it, and only through the DeliveryMetrics\' own rules', () => {
    const permissions = Object.values(t.findResources('AWS::Lambda::Permission'))
      .filter((p) => JSON.stringify(p.Properties.FunctionName).includes(id(metrics.recorderFunction)));
    const rules = Object.keys(t.findResources('AWS::Events::Rule')).filter((r) => r.startsWith('PipelineDeliveryMetrics'));
    expect(rules).toHaveLength(1);
    expect(permissions.map((p) => p.Properties)).toEqual(rules.map((r) => ({
      Action: 'lambda:InvokeFunction',
      FunctionName: { 'Fn::GetAtt': [id(metrics.recorderFunction), 'Arn'] },
      Principal: 'events.amazonaws.com',
      SourceArn: { 'Fn::GetAtt': [r, 'Arn'] },
    })));
  });
});
