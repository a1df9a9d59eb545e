import { App, CfnDeletionPolicy, Duration, RemovalPolicy, Stack, Token } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import * as cognito from 'aws-cdk-lib/aws-cognito';
import * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as ecr from 'aws-cdk-lib/aws-ecr';
import * as elbv2 from 'aws-cdk-lib/aws-elasticloadbalancingv2';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as rds from 'aws-cdk-lib/aws-rds';
import * as s3 from 'aws-cdk-lib/aws-s3';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import { PreviewDeployments, PreviewDeploymentsProps, PreviewEnvironment, PreviewEnvironmentProps, PreviewRoles, Profile } from '../src';
import { namesProp } from './bad-input';
import { ENV } from './fixtures';
import { expectNagClean, testApp, testStack, validationError } from './nag';

/**
 * An outside battery of bad input for the preview constructs (PreviewEnvironment, PreviewDeployments) and of resources
 * that would survive or block the deletion of a preview. Each bad prop is refused with one PavedRoadValidationError whose
 * problems name the prop; each valid edge synthesizes; each undeletable resource is named in the preview's synth error,
 * each deletable one is not.
 */

const NAN = Number.NaN;

/** A bare ec2.Vpc (not a network) in a stack of its own. */
function rawVpc(app: App): ec2.Vpc {
  return new ec2.Vpc(new Stack(app, 'Raw', { env: ENV }), 'Vpc', { natGateways: 0, subnetConfiguration: [{ name: 'I', subnetType: ec2.SubnetType.PRIVATE_ISOLATED }] });
}

