/**
 * A service in the PREVIEW profile on the load balancer its dev network shares (`previewLoadBalancer`),
 * guardrails enforced on its stack (all four packs, strict): the stack must synthesize, and once
 * deployed the service's health path must answer 200 under its path on the shared load balancer (the
 * listener rule routes `<path>/*` to the tasks and takes `<path>` off the URL), while a path no
 * preview claims answers 404.
 *
 * The image answers 200 on any path on port 8080, runs as a non-root user and is built for ARM64
 * and X86_64, so it works with the service's defaults (ARM64, read-only root filesystem, /health).
 */
import { ExpectedResult, IntegTest } from '@aws-cdk/integ-tests-alpha';
import { App, Duration, Stack } from 'aws-cdk-lib';
import * as ecs from 'aws-cdk-lib/aws-ecs';
import { CompliancePack, PavedRoadGuardrails, PavedRoadNetwork, PavedRoadService, Profile } from '../src';

// pinned to the newest defaults, as a new app is: the shared preview load balancer needs the pin
const app = new App({ context: { 'paved-road:owner': 'team-platform', 'paved-road:defaults-version': '0.2' } });
const stack = new Stack(app, 'PavedRoadServicePreviewShared');
const network = new PavedRoadNetwork(stack, 'Network', { profile: Profile.DEV, parameterPrefix: '/paved-road-integ/shared/network' });
const service = new PavedRoadService(stack, 'Echo', {
  network,
  profile: Profile.PREVIEW,
  image: ecs.ContainerImage.fromRegistry('mendhak/http-https-echo:35'),
});
PavedRoadGuardrails.enforce(stack, {
  packs: [CompliancePack.AWS_SOLUTIONS, CompliancePack.NIST_800_53_R5, CompliancePack.HIPAA_SECURITY, CompliancePack.PCI_DSS_321],
  strict: true,
});

const integ = new IntegTest(app, 'ServicePreviewShared', { testCases: [stack] });

integ.assertions
  .httpApiCall(`${service.url}health`)
  .expect(ExpectedResult.objectLike({ status: 200 }))
  .waitForAssertions({ totalTimeout: Duration.minutes(10), interval: Duration.seconds(30) });

integ.assertions
  .httpApiCall(`${network.previewLoadBalancer!.url}/another-preview/health`)
  .expect(ExpectedResult.objectLike({ status: 404 }));
