import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { App, CfnOutput, Stack, Stage } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import * as codecommit from 'aws-cdk-lib/aws-codecommit';
import * as ecrAssets from 'aws-cdk-lib/aws-ecr-assets';
import * as s3 from 'aws-cdk-lib/aws-s3';
import * as s3Assets from 'aws-cdk-lib/aws-s3-assets';
import * as sns from 'aws-cdk-lib/aws-sns';
import * as ssm from 'aws-cdk-lib/aws-ssm';
import { Construct } from 'constructs';
import {
  AuditLevel, PavedRoadGuardrails, PavedRoadPipeline, PavedRoadPipelineProps, PipelineSource, PipelineStageOptions, Profile, RepositoryHost,
} from '../src';
import { CONNECTION_ARN, ENV } from './fixtures';
import { ALL_PACKS, expectNagClean, testApp, validationError } from './nag';
import { snapshotOf } from './snapshot';


/** The app a team deploys: one stack with a parameter and an output the smoke test reads. */
class ServiceStage extends Stage {
  public readonly url: CfnOutput;
  constructor(scope: Construct, id: string, options: { account?: string; region?: string; insecure?: boolean; assetDir?: string } = {}) {
    super(scope, id, { env: { account: options.account ?? ENV.account, region: options.region ?? ENV.region } });
    const stack = new Stack(this, 'Service');
    const param = new ssm.StringParameter(stack, 'Endpoint', { stringValue: `https://${id.toLowerCase()}.example.com` });
    this.url = new CfnOutput(stack, 'Url', { value: param.stringValue });
    if (options.insecure) new s3.Bucket(stack, 'UnencryptedBucket');
    if (options.assetDir) {
      new s3Assets.Asset(stack, 'Config', { path: path.join(options.assetDir, 'config.json') });
      new ecrAssets.DockerImageAsset(stack, 'Image', { directory: options.assetDir });
    }
  }
}

function connection(branch = 'main', connectionArn = CONNECTION_ARN): PipelineSource {
  return PipelineSource.connection('my-org/my-repo', branch, { connectionArn });
}

interface BuildOptions {
  /** Props over the defaults (a connection source, dev + prod stages); a function gets the pipeline stack. */
  readonly props?: Partial<PavedRoadPipelineProps> | ((stack: Stack) => Partial<PavedRoadPipelineProps>);
  readonly stages?: (app: App) => PipelineStageOptions[];
  readonly context?: Record<string, unknown>;
}

/** A pipeline in its own stack of a fresh app, with all four packs enforced on the app first (strict). */
function build(options: BuildOptions = {}) {
  const app = testApp(options.context);
  PavedRoadGuardrails.enforce(app, { packs: ALL_PACKS, strict: true });
  const stack = new Stack(app, 'DeliveryStack', { env: ENV });
  const stages = options.stages ? options.stages(app) : [
    { name: 'dev', stage: new ServiceStage(app, 'Dev') },
    { name: 'prod', stage: new ServiceStage(app, 'Prod') },
  ];
  const props = typeof options.props === 'function' ? options.props(stack) : options.props ?? {};
  const pipeline = new PavedRoadPipeline(stack, 'Delivery', { source: connection(), stages, ...props });
  return { app, stack, pipeline };
}

function pipelineStages(template: Template): Array<{ Name: string; Actions: Array<Record<string, any>> }> {
  const pipelines = template.findResources('AWS::CodePipeline::Pipeline');
  return Object.values(pipelines)[0].Properties.Stages;
}

function buildSpecOf(template: Template, idPart: string): any {
  const projects = template.findResources('AWS::CodeBuild::Project');
  const key = Object.keys(projects).find((k) => k.includes(idPart));
  if (!key) throw new Error(`no CodeBuild project with ${idPart} in its logical id; have ${Object.keys(projects).join(', ')}`);
  return JSON.parse(projects[key].Properties.Source.BuildSpec);
}

