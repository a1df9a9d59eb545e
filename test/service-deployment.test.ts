/*
 * PavedRoadService deployments with ECS's own strategies: ROLLING, BLUE_GREEN, LINEAR and CANARY, the
 * resources an ALB-based traffic shift needs (second target group, production and test listener rules,
 * ECS's load-balancer role), the smoke-test lifecycle hook, the alarms that roll back, the profile
 * defaults and the defaults-version pin. Validation of `deployment` is in test/bad-input-service.test.ts.
 */
import { App, Duration, Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import * as acm from 'aws-cdk-lib/aws-certificatemanager';
import * as ecs from 'aws-cdk-lib/aws-ecs';
import * as route53 from 'aws-cdk-lib/aws-route53';
import { ContextKeys, PavedRoadGuardrails, PavedRoadNetwork, PavedRoadService, PavedRoadServiceProps, Profile } from '../src';
import { expectNagClean, testApp, testStack } from './nag';

const IMAGE = ecs.ContainerImage.fromRegistry('public.ecr.aws/nginx/nginx:stable');
const CERT_ARN = 'arn:aws:acm:us-east-1:123456789012:certificate/11111111-2222-3333-4444-555555555555';
const { ROLLING, BLUE_GREEN, LINEAR, CANARY } = ecs.DeploymentStrategy;

/** The one resource of `type` whose logical id starts with `prefix`. */
function only(template: Template, type: string, prefix: string): { id: string; props: any; resource: any } {
  const found = Object.entries<any>(template.findResources(type)).filter(([id]) => id.startsWith(prefix));
  if (found.length !== 1) throw new Error(`expected one ${type} starting with ${prefix}, found ${found.map(([id]) => id).join(', ') || 'none'}`);
  return { id: found[0][0], props: found[0][1].Properties, resource: found[0][1] };
}

function count(template: Template, type: string, prefix: string): number {
  return Object.keys(template.findResources(type)).filter((id) => id.startsWith(prefix)).length;
}

/** The services of one fixture: one per strategy, an internal canary and a canary without smoke test. */
const SERVICES: Record<string, Partial<PavedRoadServiceProps>> = {
  ProfileDefault: {},
  Rolling: { deployment: { strategy: ROLLING } },
  BlueGreen: { deployment: { strategy: BLUE_GREEN, bakeTime: Duration.minutes(7) } },
  Linear: { deployment: { strategy: LINEAR, linearStepPercent: 20, stepBakeTime: Duration.minutes(3) } },
  Canary: { deployment: { strategy: CANARY, canaryPercent: 5, smokeTestPath: '/ready' }, publicLoadBalancer: false },
  NoSmoke: { deployment: { strategy: CANARY, smokeTest: false } },
};

interface Fixture {
  readonly stack: Stack;
  readonly template: Template;
  readonly guardrails?: PavedRoadGuardrails;
  readonly nagError?: unknown;
  readonly services: Record<string, PavedRoadService>;
}

function build(profile: Profile, context: Record<string, unknown> = {}): Fixture {
  // GIVEN one service per strategy in the profile, synthesized with all four packs
  const app = testApp({ 'paved-road:profile': profile, ...context });
  const stack = testStack(app);
  const network = new PavedRoadNetwork(stack, 'Network');
  const certificate = acm.Certificate.fromCertificateArn(stack, 'Certificate', CERT_ARN);
  const services = Object.fromEntries(Object.entries(SERVICES).map(([id, props]) => [id, new PavedRoadService(stack, id, {
    network, image: IMAGE, certificate: profile === Profile.PROD ? certificate : undefined, ...props,
  })]));
  let guardrails: PavedRoadGuardrails | undefined;
  let nagError: unknown;
  try {
    guardrails = expectNagClean(app);
  } catch (e) {
    nagError = e;
  }
  return { stack, template: Template.fromStack(stack), guardrails, nagError, services };
}

const deploymentOf = (t: Template, id: string) => only(t, 'AWS::ECS::Service', `${id}Service`).props.DeploymentConfiguration;

describe('PavedRoadService deployments', () => {
  describe.each([Profile.DEV, Profile.STAGING, Profile.PROD])('in the %s profile, every strategy', (profile) => {
    let f: Fixture;
    beforeAll(() => {
      f = build(profile);
    });

    test('synthesizes with zero unacknowledged findings in all four packs', () => {
      expect(f.nagError).toBeUndefined();
      expect(f.guardrails!.findings).toEqual([]);
    });

    test('ROLLING leaves the ECS defaults: no strategy, one target group, no rules, no smoke test', () => {
      const config = deploymentOf(f.template, 'Rolling');
      expect(config.Strategy).toBeUndefined();
      expect(config.BakeTimeInMinutes).toBeUndefined();
      expect(config.LifecycleHooks).toBeUndefined();
      expect(config.DeploymentCircuitBreaker).toEqual({ Enable: true, Rollback: true });
      expect(count(f.template, 'AWS::ElasticLoadBalancingV2::TargetGroup', 'Rolling')).toBe(1);
      expect(count(f.template, 'AWS::ElasticLoadBalancingV2::ListenerRule', 'Rolling')).toBe(0);
      expect(count(f.template, 'AWS::Lambda::Function', 'Rolling')).toBe(0);
      expect(only(f.template, 'AWS::ECS::Service', 'RollingService').props.LoadBalancers[0].AdvancedConfiguration).toBeUndefined();
      expect(f.services.Rolling.deploymentStrategy).toBe(ROLLING);
      expect(f.services.Rolling.alternateTargetGroup).toBeUndefined();
    });

    test('BLUE_GREEN shifts all traffic at once after the smoke test, then keeps the old revision for the bake time', () => {
      const config = deploymentOf(f.template, 'BlueGreen');
      expect(config).toMatchObject({ Strategy: 'BLUE_GREEN', BakeTimeInMinutes: 7, Alarms: { Enable: true, Rollback: true } });
      expect(config.CanaryConfiguration).toBeUndefined();
      expect(config.LinearConfiguration).toBeUndefined();
      expect(config.LifecycleHooks).toEqual([{
        HookTargetArn: { 'Fn::GetAtt': [only(f.template, 'AWS::Lambda::Function', 'BlueGreenSmokeTest').id, 'Arn'] },
        LifecycleStages: ['POST_TEST_TRAFFIC_SHIFT'],
        RoleArn: { 'Fn::GetAtt': [only(f.template, 'AWS::IAM::Role', 'BlueGreenSmokeTestHookRole').id, 'Arn'] },
      }]);
    });

    test('LINEAR moves traffic in equal steps with a bake time between them', () => {
      expect(deploymentOf(f.template, 'Linear')).toMatchObject({
        Strategy: 'LINEAR', LinearConfiguration: { StepPercent: 20, StepBakeTimeInMinutes: 3 },
      });
    });

    test('CANARY gives the canary its share for the step bake time, then the rest', () => {
      const config = deploymentOf(f.template, 'Canary');
      expect(config).toMatchObject({ Strategy: 'CANARY', CanaryConfiguration: { CanaryPercent: 5 } });
      expect(config.CanaryConfiguration.CanaryBakeTimeInMinutes).toBe(profile === Profile.PROD ? 10 : 5);
      expect(config.BakeTimeInMinutes).toBe({ [Profile.PROD]: 15, [Profile.STAGING]: 10 }[profile as string] ?? 5);
    });

    test.each(['BlueGreen', 'Linear', 'Canary', 'NoSmoke'])('%s: the service gets the second target group, the production rule and ECS\'s load-balancer role', (id) => {
      const service = only(f.template, 'AWS::ECS::Service', `${id}Service`).props;
      const alternate = only(f.template, 'AWS::ElasticLoadBalancingV2::TargetGroup', `${id}AlternateTargetGroup`);
      const production = only(f.template, 'AWS::ElasticLoadBalancingV2::ListenerRule', `${id}ProductionTrafficRule`);
      const role = only(f.template, 'AWS::IAM::Role', `${id}TrafficShiftRole`);
      expect(service.LoadBalancers).toEqual([{
        ContainerName: 'App',
        ContainerPort: 8080,
        TargetGroupArn: { Ref: only(f.template, 'AWS::ElasticLoadBalancingV2::TargetGroup', `${id}TargetGroup`).id },
        AdvancedConfiguration: {
          AlternateTargetGroupArn: { Ref: alternate.id },
          ProductionListenerRule: { Ref: production.id },
          RoleArn: { 'Fn::GetAtt': [role.id, 'Arn'] },
          ...(id === 'NoSmoke' ? {} : { TestListenerRule: { Ref: only(f.template, 'AWS::ElasticLoadBalancingV2::ListenerRule', `${id}TestTrafficRule`).id } }),
        },
      }]);
      // the alternate target group checks health like the first one
      const first = only(f.template, 'AWS::ElasticLoadBalancingV2::TargetGroup', `${id}TargetGroup`).props;
      expect(alternate.props).toEqual(first);
      // the ECS service waits for the role's policy
      expect(only(f.template, 'AWS::ECS::Service', `${id}Service`).resource.DependsOn).toContain(only(f.template, 'AWS::IAM::ManagedPolicy', `${id}TrafficShiftPolicy`).id);
      expect(f.services[id].alternateTargetGroup).toBeDefined();
    });

    test('without the smoke test: no test rule, no function, no lifecycle hook', () => {
      expect(count(f.template, 'AWS::ElasticLoadBalancingV2::ListenerRule', 'NoSmokeTestTrafficRule')).toBe(0);
      expect(count(f.template, 'AWS::Lambda::Function', 'NoSmoke')).toBe(0);
      expect(deploymentOf(f.template, 'NoSmoke').LifecycleHooks).toBeUndefined();
      expect(f.services.NoSmoke.smokeTestFunction).toBeUndefined();
    });

    test('the default follows the profile', () => {
      const strategy = { [Profile.DEV]: ROLLING, [Profile.STAGING]: BLUE_GREEN, [Profile.PROD]: CANARY }[profile as string];
      expect(f.services.ProfileDefault.deploymentStrategy).toBe(strategy);
      expect(deploymentOf(f.template, 'ProfileDefault').Strategy).toBe(strategy === ROLLING ? undefined : strategy);
    });
  });

  describe('in prod, with the defaults (the done-when of issue 21)', () => {
    let t: Template;
    let stack: Stack;
    let service: PavedRoadService;
    let nagError: unknown;
    beforeAll(() => {
      const app = testApp({ 'paved-road:profile': Profile.PROD });
      stack = testStack(app);
      const zone = route53.HostedZone.fromHostedZoneAttributes(stack, 'Zone', { hostedZoneId: 'Z0123456789', zoneName: 'example.com' });
      service = new PavedRoadService(stack, 'Api', { network: new PavedRoadNetwork(stack, 'Network'), image: IMAGE, domainName: 'api.example.com', hostedZone: zone });
      try {
        expectNagClean(app);
      } catch (e) {
        nagError = e;
      }
      t = Template.fromStack(stack);
    });

    test('synthesizes a canary of 10% for 10 minutes, a 15-minute bake time and alarm rollback, nag-clean in all four packs', () => {
      expect(nagError).toBeUndefined();
      const config = deploymentOf(t, 'Api');
      expect(config).toMatchObject({
        Strategy: 'CANARY',
        CanaryConfiguration: { CanaryPercent: 10, CanaryBakeTimeInMinutes: 10 },
        BakeTimeInMinutes: 15,
        DeploymentCircuitBreaker: { Enable: true, Rollback: true },
        Alarms: { Enable: true, Rollback: true },
        MinimumHealthyPercent: 100,
        MaximumPercent: 200,
      });
      expect(config.Alarms.AlarmNames).toEqual([{ Ref: only(t, 'AWS::CloudWatch::Alarm', 'ApiErrorRateAlarm').id }, { Ref: only(t, 'AWS::CloudWatch::Alarm', 'ApiUnhealthyHostsAlarm').id }]);
    });

    test('the listener rules are fixed (ECS owns their weights after the first deployment): lowest precedence, both target groups, production first', () => {
      const groups = [only(t, 'AWS::ElasticLoadBalancingV2::TargetGroup', 'ApiTargetGroup').id, only(t, 'AWS::ElasticLoadBalancingV2::TargetGroup', 'ApiAlternateTargetGroup').id];
      const forward = { Type: 'forward', ForwardConfig: { TargetGroups: [{ TargetGroupArn: { Ref: groups[0] }, Weight: 100 }, { TargetGroupArn: { Ref: groups[1] }, Weight: 0 }] } };
      const https = only(t, 'AWS::ElasticLoadBalancingV2::Listener', 'ApiLoadBalancerHttps').id;
      expect(only(t, 'AWS::ElasticLoadBalancingV2::ListenerRule', 'ApiProductionTrafficRule').props).toEqual({
        ListenerArn: { Ref: https }, Priority: 50000, Conditions: [{ Field: 'path-pattern', PathPatternConfig: { Values: ['/*'] } }], Actions: [forward],
      });
      expect(only(t, 'AWS::ElasticLoadBalancingV2::ListenerRule', 'ApiTestTrafficRule').props).toEqual({
        ListenerArn: { Ref: https },
        Priority: 49999,
        Conditions: [{ Field: 'http-header', HttpHeaderConfig: { HttpHeaderName: 'x-paved-road-test-traffic', Values: [service.node.addr] } }],
        Actions: [forward],
      });
    });

    test('the smoke test requests the health check path through the HTTPS test rule, as the service\'s domain name', () => {
      const fn = only(t, 'AWS::Lambda::Function', 'ApiSmokeTest').props;
      const lb = only(t, 'AWS::ElasticLoadBalancingV2::LoadBalancer', 'ApiLoadBalancer').id;
      expect(fn.Environment.Variables).toEqual({
        TEST_URL: { 'Fn::Join': ['', ['https://', { 'Fn::GetAtt': [lb, 'DNSName'] }, ':443/health']] },
        SERVER_NAME: 'api.example.com',
        TEST_HEADER_NAME: 'x-paved-road-test-traffic',
        TEST_HEADER_VALUE: service.node.addr,
        ATTEMPTS: '3',
        RETRY_DELAY_SECONDS: '15',
        REQUEST_TIMEOUT_MS: '5000',
        AWS_NODEJS_CONNECTION_REUSE_ENABLED: '1',
      });
      expect(fn).toMatchObject({ Runtime: 'nodejs24.x', Architectures: ['arm64'], Timeout: 30, MemorySize: 128, ReservedConcurrentExecutions: 2 });
      expect(fn.VpcConfig).toBeUndefined();
      expect(service.smokeTestFunction).toBeDefined();
      const logs = only(t, 'AWS::Logs::LogGroup', 'ApiSmokeTestLogs');
      expect(logs.props).toMatchObject({ RetentionInDays: 365, KmsKeyId: { 'Fn::GetAtt': [only(t, 'AWS::KMS::Key', 'ApiLogKey').id, 'Arn'] } });
      expect(logs.resource.DeletionPolicy).toBe('Retain');
    });

    test('the 5xx alarm takes the worse of the two target groups, undiluted by the traffic the old revision still serves', () => {
      const alarm = only(t, 'AWS::CloudWatch::Alarm', 'ApiErrorRateAlarm').props;
      const byId = Object.fromEntries(alarm.Metrics.map((m: any) => [m.Id, m]));
      expect(byId.expr_1?.Expression ?? alarm.Metrics.find((m: any) => m.ReturnData !== false).Expression)
        .toBe('IF(rateA > rateB, rateA, rateB) + IF(requests > 0, 100 * FILL(elb5xx, 0) / requests, 0)');
      expect(byId.rateA.Expression).toBe('IF(FILL(requestsA, 0) > 0, 100 * FILL(target5xxA, 0) / requestsA, 0)');
      expect(byId.rateB.Expression).toBe('IF(FILL(requestsB, 0) > 0, 100 * FILL(target5xxB, 0) / requestsB, 0)');
      const groupOf = (id: string) => JSON.stringify(byId[id].MetricStat.Metric.Dimensions);
      expect(groupOf('target5xxA')).toMatch(/ApiTargetGroup/);
      expect(groupOf('target5xxB')).toMatch(/ApiAlternateTargetGroup/);
      expect(groupOf('requestsB')).toMatch(/ApiAlternateTargetGroup/);
      expect(alarm).toMatchObject({ Threshold: 1, EvaluationPeriods: 5, DatapointsToAlarm: 3 });
    });

    test('the unhealthy-host alarm counts both target groups; p99 latency is the load balancer\'s', () => {
      const unhealthy = only(t, 'AWS::CloudWatch::Alarm', 'ApiUnhealthyHostsAlarm').props;
      expect(unhealthy.Metrics.find((m: any) => m.Expression).Expression).toBe('FILL(unhealthyA, 0) + FILL(unhealthyB, 0)');
      expect(JSON.stringify(unhealthy.Metrics)).toMatch(/ApiAlternateTargetGroup/);
      const latency = only(t, 'AWS::CloudWatch::Alarm', 'ApiLatencyP99Alarm').props;
      expect(latency.Dimensions.map((d: any) => d.Name)).toEqual(['LoadBalancer']);
    });

    test('autoscaling counts requests on both target groups; the dashboard shows the hosts of both', () => {
      const policies = Object.values<any>(t.findResources('AWS::ApplicationAutoScaling::ScalingPolicy'))
        .map((p) => p.Properties.TargetTrackingScalingPolicyConfiguration.PredefinedMetricSpecification);
      const labels = policies.filter((p) => p.PredefinedMetricType === 'ALBRequestCountPerTarget').map((p) => JSON.stringify(p.ResourceLabel));
      expect(labels).toHaveLength(2);
      expect(labels.some((l) => /ApiAlternateTargetGroup/.test(l))).toBe(true);
      const body = JSON.stringify(only(t, 'AWS::CloudWatch::Dashboard', 'ApiDashboard').props.DashboardBody);
      expect(body).toContain('unhealthy (alternate)');
      expect(body).toMatch(/AlternateTargetGroup":\{"Fn::GetAtt":\["ApiAlternateTargetGroup[0-9A-F]+","TargetGroupFullName"\]/);
    });
  });

  describe('the defaults-version pin', () => {
    const strategyIn = (context: Record<string, unknown>, props: Partial<PavedRoadServiceProps> = {}) => {
      const app: App = testApp({ 'paved-road:profile': Profile.PROD, ...context });
      const stack = testStack(app);
      const certificate = acm.Certificate.fromCertificateArn(stack, 'Certificate', CERT_ARN);
      const service = new PavedRoadService(stack, 'Api', { network: new PavedRoadNetwork(stack, 'Network'), image: IMAGE, certificate, ...props });
      return { service, template: Template.fromStack(stack) };
    };

    test('an app pinned to 0.1 keeps rolling deployments in prod, with nothing added', () => {
      const { service, template } = strategyIn({ [ContextKeys.DEFAULTS_VERSION]: '0.1' });
      expect(service.deploymentStrategy).toBe(ROLLING);
      expect(deploymentOf(template, 'Api').Strategy).toBeUndefined();
      template.resourceCountIs('AWS::ElasticLoadBalancingV2::TargetGroup', 1);
      template.resourceCountIs('AWS::ElasticLoadBalancingV2::ListenerRule', 0);
      expect(count(template, 'AWS::Lambda::Function', 'Api')).toBe(0);
    });

    test('0.2 (and no pin) deploys canary', () => {
      expect(strategyIn({ [ContextKeys.DEFAULTS_VERSION]: '0.2' }).service.deploymentStrategy).toBe(CANARY);
      expect(strategyIn({}).service.deploymentStrategy).toBe(CANARY);
    });

    test('a prop wins over the pinned default', () => {
      expect(strategyIn({ [ContextKeys.DEFAULTS_VERSION]: '0.1' }, { deployment: { strategy: LINEAR } }).service.deploymentStrategy).toBe(LINEAR);
    });
  });
});
