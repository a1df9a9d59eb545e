import { App, Stack, Stage } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import * as acm from 'aws-cdk-lib/aws-certificatemanager';
import * as ecs from 'aws-cdk-lib/aws-ecs';
import { Construct } from 'constructs';
import { ALL_PACKS } from './nag';
import { devNetworkLookups } from './network-lookups';
import { ContextKeys, DefaultsVersions, PavedRoadGuardrails, PavedRoadNetwork, PavedRoadService, PreviewEnvironment, Profile } from '../src';
import { rulePriorityOf, sharedPathPrefix } from '../src/service/shared-load-balancer';

const ENV = { account: '123456789012', region: 'us-east-1' };
const PREFIX = '/checkout/dev/network';
const IMAGE = ecs.ContainerImage.fromRegistry('public.ecr.aws/nginx/nginx:stable');
const SSM = (name: string) => Match.stringLikeRegexp(`^SsmParameterValuecheckoutdevnetwork${name}`);

/** A dev stage publishing its network (with the preview load balancer at the newest defaults) and a preview of one service. */
function platform(context: Record<string, unknown> = {}, previewProps: { sharedLoadBalancer?: boolean } = {}) {
  // pinned to the newest defaults: the shared preview load balancer reaches pinned apps only (it needs the pin)
  const app = new App({ context: { 'paved-road:owner': 'team-checkout', 'paved-road:defaults-version': DefaultsVersions.LATEST, ...devNetworkLookups(PREFIX), ...context } });
  const dev = new Stage(app, 'Dev', { env: ENV });
  dev.node.setContext(ContextKeys.PROFILE, Profile.DEV);
  const devStack = new Stack(dev, 'Platform');
  const network = new PavedRoadNetwork(devStack, 'Network', { parameterPrefix: PREFIX });
  const preview = new PreviewEnvironment(app, 'Preview', { branch: 'feature/login', networkParameterPrefix: PREFIX, env: ENV, ...previewProps });
  const stack = preview.addStack('Checkout');
  return { app, devStack, network, preview, stack };
}