describe('PreviewEnvironment: bad input battery', () => {
  /** The prop the error must name, the props (or a function of the app giving them), and the app's context. */
  type Bad = [prop: string, props: Record<string, unknown> | ((app: App) => Record<string, unknown>), context?: Record<string, unknown>];
  const MAX_TTL = 'paved-road:preview-max-ttl-hours';
  const bad: Bad[] = [
    // branch: wrong kinds, empties, nothing that is a letter or a digit
    ['branch', {}], ['branch', { branch: undefined }], ['branch', { branch: null }], ['branch', { branch: '' }], ['branch', { branch: '   ' }],
    ['branch', { branch: '//--__' }], ['branch', { branch: '---' }], ['branch', { branch: '\t\n' }], ['branch', { branch: 42 }], ['branch', { branch: NAN }],
    ['branch', { branch: true }], ['branch', { branch: ['feature/x'] }], ['branch', { branch: { name: 'x' } }], ['branch', { branch: '🚀' }],
    // ttl: plain numbers and strings are not Durations; out of range
    ['ttl', { branch: 'x', ttl: 72 }], ['ttl', { branch: 'x', ttl: '72h' }], ['ttl', { branch: 'x', ttl: { hours: 72 } }], ['ttl', { branch: 'x', ttl: NAN }],
    ['ttl', { branch: 'x', ttl: Duration.minutes(59) }], ['ttl', { branch: 'x', ttl: Duration.hours(0) }], ['ttl', { branch: 'x', ttl: Duration.days(15) }],
    ['ttl', { branch: 'x', ttl: Duration.hours(337) }], ['ttl', { branch: 'x', ttl: Duration.hours(49) }, { [MAX_TTL]: 48 }],
    ['ttl', { branch: 'x', ttl: Duration.hours(2) }, { [MAX_TTL]: '1' }],
    // the platform's maximum ttl in context
    [`context '${MAX_TTL}'`, { branch: 'x' }, { [MAX_TTL]: 0 }], [`context '${MAX_TTL}'`, { branch: 'x' }, { [MAX_TTL]: 337 }],
    [`context '${MAX_TTL}'`, { branch: 'x' }, { [MAX_TTL]: 'abc' }], [`context '${MAX_TTL}'`, { branch: 'x' }, { [MAX_TTL]: '' }],
    [`context '${MAX_TTL}'`, { branch: 'x' }, { [MAX_TTL]: true }], [`context '${MAX_TTL}'`, { branch: 'x' }, { [MAX_TTL]: -5 }],
    [`context '${MAX_TTL}'`, { branch: 'x' }, { [MAX_TTL]: [48] }],
    // network: a bare VPC or anything else is not a network
    ['network', (app) => ({ branch: 'x', network: rawVpc(app) })], ['network', { branch: 'x', network: 'vpc-0dev' }], ['network', { branch: 'x', network: {} }],
    ['network', { branch: 'x', network: 5 }],
    // networkParameterPrefix
    ['networkParameterPrefix', { branch: 'x', networkParameterPrefix: '' }], ['networkParameterPrefix', { branch: 'x', networkParameterPrefix: 5 }],
    ['networkParameterPrefix', { branch: 'x', networkParameterPrefix: 'paved-road/dev' }], ['networkParameterPrefix', { branch: 'x', networkParameterPrefix: '/paved-road/dev/' }],
    ['networkParameterPrefix', { branch: 'x', networkParameterPrefix: '/' }], ['networkParameterPrefix', { branch: 'x', networkParameterPrefix: '/a b' }],
    ['networkParameterPrefix', { branch: 'x', networkParameterPrefix: ['/a'] }],
    // sharedLoadBalancer: a boolean, only where the network is found through its parameters
    ['sharedLoadBalancer', { branch: 'x', networkParameterPrefix: '/a', sharedLoadBalancer: 'true' }], ['sharedLoadBalancer', { branch: 'x', networkParameterPrefix: '/a', sharedLoadBalancer: 1 }],
    ['sharedLoadBalancer', { branch: 'x', sharedLoadBalancer: true }], ['sharedLoadBalancer', { branch: 'x', sharedLoadBalancer: false }],
    // env
    ['env', { branch: 'x', env: 'eu-west-1' }], ['env', { branch: 'x', env: 5 }], ['env', { branch: 'x', env: ['123456789012', 'eu-west-1'] }],
    ['env', { branch: 'x', env: { region: 5 } }], ['env', { branch: 'x', env: { account: '123' } }], ['env', { branch: 'x', env: { account: 123456789012 } }],
    ['env', { branch: 'x', env: { region: 'Europe' } }], ['env', { branch: 'x', env: { account: '', region: '' } }],
    // profile: a preview is always PREVIEW
    ['profile', { branch: 'x', profile: Profile.DEV }], ['profile', { branch: 'x', profile: 'prod' }], ['profile', { branch: 'x', profile: 'x' }],
  ];

  test.each(bad)('refuses %s in %p', (prop, props, context = {}) => {
    const app = testApp(context);
    const given = typeof props === 'function' ? props(app) : props;
    const error = validationError(() => new PreviewEnvironment(app, 'P', given as unknown as PreviewEnvironmentProps));
    expect(namesProp(error.problems, prop)).toBe(true);
  });

  test('both network sources: each problem is listed', () => {
    const app = testApp();
    const e = validationError(() => new PreviewEnvironment(app, 'P', { branch: 'x', network: rawVpc(app) as any, networkParameterPrefix: 'no-slash' }));
    expect(e.problems).toHaveLength(3);
  });

  test('a branch of only non-Latin letters is accepted: its stack-name part is the hash of the branch alone', () => {
    const preview = new PreviewEnvironment(testApp(), 'P', { branch: '機能', env: ENV });
    expect(preview.branchName).toMatch(/^[0-9a-f]{16}$/);
    expect(preview.addStack('S').stackName).toBe(`preview-${preview.branchName}-S`);
    expect(PreviewEnvironment.sanitizeBranch('機能')).not.toBe(PreviewEnvironment.sanitizeBranch('機能2'));
  });

  type Valid = [name: string, props: PreviewEnvironmentProps, context?: Record<string, unknown>];
  const valid: Valid[] = [
    ['a one-letter branch', { branch: 'x' }],
    ['a branch of CJK letters', { branch: '機能' }],
    ['a branch of accented letters', { branch: 'é' }],
    ['a branch of one digit', { branch: '7' }],
    ['a branch with an emoji and letters', { branch: 'feature/🚀-rocket' }],
    ['a branch of 300 characters (the tag is cut to 256)', { branch: `feature/${'a'.repeat(292)}` }],
    ['a branch with spaces and symbols', { branch: 'PR #42: fix (login)' }],
    ['the shortest ttl', { branch: 'x', ttl: Duration.hours(1) }],
    ['the shortest ttl in minutes', { branch: 'x', ttl: Duration.minutes(60) }],
    ['the longest ttl', { branch: 'x', ttl: Duration.days(14) }],
    ['the platform maximum itself', { branch: 'x', ttl: Duration.hours(48) }, { 'paved-road:preview-max-ttl-hours': 48 }],
    ['the platform maximum as a CLI string', { branch: 'x', ttl: Duration.hours(1) }, { 'paved-road:preview-max-ttl-hours': '1' }],
    ['the highest platform maximum', { branch: 'x', ttl: Duration.days(14) }, { 'paved-road:preview-max-ttl-hours': 336 }],
    ['the shortest parameter prefix', { branch: 'x', networkParameterPrefix: '/a' }],
    ['a parameter prefix', { branch: 'x', networkParameterPrefix: '/paved-road/dev/network' }],
    ['a parameter prefix without the shared load balancer', { branch: 'x', networkParameterPrefix: '/paved-road/dev/network', sharedLoadBalancer: false }],
    ['a parameter prefix with the shared load balancer', { branch: 'x', networkParameterPrefix: '/paved-road/dev/network', sharedLoadBalancer: true }],
    ['a concrete environment', { branch: 'x', env: ENV }],
    ['a GovCloud region', { branch: 'x', env: { region: 'us-gov-west-1' } }],
    ['a token account', { branch: 'x', env: { account: Token.asString({ Ref: 'AWS::AccountId' }), region: 'eu-west-1' } }],
    ['an explicit PREVIEW profile', { branch: 'x', profile: Profile.PREVIEW }],
  ];

  test.each(valid)('accepts and synthesizes %s', (_name, props, context = {}) => {
    const app = testApp(context);
    const preview = new PreviewEnvironment(app, 'P', props);
    const stack = preview.addStack('S');
    new sqs.Queue(stack, 'Queue');
    app.synth();
    expect(stack.stackName).toBe(`preview-${preview.branchName}-S`);
    Template.fromStack(stack).resourceCountIs('AWS::SQS::Queue', 1);
  });

  test(`the battery: ${bad.length} refusals and ${valid.length} valid edges`, () => {
    expect(bad.length).toBeGreaterThan(45);
    expect(valid.length).toBeGreaterThan(15);
  });
});

