import { App, Duration, RemovalPolicy, Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as rds from 'aws-cdk-lib/aws-rds';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { Construct } from 'constructs';
import { useFixedClock } from './clock';
import { ENV } from './fixtures';
import { expectNagClean, testApp, validationError } from './nag';
import { PavedRoadConstruct, PavedRoadConstructProps, PavedRoadGuardrails, PreviewEnvironment, PreviewReaper, PreviewTags, Profile } from '../src';
import { devNetworkLookups } from './network-lookups';
import { snapshotOf } from './snapshot';
import { pinClock } from '../src/core/clock';

const NOW = useFixedClock('2026-11-22T02:00:00Z');

/** The smallest paved-road construct, to observe the profile it resolves. */
class Probe extends PavedRoadConstruct {
  constructor(scope: Construct, id: string, props: PavedRoadConstructProps = {}) {
    super(scope, id, props, 'Probe');
  }
}

describe('PreviewEnvironment', () => {
  describe('a preview of an app (one synth for the assertions below)', () => {
    // GIVEN
    const app = testApp();
    const preview = new PreviewEnvironment(app, 'Preview', { branch: 'feature/Login_Page#42', ttl: Duration.hours(48), env: ENV });
    const stack = preview.addStack('Checkout');
    const probe = new Probe(stack, 'Probe');
    // a paved-road construct with resources, for the nag check
    const reaperStack = preview.addStack('Ops');
    const reaper = new PreviewReaper(reaperStack, 'Reaper');
    let nagError: unknown;
    try {
      expectNagClean(app);
    } catch (e) {
      nagError = e;
    }

    test('tags every stack with the three reaper tags: preview, branch, expiry (synth time + ttl, ISO-8601 UTC)', () => {
      expect(stack.tags.tagValues()).toMatchObject({
        [PreviewTags.PREVIEW]: 'true',
        [PreviewTags.BRANCH]: 'feature/Login_Page-42',
        [PreviewTags.EXPIRES_AT]: '2026-11-24T02:00:00Z',
        'paved-road:owner': 'team-test',
      });
      expect(preview.expiresAt).toBe('2026-11-24T02:00:00Z');
      expect(reaperStack.tags.tagValues()[PreviewTags.EXPIRES_AT]).toBe('2026-11-24T02:00:00Z');
    });

    test('names its stacks after the sanitized branch', () => {
      expect(preview.branchName).toBe('feature-login-page-42-8e604cbf89eaf339');
      expect(stack.stackName).toBe('preview-feature-login-page-42-8e604cbf89eaf339-Checkout');
      expect(stack.account).toBe('123456789012');
    });

    test('forces the PREVIEW profile on every paved-road construct inside', () => {
      expect(probe.profile).toBe(Profile.PREVIEW);
      expect(reaper.profile).toBe(Profile.PREVIEW);
      Template.fromStack(reaperStack).hasResourceProperties('AWS::Logs::LogGroup', { RetentionInDays: 3 });
      Template.fromStack(reaperStack).hasResource('AWS::KMS::Key', { DeletionPolicy: 'Delete' });
    });

    test('zero unacknowledged findings in all four packs (PREVIEW is its only profile)', () => {
      expect(nagError).toBeUndefined();
      expect(PavedRoadGuardrails.of(preview.stage)?.profile).toBe(Profile.PREVIEW);
    });

    test('snapshot (preview)', () => {
      expect(snapshotOf(reaperStack, { hashes: 'ASSET-HASH', version: 'none' })).toMatchSnapshot();
    });
  });

  test('turns final snapshots off and caps log retention at 3 days', () => {
    // GIVEN
    const preview = new PreviewEnvironment(testApp(), 'Preview', { branch: 'x', env: ENV });
    const stack = preview.addStack('S');
    const db = new rds.CfnDBInstance(stack, 'Db', { dbInstanceClass: 'db.t4g.micro', engine: 'postgres', masterUsername: 'u', manageMasterUserPassword: true, allocatedStorage: '20' });
    const longLogs = new logs.CfnLogGroup(stack, 'LongLogs', { retentionInDays: 30 });
    const foreverLogs = new logs.CfnLogGroup(stack, 'ForeverLogs', {});
    const shortLogs = new logs.CfnLogGroup(stack, 'ShortLogs', { retentionInDays: 1 });
    // WHEN
    const t = Template.fromStack(stack);
    // THEN
    expect(t.toJSON().Resources[stack.getLogicalId(db)]).toMatchObject({ DeletionPolicy: 'Delete', UpdateReplacePolicy: 'Delete' });
    expect(t.toJSON().Resources[stack.getLogicalId(longLogs)].Properties.RetentionInDays).toBe(3);
    expect(t.toJSON().Resources[stack.getLogicalId(foreverLogs)].Properties.RetentionInDays).toBe(3);
    expect(t.toJSON().Resources[stack.getLogicalId(shortLogs)].Properties.RetentionInDays).toBe(1);
  });

  test('a redeploy later moves the expiry', () => {
    const a = new PreviewEnvironment(testApp(), 'P', { branch: 'main' });
    pinClock(new Date(NOW.getTime() + 3_600_000));
    const b = new PreviewEnvironment(testApp(), 'P', { branch: 'main' });
    expect(a.expiresAt).toBe('2026-11-25T02:00:00Z');
    expect(b.expiresAt).toBe('2026-11-25T03:00:00Z');
  });

  test('the cost report counts the preview\'s remaining lifetime on the library clock at synthesis', () => {
    // GIVEN a 48 h preview built at NOW, synthesized two hours later
    const app = testApp();
    const preview = new PreviewEnvironment(app, 'P', { branch: 'main', ttl: Duration.hours(48), env: ENV });
    const stack = preview.addStack('Logs');
    new logs.LogGroup(stack, 'Logs', { retention: logs.RetentionDays.ONE_DAY, removalPolicy: RemovalPolicy.DESTROY });
    PavedRoadGuardrails.enforce(app, { cost: { estimate: true, printTable: false } });
    pinClock(new Date(NOW.getTime() + 2 * 3_600_000));
    // WHEN
    app.synth();
    // THEN (the preview's stage has guardrails of its own, with its estimates)
    expect(PavedRoadGuardrails.of(preview.stage)?.costEstimates.map((e) => e.ttlHours)).toEqual([46]);
  });

  test('sanitizeBranch is deterministic, fits stack names and keeps every branch apart', () => {
    expect(PreviewEnvironment.sanitizeBranch('Feature/ABC--123')).toBe('feature-abc-123-65a0e282c720bbff');
    expect(PreviewEnvironment.sanitizeBranch('__x__')).toMatch(/^x-[0-9a-f]{16}$/);
    expect(PreviewEnvironment.sanitizeBranch('__')).toBe('');
    // two branches with the same readable part are two previews: closing one never destroys the other
    expect(PreviewEnvironment.sanitizeBranch('feature/login')).toBe('feature-login-df7c7aeb3560d333');
    expect(PreviewEnvironment.sanitizeBranch('feature-login')).toBe('feature-login-1a2efb69917d50d7');
    const long = 'feature/' + 'a-very-long-branch-name-'.repeat(5);
    const part = PreviewEnvironment.sanitizeBranch(long);
    expect(part).toMatch(/^feature-a-very-long-branch-name-[0-9a-f]{16}$/);
    expect(part.length).toBeLessThanOrEqual(48);
    expect(PreviewEnvironment.sanitizeBranch(long)).toBe(part);
    expect(PreviewEnvironment.sanitizeBranch(long + 'x')).not.toBe(part);
  });

  test('every stack deploys through the bounded preview roles, under a preview- name, and its roles carry the preview boundary', () => {
    // GIVEN
    const app = testApp();
    const preview = new PreviewEnvironment(app, 'P', { branch: 'main', env: ENV });
    const stack = preview.addStack('App');
    new iam.Role(stack, 'TaskRole', { assumedBy: new iam.ServicePrincipal('ecs-tasks.amazonaws.com') });
    // WHEN
    const assembly = app.synth();
    // THEN: the CLI deploys through the preview deploy role, CloudFormation acts as the preview execution role
    const artifact = assembly.getNestedAssembly(`assembly-P-${preview.stage.node.id}`).getStackByName(stack.stackName);
    expect(artifact.assumeRoleArn).toBe('arn:${AWS::Partition}:iam::123456789012:role/paved-road-preview-deploy-us-east-1');
    expect(artifact.cloudFormationExecutionRoleArn).toBe('arn:${AWS::Partition}:iam::123456789012:role/paved-road-preview-execution-us-east-1');
    expect(artifact.lookupRole?.arn).toBe('arn:${AWS::Partition}:iam::123456789012:role/paved-road-preview-deploy-us-east-1');
    Template.fromStack(stack).hasResourceProperties('AWS::IAM::Role', {
      PermissionsBoundary: { 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':iam::123456789012:policy/paved-road-preview-boundary-us-east-1']] },
    });
  });

  test('a stack built without the preview synthesizer, or renamed, is refused', () => {
    const app = testApp();
    const preview = new PreviewEnvironment(app, 'P', { branch: 'main', env: ENV });
    new Stack(preview.stage, 'Plain');
    preview.addStack('Renamed', { stackName: 'checkout-api' });
    expect(() => app.synth()).toThrow(/stack 'P\/preview-main-[0-9a-f]{16}\/Plain' would deploy through the CDK bootstrap roles; create it with preview.addStack\('Plain'\)/);
    expect(() => app.synth()).toThrow(/stack 'P\/preview-main-[0-9a-f]{16}\/Renamed' is named checkout-api; preview stacks keep their generated name/);
  });

  test('networkFor rebuilds the dev network from the SSM parameters PavedRoadNetwork publishes', () => {
    // GIVEN: the CLI's cached lookups (cdk.context.json)
    const app = new App({
      context: {
        'paved-road:owner': 'team-test',
        ...devNetworkLookups('/paved-road/dev/network'),
      },
    });
    const preview = new PreviewEnvironment(app, 'Preview', { branch: 'pr-7', env: ENV, networkParameterPrefix: '/paved-road/dev/network' });
    const stack = preview.addStack('App');
    // WHEN
    const network = preview.networkFor(stack);
    // THEN
    expect(preview.networkFor(new Construct(stack, 'Other'))).toBe(network);
    expect(network.vpc.vpcId).toBe('vpc-0dev');
    expect(network.vpc.selectSubnets(network.workloadSubnets).subnetIds).toEqual(['subnet-10', 'subnet-11']);
    expect(network.vpc.selectSubnets(network.dataSubnets).subnetIds).toEqual(['subnet-20', 'subnet-21']);
    expect(network.profile).toBe(Profile.PREVIEW);
    new ec2.SecurityGroup(stack, 'Sg', { vpc: network.vpc });
    expect(stack.resolve(network.cluster.clusterName)).toEqual({ Ref: expect.stringMatching(/^SsmParameterValuepavedroaddevnetworkclustername.*Parameter$/) });
    const params = Template.fromStack(stack).toJSON().Parameters;
    expect(Object.values(params).map((p: any) => p.Default)).toEqual(expect.arrayContaining(['/paved-road/dev/network/cluster-name', '/paved-road/dev/network/cluster-arn']));
    // and no VPC or NAT gateway of its own
    Template.fromStack(stack).resourceCountIs('AWS::EC2::VPC', 0);
  });

  test('networkFor without a network source is an error', () => {
    const preview = new PreviewEnvironment(testApp(), 'P', { branch: 'x' });
    expect(() => preview.networkFor(preview.addStack('S'))).toThrow(/network: is required; pass `network` or `networkParameterPrefix`/);
  });

  describe('refuses what would survive or block deletion, in one error', () => {
    test('a RETAIN resource, a bucket without autoDeleteObjects, termination protection, deletion protection and a NAT gateway', () => {
      // GIVEN
      const app = testApp();
      const preview = new PreviewEnvironment(app, 'P', { branch: 'x', env: ENV });
      const stack = preview.addStack('S', { terminationProtection: true });
      new s3.Bucket(stack, 'Kept', { removalPolicy: RemovalPolicy.RETAIN });
      new s3.Bucket(stack, 'Fine', { removalPolicy: RemovalPolicy.DESTROY, autoDeleteObjects: true });
      new rds.CfnDBCluster(stack, 'Cluster', { engine: 'aurora-postgresql', deletionProtection: true });
      new ec2.CfnNatGateway(stack, 'Nat', { subnetId: 'subnet-1' });
      // WHEN / THEN
      let message = '';
      try {
        app.synth();
      } catch (e) {
        message = (e as Error).message;
      }
      expect(message).toMatch(/PreviewEnvironment 'P' must be deletable, but 5 resources would survive or block its deletion/);
      expect(message).toMatch(/P\/preview-x-2d711642b726b044\/S: termination protection is on/);
      expect(message).toMatch(/P\/preview-x-2d711642b726b044\/S\/Kept\/Resource \(AWS::S3::Bucket\): DeletionPolicy Retain survives the preview/);
      expect(message).toMatch(/P\/preview-x-2d711642b726b044\/S\/Kept\/Resource \(AWS::S3::Bucket\): a bucket with objects blocks deletion/);
      expect(message).toMatch(/Cluster \(AWS::RDS::DBCluster\): deletion protection is on/);
      expect(message).toMatch(/Nat \(AWS::EC2::NatGateway\): a preview creates no NAT gateway of its own/);
      expect(message).not.toMatch(/Fine/);
    });
  });

  describe('bad input', () => {
    test('ttl under 1 hour', () => {
      expect(() => new PreviewEnvironment(testApp(), 'P', { branch: 'x', ttl: Duration.minutes(30) })).toThrow(/ttl: .* allowed: from 1 hour to 14 days/);
    });

    test('ttl over 14 days', () => {
      expect(() => new PreviewEnvironment(testApp(), 'P', { branch: 'x', ttl: Duration.days(15) })).toThrow(/ttl: .* allowed: from 1 hour to 14 days/);
    });

    test('ttl over the platform maximum set in context', () => {
      const app = testApp({ 'paved-road:preview-max-ttl-hours': 48 });
      expect(() => new PreviewEnvironment(app, 'P', { branch: 'x', ttl: Duration.hours(72) })).toThrow(/ttl: .* from 1 hour to 2 days \(the platform's maximum/);
      expect(new PreviewEnvironment(testApp({ 'paved-road:preview-max-ttl-hours': 48 }), 'P', { branch: 'x', ttl: Duration.hours(48) }).ttl.toHours()).toBe(48);
    });

    test('a branch that sanitizes to nothing', () => {
      expect(() => new PreviewEnvironment(testApp(), 'P', { branch: '//--__' })).toThrow(/branch: "\/\/--__" is not allowed; allowed: a branch with at least one letter or digit/);
    });

    test('a profile other than PREVIEW, both network sources, a bad parameter prefix: reported together', () => {
      const app = testApp();
      const stack = new Stack(app, 'Dev', { env: ENV });
      const vpc = ec2.Vpc.fromVpcAttributes(stack, 'Vpc', { vpcId: 'vpc-1', availabilityZones: ['us-east-1a'] });
      const network = { vpc, cluster: {}, workloadSubnets: {}, dataSubnets: {}, profile: Profile.DEV } as any;
      const e = validationError(() => new PreviewEnvironment(app, 'P', { branch: 'x', profile: Profile.DEV, network, networkParameterPrefix: 'paved-road/' }));
      expect(e.problems).toHaveLength(3);
      expect(e.message).toMatch(/profile: "dev" is not allowed/);
      expect(e.message).toMatch(/networkParameterPrefix: "paved-road\/" is not allowed; allowed: unset when `network` is given/);
      expect(e.message).toMatch(/networkParameterPrefix: .* an SSM parameter path starting with \//);
    });

    test('an explicit other profile on a construct inside the preview', () => {
      const preview = new PreviewEnvironment(testApp(), 'P', { branch: 'x' });
      expect(() => new Probe(preview.addStack('S'), 'Probe', { profile: Profile.PROD })).toThrow(/profile: "prod" is not allowed; allowed: preview \(or unset\)/);
    });
  });
});