describe('a preview service on the load balancer its dev network shares', () => {
  // GIVEN the dev network with its preview load balancer, and a preview of the service
  const { app, devStack, network, preview, stack } = platform();
  const service = new PavedRoadService(stack, 'Api', { network: preview.networkFor(stack), image: IMAGE });
  let synthError: Error | undefined;
  try {
    PavedRoadGuardrails.enforce(app, { packs: ALL_PACKS, strict: true });
    app.synth();
  } catch (e) {
    synthError = e as Error;
  }
  const t = Template.fromStack(stack);
  const pathPrefix = '/preview-feature-login-df7c7aeb3560d333-checkout/api';

  test('synthesizes with all four packs (strict) in the dev stage and the preview', () => {
    expect(synthError?.message).toBeUndefined();
  });

  test('the preview has no load balancer, listener or access-log bucket of its own', () => {
    t.resourceCountIs('AWS::ElasticLoadBalancingV2::LoadBalancer', 0);
    t.resourceCountIs('AWS::ElasticLoadBalancingV2::Listener', 0);
    t.resourceCountIs('AWS::S3::Bucket', 0);
    expect(network.previewLoadBalancer).toBeDefined();
  });

  test('the rule, its target group and the ingress to the tasks are all in the preview stack, so deleting the preview removes them', () => {
    t.resourceCountIs('AWS::ElasticLoadBalancingV2::ListenerRule', 1);
    t.resourceCountIs('AWS::ElasticLoadBalancingV2::TargetGroup', 1);
    t.hasResourceProperties('AWS::ElasticLoadBalancingV2::ListenerRule', {
      ListenerArn: { Ref: SSM('previewlistenerarn') },
      Actions: [{ Type: 'forward', TargetGroupArn: { Ref: Match.stringLikeRegexp('^ApiTargetGroup') } }],
    });
    t.hasResourceProperties('AWS::EC2::SecurityGroupIngress', {
      IpProtocol: 'tcp',
      FromPort: 8080,
      ToPort: 8080,
      SourceSecurityGroupId: { Ref: SSM('previewloadbalancersecuritygroupid') },
      GroupId: { 'Fn::GetAtt': [Match.stringLikeRegexp('^ApiServiceSecurityGroup'), 'GroupId'] },
    });
    // nothing in the preview changes the dev network's security group
    t.resourceCountIs('AWS::EC2::SecurityGroupEgress', 0);
    // and the dev stack holds nothing of the preview
    expect(JSON.stringify(Template.fromStack(devStack).toJSON())).not.toMatch(/preview-feature-login/);
  });

  test('routes its path (and below) to the tasks with the path taken off, at a priority derived from the path', () => {
    expect(sharedPathPrefix(service)).toBe(pathPrefix);
    t.hasResourceProperties('AWS::ElasticLoadBalancingV2::ListenerRule', {
      Priority: rulePriorityOf(pathPrefix),
      Conditions: [{ Field: 'path-pattern', PathPatternConfig: { Values: [pathPrefix, `${pathPrefix}/*`] } }],
      Transforms: [{ Type: 'url-rewrite', UrlRewriteConfig: { Rewrites: [{ Regex: `^${pathPrefix}/?(.*)$`, Replace: '/$1' }] } }],
    });
    expect(rulePriorityOf(pathPrefix)).toBeGreaterThanOrEqual(1);
    expect(rulePriorityOf(pathPrefix)).toBeLessThanOrEqual(50000);
  });

  test('keeps its health check and serves under the shared URL plus its path (a stack output)', () => {
    t.hasResourceProperties('AWS::ElasticLoadBalancingV2::TargetGroup', { HealthCheckPath: '/health', TargetType: 'ip', Port: 8080 });
    t.hasOutput('*', { Value: { 'Fn::Join': ['', [{ Ref: SSM('previewurl') }, `${pathPrefix}/`]] } });
    expect(service.listenerRule).toBeDefined();
  });

  test('its alarms and dashboard count its own target group, not the shared load balancer\'s other traffic', () => {
    const alarms = Object.values(t.findResources('AWS::CloudWatch::Alarm')).map((a: any) => a.Properties);
    const errorRate = alarms.find((a) => a.AlarmDescription.includes('answered 5xx'));
    expect(errorRate.Metrics.find((m: any) => m.Expression)?.Expression).toBe('IF(requests > 0, 100 * FILL(target5xx, 0) / requests, 0)');
    for (const m of errorRate.Metrics.filter((x: any) => x.MetricStat)) {
      expect(m.MetricStat.Metric.Dimensions.map((d: any) => d.Name).sort()).toEqual(['LoadBalancer', 'TargetGroup']);
    }
    expect(alarms.map((a) => a.AlarmDescription)).toEqual(expect.arrayContaining([
      expect.stringMatching(/p99 response time/), expect.stringMatching(/failed its load-balancer health checks/),
      expect.stringMatching(/CPU utilization/), expect.stringMatching(/memory utilization/),
    ]));
    const body = JSON.stringify(Object.values(t.findResources('AWS::CloudWatch::Dashboard'))[0]);
    expect(body).not.toContain('HTTPCode_ELB_5XX_Count');
    expect(body).toMatch(/RequestCount\\",\\"LoadBalancer\\",\\"\$\{LoadBalancer\}\\",\\"TargetGroup/);
  });

  test('the ECS service waits for the rule, so its targets register once the rule routes to them', () => {
    const [ecsService] = Object.values(t.findResources('AWS::ECS::Service')) as any[];
    expect(ecsService.DependsOn).toEqual(expect.arrayContaining([expect.stringMatching(/^ApiSharedListenerRule/)]));
  });
});