describe('PreviewDeployments: bad input battery', () => {
  const app = testApp();
  const stack = testStack(app);
  const previewRoles = new PreviewRoles(stack, 'PreviewRoles');
  const REPO = { repositoryOwner: 'acme', repositoryName: 'checkout' };
  let n = 0;

  type Bad = [prop: string, props: Record<string, unknown>];
  const bad: Bad[] = [
    // repository: empties, wrong kinds (NaN and Infinity would read as the names "NaN" and "Infinity"), shapes
    ['repositoryOwner', { repositoryOwner: '' }], ['repositoryOwner', { repositoryOwner: undefined }], ['repositoryOwner', { repositoryOwner: 5 }],
    ['repositoryOwner', { repositoryOwner: NAN }], ['repositoryOwner', { repositoryOwner: Number.POSITIVE_INFINITY }], ['repositoryOwner', { repositoryOwner: 'a b' }],
    ['repositoryOwner', { repositoryOwner: 'a'.repeat(101) }], ['repositoryOwner', { repositoryOwner: ['acme'] }],
    ['repositoryName', { repositoryName: '' }], ['repositoryName', { repositoryName: 5 }], ['repositoryName', { repositoryName: NAN }],
    ['repositoryName', { repositoryName: 'a/b' }], ['repositoryName', { repositoryName: "x';rm" }],
    // baseBranch: the webhook pattern is built from it
    ['baseBranch', { baseBranch: '' }], ['baseBranch', { baseBranch: 5 }], ['baseBranch', { baseBranch: 'a..b' }], ['baseBranch', { baseBranch: '/main' }],
    ['baseBranch', { baseBranch: 'main/' }], ['baseBranch', { baseBranch: 'main.lock' }], ['baseBranch', { baseBranch: 'a b' }], ['baseBranch', { baseBranch: 'main|.*' }],
    ['baseBranch', { baseBranch: 'a//b' }],
    // installCommand
    ['installCommand', { installCommand: '' }], ['installCommand', { installCommand: ' ' }], ['installCommand', { installCommand: 5 }],
    ['installCommand', { installCommand: ['npm ci'] }],
    // branchContextKey: a key the library or the CDK reads would take the branch as its value
    ['branchContextKey', { branchContextKey: '' }], ['branchContextKey', { branchContextKey: 5 }], ['branchContextKey', { branchContextKey: NAN }],
    ['branchContextKey', { branchContextKey: 'a b' }], ['branchContextKey', { branchContextKey: 'k=v' }], ['branchContextKey', { branchContextKey: 'paved-road:profile' }],
    ['branchContextKey', { branchContextKey: 'aws:cdk:enable-path-metadata' }],
    // stackSelector: merge and close destroy what it selects
    ['stackSelector', { stackSelector: '' }], ['stackSelector', { stackSelector: '   ' }], ['stackSelector', { stackSelector: '*' }], ['stackSelector', { stackSelector: '**' }],
    ['stackSelector', { stackSelector: '*/**' }], ['stackSelector', { stackSelector: '**/*' }], ['stackSelector', { stackSelector: "Preview/**' ; rm -rf /" }],
    ['stackSelector', { stackSelector: 5 }],
    // previewRoles
    ['previewRoles', { previewRoles: undefined }], ['previewRoles', { previewRoles: {} }], ['previewRoles', { previewRoles: 'paved-road-preview-deploy' }],
    // trustedActorIds
    ['trustedActorIds', { trustedActorIds: '123' }], ['trustedActorIds', { trustedActorIds: [] }], ['trustedActorIds', { trustedActorIds: [123] }],
    ['trustedActorIds', { trustedActorIds: ['octocat'] }], ['trustedActorIds', { trustedActorIds: ['0'] }], ['trustedActorIds', { trustedActorIds: [''] }],
    ['trustedActorIds', { trustedActorIds: ['1|.*'] }],
    // approverRoles
    ['approverRoles', { approverRoles: 'GITHUB_WRITE' }], ['approverRoles', { approverRoles: [] }], ['approverRoles', { approverRoles: ['GITHUB_READ'] }],
    ['approverRoles', { approverRoles: [5] }], ['approverRoles', { approverRoles: ['github_write'] }],
    // timeout: a plain number is not a Duration; CodeBuild takes whole minutes
    ['timeout', { timeout: 60 }], ['timeout', { timeout: '60m' }], ['timeout', { timeout: {} }], ['timeout', { timeout: Duration.minutes(4) }],
    ['timeout', { timeout: Duration.hours(9) }], ['timeout', { timeout: Duration.seconds(301) }], ['timeout', { timeout: Duration.seconds(0) }],
  ];

  test.each(bad)('refuses %s in %p', (prop, props) => {
    const error = validationError(() => new PreviewDeployments(stack, `P${n++}`, { ...REPO, previewRoles, ...props } as unknown as PreviewDeploymentsProps));
    expect(namesProp(error.problems, prop)).toBe(true);
  });

  test('an empty repository owner is reported once, as missing', () => {
    const error = validationError(() => new PreviewDeployments(stack, `P${n++}`, { ...REPO, repositoryOwner: '', previewRoles }));
    expect(error.problems).toEqual([expect.stringMatching(/^repositoryOwner: is required/)]);
  });

  type Valid = [name: string, props: Partial<PreviewDeploymentsProps>];
  const valid: Valid[] = [
    ['the shortest timeout', { timeout: Duration.minutes(5) }],
    ['the longest timeout', { timeout: Duration.hours(8) }],
    ['a timeout in seconds of whole minutes', { timeout: Duration.seconds(600) }],
    ['a release base branch', { baseBranch: 'release/1.x' }],
    ['a one-letter base branch', { baseBranch: 'a' }],
    ['one trusted actor', { trustedActorIds: ['1'] }],
    ['a 20-digit actor id', { trustedActorIds: ['12345678901234567890'] }],
    ['admins only approve', { approverRoles: ['GITHUB_ADMIN'] }],
    ['a context key with dots and colons', { branchContextKey: 'my.branch:key' }],
    ['a nested stack selector', { stackSelector: 'Apps/Preview/**' }],
    ['an install command with flags', { installCommand: 'yarn install --frozen-lockfile' }],
    ['a one-letter owner', { repositoryOwner: 'a' }],
    ['a 100-character repository name', { repositoryName: 'r'.repeat(100) }],
  ];

  test.each(valid)('accepts and synthesizes %s', (_name, props) => {
    const validStack = testStack(testApp());
    new PreviewDeployments(validStack, 'Previews', { ...REPO, previewRoles: new PreviewRoles(validStack, 'PreviewRoles'), ...props });
    Template.fromStack(validStack).resourceCountIs('AWS::CodeBuild::Project', 1);
  });

  test(`the battery: ${bad.length} refusals and ${valid.length} valid edges`, () => {
    expect(bad.length).toBeGreaterThan(55);
    expect(valid.length).toBeGreaterThan(10);
  });
});

