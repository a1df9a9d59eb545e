import { App, Stack } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import * as acm from 'aws-cdk-lib/aws-certificatemanager';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as ecs from 'aws-cdk-lib/aws-ecs';
import * as rds from 'aws-cdk-lib/aws-rds';
import { PavedRoadCache, PavedRoadDatabase, PavedRoadNetwork, PavedRoadService, Profile } from '../src';
import { expectNagClean, testApp, testStack } from './nag';

const CERTIFICATE_ARN = 'arn:aws:acm:us-east-1:123456789012:certificate/11111111-2222-3333-4444-555555555555';
const certificate = (stack: Stack) => acm.Certificate.fromCertificateArn(stack, 'Certificate', CERTIFICATE_ARN);

/** `path: message` of every warning in the app's cloud assembly whose message matches `pattern`. */
function warningsOf(app: App, pattern: RegExp): string[] {
  return app.synth().stacks.flatMap((stack) => stack.messages)
    .filter((m) => m.level === 'warning' && pattern.test(String(m.entry.data)))
    .map((m) => `${m.id}: ${m.entry.data}`);
}

describe('PavedRoadDatabase and PavedRoadCache with a PavedRoadService', () => {
  test.each([Profile.DEV, Profile.STAGING])('a service connected to both gets their settings and secrets and is let in (%s)', (profile) => {
    // GIVEN a network, a database and a cache
    const app = testApp({ 'paved-road:profile': profile });
    const stack = testStack(app);
    const network = new PavedRoadNetwork(stack, 'Network');
    const db = new PavedRoadDatabase(stack, 'Database', { network });
    const cache = new PavedRoadCache(stack, 'Cache', { network });
    const dbEnv = db.connectionEnvironment();
    const cacheEnv = cache.connectionEnvironment();

    // WHEN a service spreads their connection settings and connects to them
    const service = new PavedRoadService(stack, 'Service', {
      network,
      image: ecs.ContainerImage.fromRegistry('public.ecr.aws/nginx/nginx:stable'),
      environment: { ...dbEnv.environment, ...cacheEnv.environment },
      secrets: { ...dbEnv.secrets, ...cacheEnv.secrets },
    });
    service.connections.allowToDefaultPort(db);
    service.connections.allowToDefaultPort(cache);
    db.grantConnect(service, 'app_user');
    expectNagClean(app);

    // THEN the container gets the host, port, name and secret fields
    const template = Template.fromStack(stack);
    template.hasResourceProperties('AWS::ECS::TaskDefinition', {
      ContainerDefinitions: Match.arrayWith([Match.objectLike({
        Environment: Match.arrayWith([
          { Name: 'DB_HOST', Value: { 'Fn::GetAtt': ['DatabaseInstanceAA8A5FDE', 'Endpoint.Address'] } },
          { Name: 'DB_PORT', Value: '5433' },
          { Name: 'CACHE_HOST', Value: { 'Fn::GetAtt': ['CacheReplicationGroupBFE59FF3', 'PrimaryEndPoint.Address'] } },
          { Name: 'CACHE_PORT', Value: '6380' },
        ]),
        Secrets: Match.arrayWith([
          Match.objectLike({ Name: 'DB_USERNAME' }),
          Match.objectLike({ Name: 'DB_PASSWORD' }),
          Match.objectLike({ Name: 'CACHE_AUTH_TOKEN' }),
        ]),
      })]),
    });
    // and only the service is let in, on each store's own port
    for (const [port, group] of [[5433, 'DatabaseSecurityGroup'], [6380, 'CacheSecurityGroup']] as const) {
      template.hasResourceProperties('AWS::EC2::SecurityGroupIngress', {
        FromPort: port,
        ToPort: port,
        GroupId: { 'Fn::GetAtt': [Match.stringLikeRegexp(`^${group}`), 'GroupId'] },
        SourceSecurityGroupId: { 'Fn::GetAtt': [Match.stringLikeRegexp('^Service'), 'GroupId'] },
      });
    }
  });

  test.each(Object.values(Profile))('GIVEN the network, the data stores and the service in stacks of their own THEN the app synthesizes clean, and the data stack never depends on the service stack (%s)', (profile) => {
    const app = testApp({ 'paved-road:profile': profile });
    const network = new PavedRoadNetwork(testStack(app, 'Network'), 'Network');
    const dataStack = testStack(app, 'Data');
    const db = new PavedRoadDatabase(dataStack, 'Database', { network });
    const cache = new PavedRoadCache(dataStack, 'Cache', { network });
    const serviceStack = testStack(app, 'Checkout');
    const dbEnv = db.connectionEnvironment();
    const cacheEnv = cache.connectionEnvironment();
    const service = new PavedRoadService(serviceStack, 'Service', {
      network,
      image: ecs.ContainerImage.fromRegistry('public.ecr.aws/nginx/nginx:stable'),
      environment: { ...dbEnv.environment, ...cacheEnv.environment },
      secrets: { ...dbEnv.secrets, ...cacheEnv.secrets },
      certificate: profile === Profile.PROD ? certificate(serviceStack) : undefined,
    });
    // Across stacks the client opens the path, so the ingress rules live in the client's stack.
    service.connections.allowToDefaultPort(db);
    service.connections.allowToDefaultPort(cache);
    db.grantConnect(service, 'app_user');
    cache.grantRead(service);

    // WHEN synthesized with every pack (a cycle would throw here)
    expectNagClean(app);

    // THEN the service stack depends on the data stack, not the other way round
    expect(dataStack.dependencies.map((s) => s.stackName)).toEqual(['Network']);
    expect(serviceStack.dependencies.map((s) => s.stackName).sort()).toEqual(['Data', 'Network']);
    // and no stack carries CDK's warning about the ignored egress half of allowToDefaultPort
    expect(warningsOf(app, /Ignoring Egress rule/)).toEqual([]);
    // and the ingress rules live in the service's stack, naming the data stack's security groups
    const data = Template.fromStack(dataStack);
    const checkout = Template.fromStack(serviceStack);
    expect(JSON.stringify(data.findResources('AWS::EC2::SecurityGroupIngress'))).not.toContain('Fn::ImportValue');
    for (const [port, group] of [[5433, 'DatabaseSecurityGroup'], [6380, 'CacheSecurityGroup']] as const) {
      checkout.hasResourceProperties('AWS::EC2::SecurityGroupIngress', {
        FromPort: port,
        ToPort: port,
        GroupId: { 'Fn::ImportValue': Match.stringLikeRegexp(`^Data:ExportsOutputFnGetAtt${group}`) },
        SourceSecurityGroupId: { 'Fn::GetAtt': [Match.stringLikeRegexp('^ServiceSecurityGroup'), 'GroupId'] },
      });
    }
    // and the keys' policies name no reader: the readers' own policies grant decryption, only through Secrets Manager
    expect(JSON.stringify(data.findResources('AWS::KMS::Key'))).not.toContain('Checkout');
    checkout.hasResourceProperties('AWS::IAM::ManagedPolicy', {
      PolicyDocument: {
        Statement: Match.arrayWith([Match.objectLike({
          Action: 'kms:Decrypt',
          Condition: { StringEquals: { 'kms:ViaService': 'secretsmanager.us-east-1.amazonaws.com' } },
          Resource: { 'Fn::ImportValue': Match.stringLikeRegexp('^Data:ExportsOutputFnGetAttDatabaseKey') },
        })]),
      },
    });
  });

  test('GIVEN the data stores and the service in stacks of their own WHEN the data side opens the path (allowDefaultPortFrom) THEN CDK reports a dependency cycle (negative control)', () => {
    const app = testApp();
    const network = new PavedRoadNetwork(testStack(app, 'Network'), 'Network');
    const db = new PavedRoadDatabase(testStack(app, 'Data'), 'Database', { network });
    const env = db.connectionEnvironment();
    const service = new PavedRoadService(testStack(app, 'Checkout'), 'Service', {
      network,
      image: ecs.ContainerImage.fromRegistry('public.ecr.aws/nginx/nginx:stable'),
      environment: env.environment,
      secrets: env.secrets,
    });
    // The ingress rule would live in the data stack and name the service's security group.
    db.connections.allowDefaultPortFrom(service);
    expect(() => app.synth()).toThrow(/cyclic reference|dependency cycle/i);
  });

  test('GIVEN a security group outside a PavedRoadService WHEN it opens a path with allowToDefaultPort THEN CDK still warns that it ignored the egress rule (the acknowledgment is the service\'s alone)', () => {
    const app = testApp();
    const stack = testStack(app);
    const network = new PavedRoadNetwork(stack, 'Network');
    const db = new PavedRoadDatabase(stack, 'Database', { network });
    const client = new ec2.SecurityGroup(stack, 'Client', { vpc: network.vpc });
    new ec2.Connections({ securityGroups: [client] }).allowToDefaultPort(db);
    expect(warningsOf(app, /Ignoring Egress rule/)).toEqual([expect.stringContaining('TestStack/Client')]);
  });

  test('GIVEN a database with the team\'s own secret THEN the container reads it the way CDK grants it: the key is not ours to rely on', () => {
    const app = testApp();
    const stack = testStack(app);
    const network = new PavedRoadNetwork(stack, 'Network');
    const existing = new rds.DatabaseSecret(stack, 'Existing', { username: 'owner' });
    const db = new PavedRoadDatabase(stack, 'Database', { network, credentials: rds.Credentials.fromSecret(existing) });
    new PavedRoadService(stack, 'Service', {
      network,
      image: ecs.ContainerImage.fromRegistry('public.ecr.aws/nginx/nginx:stable'),
      secrets: db.connectionEnvironment().secrets,
    });
    const template = Template.fromStack(stack);
    // Secret.grantRead: read the secret, and no statement on the database key for it
    template.hasResourceProperties('AWS::IAM::ManagedPolicy', {
      PolicyDocument: {
        Statement: Match.arrayWith([Match.objectLike({
          Action: ['secretsmanager:GetSecretValue', 'secretsmanager:DescribeSecret'],
        })]),
      },
    });
    expect(JSON.stringify(template.findResources('AWS::IAM::ManagedPolicy'))).not.toContain('kms:ViaService');
  });
});
