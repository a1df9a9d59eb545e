/*
 * The security model, read off the synthesized templates the way an attacker inside the organisation would:
 * no path from a pull request, a tag or a product launch to admin. One app with the preview machinery
 * (PreviewRoles, PreviewReaper, PreviewDeployments) and a preview of a service; a Service Catalog product in a portfolio;
 * the smoke-test hook and traffic-shift role of canary services.
 */
import { Stack, Stage } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import * as acm from 'aws-cdk-lib/aws-certificatemanager';
import * as ecs from 'aws-cdk-lib/aws-ecs';
import * as ssm from 'aws-cdk-lib/aws-ssm';
import { ENV } from './fixtures';
import { ALL_PACKS, expectNagClean, testApp } from './nag';
import { devNetworkLookups } from './network-lookups';
import {
  PavedRoadGuardrails, PavedRoadNetwork, PavedRoadPipeline, PavedRoadPortfolio, PavedRoadProduct, PavedRoadService, PipelineSource,
  PreviewDeployments, PreviewEnvironment, PreviewReaper,
} from '../src';

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

describe('security model of deployment smoke tests and traffic shifting', () => {
  // GIVEN a prod stack with a public and an internal canary service (smoke test on), all four packs
  const app = testApp({ 'paved-road:profile': 'prod' });
  const stack = new Stack(app, 'Prod', { env: ENV });
  const network = new PavedRoadNetwork(stack, 'Network');
  const certificate = acm.Certificate.fromCertificateArn(stack, 'Certificate', 'arn:aws:acm:us-east-1:123456789012:certificate/11111111-2222-3333-4444-555555555555');
  const image = ecs.ContainerImage.fromRegistry('nginx');
  new PavedRoadService(stack, 'Public', { network, image, certificate });
  new PavedRoadService(stack, 'Internal', { network, image, certificate, publicLoadBalancer: false });
  let nagError: unknown;
  try {
    expectNagClean(app);
  } catch (e) {
    nagError = e;
  }
  const t = Template.fromStack(stack);
  const resources = t.toJSON().Resources as Record<string, any>;
  const idOf = (type: string, prefix: string) => Object.keys(t.findResources(type)).find((id) => id.startsWith(prefix))!;
  /** Every statement of the managed policies attached to the role. */
  const statementsOf = (roleId: string) => identityStatements(t).filter((s) => JSON.stringify(resources[s.policy].Properties.Roles ?? []).includes(`"${roleId}"`));
  const trustOf = (roleId: string) => resources[roleId].Properties.AssumeRolePolicyDocument.Statement;
  const ecsTrust = [{ Action: 'sts:AssumeRole', Effect: 'Allow', Principal: { Service: 'ecs.amazonaws.com' } }];

  test('zero unacknowledged findings in all four packs', () => {
    expect(nagError).toBeUndefined();
  });

  test.each(['Public', 'Internal'])('%s: only ECS can invoke the smoke test, through a role that may invoke that one function and nothing else', (service) => {
    const fn = idOf('AWS::Lambda::Function', `${service}SmokeTest`);
    const hookRole = idOf('AWS::IAM::Role', `${service}SmokeTestHookRole`);
    expect(trustOf(hookRole)).toEqual(ecsTrust);
    expect(statementsOf(hookRole).map(({ policy, ...s }) => s)).toEqual([
      { Sid: 'InvokeTheSmokeTest', Effect: 'Allow', Action: 'lambda:InvokeFunction', Resource: { 'Fn::GetAtt': [fn, 'Arn'] } },
    ]);
    // no resource policy: no other account or service may invoke it
    expect(Object.values<any>(t.findResources('AWS::Lambda::Permission')).filter((p) => JSON.stringify(p.Properties.FunctionName).includes(fn))).toEqual([]);
    // every identity policy of the stack that may invoke it is the hook role's
    const invokers = identityStatements(t).filter((s) => actionsOf(s).some((a) => a.startsWith('lambda:')) && JSON.stringify(s.Resource ?? '*').match(new RegExp(`${fn}|"\\*"`)));
    expect(invokers.map((s) => s.policy)).toEqual([idOf('AWS::IAM::ManagedPolicy', `${service}SmokeTestHookPolicy`)]);
  });

  test('the smoke test\'s own role writes its logs (and, in a VPC, manages its network interfaces) and can do nothing else', () => {
    const logs = (service: string) => ({
      Sid: 'WriteLogs',
      Effect: 'Allow',
      Action: ['logs:CreateLogStream', 'logs:PutLogEvents'],
      Resource: { 'Fn::GetAtt': [idOf('AWS::Logs::LogGroup', `${service}SmokeTestLogs`), 'Arn'] },
    });
    const strip = (roleId: string) => statementsOf(roleId).map(({ policy, ...s }) => s);
    const publicRole = idOf('AWS::IAM::Role', 'PublicSmokeTestRole');
    expect(trustOf(publicRole)).toEqual([{ Action: 'sts:AssumeRole', Effect: 'Allow', Principal: { Service: 'lambda.amazonaws.com' } }]);
    expect(strip(publicRole)).toEqual([logs('Public')]);
    expect(strip(idOf('AWS::IAM::Role', 'InternalSmokeTestRole'))).toEqual([logs('Internal'), {
      Sid: 'FunctionNetworkInterfaces',
      Effect: 'Allow',
      Resource: '*',
      Action: ['ec2:CreateNetworkInterface', 'ec2:DescribeNetworkInterfaces', 'ec2:DescribeSubnets', 'ec2:DeleteNetworkInterface', 'ec2:AssignPrivateIpAddresses', 'ec2:UnassignPrivateIpAddresses'],
    }]);
  });

  test('what the smoke test requests is fixed at synth: the service\'s own load balancer, from the environment, no secret in it', () => {
    for (const service of ['Public', 'Internal']) {
      const fn = resources[idOf('AWS::Lambda::Function', `${service}SmokeTest`)].Properties;
      const lb = idOf('AWS::ElasticLoadBalancingV2::LoadBalancer', `${service}LoadBalancer`);
      expect(fn.Environment.Variables.TEST_URL).toEqual({ 'Fn::Join': ['', ['https://', { 'Fn::GetAtt': [lb, 'DNSName'] }, ':443/health']] });
      expect(Object.keys(fn.Environment.Variables).sort()).toEqual(['ATTEMPTS', 'AWS_NODEJS_CONNECTION_REUSE_ENABLED', 'REQUEST_TIMEOUT_MS', 'RETRY_DELAY_SECONDS',
        'SERVER_NAME', 'TEST_HEADER_NAME', 'TEST_HEADER_VALUE', 'TEST_URL']);
      expect(fn.ReservedConcurrentExecutions).toBe(2);
    }
    // inside the VPC, its security group lets it reach only the load balancer, on the listener port, and nothing reach it
    const fn = resources[idOf('AWS::Lambda::Function', 'InternalSmokeTest')].Properties;
    const [sg] = fn.VpcConfig.SecurityGroupIds.map((g: any) => resources[g['Fn::GetAtt'][0]].Properties);
    expect(sg.SecurityGroupIngress).toBeUndefined();
    expect(sg.SecurityGroupEgress).toEqual([expect.objectContaining({
      IpProtocol: 'tcp',
      FromPort: 443,
      ToPort: 443,
      DestinationSecurityGroupId: { 'Fn::GetAtt': [idOf('AWS::EC2::SecurityGroup', 'InternalLoadBalancerSecurityGroup'), 'GroupId'] },
    })]);
    expect(JSON.stringify(fn.VpcConfig.SubnetIds)).toMatch(/NetworkVpcWorkloadSubnet/);
  });

  test.each(['Public', 'Internal'])('%s: ECS\'s load-balancer role changes only this service\'s listener, rules and two target groups', (service) => {
    const role = idOf('AWS::IAM::Role', `${service}TrafficShiftRole`);
    expect(trustOf(role)).toEqual(ecsTrust);
    const ref = (type: string, prefix: string) => ({ Ref: idOf(type, prefix) });
    expect(statementsOf(role).map(({ policy, ...s }) => s)).toEqual([
      {
        Sid: 'ReadLoadBalancerState',
        Effect: 'Allow',
        Resource: '*',
        Action: ['elasticloadbalancing:DescribeListeners', 'elasticloadbalancing:DescribeRules', 'elasticloadbalancing:DescribeTargetGroups', 'elasticloadbalancing:DescribeTargetHealth'],
      },
      {
        Sid: 'RegisterTasksInTheServiceTargetGroups',
        Effect: 'Allow',
        Action: ['elasticloadbalancing:RegisterTargets', 'elasticloadbalancing:DeregisterTargets'],
        Resource: [ref('AWS::ElasticLoadBalancingV2::TargetGroup', `${service}TargetGroup`), ref('AWS::ElasticLoadBalancingV2::TargetGroup', `${service}AlternateTargetGroup`)],
      },
      {
        Sid: 'MoveTrafficOnTheServiceRules',
        Effect: 'Allow',
        Action: 'elasticloadbalancing:ModifyRule',
        Resource: [ref('AWS::ElasticLoadBalancingV2::ListenerRule', `${service}ProductionTrafficRule`), ref('AWS::ElasticLoadBalancingV2::ListenerRule', `${service}TestTrafficRule`)],
      },
      {
        Sid: 'ModifyTheServiceListener',
        Effect: 'Allow',
        Action: 'elasticloadbalancing:ModifyListener',
        Resource: ref('AWS::ElasticLoadBalancingV2::Listener', `${service}LoadBalancerHttps`),
      },
    ]);
  });

  test('none of these roles can pass a role, assume one, or act outside logs, EC2 network interfaces, Lambda invoke and ELB', () => {
    const roles = Object.keys(t.findResources('AWS::IAM::Role')).filter((id) => /(SmokeTest|TrafficShift)/.test(id));
    expect(roles).toHaveLength(6);
    for (const role of roles) {
      for (const s of statementsOf(role)) {
        for (const action of actionsOf(s)) expect(action).toMatch(/^(logs:(CreateLogStream|PutLogEvents)|ec2:[A-Za-z]*NetworkInterfaces?|ec2:DescribeSubnets|ec2:(Assign|Unassign)PrivateIpAddresses|lambda:InvokeFunction|elasticloadbalancing:(Describe\w+|RegisterTargets|DeregisterTargets|ModifyRule|ModifyListener))$/);
      }
    }
  });
});