describe('PavedRoadPipeline', () => {
  describe('GIVEN a connection source and dev + prod stages (dev profile)', () => {
    // One app shared by the assertions below: a synth costs seconds here.
    const { app, stack, pipeline } = build({
      stages: (a) => {
        const dev = new ServiceStage(a, 'Dev');
        return [
          { name: 'dev', stage: dev, smokeTestCommands: ['curl -fsS "$SERVICE_URL"'], smokeTestOutputs: { SERVICE_URL: dev.url } },
          { name: 'prod', stage: new ServiceStage(a, 'Prod') },
        ];
      },
    });
    const template = Template.fromStack(stack);
    const stages = pipelineStages(template);

    test('THEN the stages run source, build, self-update, security scan, dev, prod in that order', () => {
      expect(stages.map((s) => s.Name)).toEqual(['Source', 'Build', 'UpdatePipeline', 'SecurityScan', 'Dev', 'Prod']);
      template.hasResourceProperties('AWS::CodePipeline::Pipeline', { PipelineType: 'V2', RestartExecutionOnUpdate: true });
    });

    test('THEN the source is the connection on the branch, triggered on push', () => {
      const action = stages[0].Actions[0];
      expect(action.ActionTypeId.Provider).toBe('CodeStarSourceConnection');
      expect(action.Configuration).toMatchObject({ ConnectionArn: CONNECTION_ARN, FullRepositoryId: 'my-org/my-repo', BranchName: 'main', DetectChanges: true });
    });

    test('THEN prod, not dev, waits for a manual approval that notifies the topic with a link to the commit', () => {
      const dev = stages.find((s) => s.Name === 'Dev')!;
      const prod = stages.find((s) => s.Name === 'Prod')!;
      expect(dev.Actions.some((a) => a.ActionTypeId.Category === 'Approval')).toBe(false);
      const approval = prod.Actions.find((a) => a.ActionTypeId.Category === 'Approval')!;
      const deploys = prod.Actions.filter((a) => a.ActionTypeId.Provider === 'CloudFormation');
      expect(approval.RunOrder).toBeLessThan(Math.min(...deploys.map((a) => a.RunOrder)));
      const topicId = stack.getLogicalId(pipeline.notificationTopic.node.defaultChild as sns.CfnTopic);
      expect(approval.Configuration.NotificationArn).toEqual({ Ref: topicId });
      const namespace = stages[0].Actions[0].Namespace;
      expect(namespace).toBeDefined();
      expect(approval.Configuration.ExternalEntityLink).toBe(`https://github.com/my-org/my-repo/commit/#{${namespace}.CommitId}`);
      expect(approval.Configuration.CustomData).toMatch(/prod.*my-org\/my-repo@main/);
    });

    test('THEN the security scan is its own step that fails on high findings and keeps a CycloneDX SBOM', () => {
      const scan = stages.find((s) => s.Name === 'SecurityScan')!.Actions[0];
      expect(scan.ActionTypeId.Provider).toBe('CodeBuild');
      expect(scan.OutputArtifacts).toHaveLength(1);
      const spec = buildSpecOf(template, 'SecurityScan');
      const commands: string[] = spec.phases.build.commands;
      expect(commands).toContain('npm audit --audit-level=high');
      expect(commands.some((c) => /npm sbom --sbom-format cyclonedx/.test(c))).toBe(true);
      expect(commands.join('\n')).not.toMatch(/\|\|\s*true|set \+e|;\s*true/);
      expect(spec.artifacts['base-directory']).toBe('sbom');
    });

    test('THEN the synth step installs, tests, lints and synthesizes on the configured Node version', () => {
      const spec = buildSpecOf(template, 'Synth');
      expect(spec.phases.install.commands).toEqual(['npm ci']);
      expect(spec.phases.install['runtime-versions']).toEqual({ nodejs: '22' });
      expect(spec.phases.build.commands).toEqual(['npm test', 'npm run lint --if-present', 'npx cdk synth']);
      expect(spec.artifacts['base-directory']).toBe('cdk.out');
    });

    test('THEN the smoke test runs after dev deploys and reads the stack output', () => {
      const dev = stages.find((s) => s.Name === 'Dev')!;
      const smoke = dev.Actions.find((a) => a.Name === 'SmokeTest')!;
      const deploys = dev.Actions.filter((a) => a.ActionTypeId.Provider === 'CloudFormation');
      expect(smoke.RunOrder).toBeGreaterThan(Math.max(...deploys.map((a) => a.RunOrder)));
      expect(JSON.stringify(smoke.Configuration.EnvironmentVariables)).toMatch(/SERVICE_URL.*#\{.*\.Url\}/);
      expect(buildSpecOf(template, 'SmokeTest').phases.build.commands).toEqual(['curl -fsS "$SERVICE_URL"']);
    });

    test('THEN CodeBuild steps are unprivileged, KMS-encrypted and log to the retained, encrypted log group', () => {
      const projects = Object.values(template.findResources('AWS::CodeBuild::Project'));
      expect(projects.length).toBe(4); // Synth, SelfMutation, SecurityScan, SmokeTest
      const logGroupId = stack.getLogicalId(pipeline.buildLogGroup.node.defaultChild as any);
      for (const p of projects) {
        expect(p.Properties.Environment.PrivilegedMode).toBe(false);
        expect(p.Properties.EncryptionKey).toEqual({ 'Fn::GetAtt': [stack.getLogicalId(pipeline.artifactKey.node.defaultChild as any), 'Arn'] });
        expect(p.Properties.LogsConfig.CloudWatchLogs).toEqual({ GroupName: { Ref: logGroupId }, Status: 'ENABLED' });
      }
      template.hasResourceProperties('AWS::Logs::LogGroup', { RetentionInDays: 14, KmsKeyId: Match.anyValue() });
    });

    test('THEN the artifact bucket is KMS-encrypted, SSL-only, versioned, access-logged and lifecycle-limited', () => {
      const logBucketId = stack.getLogicalId(pipeline.accessLogBucket.node.defaultChild as any);
      template.hasResourceProperties('AWS::S3::Bucket', {
        BucketEncryption: { ServerSideEncryptionConfiguration: [{ ServerSideEncryptionByDefault: { SSEAlgorithm: 'aws:kms' }, BucketKeyEnabled: true }] },
        LoggingConfiguration: { DestinationBucketName: { Ref: logBucketId }, LogFilePrefix: 'artifact-bucket/' },
        LifecycleConfiguration: { Rules: Match.arrayWith([Match.objectLike({ ExpirationInDays: 30, Status: 'Enabled' })]) },
        VersioningConfiguration: { Status: 'Enabled' },
        PublicAccessBlockConfiguration: { BlockPublicAcls: true, BlockPublicPolicy: true, IgnorePublicAcls: true, RestrictPublicBuckets: true },
      });
      template.hasResourceProperties('AWS::S3::BucketPolicy', {
        Bucket: { Ref: stack.getLogicalId(pipeline.artifactBucket.node.defaultChild as any) },
        PolicyDocument: { Statement: Match.arrayWith([Match.objectLike({ Effect: 'Deny', Condition: { Bool: { 'aws:SecureTransport': 'false' } } })]) },
      });
      template.hasResourceProperties('AWS::KMS::Key', { EnableKeyRotation: true, Description: Match.stringLikeRegexp('pipeline artifacts') });
      template.hasResourceProperties('AWS::CodePipeline::Pipeline', { ArtifactStore: { EncryptionKey: { Type: 'KMS' } } });
    });

    test('THEN failures, approvals needed and successes go to the KMS-encrypted, SSL-only topic', () => {
      const topicId = stack.getLogicalId(pipeline.notificationTopic.node.defaultChild as sns.CfnTopic);
      template.hasResourceProperties('AWS::CodeStarNotifications::NotificationRule', {
        EventTypeIds: [
          'codepipeline-pipeline-pipeline-execution-failed',
          'codepipeline-pipeline-manual-approval-needed',
          'codepipeline-pipeline-pipeline-execution-succeeded',
        ],
        Targets: [{ TargetType: 'SNS', TargetAddress: { Ref: topicId } }],
      });
      template.hasResourceProperties('AWS::SNS::Topic', { KmsMasterKeyId: Match.anyValue() });
      template.hasResourceProperties('AWS::SNS::TopicPolicy', {
        PolicyDocument: {
          Statement: Match.arrayWith([
            Match.objectLike({ Effect: 'Deny', Condition: { Bool: { 'aws:SecureTransport': 'false' } } }),
            Match.objectLike({ Action: 'sns:Publish', Principal: { Service: 'codestar-notifications.amazonaws.com' } }),
          ]),
        },
      });
    });

    test('THEN the stateful resources keep their logical ids', () => {
      const ids = [pipeline.artifactBucket, pipeline.artifactKey, pipeline.accessLogBucket, pipeline.buildLogGroup]
        .map((r) => stack.getLogicalId(r.node.defaultChild as any));
      expect(ids).toEqual([
        expect.stringMatching(/^DeliveryArtifactBucket[0-9A-F]{8}$/),
        expect.stringMatching(/^DeliveryArtifactKey[0-9A-F]{8}$/),
        expect.stringMatching(/^DeliveryAccessLogBucket[0-9A-F]{8}$/),
        expect.stringMatching(/^DeliveryBuildLogs[0-9A-F]{8}$/),
      ]);
      expect(ids).toMatchSnapshot();
    });

    test('THEN it measures its own delivery: its events feed DeliveryMetrics, whose dashboard shows the production stage and whose alarms notify the topic', () => {
      expect(pipeline.deliveryMetrics).toBeDefined();
      const pipelineId = stack.getLogicalId(pipeline.pipeline.node.defaultChild as any);
      template.hasResourceProperties('AWS::Events::Rule', {
        EventPattern: Match.objectLike({ source: ['aws.codepipeline'], detail: { pipeline: [{ Ref: pipelineId }] } }),
        Targets: [Match.objectLike({ InputTransformer: { InputTemplate: { 'Fn::Join': ['', ['{"tracked":{"kind":"pipeline","service":"', { Ref: pipelineId }, '"},"event":<aws.events.event.json>}']] } } })],
      });
      const body = JSON.stringify(Object.values(template.findResources('AWS::CloudWatch::Dashboard'))[0].Properties.DashboardBody);
      expect(body).toContain('\\"Stage\\",\\"Prod\\"');
      expect(body).not.toContain('\\"Stage\\",\\"Dev\\"');
      const topicId = stack.getLogicalId(pipeline.notificationTopic.node.defaultChild as sns.CfnTopic);
      for (const alarm of [pipeline.deliveryMetrics!.errorsAlarm, pipeline.deliveryMetrics!.deadLetterAlarm]) {
        expect(stack.resolve((alarm.node.defaultChild as any).alarmActions)).toEqual([{ Ref: topicId }]);
      }
      // CloudWatch may publish the recorder's alarms to the topic: the topic's key lets it
      const keyId = stack.getLogicalId(pipeline.node.findChild('OperationsKey').node.defaultChild as any);
      expect(JSON.stringify(template.toJSON().Resources[keyId].Properties.KeyPolicy)).toContain('"Service":"cloudwatch.amazonaws.com"');
    });

    test('THEN the artifact key is not cross-account when every stage deploys to the pipeline account', () => {
      expect(pipeline.crossAccountKeys).toBe(false);
    });

    test('THEN the app with the pipeline stack and its stages is clean in all four packs, with reasons', () => {
      const guardrails = expectNagClean(app);
      expect(guardrails.findings).toEqual([]);
      const acked = guardrails.acknowledgments.filter((a) => a.path.startsWith('DeliveryStack/'));
      expect(acked.length).toBeGreaterThan(0);
      for (const a of acked) expect(a.reason.length).toBeGreaterThan(40);
      // Each stage was checked by its own guardrails, with the app's packs (all four and more).
      expect(guardrails.packs).toEqual(expect.arrayContaining(ALL_PACKS));
      for (const stage of pipeline.stages) {
        expect(PavedRoadGuardrails.of(stage)!.packs).toEqual(guardrails.packs);
        expect(PavedRoadGuardrails.of(stage)!.strict).toBe(true);
      }
    });
  });

  describe('GIVEN each profile', () => {
    test.each([Profile.DEV, Profile.STAGING, Profile.PROD, Profile.PREVIEW])('WHEN the pipeline is in %s THEN it is nag clean and matches its snapshot', (profile) => {
      const { app, stack } = build({ props: { profile, notificationEmails: ['team@example.com'] } });
      const template = Template.fromStack(stack);
      template.hasResourceProperties('AWS::SNS::Subscription', { Protocol: 'email', Endpoint: 'team@example.com' });
      const retention = { dev: 14, staging: 90, prod: 365, preview: 3 }[profile];
      template.hasResourceProperties('AWS::Logs::LogGroup', { RetentionInDays: retention });
      expectNagClean(app);
      expect(snapshotOf(template, { hashes: 'HASH', version: 'none' })).toMatchSnapshot();
    });
  });

  describe('GIVEN the security scan commands', () => {
    // Runs the scan step's commands the way CodeBuild does (each must succeed) with a stub npm.
    function runScan(auditExitCode: number): { status: number; sbom: boolean } {
      const { stack } = build({ props: { auditLevel: AuditLevel.CRITICAL, additionalScanCommands: ['echo secrets-scan > sbom/secrets.txt'] } });
      const commands: string[] = buildSpecOf(Template.fromStack(stack), 'SecurityScan').phases.build.commands;
      expect(commands).toContain('npm audit --audit-level=critical');
      expect(commands[commands.length - 1]).toBe('echo secrets-scan > sbom/secrets.txt');
      const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'scan-'));
      const bin = path.join(dir, 'bin');
      fs.mkdirSync(bin);
      fs.writeFileSync(path.join(bin, 'npm'), `#!/bin/sh\ncase "$1" in audit) echo "1 critical severity vulnerability"; exit ${auditExitCode};; sbom) echo '{"bomFormat":"CycloneDX"}';; esac\n`, { mode: 0o755 });
      let status = 0;
      try {
        for (const c of commands) execFileSync('/bin/sh', ['-c', c], { cwd: dir, env: { ...process.env, PATH: `${bin}:${process.env.PATH}` }, stdio: 'pipe' });
      } catch (e: any) {
        status = e.status ?? 1;
      }
      const sbom = fs.existsSync(path.join(dir, 'sbom', 'sbom.cdx.json'));
      fs.rmSync(dir, { recursive: true, force: true });
      return { status, sbom };
    }

    test('WHEN npm audit reports findings THEN the step fails', () => {
      expect(runScan(1).status).not.toBe(0);
    });

    test('WHEN npm audit is clean THEN the step passes and leaves the SBOM', () => {
      expect(runScan(0)).toEqual({ status: 0, sbom: true });
    });
  });

  describe('GIVEN alternative sources and options', () => {
    test('WHEN the source is CodeCommit THEN the branch triggers it and approvals link to the commit in the console', () => {
      const { app, stack } = build({ props: (st) => ({ source: PipelineSource.codeCommit(codecommit.Repository.fromRepositoryName(st, 'Repo', 'my-repo'), 'release') }) });
      const template = Template.fromStack(stack);
      const stages = pipelineStages(template);
      expect(stages[0].Actions[0].ActionTypeId.Provider).toBe('CodeCommit');
      expect(stages[0].Actions[0].Configuration).toMatchObject({ RepositoryName: 'my-repo', BranchName: 'release', PollForSourceChanges: false });
      const approval = stages.find((s) => s.Name === 'Prod')!.Actions.find((a) => a.ActionTypeId.Category === 'Approval')!;
      expect(approval.Configuration.ExternalEntityLink).toMatch(/codecommit\/repositories\/my-repo\/commit\/#\{.*\.CommitId\}\?region=us-east-1/);
      template.hasResourceProperties('AWS::Events::Rule', { EventPattern: { detail: { referenceName: ['release'] } } });
      expectNagClean(app);
    });

    test('WHEN the source is an S3 object THEN approvals link to the object version', () => {
      const { app, stack } = build({
        props: (st) => ({ source: PipelineSource.s3(s3.Bucket.fromBucketName(st, 'Src', 'my-source-bucket'), 'app/source.zip') }),
      });
      const stages = pipelineStages(Template.fromStack(stack));
      expect(stages[0].Actions[0].Configuration).toMatchObject({ S3Bucket: 'my-source-bucket', S3ObjectKey: 'app/source.zip' });
      const approval = stages.find((s) => s.Name === 'Prod')!.Actions.find((a) => a.ActionTypeId.Category === 'Approval')!;
      expect(approval.Configuration.ExternalEntityLink).toMatch(/s3\/object\/my-source-bucket\?region=us-east-1&prefix=app\/source\.zip&versionId=#\{.*\.VersionId\}/);
      expectNagClean(app);
    });

    test('WHEN the repository is on GitLab THEN approvals link to the GitLab commit', () => {
      const { stack } = build({ props: { source: PipelineSource.connection('grp/proj', 'main', { connectionArn: CONNECTION_ARN, host: RepositoryHost.GITLAB }) } });
      const approval = pipelineStages(Template.fromStack(stack)).find((s) => s.Name === 'Prod')!.Actions.find((a) => a.ActionTypeId.Category === 'Approval')!;
      expect(approval.Configuration.ExternalEntityLink).toMatch(/^https:\/\/gitlab\.com\/grp\/proj\/-\/commit\/#\{/);
    });

    test('WHEN docker is enabled THEN the build steps run privileged and the app stays nag clean', () => {
      const { app, stack } = build({ props: { dockerEnabled: true, nodeVersion: '24', synthCommands: ['npx cdk synth -q'] } });
      const template = Template.fromStack(stack);
      const synth = Object.entries(template.findResources('AWS::CodeBuild::Project')).find(([k]) => k.includes('Synth'))![1];
      expect(synth.Properties.Environment.PrivilegedMode).toBe(true);
      expect(buildSpecOf(template, 'Synth').phases.install['runtime-versions']).toEqual({ nodejs: '24' });
      expect(buildSpecOf(template, 'Synth').phases.build.commands).toEqual(['npx cdk synth -q']);
      expectNagClean(app);
    });

    test('WHEN prod deploys to another account THEN the artifact key is cross-account and deployments assume that account\'s roles', () => {
      const { app, stack, pipeline } = build({
        stages: (a) => [
          { name: 'dev', stage: new ServiceStage(a, 'Dev') },
          { name: 'prod', stage: new ServiceStage(a, 'Prod', { account: '210987654321' }) },
        ],
      });
      expect(pipeline.crossAccountKeys).toBe(true);
      const prod = pipelineStages(Template.fromStack(stack)).find((s) => s.Name === 'Prod')!;
      const deploy = prod.Actions.find((a) => a.ActionTypeId.Provider === 'CloudFormation')!;
      expect(JSON.stringify(deploy.RoleArn)).toMatch(/210987654321/);
      expectNagClean(app);
    });

    test('WHEN a stage has file and docker image assets THEN the asset steps publish them and the app stays nag clean', () => {
      const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'assets-'));
      fs.writeFileSync(path.join(dir, 'Dockerfile'), 'FROM public.ecr.aws/docker/library/busybox:stable\n');
      fs.writeFileSync(path.join(dir, 'config.json'), '{}');
      try {
        const { app, stack } = build({ stages: (a) => [{ name: 'dev', stage: new ServiceStage(a, 'Dev', { assetDir: dir }) }] });
        const template = Template.fromStack(stack);
        expect(pipelineStages(template).find((s) => s.Name === 'Assets')!.Actions.map((a) => a.Name).sort()).toEqual(['DockerAssets', 'FileAssets']);
        const docker = Object.entries(template.findResources('AWS::CodeBuild::Project')).find(([k]) => k.includes('DockerAsset'))![1];
        expect(docker.Properties.Environment.PrivilegedMode).toBe(true);
        expectNagClean(app);
      } finally {
        fs.rmSync(dir, { recursive: true, force: true });
      }
    });

    test('WHEN prod deploys to another region THEN the replication bucket in the support stack is hardened and retained in prod', () => {
      const { app, stack } = build({
        context: { 'paved-road:profile': 'prod' },
        stages: (a) => [
          { name: 'prod', stage: new ServiceStage(a, 'Prod', { region: 'eu-west-1' }) },
        ],
      });
      const support = app.node.children.find((c) => c.node.id.startsWith('cross-region-stack-')) as Stack;
      expect(support.region).toBe('eu-west-1');
      const template = Template.fromStack(support);
      template.hasResource('AWS::S3::Bucket', {
        DeletionPolicy: 'Retain',
        Properties: {
          VersioningConfiguration: { Status: 'Enabled' },
          LoggingConfiguration: { LogFilePrefix: 'replication-bucket/', DestinationBucketName: Match.anyValue() },
          LifecycleConfiguration: { Rules: Match.arrayWith([Match.objectLike({ ExpirationInDays: 365 })]) },
        },
      });
      template.resourceCountIs('AWS::KMS::Key', 0); // same account: the AWS managed key, no key to retain
      template.resourceCountIs('AWS::S3::Bucket', 2);
      Template.fromStack(stack).hasResourceProperties('AWS::CodePipeline::Pipeline', {
        ArtifactStores: Match.arrayWith([Match.objectLike({ Region: 'eu-west-1' })]),
      });
      expectNagClean(app);
    });

    test('WHEN deliveryMetrics is false THEN no delivery metrics are built and the operations key admits no alarm publisher', () => {
      const { stack, pipeline } = build({ props: { deliveryMetrics: false } });
      const template = Template.fromStack(stack);
      expect(pipeline.deliveryMetrics).toBeUndefined();
      template.resourceCountIs('AWS::Lambda::Function', 0);
      template.resourceCountIs('AWS::DynamoDB::Table', 0);
      template.resourceCountIs('AWS::CloudWatch::Dashboard', 0);
      expect(JSON.stringify(template.toJSON())).not.toContain('cloudwatch.amazonaws.com');
    });

    test('WHEN no stage is a production stage THEN the delivery dashboard shows every stage', () => {
      const { stack } = build({ stages: (a) => [{ name: 'dev', stage: new ServiceStage(a, 'Dev') }, { name: 'qa', stage: new ServiceStage(a, 'Qa') }] });
      const body = JSON.stringify(Object.values(Template.fromStack(stack).findResources('AWS::CloudWatch::Dashboard'))[0].Properties.DashboardBody);
      expect(body).toContain('\\"Stage\\",\\"Dev\\"');
      expect(body).toContain('\\"Stage\\",\\"Qa\\"');
    });

    test('WHEN a topic is given THEN no topic is created and approvals and the rule use the given one', () => {
      const { stack, pipeline } = build({ props: (st) => ({ notificationTopic: sns.Topic.fromTopicArn(st, 'Given', 'arn:aws:sns:us-east-1:123456789012:team-topic') }) });
      const template = Template.fromStack(stack);
      template.resourceCountIs('AWS::SNS::Topic', 0);
      template.hasResourceProperties('AWS::CodeStarNotifications::NotificationRule', { Targets: [{ TargetType: 'SNS', TargetAddress: 'arn:aws:sns:us-east-1:123456789012:team-topic' }] });
      expect(pipeline.notificationTopic.topicArn).toBe('arn:aws:sns:us-east-1:123456789012:team-topic');
    });

    test('WHEN a stage comes from a factory and dev asks for approval THEN the factory builds it under the pipeline and dev waits too', () => {
      const seen: string[] = [];
      const { stack, pipeline } = build({
        stages: (a) => [
          { name: 'dev', stageFactory: { createStage: (scope, id) => { seen.push(`${scope.node.path}:${id}`); return new ServiceStage(scope, id); } }, requiresApproval: true },
          { name: 'prod', stage: new ServiceStage(a, 'Prod') },
        ],
      });
      expect(seen).toEqual(['DeliveryStack/Delivery:dev']);
      expect(pipeline.stages[0].node.path).toBe('DeliveryStack/Delivery/dev');
      const stages = pipelineStages(Template.fromStack(stack));
      expect(stages.map((s) => s.Name)).toEqual(['Source', 'Build', 'UpdatePipeline', 'SecurityScan', 'dev', 'Prod']);
      expect(stages[4].Actions[0].ActionTypeId.Category).toBe('Approval');
    });

    test('WHEN a stage\'s context sets the prod profile THEN it waits for approval whatever its name', () => {
      const { stack } = build({
        stages: (a) => {
          const live = new Stage(a, 'Live', { env: ENV });
          live.node.setContext('paved-road:profile', 'prod');
          new ssm.StringParameter(new Stack(live, 'Service'), 'Endpoint', { stringValue: 'https://live.example.com' });
          return [{ name: 'dev', stage: new ServiceStage(a, 'Dev') }, { name: 'live', stage: live }];
        },
      });
      const stages = pipelineStages(Template.fromStack(stack));
      expect(stages.find((s) => s.Name === 'Live')!.Actions[0]).toMatchObject({ Name: 'Approve', ActionTypeId: { Category: 'Approval' } });
      expect(stages.find((s) => s.Name === 'Dev')!.Actions.some((a) => a.ActionTypeId.Category === 'Approval')).toBe(false);
    });

    test('WHEN the policy is off in a dev-profile pipeline THEN prod may skip the approval', () => {
      const { stack } = build({
        props: { requireApprovalForProduction: false },
        stages: (a) => [
          { name: 'prod', stage: new ServiceStage(a, 'Prod'), requiresApproval: false },
        ],
      });
      const prod = pipelineStages(Template.fromStack(stack)).find((s) => s.Name === 'Prod')!;
      expect(prod.Actions.some((a) => a.ActionTypeId.Category === 'Approval')).toBe(false);
    });

    test('WHEN two stages have unacknowledged findings THEN the pipeline builds and the app\'s synthesis fails once, naming both (negative control)', () => {
      // CDK Pipelines synthesizes each stage as it adds it: the findings of dev must not hide those of prod.
      const { app } = build({
        stages: (a) => [
          { name: 'dev', stage: new ServiceStage(a, 'Dev', { insecure: true }) },
          { name: 'prod', stage: new ServiceStage(a, 'Prod', { insecure: true }) },
        ],
      });
      expect(() => app.synth()).toThrow(new RegExp([
        "stage 'Dev' \\(profile dev; [^)]*\\): \\d+ unacknowledged findings\n",
        '(?: {4}.*\n)*? {4}AwsSolutions-S1: .*\n {6}Dev/Service/UnencryptedBucket/Resource\n',
        "(?: {4}.*\n)*  stage 'Prod' \\(profile dev; [^)]*\\): \\d+ unacknowledged findings\n",
        '(?: {4}.*\n)*? {4}AwsSolutions-S1: .*\n {6}Prod/Service/UnencryptedBucket/Resource\n',
      ].join('')));
    });
  });

  describe('GIVEN bad input', () => {
    const stage = (app: App, id = 'Dev') => new ServiceStage(app, id);

    test('WHEN there is no stage THEN the error names stages', () => {
      expect(() => build({ stages: () => [] })).toThrow(/stages: \[\] is not allowed; allowed: at least one stage/);
    });

    test('WHEN two stages share a name THEN the error names the second', () => {
      expect(() => build({ stages: (a) => [{ name: 'dev', stage: stage(a, 'DevA') }, { name: 'Dev', stage: stage(a, 'DevB') }] }))
        .toThrow(/stages\[1\]\.name: "Dev" is not allowed; allowed: a name no other stage has \(stages\[0\] is already named "dev"\)/);
    });

    test('WHEN a stage named prod opts out of approval THEN the error names requiresApproval', () => {
      expect(() => build({ stages: (a) => [{ name: 'prod', stage: stage(a, 'Prod'), requiresApproval: false }] }))
        .toThrow(/stages\[0\]\.requiresApproval: false is not allowed; allowed: true \(or unset\) for stage 'prod': it is a production stage \(named prod\)/);
    });

    test('WHEN a stage named prod-eu opts out of approval THEN it counts as production too', () => {
      expect(() => build({ stages: (a) => [{ name: 'prod-eu', stage: stage(a, 'ProdEu'), requiresApproval: false }] }))
        .toThrow(/stages\[0\]\.requiresApproval: false is not allowed; .*production stage \(named prod-eu\)/);
    });

    test('WHEN a stage with the prod profile opts out of approval THEN the error names requiresApproval', () => {
      expect(() => build({ stages: (a) => [{ name: 'live', stage: stage(a, 'Live'), profile: Profile.PROD, requiresApproval: false }] }))
        .toThrow(/stages\[0\]\.requiresApproval: false is not allowed; .*production stage \(profile prod\)/);
    });

    test('WHEN a prod-profile pipeline turns the approval policy off THEN the error names requireApprovalForProduction', () => {
      expect(() => build({ props: { profile: Profile.PROD, requireApprovalForProduction: false } }))
        .toThrow(/requireApprovalForProduction: false is not allowed; allowed: true \(or unset\) in a pipeline whose profile is prod/);
    });

    test('WHEN the connection ARN is not a connection THEN the error names source.connectionArn', () => {
      expect(() => build({ props: { source: connection('main', 'arn:aws:iam::123456789012:role/not-a-connection') } }))
        .toThrow(/source\.connectionArn: "arn:aws:iam::123456789012:role\/not-a-connection" is not allowed; allowed: a CodeConnections or CodeStar Connections connection ARN/);
    });

    test('WHEN a CodeStar Connections ARN is given THEN it is accepted', () => {
      const arn = 'arn:aws:codestar-connections:eu-west-1:123456789012:connection/0f1e2d3c-aaaa-bbbb-cccc-123456789abc';
      expect(() => build({ props: { source: connection('main', arn), selfMutation: false } })).not.toThrow();
    });

    test('WHEN the branch is empty THEN the error names source.branch', () => {
      expect(() => build({ props: { source: connection('  ') } })).toThrow(/source\.branch: "  " is not allowed; allowed: the name of the branch/);
    });

    test('WHEN the audit level is not an npm audit level THEN the error names auditLevel', () => {
      expect(() => build({ props: { auditLevel: 'severe' as AuditLevel } }))
        .toThrow(/auditLevel: "severe" is not allowed; allowed: one of the npm audit levels low, moderate, high, critical/);
    });

    test('WHEN a stage has both stage and stageFactory THEN the error names it', () => {
      expect(() => build({ stages: (a) => [{ name: 'dev', stage: stage(a), stageFactory: { createStage: (sc, id) => new Stage(sc, id) } }] }))
        .toThrow(/stages\[0\]\.stage: .* allowed: exactly one of stage and stageFactory/);
    });

    test.each(['dev_eu', 'dev.eu', 'dev@eu', '1dev'])('WHEN a stageFactory stage is named %s THEN the error names it, before CDK would refuse the stage or its stack names', (name) => {
      expect(() => build({ stages: () => [{ name, stageFactory: { createStage: (sc, id) => new ServiceStage(sc, id) } }] }))
        .toThrow(new RegExp(`stages\\[0\\]\\.name: "${name.replace(/\./g, '\\.')}" is not allowed; allowed: a letter, then up to 99 letters, digits or hyphens: with stageFactory the name is the construct id of the stage`));
    });

    test.each(['dev-eu', 'D'.repeat(100)])('WHEN a stageFactory stage is named %s THEN the pipeline synthesizes with that stage name', (name) => {
      const { stack } = build({ stages: () => [{ name, stageFactory: { createStage: (sc, id) => new ServiceStage(sc, id) } }] });
      expect(pipelineStages(Template.fromStack(stack)).map((st) => st.Name)).toContain(name);
    });

    test.each(['1dev', 'dev@eu', 'dev_eu.1'])('WHEN a given stage is labelled %s THEN it is accepted: the label is not an id', (name) => {
      expect(() => build({ stages: (a) => [{ name, stage: stage(a, 'Dev') }] })).not.toThrow();
    });

    test('WHEN a stage labelled dev deploys as the pipeline stage Prod THEN it still waits for approval', () => {
      // GIVEN a stage whose label says dev but whose Stage (and so its CodePipeline stage) is Prod
      const { stack } = build({ stages: (a) => [{ name: 'dev', stage: stage(a, 'Prod') }] });
      // THEN the Prod pipeline stage starts with the approval
      const prod = pipelineStages(Template.fromStack(stack)).find((st) => st.Name === 'Prod')!;
      expect(prod.Actions[0]).toMatchObject({ Name: 'Approve', ActionTypeId: { Category: 'Approval' } });
    });

    test('WHEN a stage labelled dev that deploys as Prod opts out of approval THEN the error names requiresApproval', () => {
      expect(() => build({ stages: (a) => [{ name: 'dev', stage: stage(a, 'Prod'), requiresApproval: false }] }))
        .toThrow(/stages\[0\]\.requiresApproval: false is not allowed; allowed: true \(or unset\) for stage 'dev': it is a production stage \(deployed as pipeline stage Prod\)/);
    });

    test('WHEN nodeVersion is a major the CodeBuild image does not offer THEN the error lists the ones it does', () => {
      expect(() => build({ props: { nodeVersion: '99.x' } }))
        .toThrow(/nodeVersion: "99\.x" is not allowed; allowed: a Node\.js major the CodeBuild standard 7\.0 image offers: 18, 20, 22, 24 \(or as 24\.x\), or latest/);
      expect(() => build({ props: { nodeVersion: '20.11.1' } })).toThrow(/nodeVersion: "20\.11\.1" is not allowed/);
    });

    test.each(['22', '24.x', 'latest'])('WHEN nodeVersion is %s THEN the build steps install it', (nodeVersion) => {
      const { stack } = build({ props: { nodeVersion } });
      expect(buildSpecOf(Template.fromStack(stack), 'Synth').phases.install['runtime-versions']).toEqual({ nodejs: nodeVersion });
    });

    test('WHEN deliveryMetrics is not a boolean THEN the error names it', () => {
      expect(() => build({ props: { deliveryMetrics: 'yes' as unknown as boolean } })).toThrow(/deliveryMetrics: "yes" is not allowed; allowed: true or false/);
    });

    test('WHEN other props are out of range THEN one error lists every problem', () => {
      const error = validationError(() => build({
        props: {
          nodeVersion: 'node20', buildTimeoutMinutes: 1, notificationEmails: ['not-an-email'], source: connection(''),
        },
      }));
      expect(error.problems).toEqual([
        expect.stringMatching(/^source\.branch: ""/),
        expect.stringMatching(/^nodeVersion: "node20"/),
        expect.stringMatching(/^buildTimeoutMinutes: 1 is not allowed; allowed: an integer from 5 to 2160/),
        expect.stringMatching(/^notificationEmails\[0\]: "not-an-email"/),
      ]);
      expect(error.message).toMatch(/PavedRoadPipeline 'DeliveryStack\/Delivery' has 4 invalid props/);
    });
  });
});

describe('PavedRoadPipeline and guardrails enforced late', () => {
  test('WHEN the app enforces stricter guardrails only after the pipeline is built THEN synthesis fails saying to enforce first', () => {
    // GIVEN a pipeline built before any guardrails
    const app = testApp();
    const stack = new Stack(app, 'DeliveryStack', { env: ENV });
    new PavedRoadPipeline(stack, 'Delivery', { source: connection(), stages: [{ name: 'dev', stage: new ServiceStage(app, 'Dev') }] });
    // WHEN the app enforces all packs afterwards THEN the unchecked packs are reported, not skipped
    expect(() => expectNagClean(app)).toThrow(/stage 'Dev' was checked when the pipeline added it, without packs .*hipaa-security.*; call PavedRoadGuardrails.enforce before creating the pipeline/);
  });
});
