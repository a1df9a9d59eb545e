/**
 * A dev-profile service deployed with ECS's CANARY strategy (short bake times so a real deployment
 * finishes in minutes), guardrails enforced on its stack (all four packs, strict). Once deployed: the
 * service answers 200 through the production rule, and the smoke-test hook, invoked as ECS invokes it
 * at POST_TEST_TRAFFIC_SHIFT, reaches the tasks through the test listener rule and answers SUCCEEDED.
 *
 * The image answers 200 on any path on port 8080, runs as a non-root user and is built for ARM64.
 */
import { ExpectedResult, IntegTest, Match } from '@aws-cdk/integ-tests-alpha';
import { App, Duration, Stack } from 'aws-cdk-lib';
import * as ecs from 'aws-cdk-lib/aws-ecs';
import { CompliancePack, PavedRoadGuardrails, PavedRoadNetwork, PavedRoadService, Profile } from '../src';

const app = new App({ context: { 'paved-road:owner': 'team-platform', 'paved-road:profile': Profile.DEV } });
const stack = new Stack(app, 'PavedRoadServiceCanary');
const network = new PavedRoadNetwork(stack, 'Network');
const service = new PavedRoadService(stack, 'Echo', {
  network,
  image: ecs.ContainerImage.fromRegistry('mendhak/http-https-echo:35'),
  deployment: {
    strategy: ecs.DeploymentStrategy.CANARY,
    canaryPercent: 10,
    stepBakeTime: Duration.minutes(1),
    bakeTime: Duration.minutes(1),
  },
});
PavedRoadGuardrails.enforce(stack, {
  packs: [CompliancePack.AWS_SOLUTIONS, CompliancePack.NIST_800_53_R5, CompliancePack.HIPAA_SECURITY, CompliancePack.PCI_DSS_321],
  strict: true,
});

const integ = new IntegTest(app, 'ServiceCanary', { testCases: [stack] });

integ.assertions
  .httpApiCall(`${service.url}/health`)
  .expect(ExpectedResult.objectLike({ status: 200 }))
  .waitForAssertions({ totalTimeout: Duration.minutes(10), interval: Duration.seconds(30) });

// ECS's lifecycle payload at the stage the hook runs at; between deployments the test rule forwards to
// the running revision, so the smoke test must pass.
integ.assertions.invokeFunction({
  functionName: service.smokeTestFunction!.functionName,
  payload: JSON.stringify({
    lifecycleStage: 'POST_TEST_TRAFFIC_SHIFT',
    executionDetails: { serviceArn: service.service.serviceArn },
  }),
}).expect(ExpectedResult.objectLike({
  StatusCode: 200,
  Payload: Match.objectLike({ hookStatus: 'SUCCEEDED' }),
})).waitForAssertions({ totalTimeout: Duration.minutes(10), interval: Duration.seconds(30) });
