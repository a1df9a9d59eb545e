/*
 * The app the cdk-nag parity tests check (test/cdk-nag-parity.ts): the golden-path constructs in every
 * profile, which pass all four packs through acknowledgments, and raw resources that break rules of every
 * pack, some acknowledged in each of the ways cdk-nag reads an acknowledgment.
 */
import { App, CfnCondition, Fn, Stack, Stage } from 'aws-cdk-lib';
import * as acm from 'aws-cdk-lib/aws-certificatemanager';
import * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as ecs from 'aws-cdk-lib/aws-ecs';
import * as efs from 'aws-cdk-lib/aws-efs';
import * as elasticache from 'aws-cdk-lib/aws-elasticache';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as rds from 'aws-cdk-lib/aws-rds';
import * as s3 from 'aws-cdk-lib/aws-s3';
import * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import * as sns from 'aws-cdk-lib/aws-sns';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import { NagSuppressions } from 'cdk-nag';
import { Construct } from 'constructs';
import { testApp } from './nag';
import { devNetworkLookups } from './network-lookups';
import {
  PavedRoadCache, PavedRoadDatabase, PavedRoadNetwork, PavedRoadPipeline, PavedRoadService, PipelineSource,
  PreviewDeployments, PreviewEnvironment, PreviewReaper, Profile,
} from '../src';

const ENV = { account: '123456789012', region: 'us-east-1' };
const IMAGE = ecs.ContainerImage.fromRegistry('public.ecr.aws/nginx/nginx:1.27');
const DEV_NETWORK = '/checkout/dev/network';
const REASON = 'Parity fixture: this acknowledgment is what the test compares.';

/**
 * A rule of AwsSolutions that the fixture acknowledges and the guardrails make mandatory: the
 * acknowledgment must be ignored (a finding) by the stock packs and by ours alike.
 */
export const MANDATORY_NAG_RULE = 'AwsSolutions-SQS4';
/** The guardrails' own mandatory rules (their default), kept when the fixture adds one. */
export const DEFAULT_MANDATORY_RULES = ['PavedRoad-StatefulRetained', 'PavedRoad-DataNotPublic', 'PavedRoad-PreviewExpiry'];

/** One environment of the golden path: network, database, cache and service, wired as a team does. */
class Environment extends Stack {
  constructor(scope: Construct, id: string, profile: Profile) {
    super(scope, id, { env: ENV });
    const network = new PavedRoadNetwork(this, 'Network', { profile, parameterPrefix: profile === Profile.DEV ? DEV_NETWORK : undefined });
    const database = new PavedRoadDatabase(this, 'Database', { network, profile });
    const cache = new PavedRoadCache(this, 'Cache', { network, profile });
    const db = database.connectionEnvironment();
    const redis = cache.connectionEnvironment();
    const service = new PavedRoadService(this, 'Api', {
      network,
      profile,
      image: IMAGE,
      environment: { ...db.environment, ...redis.environment },
      secrets: { ...db.secrets, ...redis.secrets },
      certificate: profile === Profile.PROD
        ? acm.Certificate.fromCertificateArn(this, 'Certificate', `arn:aws:acm:${ENV.region}:${ENV.account}:certificate/00000000-0000-0000-0000-000000000000`)
        : undefined,
    });
    database.connections.allowDefaultPortFrom(service);
    cache.connections.allowDefaultPortFrom(service);
    database.grantConnect(service, 'api');
  }
}

