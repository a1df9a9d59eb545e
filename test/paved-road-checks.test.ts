import { App, Aspects, Duration, RemovalPolicy, Stack, Tags } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as ecs from 'aws-cdk-lib/aws-ecs';
import * as elbv2 from 'aws-cdk-lib/aws-elasticloadbalancingv2';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as rds from 'aws-cdk-lib/aws-rds';
import * as s3 from 'aws-cdk-lib/aws-s3';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import { INagLogger, NagSuppressions } from 'cdk-nag';
import { testApp, testStack, validationError } from './nag';
import { ContextKeys, PavedRoadChecks, PavedRoadGuardrails, PavedRoadGuardrailsOptions } from '../src';
import { pinClock, resetClock } from '../src/core/clock';

/**
 * Synthesizes the stack built by `build` with the guardrails (only the always-on packs) and
 * returns the PavedRoad-* findings as `path-suffix: rule` strings.
 */
function pavedRoadFindings(build: (stack: Stack) => void, context: Record<string, unknown> = {}, options: PavedRoadGuardrailsOptions = {}): string[] {
  const app = testApp(context);
  const stack = testStack(app);
  build(stack);
  const guardrails = PavedRoadGuardrails.enforce(app, options);
  try {
    app.synth();
  } catch { /* findings are read below */ }
  return guardrails.findings.filter((f) => f.rule.startsWith('PavedRoad-')).map((f) => `${f.path.replace('TestStack/', '')}: ${f.rule}`);
}

// A test that pins the library's clock gives it back.
afterEach(() => resetClock());

