import { ExpectedResult, IntegTest, Match } from '@aws-cdk/integ-tests-alpha';
import { App, CfnOutput, Stack, Stage, StageProps } from 'aws-cdk-lib';
import * as ssm from 'aws-cdk-lib/aws-ssm';
import { Construct } from 'constructs';
import { PavedRoadGuardrails, PavedRoadPipeline, PipelineSource } from '../src';

/**
 * A team's pipeline from a CodeConnections repository to dev and prod: synth, security scan,
 * dev with a smoke test, approval, prod, and its delivery metrics. Deployed, the assertions read the
 * pipeline back and check its stage order and that prod waits for an approval, and hand the delivery
 * metrics recorder an alarm event of the documented shape, which it must record.
 *
 * Pass a real connection with `-c connectionArn=arn:aws:codeconnections:...` to deploy it.
 */
const env = { account: process.env.CDK_DEFAULT_ACCOUNT, region: process.env.CDK_DEFAULT_REGION };

class ServiceStage extends Stage {
  public readonly url: CfnOutput;
  constructor(scope: Construct, id: string, props: StageProps = {}) {
    super(scope, id, props);
    const stack = new Stack(this, 'Service');
    const endpoint = new ssm.StringParameter(stack, 'Endpoint', { stringValue: `https://${id.toLowerCase()}.example.com/health` });
    this.url = new CfnOutput(stack, 'Url', { value: endpoint.stringValue });
  }
}

const app = new App({ context: { 'paved-road:owner': 'team-integ' } });
const stack = new Stack(app, 'PavedRoadPipelineDelivery', { env });
// The guardrails on the pipeline stack also check the stages the pipeline deploys.
PavedRoadGuardrails.enforce(stack);

const connectionArn = app.node.tryGetContext('connectionArn')
  ?? 'arn:aws:codeconnections:us-east-1:123456789012:connection/00000000-0000-0000-0000-000000000000';
const dev = new ServiceStage(stack, 'Dev', { env });
const delivery = new PavedRoadPipeline(stack, 'Delivery', {
  source: PipelineSource.connection('my-org/my-service', 'main', { connectionArn }),
  stages: [
    { name: 'dev', stage: dev, smokeTestCommands: ['test -n "$SERVICE_URL"', 'echo "dev answers at $SERVICE_URL"'], smokeTestOutputs: { SERVICE_URL: dev.url } },
    { name: 'prod', stage: new ServiceStage(stack, 'Prod', { env }) },
  ],
});

// The assertions live in the pipeline's environment so they can read its name.
const assertionStack = new Stack(app, 'PavedRoadPipelineDeliveryAssertions', { env });
const integ = new IntegTest(app, 'PavedRoadPipelineDeliveryTest', { testCases: [stack], assertionStack });
integ.assertions.awsApiCall('CodePipeline', 'getPipeline', { name: delivery.pipeline.pipelineName })
  .expect(ExpectedResult.objectLike({
    pipeline: {
      pipelineType: 'V2',
      stages: Match.arrayWith([
        Match.objectLike({ name: 'SecurityScan' }),
        Match.objectLike({ name: 'Dev' }),
        Match.objectLike({ name: 'Prod', actions: Match.arrayWith([Match.objectLike({ name: 'Approve', actionTypeId: Match.objectLike({ category: 'Approval' }) })]) }),
      ]),
    },
  }));

// The recorder records an alarm of the service in prod (CloudWatch Alarm State Change, as EventBridge sends it through
// the DeliveryMetrics rules): it reads and writes its state table through its own role and key.
integ.assertions.invokeFunction({
  functionName: delivery.deliveryMetrics!.recorderFunction.functionName,
  payload: JSON.stringify({
    tracked: { kind: 'alarm', service: 'my-service', stage: 'Prod' },
    event: {
      'version': '0',
      'id': 'c4c1c1c9-6542-e61b-6ef0-8c4d36933a92',
      'detail-type': 'CloudWatch Alarm State Change',
      'source': 'aws.cloudwatch',
      'account': '123456789012',
      'time': '2026-11-22T12:00:00Z',
      'region': 'us-east-1',
      'resources': ['arn:aws:cloudwatch:us-east-1:123456789012:alarm:my-service-5xx'],
      'detail': { alarmName: 'my-service-5xx', state: { value: 'ALARM' }, previousState: { value: 'OK' } },
    },
  }),
}).expect(ExpectedResult.objectLike({ Payload: Match.stringLikeRegexp('"recorded":true') }));
