import { App, Stack, Stage } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import * as ecs from 'aws-cdk-lib/aws-ecs';
import { ENV } from './fixtures';
import { ALL_PACKS } from './nag';
import { devNetworkLookups } from './network-lookups';
import { DefaultsVersions, PavedRoadGuardrails, PavedRoadNetwork, PavedRoadService, PreviewDeployments, PreviewEnvironment, PreviewReaper, Profile } from '../src';

const PREFIX = '/checkout/dev/network';

/** The CLI's cached lookups of the dev network (cdk.context.json after the first `cdk synth -c branch=...`). */
const LOOKUPS = devNetworkLookups(PREFIX);

describe('PreviewEnvironment in the platform app (dev network, reaper, pull-request delivery, a preview of a service)', () => {
  // GIVEN the example's shape: a Dev stage publishing its network, and a preview of the app for `-c branch=...`
  const app = new App({ context: { 'paved-road:owner': 'team-checkout', 'paved-road:defaults-version': DefaultsVersions.LATEST, 'branch': 'feature/checkout-v2', ...LOOKUPS } });
  const dev = new Stage(app, 'Dev', { env: ENV });
  dev.node.setContext('paved-road:profile', Profile.DEV);
  const platform = new Stack(dev, 'Platform');
  new PavedRoadNetwork(platform, 'Network', { parameterPrefix: PREFIX });
  const reaper = new PreviewReaper(platform, 'PreviewReaper');
  new PreviewDeployments(platform, 'PreviewDeployments', { repositoryOwner: 'acme', repositoryName: 'checkout', previewRoles: reaper.previewRoles });

  const preview = new PreviewEnvironment(app, 'Preview', { branch: app.node.tryGetContext('branch'), networkParameterPrefix: PREFIX, env: ENV });
  const checkout = preview.addStack('Checkout');
  const service = new PavedRoadService(checkout, 'Api', {
    network: preview.networkFor(checkout),
    image: ecs.ContainerImage.fromRegistry('public.ecr.aws/nginx/nginx:stable'),
  });
  let synthError: Error | undefined;
  try {
    PavedRoadGuardrails.enforce(app, { packs: ALL_PACKS, strict: true });
    app.synth();
  } catch (e) {
    synthError = e as Error;
  }

  test('synthesizes with the guardrails (all four packs, strict) in both stages', () => {
    expect(synthError?.message).toBeUndefined();
  });

  test('the preview service is PREVIEW-sized, ARM64 on FARGATE_SPOT, in the shared dev VPC, and the preview has no VPC of its own', () => {
    expect(service.profile).toBe(Profile.PREVIEW);
    const t = Template.fromStack(checkout);
    t.hasResourceProperties('AWS::ECS::Service', {
      CapacityProviderStrategy: [{ CapacityProvider: 'FARGATE_SPOT', Weight: 1 }],
      NetworkConfiguration: { AwsvpcConfiguration: { Subnets: ['subnet-10', 'subnet-11'] } },
    });
    t.hasResourceProperties('AWS::ECS::TaskDefinition', { Cpu: '256', Memory: '512', RuntimePlatform: { CpuArchitecture: 'ARM64' } });
    t.resourceCountIs('AWS::EC2::VPC', 0);
    t.resourceCountIs('AWS::EC2::NatGateway', 0);
    t.resourceCountIs('AWS::EC2::Instance', 0);
    // it shares the dev network's load balancer: a rule, no load balancer (nor access-log bucket) of its own
    t.resourceCountIs('AWS::ElasticLoadBalancingV2::LoadBalancer', 0);
    t.resourceCountIs('AWS::ElasticLoadBalancingV2::ListenerRule', 1);
    t.resourceCountIs('AWS::S3::Bucket', 0);
  });

  test('the preview stack carries the reaper contract', () => {
    expect(checkout.stackName).toBe('preview-feature-checkout-v2-e23ba2d525bd4e0d-Checkout');
    expect(checkout.tags.tagValues()).toMatchObject({
      'paved-road:preview': 'true',
      'paved-road:preview-branch': 'feature/checkout-v2',
      'paved-road:expires-at': preview.expiresAt,
    });
  });
});