describe('PavedRoadChecks', () => {
  test('OwnerTag: resources outside paved-road constructs get the context owner; without it they are findings', () => {
    const bucket = (stack: Stack) => new s3.Bucket(stack, 'Bucket');
    expect(pavedRoadFindings(bucket)).not.toContainEqual(expect.stringContaining('OwnerTag'));
    const app = new App();
    bucket(testStack(app));
    const guardrails = PavedRoadGuardrails.enforce(app);
    expect(() => app.synth()).toThrow(/\n {4}PavedRoad-OwnerTag: .*\n(?: {6}.*\n)* {6}TestStack\/Bucket\/Resource \[missing::paved-road:owner\]\n/);
    expect(guardrails.findings.length).toBeGreaterThan(0);
  });

  test('OwnerTag with requireCostCenter: the cost center is required too', () => {
    const findings = pavedRoadFindings((stack) => new s3.Bucket(stack, 'Bucket'), {}, { requireCostCenter: true });
    expect(findings).toContain('Bucket/Resource: PavedRoad-OwnerTag[missing::paved-road:cost-center]');
    expect(pavedRoadFindings((stack) => new s3.Bucket(stack, 'Bucket'), { [ContextKeys.COST_CENTER]: 'cc-1' }, { requireCostCenter: true }))
      .not.toContainEqual(expect.stringContaining('OwnerTag'));
  });

  test('LogRetention: a log group without retention is a finding', () => {
    expect(pavedRoadFindings((stack) => {
      new logs.LogGroup(stack, 'Forever', { retention: logs.RetentionDays.INFINITE });
      new logs.LogGroup(stack, 'Month', { retention: logs.RetentionDays.ONE_MONTH });
    })).toEqual(['Forever/Resource: PavedRoad-LogRetention']);
  });

  test('StatefulRetained: DESTROY on stateful resources fails in prod and staging only', () => {
    const build = (stack: Stack) => {
      new s3.Bucket(stack, 'Destroyed', { removalPolicy: RemovalPolicy.DESTROY });
      new s3.Bucket(stack, 'Kept', { removalPolicy: RemovalPolicy.RETAIN });
      new logs.LogGroup(stack, 'Logs', { retention: logs.RetentionDays.ONE_WEEK, removalPolicy: RemovalPolicy.DESTROY });
    };
    const expected = ['Destroyed/Resource: PavedRoad-StatefulRetained', 'Logs/Resource: PavedRoad-StatefulRetained'];
    expect(pavedRoadFindings(build, { [ContextKeys.PROFILE]: 'prod' })).toEqual(expected);
    expect(pavedRoadFindings(build, { [ContextKeys.PROFILE]: 'staging' })).toEqual(expected);
    expect(pavedRoadFindings(build, { [ContextKeys.PROFILE]: 'dev' })).toEqual([]);
  });

  test('StatefulRetained: Aurora cluster instances follow their cluster, whose policy keeps the data', () => {
    const findings = pavedRoadFindings((stack) => {
      const vpc = new ec2.Vpc(stack, 'Vpc', { maxAzs: 2, natGateways: 0 });
      new rds.DatabaseCluster(stack, 'Aurora', {
        engine: rds.DatabaseClusterEngine.auroraPostgres({ version: rds.AuroraPostgresEngineVersion.VER_16_4 }),
        vpc,
        vpcSubnets: { subnetType: ec2.SubnetType.PRIVATE_ISOLATED },
        writer: rds.ClusterInstance.serverlessV2('Writer'),
        removalPolicy: RemovalPolicy.SNAPSHOT,
      });
      new rds.DatabaseInstance(stack, 'Standalone', {
        engine: rds.DatabaseInstanceEngine.postgres({ version: rds.PostgresEngineVersion.VER_16 }),
        vpc,
        vpcSubnets: { subnetType: ec2.SubnetType.PRIVATE_ISOLATED },
        removalPolicy: RemovalPolicy.DESTROY,
      });
    }, { [ContextKeys.PROFILE]: 'prod' });
    const retained = findings.filter((f) => f.includes('StatefulRetained'));
    expect(retained).toContain('Standalone/Resource: PavedRoad-StatefulRetained');
    expect(retained.filter((f) => f.startsWith('Aurora/Writer') || f.startsWith('Aurora/Resource'))).toEqual([]);
  });

  test('PreviewExpiry: a preview stack needs a parsable expiry in the future within the max TTL', () => {
    const preview = (expiresAt: string | undefined) => (stack: Stack) => {
      Tags.of(stack).add('paved-road:preview', 'true');
      if (expiresAt) Tags.of(stack).add('paved-road:expires-at', expiresAt);
      new sqs.Queue(stack, 'Queue', { enforceSSL: true });
      new sqs.Queue(stack, 'Other', { enforceSSL: true });
    };
    // The library's clock, pinned years away from any real date: a rule that read the machine's clock would fail here.
    pinClock('2020-01-01T00:00:00Z');
    const inHours = (h: number) => new Date(Date.parse('2020-01-01T00:00:00Z') + h * 3_600_000).toISOString();
    expect(pavedRoadFindings(preview(inHours(72)))).toEqual([]);
    expect(pavedRoadFindings(preview(undefined))).toEqual(['Queue/Resource: PavedRoad-PreviewExpiry[expires-at::missing]']);
    expect(pavedRoadFindings(preview('next tuesday'))).toEqual(['Queue/Resource: PavedRoad-PreviewExpiry[expires-at::unparsable::next tuesday]']);
    expect(pavedRoadFindings(preview(inHours(-1)))[0]).toMatch(/PavedRoad-PreviewExpiry\[expires-at::in-the-past::/);
    expect(pavedRoadFindings(preview(inHours(15 * 24)))[0]).toMatch(/PavedRoad-PreviewExpiry\[expires-at::beyond-max-ttl-336h::/);
    expect(pavedRoadFindings(preview(inHours(48)), {}, { previewMaxTtlHours: 24 })[0]).toMatch(/beyond-max-ttl-24h/);
    // the same expiry, once the clock has passed it
    pinClock('2020-01-04T00:00:01Z');
    expect(pavedRoadFindings(preview(inHours(72)))).toEqual(['Queue/Resource: PavedRoad-PreviewExpiry[expires-at::in-the-past::2020-01-04T00:00:00.000Z]']);
  });

  test('OpenIngress: the world may reach a load balancer on 80/443 only', () => {
    const findings = pavedRoadFindings((stack) => {
      const vpc = new ec2.Vpc(stack, 'Vpc', { maxAzs: 2, natGateways: 0 });
      const albGroup = new ec2.SecurityGroup(stack, 'AlbGroup', { vpc });
      albGroup.addIngressRule(ec2.Peer.anyIpv4(), ec2.Port.tcp(443));
      albGroup.addIngressRule(ec2.Peer.anyIpv6(), ec2.Port.tcp(80));
      albGroup.addIngressRule(ec2.Peer.anyIpv4(), ec2.Port.tcp(8080));
      new elbv2.ApplicationLoadBalancer(stack, 'Alb', { vpc, internetFacing: true, securityGroup: albGroup });
      const hostGroup = new ec2.SecurityGroup(stack, 'HostGroup', { vpc });
      hostGroup.addIngressRule(ec2.Peer.anyIpv4(), ec2.Port.tcp(443));
      hostGroup.addIngressRule(ec2.Peer.ipv4('10.0.0.0/16'), ec2.Port.tcp(22));
    });
    expect(findings).toEqual([
      'AlbGroup/Resource: PavedRoad-OpenIngress[0.0.0.0/0::tcp:8080-8080]',
      'HostGroup/Resource: PavedRoad-OpenIngress[0.0.0.0/0::tcp:443-443]',
    ]);
  });

  test('OpenIngress reads the stack anew in each synthesis: a load balancer added later is seen', () => {
    // The pack alone, without PavedRoadGuardrails, with a logger that records one synthesis.
    const findings: string[] = [];
    const ignore = () => {};
    const recorder: INagLogger = {
      onCompliance: ignore,
      onNotApplicable: ignore,
      onSuppressed: ignore,
      onError: ignore,
      onSuppressedError: ignore,
      onNonCompliance: (d) => findings.push(`${d.resource.node.path} ${d.ruleId}`),
    };
    const app = testApp();
    const stack = testStack(app);
    Aspects.of(app).add(new PavedRoadChecks({ reports: false, additionalLoggers: [recorder] }));
    const vpc = new ec2.Vpc(stack, 'Vpc', { maxAzs: 2, natGateways: 0 });
    const group = new ec2.SecurityGroup(stack, 'WebGroup', { vpc });
    group.addIngressRule(ec2.Peer.anyIpv4(), ec2.Port.tcp(443));
    const openIngress = () => {
      findings.length = 0;
      app.synth({ force: true, validateOnSynthesis: false });
      return findings.filter((f) => f.includes('OpenIngress'));
    };
    expect(openIngress()).toEqual(['TestStack/WebGroup/Resource PavedRoad-OpenIngress']);

    new elbv2.ApplicationLoadBalancer(stack, 'Alb', { vpc, internetFacing: true, securityGroup: group });
    expect(openIngress()).toEqual([]);
  });

  test('DataNotPublic: a database in public subnets or publicly accessible is a finding', () => {
    const findings = pavedRoadFindings((stack) => {
      const vpc = new ec2.Vpc(stack, 'Vpc', { maxAzs: 2, natGateways: 0 });
      new rds.DatabaseInstance(stack, 'Db', {
        engine: rds.DatabaseInstanceEngine.postgres({ version: rds.PostgresEngineVersion.VER_16 }),
        vpc,
        vpcSubnets: { subnetType: ec2.SubnetType.PUBLIC },
        publiclyAccessible: true,
        removalPolicy: RemovalPolicy.DESTROY,
        cloudwatchLogsRetention: logs.RetentionDays.ONE_WEEK,
      });
    });
    expect(findings).toEqual(expect.arrayContaining([
      'Db/SubnetGroup/Default: PavedRoad-DataNotPublic[public-subnet::TestStack/Vpc/PublicSubnet1/Subnet]',
      'Db/Resource: PavedRoad-DataNotPublic[publicly-accessible]',
    ]));
  });

  test('ProdHttps: a prod HTTP listener must redirect to HTTPS', () => {
    const build = (stack: Stack) => {
      const vpc = new ec2.Vpc(stack, 'Vpc', { maxAzs: 2, natGateways: 0 });
      const alb = new elbv2.ApplicationLoadBalancer(stack, 'Alb', { vpc });
      alb.addListener('Plain', { port: 80, defaultAction: elbv2.ListenerAction.fixedResponse(200) });
      alb.addRedirect({ sourcePort: 8080, targetPort: 443 });
    };
    expect(pavedRoadFindings(build, { [ContextKeys.PROFILE]: 'prod' })).toContain('Alb/Plain/Resource: PavedRoad-ProdHttps');
    expect(pavedRoadFindings(build, { [ContextKeys.PROFILE]: 'prod' })).not.toContainEqual(expect.stringContaining('Redirect'));
    expect(pavedRoadFindings(build, { [ContextKeys.PROFILE]: 'dev' })).not.toContainEqual(expect.stringContaining('ProdHttps'));
  });

  test('LambdaFailureHandling: a function needs a DLQ or on-failure destination, and reserved concurrency or an alarm', () => {
    const code = lambda.Code.fromInline('exports.handler = async () => {}');
    const findings = pavedRoadFindings((stack) => {
      new lambda.Function(stack, 'Bare', { code, handler: 'index.handler', runtime: lambda.Runtime.NODEJS_22_X });
      const dlq = new sqs.Queue(stack, 'Dlq', { enforceSSL: true });
      const good = new lambda.Function(stack, 'Good', { code, handler: 'index.handler', runtime: lambda.Runtime.NODEJS_22_X, deadLetterQueue: dlq });
      new cloudwatch.Alarm(stack, 'GoodErrors', { metric: good.metricErrors({ period: Duration.minutes(5) }), threshold: 1, evaluationPeriods: 1 });
      // Alarms are resolved once and remembered: another function is judged by its own alarms, not Good's.
      new lambda.Function(stack, 'Unwatched', { code, handler: 'index.handler', runtime: lambda.Runtime.NODEJS_22_X, deadLetterQueue: dlq });
      const watched = new lambda.Function(stack, 'Watched', { code, handler: 'index.handler', runtime: lambda.Runtime.NODEJS_22_X, deadLetterQueue: dlq });
      new cloudwatch.Alarm(stack, 'WatchedThrottles', { metric: watched.metricThrottles(), threshold: 1, evaluationPeriods: 1 });
    });
    expect(findings.filter((f) => !f.includes('LogRetention')).sort()).toEqual([
      'Bare/Resource: PavedRoad-LambdaFailureHandling[no-dlq-or-on-failure-destination]',
      'Bare/Resource: PavedRoad-LambdaFailureHandling[no-reserved-concurrency-or-alarm]',
      'Unwatched/Resource: PavedRoad-LambdaFailureHandling[no-reserved-concurrency-or-alarm]',
    ]);
  });

  describe('FargateSpotArchitecture', () => {
    // ECS API Reference, CapacityProviderStrategyItem: FARGATE_SPOT runs Linux X86_64 tasks on platform
    // version 1.3.0 or later and Linux ARM64 tasks on 1.4.0 or later; Windows tasks not at all.
    let findings: string[];
    beforeAll(() => {
      findings = pavedRoadFindings((stack) => {
        const vpc = new ec2.Vpc(stack, 'Vpc', { maxAzs: 2, natGateways: 0 });
        const cluster = new ecs.Cluster(stack, 'Cluster', { vpc, enableFargateCapacityProviders: true });
        const spotByDefault = new ecs.Cluster(stack, 'SpotCluster', { vpc, enableFargateCapacityProviders: true });
        spotByDefault.addDefaultCapacityProviderStrategy([{ capacityProvider: 'FARGATE_SPOT', weight: 1 }]);
        const taskDefinition = (id: string, cpuArchitecture: ecs.CpuArchitecture, operatingSystemFamily = ecs.OperatingSystemFamily.LINUX) => {
          const windows = operatingSystemFamily !== ecs.OperatingSystemFamily.LINUX;
          const td = new ecs.FargateTaskDefinition(stack, id, {
            runtimePlatform: { cpuArchitecture, operatingSystemFamily }, cpu: windows ? 1024 : 256, memoryLimitMiB: windows ? 2048 : 512,
          });
          td.addContainer('App', { image: ecs.ContainerImage.fromRegistry('public.ecr.aws/nginx/nginx:stable'), memoryLimitMiB: 512 });
          return td;
        };
        const spot = [{ capacityProvider: 'FARGATE_SPOT', weight: 1 }];
        const onDemand = [{ capacityProvider: 'FARGATE', weight: 1 }];
        const service = (id: string, props: Omit<ecs.FargateServiceProps, 'cluster'> & { cluster?: ecs.ICluster }) =>
          new ecs.FargateService(stack, id, { cluster, vpcSubnets: { subnetType: ec2.SubnetType.PRIVATE_ISOLATED }, ...props });
        // Linux ARM64 and X86_64 on LATEST (the default): Spot runs them.
        service('ArmSpot', { taskDefinition: taskDefinition('ArmTask', ecs.CpuArchitecture.ARM64), capacityProviderStrategies: spot });
        service('X86Spot', { taskDefinition: taskDefinition('X86Task', ecs.CpuArchitecture.X86_64), capacityProviderStrategies: spot });
        service('ArmSpot140', {
          taskDefinition: taskDefinition('ArmTask140', ecs.CpuArchitecture.ARM64), capacityProviderStrategies: spot, platformVersion: ecs.FargatePlatformVersion.VERSION1_4,
        });
        service('X86Spot130', {
          taskDefinition: taskDefinition('X86Task130', ecs.CpuArchitecture.X86_64), capacityProviderStrategies: spot, platformVersion: ecs.FargatePlatformVersion.VERSION1_3,
        });
        // ARM64 below 1.4.0 and X86_64 below 1.3.0 on Spot: findings.
        service('ArmSpot130', {
          taskDefinition: taskDefinition('ArmTask130', ecs.CpuArchitecture.ARM64), capacityProviderStrategies: spot, platformVersion: ecs.FargatePlatformVersion.VERSION1_3,
        });
        service('X86Spot120', {
          taskDefinition: taskDefinition('X86Task120', ecs.CpuArchitecture.X86_64), capacityProviderStrategies: spot, platformVersion: ecs.FargatePlatformVersion.VERSION1_2,
        });
        // Windows on Spot: a finding, by the service's strategy or the cluster's default; on FARGATE: none.
        service('WindowsSpot', {
          taskDefinition: taskDefinition('WindowsTask', ecs.CpuArchitecture.X86_64, ecs.OperatingSystemFamily.WINDOWS_SERVER_2022_CORE), capacityProviderStrategies: spot,
        });
        service('WindowsOnDemand', {
          taskDefinition: taskDefinition('WindowsTask2', ecs.CpuArchitecture.X86_64, ecs.OperatingSystemFamily.WINDOWS_SERVER_2022_CORE), capacityProviderStrategies: onDemand,
        });
        // An empty strategy and no launch type: the cluster's default strategy (FARGATE_SPOT) applies.
        service('WindowsClusterDefault', {
          cluster: spotByDefault,
          taskDefinition: taskDefinition('WindowsTask3', ecs.CpuArchitecture.X86_64, ecs.OperatingSystemFamily.WINDOWS_SERVER_2022_CORE),
          capacityProviderStrategies: [],
        });
        // A launch type (FargateService's default without a strategy) overrides the cluster's default strategy.
        service('WindowsLaunchType', {
          cluster: spotByDefault, taskDefinition: taskDefinition('WindowsTask4', ecs.CpuArchitecture.X86_64, ecs.OperatingSystemFamily.WINDOWS_SERVER_2022_CORE),
        });
      });
    });

    test('Linux ARM64 and X86_64 tasks on FARGATE_SPOT at LATEST, 1.4.0 or 1.3.0 (X86_64) are no finding', () => {
      for (const id of ['ArmSpot/', 'X86Spot/', 'ArmSpot140/', 'X86Spot130/']) {
        expect(findings.filter((f) => f.startsWith(id) && f.includes('FargateSpotArchitecture'))).toEqual([]);
      }
    });

    test('an ARM64 task below platform version 1.4.0 and an X86_64 task below 1.3.0 on FARGATE_SPOT are findings', () => {
      expect(findings.filter((f) => f.includes('FargateSpotArchitecture') && f.includes('platform-version')).sort()).toEqual([
        'ArmSpot130/Service: PavedRoad-FargateSpotArchitecture[arm64-platform-version-1.3.0-below-1.4.0::TestStack/ArmTask130/Resource]',
        'X86Spot120/Service: PavedRoad-FargateSpotArchitecture[x86_64-platform-version-1.2.0-below-1.3.0::TestStack/X86Task120/Resource]',
      ]);
    });

    test('a Windows task on FARGATE_SPOT, by the service or its cluster default, is a finding; on FARGATE it is not', () => {
      expect(findings.filter((f) => f.includes('FargateSpotArchitecture') && f.includes('windows')).sort()).toEqual([
        'WindowsClusterDefault/Service: PavedRoad-FargateSpotArchitecture[windows-task-definition::TestStack/WindowsTask3/Resource]',
        'WindowsSpot/Service: PavedRoad-FargateSpotArchitecture[windows-task-definition::TestStack/WindowsTask/Resource]',
      ]);
    });
  });

  test('a mandatory rule cannot be acknowledged: the acknowledgment is an error and the finding stays', () => {
    const app = testApp({ [ContextKeys.PROFILE]: 'prod' });
    const bucket = new s3.Bucket(testStack(app), 'Bucket', { removalPolicy: RemovalPolicy.DESTROY });
    NagSuppressions.addResourceSuppressions(bucket, [{ id: 'PavedRoad-StatefulRetained', reason: 'We really want to delete this bucket with the stack.' }], true);
    const guardrails = PavedRoadGuardrails.enforce(app);
    expect(() => app.synth()).toThrow(/TestStack\/Bucket\/Resource: PavedRoad-StatefulRetained is mandatory on this platform and cannot be acknowledged \(reason given: "We really want/);
    expect(guardrails.findings.map((f) => f.rule)).toContain('PavedRoad-StatefulRetained');
  });

  test('a rule that is not mandatory can be acknowledged', () => {
    const app = testApp();
    const group = new logs.LogGroup(testStack(app), 'Forever', { retention: logs.RetentionDays.INFINITE });
    NagSuppressions.addResourceSuppressions(group, [{ id: 'PavedRoad-LogRetention', reason: 'Audit log of record: kept forever by regulation.' }], true);
    const guardrails = PavedRoadGuardrails.enforce(app);
    app.synth();
    expect(guardrails.acknowledgments.map((a) => a.rule)).toEqual(['PavedRoad-LogRetention']);
  });

  test('unknown mandatory rule ids and a bad previewMaxTtlHours are errors naming the option', () => {
    const error = validationError(() => PavedRoadGuardrails.enforce(testApp(), { mandatoryRules: ['PavedRoad-NoSuchRule', 'Sox-1'], previewMaxTtlHours: 0 }));
    expect(error.message).toMatch(/mandatoryRules: \["PavedRoad-NoSuchRule","Sox-1"\] is not allowed; allowed: rule ids of the applied packs/);
    expect(error.message).toMatch(/previewMaxTtlHours: 0 is not allowed; allowed: a number of hours from 1 to 336/);
    expect(() => PavedRoadGuardrails.enforce(testApp(), { mandatoryRules: ['AwsSolutions-S10', 'PavedRoad-OpenIngress'] })).not.toThrow();
  });
});