/** Raw resources, each breaking rules of several packs; some of the findings acknowledged. */
function riskyResources(stack: Stack): void {
  const vpc = new ec2.Vpc(stack, 'Vpc', { maxAzs: 2, natGateways: 1 });
  const open = new ec2.SecurityGroup(stack, 'Open', { vpc, allowAllOutbound: true });
  open.addIngressRule(ec2.Peer.anyIpv4(), ec2.Port.tcp(22));
  open.addIngressRule(ec2.Peer.anyIpv6(), ec2.Port.allTraffic());

  new s3.CfnBucket(stack, 'Unencrypted');
  new s3.Bucket(stack, 'Public', { blockPublicAccess: new s3.BlockPublicAccess({ blockPublicPolicy: false, restrictPublicBuckets: false }) });
  const logs3 = new s3.Bucket(stack, 'AccessLogs', { enforceSSL: true });
  NagSuppressions.addResourceSuppressions(logs3, [
    { id: 'AwsSolutions-S1', reason: REASON },
    { id: 'NIST.800.53.R5-S3BucketLoggingEnabled', reason: REASON },
    { id: 'HIPAA.Security-S3BucketLoggingEnabled', reason: REASON },
    { id: 'PCI.DSS.321-S3BucketLoggingEnabled', reason: REASON },
  ]);

  // IAM: wildcards everywhere, one pack's findings acknowledged granularly (appliesTo), one not at all
  const role = new iam.Role(stack, 'Admin', {
    assumedBy: new iam.ServicePrincipal('lambda.amazonaws.com'),
    managedPolicies: [iam.ManagedPolicy.fromAwsManagedPolicyName('AdministratorAccess')],
  });
  role.addToPolicy(new iam.PolicyStatement({ actions: ['*'], resources: ['*'] }));
  const wide = new iam.Role(stack, 'Wide', { assumedBy: new iam.AccountRootPrincipal() });
  wide.addToPolicy(new iam.PolicyStatement({ actions: ['s3:*'], resources: ['*'] }));
  NagSuppressions.addResourceSuppressions(wide, [
    { id: 'AwsSolutions-IAM5', reason: REASON, appliesTo: ['Action::s3:*'] },
  ], true);
  const user = new iam.User(stack, 'Person');
  user.addToPolicy(new iam.PolicyStatement({ actions: ['ec2:*'], resources: ['*'] }));
  new iam.ManagedPolicy(stack, 'Everything', { statements: [new iam.PolicyStatement({ actions: ['*'], resources: ['*'] })] });

  // data stores without encryption, backups or logs
  new sqs.Queue(stack, 'PlainQueue', { encryption: sqs.QueueEncryption.UNENCRYPTED });
  const mandatory = new sqs.Queue(stack, 'MandatoryQueue');
  NagSuppressions.addResourceSuppressions(mandatory, [{ id: MANDATORY_NAG_RULE, reason: REASON }]);
  new sns.Topic(stack, 'PlainTopic');
  new dynamodb.Table(stack, 'Table', { partitionKey: { name: 'pk', type: dynamodb.AttributeType.STRING } });
  new logs.LogGroup(stack, 'Logs');
  new kms.Key(stack, 'Key', { enableKeyRotation: false });
  new secretsmanager.Secret(stack, 'Secret');
  new efs.FileSystem(stack, 'Files', { vpc, encrypted: false });
  new rds.DatabaseInstance(stack, 'Db', {
    engine: rds.DatabaseInstanceEngine.postgres({ version: rds.PostgresEngineVersion.VER_16 }),
    vpc,
    vpcSubnets: { subnetType: ec2.SubnetType.PUBLIC },
    publiclyAccessible: true,
    storageEncrypted: false,
    backupRetention: undefined,
    deletionProtection: false,
  });
  new elasticache.CfnReplicationGroup(stack, 'Redis', {
    replicationGroupDescription: 'unencrypted',
    engine: 'redis',
    cacheNodeType: 'cache.t4g.micro',
    numCacheClusters: 1,
  });
  new lambda.Function(stack, 'Fn', {
    runtime: lambda.Runtime.NODEJS_18_X,
    handler: 'index.handler',
    code: lambda.Code.fromInline('exports.handler = async () => 1'),
  });
  new ec2.Instance(stack, 'Box', {
    vpc,
    vpcSubnets: { subnetType: ec2.SubnetType.PUBLIC },
    securityGroup: open,
    instanceType: ec2.InstanceType.of(ec2.InstanceClass.T3, ec2.InstanceSize.MICRO),
    machineImage: ec2.MachineImage.latestAmazonLinux2023(),
  });

  // rules that cannot evaluate a value only known at deploy time: a validation failure in every pack
  // that checks it, one of them acknowledged as one
  const encrypt = new CfnCondition(stack, 'Encrypt', { expression: Fn.conditionEquals(Fn.ref('AWS::Region'), 'us-east-1') });
  const conditional = new rds.CfnDBInstance(stack, 'ConditionalDb', {
    engine: 'postgres',
    dbInstanceClass: 'db.t4g.micro',
    allocatedStorage: '20',
    masterUsername: 'app',
    manageMasterUserPassword: true,
    storageEncrypted: Fn.conditionIf(encrypt.logicalId, true, false) as unknown as boolean,
  });
  NagSuppressions.addResourceSuppressions(conditional, [{ id: 'CdkNagValidationFailure', reason: REASON, appliesTo: ['AwsSolutions-RDS2'] }]);

  // acknowledged for the whole stack
  NagSuppressions.addStackSuppressions(stack, [{ id: 'AwsSolutions-IAM4', reason: REASON }, { id: 'NIST.800.53.R5-IAMNoInlinePolicy', reason: REASON }]);
}

