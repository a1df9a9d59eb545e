// A consumer app on the newest aws-cdk-lib: every construct, every profile, all packs, strict.
const { App, Stack, Stage } = require('aws-cdk-lib');
const ecs = require('aws-cdk-lib/aws-ecs');
const acm = require('aws-cdk-lib/aws-certificatemanager');
const pr = require('paved-road-constructs');
// The newest aws-cdk-lib validates every template against CloudFormation's schema: make findings errors.
const app = new App({ outdir: 'cdk.out', context: { 'paved-road:owner': 'team-consumer', 'paved-road:cost-center': 'cc-1', '@aws-cdk/core:validateAgainstDefaultRules': true } });
const env = { account: '123456789012', region: 'eu-west-1' };
const stages = [];
for (const profile of ['dev', 'staging', 'prod', 'preview']) {
  const stage = new Stage(app, profile[0].toUpperCase() + profile.slice(1), { env });
  stage.node.setContext('paved-road:profile', profile);
  const stack = new Stack(stage, 'Platform');
  const network = new pr.PavedRoadNetwork(stack, 'Network', { parameterPrefix: `/consumer/${profile}/network` });
  const db = new pr.PavedRoadDatabase(stack, 'Database', { network });
  const aurora = new pr.PavedRoadDatabase(stack, 'Aurora', { network, engine: pr.DatabaseEngine.AURORA_POSTGRES_SERVERLESS });
  const cache = new pr.PavedRoadCache(stack, 'Cache', { network });
  const svc = new pr.PavedRoadService(stack, 'Api', {
    network, image: ecs.ContainerImage.fromRegistry('public.ecr.aws/nginx/nginx:stable'),
    certificate: profile === 'prod' ? acm.Certificate.fromCertificateArn(stack, 'Cert', 'arn:aws:acm:eu-west-1:123456789012:certificate/abc') : undefined,
    environment: { ...db.connectionEnvironment().environment, ...cache.connectionEnvironment().environment },
    secrets: { ...db.connectionEnvironment().secrets, ...cache.connectionEnvironment().secrets },
  });
  db.connections.allowDefaultPortFrom(svc); aurora.connections.allowDefaultPortFrom(svc); cache.connections.allowDefaultPortFrom(svc);
  if (profile === 'dev') new pr.PreviewReaper(stack, 'Reaper');
  stages.push(stage);
}
pr.PavedRoadGuardrails.enforce(app, { packs: ['nist-800-53-r5', 'hipaa-security', 'pci-dss-321'], strict: true, report: true, costEstimate: true });
const delivery = new Stack(app, 'Delivery', { env });
new pr.PavedRoadPipeline(delivery, 'Pipeline', {
  source: pr.PipelineSource.connection('acme/app', 'main', { connectionArn: 'arn:aws:codeconnections:eu-west-1:123456789012:connection/abc' }),
  stages: [{ name: 'dev', stage: stages[0] }, { name: 'prod', stage: stages[2] }],
});
const t0 = Date.now();
app.synth();
console.log(`synthesized with aws-cdk-lib ${require('aws-cdk-lib/package.json').version} in ${Date.now() - t0} ms: 4 profiles x (network, 2 databases, cache, service) + reaper + pipeline; library ${pr.PavedRoadConstruct.LIBRARY_VERSION}`);