describe('when the preview gets a load balancer of its own', () => {
  const ownLoadBalancer = (build: (scope: Construct, network: ReturnType<PreviewEnvironment['networkFor']>) => PavedRoadService, context = {}, previewProps = {}) => {
    const { stack, preview } = platform(context, previewProps);
    build(stack, preview.networkFor(stack));
    const t = Template.fromStack(stack);
    return { lbs: Object.keys(t.findResources('AWS::ElasticLoadBalancingV2::LoadBalancer')).length, rules: Object.keys(t.findResources('AWS::ElasticLoadBalancingV2::ListenerRule')).length };
  };

  test('an app pinned to defaults version 0.1 keeps one load balancer per preview', () => {
    expect(ownLoadBalancer((s, network) => new PavedRoadService(s, 'Api', { network, image: IMAGE }), { [ContextKeys.DEFAULTS_VERSION]: '0.1' })).toEqual({ lbs: 1, rules: 0 });
  });

  test('sharedLoadBalancer: false', () => {
    expect(ownLoadBalancer((s, network) => new PavedRoadService(s, 'Api', { network, image: IMAGE }), {}, { sharedLoadBalancer: false })).toEqual({ lbs: 1, rules: 0 });
  });

  test.each([
    ['a certificate', (s: Construct) => ({ certificate: acm.Certificate.fromCertificateArn(s, 'Cert', `arn:aws:acm:us-east-1:${ENV.account}:certificate/00000000-0000-0000-0000-000000000000`) })],
    ['an internal load balancer', () => ({ publicLoadBalancer: false })],
    ['WAF', () => ({ waf: true })],
  ])('a service that asks for %s', (_what, extra) => {
    expect(ownLoadBalancer((s, network) => new PavedRoadService(s, 'Api', { network, image: IMAGE, ...extra(s) }))).toEqual({ lbs: 1, rules: 0 });
  });

  test('a service outside the PREVIEW profile never shares, even with the dev network object', () => {
    const { devStack, network } = platform();
    new PavedRoadService(devStack, 'Api', { network, image: IMAGE });
    Template.fromStack(devStack).resourceCountIs('AWS::ElasticLoadBalancingV2::ListenerRule', 0);
    Template.fromStack(devStack).resourceCountIs('AWS::ElasticLoadBalancingV2::LoadBalancer', 2);
  });
});

describe('listener rule priorities', () => {
  test('two services of a preview get distinct paths and their own derived priorities', () => {
    const { stack, preview } = platform();
    const network = preview.networkFor(stack);
    const api = new PavedRoadService(stack, 'Api', { network, image: IMAGE });
    const web = new PavedRoadService(stack, 'Web', { network, image: IMAGE });
    expect(sharedPathPrefix(api)).not.toBe(sharedPathPrefix(web));
    const priorities = Object.values(Template.fromStack(stack).findResources('AWS::ElasticLoadBalancingV2::ListenerRule')).map((r: any) => r.Properties.Priority);
    expect(priorities.sort()).toEqual([rulePriorityOf(sharedPathPrefix(api)), rulePriorityOf(sharedPathPrefix(web))].sort());
  });

  test('the same path always gets the same priority, so a redeployed preview keeps its rule', () => {
    expect(rulePriorityOf('/preview-a-1-checkout/api')).toBe(rulePriorityOf('/preview-a-1-checkout/api'));
    expect(rulePriorityOf('/preview-a-1-checkout/api')).not.toBe(rulePriorityOf('/preview-b-2-checkout/api'));
  });

  test('listenerRulePriority overrides the derived priority', () => {
    const { stack, preview } = platform();
    new PavedRoadService(stack, 'Api', { network: preview.networkFor(stack), image: IMAGE, listenerRulePriority: 4242 });
    Template.fromStack(stack).hasResourceProperties('AWS::ElasticLoadBalancingV2::ListenerRule', { Priority: 4242 });
  });

  test('two rules of one app with the same priority on the same listener are a synth error naming both', () => {
    const { app, stack, preview } = platform();
    const network = preview.networkFor(stack);
    new PavedRoadService(stack, 'Api', { network, image: IMAGE, listenerRulePriority: 7 });
    const other = preview.addStack('Other');
    new PavedRoadService(other, 'Web', { network: preview.networkFor(other), image: IMAGE, listenerRulePriority: 7 });
    expect(() => app.synth()).toThrow(/PavedRoadService '.*Checkout\/Api': its rule on the shared preview load balancer has priority 7, as the rule of '.*Other\/Web' does/);
  });

  test('a path longer than a path pattern allows (128 characters) is cut and ends in a hash of the whole path', () => {
    const { stack, preview } = platform();
    const deep = new Construct(new Construct(stack, 'TeamCheckoutPlatformComponentSegmentSegmentSegmentSegment0'), 'TeamCheckoutPlatformComponentSegmentSegmentSegmentSegment1');
    const service = new PavedRoadService(deep, 'Api', { network: preview.networkFor(stack), image: IMAGE });
    const prefix = sharedPathPrefix(service);
    expect(prefix.length + 2).toBeLessThanOrEqual(128);
    expect(prefix).toMatch(/^\/preview-feature-login-df7c7aeb3560d333-checkout\/teamcheckout.*-[0-9a-f]{16}$/);
  });
});