/** The apps, built up to the guardrails; the pipeline comes after them. */
export interface ParityFixture {
  /**
   * The platform app, and a preview's app. A stage with unacknowledged findings fails synthesis before its
   * parent's aspects run: the preview, which has such findings, is the one stage of its app.
   */
  readonly apps: App[];
  /** Builds the pipeline: after the guardrails (and the stock packs) are on its stages, as CDK Pipelines synthesizes them at once. */
  readonly addPipeline: () => void;
}

/**
 * The platform app: a dev environment with the preview platform, and risky resources, at the app's level;
 * staging and prod environments in stages that a pipeline deploys. The preview app: the service and risky
 * resources of its own in a preview of a branch.
 */
export function parityFixture(): ParityFixture {
  const context = { ...devNetworkLookups(DEV_NETWORK), 'paved-road:cost-center': 'cc-parity' };
  const platform = testApp(context);
  const dev = new Environment(platform, 'Dev', Profile.DEV);
  const reaper = new PreviewReaper(dev, 'PreviewReaper', { dryRun: true });
  new PreviewDeployments(dev, 'PreviewDeployments', { repositoryOwner: 'acme', repositoryName: 'checkout', previewRoles: reaper.previewRoles });
  riskyResources(new Stack(platform, 'Risky', { env: ENV }));
  const stages = [Profile.STAGING, Profile.PROD].map((profile) => {
    const stage = new Stage(platform, profile === Profile.PROD ? 'Prod' : 'Staging', { env: ENV });
    stage.node.setContext('paved-road:profile', profile);
    new Environment(stage, 'Checkout', profile);
    return stage;
  });

  const previewApp = testApp(context);
  const preview = new PreviewEnvironment(previewApp, 'Preview', { branch: 'feature/parity', env: ENV, networkParameterPrefix: DEV_NETWORK });
  const previewStack = preview.addStack('Checkout');
  new PavedRoadService(previewStack, 'Api', { network: preview.networkFor(previewStack), image: IMAGE });
  riskyResources(preview.addStack('Risky'));

  const addPipeline = () => {
    new PavedRoadPipeline(new Stack(platform, 'Delivery', { env: ENV }), 'Pipeline', {
      source: PipelineSource.connection('acme/checkout', 'main', { connectionArn: `arn:aws:codeconnections:${ENV.region}:${ENV.account}:connection/00000000-0000-0000-0000-000000000000` }),
      stages: [{ name: 'staging', stage: stages[0] }, { name: 'prod', stage: stages[1] }],
      notificationEmails: ['team-checkout@example.com'],
    });
  };
  return { apps: [platform, previewApp], addPipeline };
}