describe('PreviewEnvironment: what a preview may hold, decided from the synthesized resources', () => {
  /** A preview with one stack `S` holding what `build` adds; the synth error message, or '' when it synthesizes. */
  function synthPreview(build: (stack: Stack) => void, stackProps = {}): string {
    const app = testApp();
    const preview = new PreviewEnvironment(app, 'P', { branch: 'x', env: ENV });
    build(preview.addStack('S', stackProps));
    try {
      app.synth();
      return '';
    } catch (e) {
      return (e as Error).message;
    }
  }
  const importedVpc = (stack: Stack) => ec2.Vpc.fromVpcAttributes(stack, 'Vpc', {
    vpcId: 'vpc-0dev', availabilityZones: ['us-east-1a', 'us-east-1b'], publicSubnetIds: ['subnet-1', 'subnet-2'],
  });

  /** What a team adds, the path of the resource the error must name, and why. */
  type Undeletable = [name: string, build: (stack: Stack) => void, path: string, reason: RegExp];
  const undeletable: Undeletable[] = [
    ['an L1 CfnBucket (nothing empties it)', (s) => new s3.CfnBucket(s, 'Raw'), 'S/Raw', /a bucket with objects blocks deletion/],
    ['an s3.Bucket without autoDeleteObjects', (s) => new s3.Bucket(s, 'B', { removalPolicy: RemovalPolicy.DESTROY }), 'S/B/Resource', /a bucket with objects blocks deletion/],
    ['an s3.Bucket kept by default', (s) => new s3.Bucket(s, 'B'), 'S/B/Resource', /DeletionPolicy Retain survives the preview/],
    ['a bucket with Object Lock', (s) => new s3.Bucket(s, 'B', { objectLockEnabled: true, removalPolicy: RemovalPolicy.DESTROY, autoDeleteObjects: true }), 'S/B/Resource', /Object Lock/],
    ['a DynamoDB table kept by default', (s) => new dynamodb.Table(s, 'T', { partitionKey: { name: 'pk', type: dynamodb.AttributeType.STRING } }), 'S/T/Resource', /DeletionPolicy Retain/],
    ['a DynamoDB table with deletion protection', (s) => new dynamodb.Table(s, 'T', {
      partitionKey: { name: 'pk', type: dynamodb.AttributeType.STRING }, removalPolicy: RemovalPolicy.DESTROY, deletionProtection: true,
    }), 'S/T/Resource', /deletion protection is on \(DeletionProtectionEnabled is true/],
    ['a DynamoDB TableV2 with deletion protection', (s) => new dynamodb.TableV2(s, 'T', {
      partitionKey: { name: 'pk', type: dynamodb.AttributeType.STRING }, removalPolicy: RemovalPolicy.DESTROY, deletionProtection: true,
    }), 'S/T/Resource', /deletion protection is on \(a replica has DeletionProtectionEnabled/],
    ['an ECR repository without emptyOnDelete', (s) => new ecr.Repository(s, 'R', { removalPolicy: RemovalPolicy.DESTROY }), 'S/R/Resource', /a repository with images blocks deletion/],
    ['an ECR repository kept by default', (s) => new ecr.Repository(s, 'R'), 'S/R/Resource', /DeletionPolicy Retain/],
    ['a load balancer with deletion protection', (s) => new elbv2.ApplicationLoadBalancer(s, 'Alb', { vpc: importedVpc(s), deletionProtection: true }),
      'S/Alb/Resource', /deletion_protection.enabled is true/],
    ['an L1 load balancer with deletion protection', (s) => new elbv2.CfnLoadBalancer(s, 'Alb', {
      subnets: ['subnet-1', 'subnet-2'], loadBalancerAttributes: [{ key: 'deletion_protection.enabled', value: 'true' }],
    }), 'S/Alb', /deletion_protection.enabled is true/],
    ['an L1 resource with a Retain policy', (s) => { new sqs.CfnQueue(s, 'Q').cfnOptions.deletionPolicy = CfnDeletionPolicy.RETAIN; }, 'S/Q', /DeletionPolicy Retain survives/],
    ['an L1 resource with RetainExceptOnCreate', (s) => { new sqs.CfnQueue(s, 'Q').cfnOptions.deletionPolicy = CfnDeletionPolicy.RETAIN_EXCEPT_ON_CREATE; }, 'S/Q', /DeletionPolicy RetainExceptOnCreate/],
    ['an L1 resource kept when replaced', (s) => { new sqs.CfnQueue(s, 'Q').cfnOptions.updateReplacePolicy = CfnDeletionPolicy.RETAIN; }, 'S/Q', /UpdateReplacePolicy Retain/],
    ['deletion protection set through an escape hatch', (s) => {
      new rds.CfnDBInstance(s, 'Db', { engine: 'postgres', dbInstanceClass: 'db.t4g.micro' }).addPropertyOverride('DeletionProtection', true);
    }, 'S/Db', /deletion protection is on \(DeletionProtection is true/],
    ['an L1 Aurora cluster with deletion protection', (s) => new rds.CfnDBCluster(s, 'Cluster', { engine: 'aurora-postgresql', deletionProtection: true }), 'S/Cluster', /deletion protection is on/],
    ['a Cognito user pool with deletion protection', (s) => new cognito.UserPool(s, 'Pool', { deletionProtection: true, removalPolicy: RemovalPolicy.DESTROY }),
      'S/Pool/Resource', /DeletionProtection is ACTIVE/],
    ['a log group with deletion protection', (s) => new logs.LogGroup(s, 'Logs', { deletionProtectionEnabled: true, removalPolicy: RemovalPolicy.DESTROY }),
      'S/Logs/Resource', /DeletionProtectionEnabled is true/],
    ['an EC2 instance with termination protection', (s) => new ec2.CfnInstance(s, 'Vm', { imageId: 'ami-12345678', disableApiTermination: true }), 'S/Vm', /DisableApiTermination/],
    ['a NAT gateway of its own', (s) => new ec2.CfnNatGateway(s, 'Nat', { subnetId: 'subnet-1' }), 'S/Nat', /no NAT gateway of its own/],
    ['a NAT instance of its own (an instance forwarding for others)', (s) => new ec2.CfnInstance(s, 'Nat', { imageId: 'ami-1', sourceDestCheck: false }), 'S/Nat', /no NAT instance of its own/],
  ];

  test.each(undeletable)('refuses %s', (_name, build, path, reason) => {
    const message = synthPreview(build);
    expect(message).toMatch(/PreviewEnvironment 'P' must be deletable/);
    const line = message.split('\n').find((l) => l.includes(`P/preview-x-2d711642b726b044/${path} (`) && reason.test(l));
    expect(line).toBeDefined();
  });

  test('a stack with termination protection', () => {
    expect(synthPreview(() => undefined, { terminationProtection: true })).toMatch(/preview-x-2d711642b726b044\/S: termination protection is on/);
  });

  type Deletable = [name: string, build: (stack: Stack) => void];
  const deletable: Deletable[] = [
    ['an s3.Bucket emptied and destroyed', (s) => new s3.Bucket(s, 'B', { removalPolicy: RemovalPolicy.DESTROY, autoDeleteObjects: true })],
    ['a named s3.Bucket emptied and destroyed', (s) => new s3.Bucket(s, 'B', { bucketName: 'preview-x-assets', removalPolicy: RemovalPolicy.DESTROY, autoDeleteObjects: true })],
    ['an L1 CfnBucket with the BucketAutoDeleteObjects mixin', (s) => {
      const bucket = new s3.CfnBucket(s, 'Raw');
      bucket.applyRemovalPolicy(RemovalPolicy.DESTROY);
      bucket.with(new s3.mixins.BucketAutoDeleteObjects());
    }],
    ['an ECR repository emptied on delete', (s) => new ecr.Repository(s, 'R', { removalPolicy: RemovalPolicy.DESTROY, emptyOnDelete: true })],
    ['an ECR repository emptied by the older autoDeleteImages', (s) => new ecr.Repository(s, 'R', { removalPolicy: RemovalPolicy.DESTROY, autoDeleteImages: true })],
    ['a DynamoDB table destroyed', (s) => new dynamodb.Table(s, 'T', { partitionKey: { name: 'pk', type: dynamodb.AttributeType.STRING }, removalPolicy: RemovalPolicy.DESTROY })],
    ['a DynamoDB TableV2 destroyed', (s) => new dynamodb.TableV2(s, 'T', { partitionKey: { name: 'pk', type: dynamodb.AttributeType.STRING }, removalPolicy: RemovalPolicy.DESTROY })],
    ['a load balancer without deletion protection', (s) => new elbv2.ApplicationLoadBalancer(s, 'Alb', { vpc: importedVpc(s) })],
    ['an instance that checks source and destination (not a NAT)', (s) => new ec2.CfnInstance(s, 'Box', { imageId: 'ami-1' })],
    ['a user pool destroyed', (s) => new cognito.UserPool(s, 'Pool', { removalPolicy: RemovalPolicy.DESTROY })],
    ['a log group destroyed', (s) => new logs.LogGroup(s, 'Logs', { removalPolicy: RemovalPolicy.DESTROY })],
    ['an L1 database without deletion protection (its default snapshot turned off)', (s) => new rds.CfnDBInstance(s, 'Db', { engine: 'postgres', dbInstanceClass: 'db.t4g.micro' })],
    ['a queue', (s) => new sqs.Queue(s, 'Q')],
  ];

  test.each(deletable)('accepts %s', (_name, build) => {
    expect(synthPreview(build)).toBe('');
  });

  describe('the library passes its own advice: a bucket emptied on delete is nag clean on its CDK provider', () => {
    const providerFinding = /PavedRoad-LambdaFailureHandling: [^\n]*\n(\s+\S+( \[[^\]]*\])?\n)*?\s+\S*Custom::S3AutoDeleteObjectsCustomResourceProvider\/Handler\b/;
    /** The guardrails' error (all four packs, strict), or '' when clean. */
    const nagMessage = (app: App): string => {
      try {
        expectNagClean(app);
        return '';
      } catch (e) {
        return (e as Error).message;
      }
    };

    test('in a preview, the provider\'s findings are acknowledged with the preview\'s reason', () => {
      const app = testApp();
      const preview = new PreviewEnvironment(app, 'P', { branch: 'x', env: ENV });
      const stack = preview.addStack('S');
      new s3.Bucket(stack, 'B', { removalPolicy: RemovalPolicy.DESTROY, autoDeleteObjects: true, enforceSSL: true });
      const message = nagMessage(app);
      expect(message).not.toMatch(/must be deletable/);
      expect(message).not.toMatch(providerFinding);
      const handler = stack.node.findChild('Custom::S3AutoDeleteObjectsCustomResourceProvider').node.findChild('Handler') as unknown as { getMetadata(k: string): any };
      const reasons = handler.getMetadata('cdk_nag').rules_to_suppress.map((r: { reason: string }) => r.reason);
      expect(reasons).toContainEqual(expect.stringMatching(/empties the buckets of this preview stack when the preview is deleted/));
    });

    test('negative control: outside a preview, the same bucket leaves the provider finding', () => {
      const app = testApp();
      const stack = testStack(app);
      new s3.Bucket(stack, 'B', { removalPolicy: RemovalPolicy.DESTROY, autoDeleteObjects: true, enforceSSL: true });
      expect(nagMessage(app)).toMatch(providerFinding);
    });
  });
});
