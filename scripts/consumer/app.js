// A consumer app on the installed aws-cdk-lib (the newest, and the lowest the peer range allows): every
// exported construct, every profile, all packs, strict. Run by check.sh against the packed tarball.
const { App, Stack, Stage } = require('aws-cdk-lib');
const ecs = require('aws-cdk-lib/aws-ecs');
const acm = require('aws-cdk-lib/aws-certificatemanager');
const { Construct } = require('constructs');
const pr = require('paved-road-constructs');

const env = { account: '123456789012', region: 'eu-west-1' };
const DEV_NETWORK = '/consumer/dev/network';
// What cdk.context.json holds after a first real `cdk synth` looked the dev network up (previews use it), with ids
// in the formats CloudFormation validation checks (17 hex digits).
const DEV_VPC = 'vpc-0de0000000000000a';
const devNetworkLookups = {
  [`ssm:account=${env.account}:parameterName=${DEV_NETWORK}/vpc-id:region=${env.region}`]: DEV_VPC,
  [`vpc-provider:account=${env.account}:filter.vpc-id=${DEV_VPC}:region=${env.region}:returnAsymmetricSubnets=true`]: {
    vpcId: DEV_VPC, vpcCidrBlock: '10.0.0.0/16', ownerAccountId: env.account, availabilityZones: [],
    subnetGroups: ['Public', 'Workload', 'Data'].map((name, g) => ({
      name,
      type: name === 'Public' ? 'Public' : name === 'Workload' ? 'Private' : 'Isolated',
      subnets: ['a', 'b'].map((az, i) => ({ subnetId: `subnet-0${g}${i}${'0'.repeat(14)}`, cidr: `10.0.${g * 2 + i}.0/24`, availabilityZone: `${env.region}${az}`, routeTableId: `rtb-0${g}${i}${'0'.repeat(14)}` })),
    })),
  },
};
// The newest aws-cdk-lib validates every template against CloudFormation's schema: make findings errors.
const app = new App({
  outdir: 'cdk.out',
  context: { 'paved-road:owner': 'team-consumer', 'paved-road:cost-center': 'cc-1', '@aws-cdk/core:validateAgainstDefaultRules': true, ...devNetworkLookups },
});
const image = ecs.ContainerImage.fromRegistry('public.ecr.aws/nginx/nginx:stable');
const stages = [];
for (const profile of ['dev', 'staging', 'prod', 'preview']) {
  const stage = new Stage(app, profile[0].toUpperCase() + profile.slice(1), { env });
  stage.node.setContext('paved-road:profile', profile);
  const stack = new Stack(stage, 'Platform');
  const network = new pr.PavedRoadNetwork(stack, 'Network', { parameterPrefix: profile === 'dev' ? DEV_NETWORK : `/consumer/${profile}/network` });
  const db = new pr.PavedRoadDatabase(stack, 'Database', { network });
  const aurora = new pr.PavedRoadDatabase(stack, 'Aurora', { network, engine: pr.DatabaseEngine.AURORA_POSTGRES_SERVERLESS });
  // MySQL too: the newest aws-cdk-lib's CloudFormation validation takes only full MySQL versions (E9006 on '8.4')
  const mysql = new pr.PavedRoadDatabase(stack, 'Mysql', { network, engine: pr.DatabaseEngine.MYSQL });
  const cache = new pr.PavedRoadCache(stack, 'Cache', { network });
  const svc = new pr.PavedRoadService(stack, 'Api', {
    network, image,
    certificate: profile === 'prod' ? acm.Certificate.fromCertificateArn(stack, 'Cert', 'arn:aws:acm:eu-west-1:123456789012:certificate/abc') : undefined,
    environment: { ...db.connectionEnvironment().environment, ...cache.connectionEnvironment().environment },
    secrets: { ...db.connectionEnvironment().secrets, ...cache.connectionEnvironment().secrets },
  });
  for (const store of [db, aurora, mysql, cache]) store.connections.allowDefaultPortFrom(svc);
  if (profile === 'dev') {
    // the platform's once-per-account preview machinery, whose Lambda handler is the bundled asset in the tarball
    const reaper = new pr.PreviewReaper(stack, 'Reaper');
    new pr.PreviewDeployments(stack, 'PreviewDeployments', { repositoryOwner: 'acme', repositoryName: 'app', previewRoles: reaper.previewRoles, stackSelector: 'PullRequestPreview/**' });
  }
  stages.push(stage);
}
// a pull request's preview in the shared dev network
// (not 'Preview': the stage of the PREVIEW profile above has that name)
const preview = new pr.PreviewEnvironment(app, 'PullRequestPreview', { branch: 'feature/consumer-check', networkParameterPrefix: DEV_NETWORK, env });
const previewStack = preview.addStack('App');
new pr.PavedRoadService(previewStack, 'Api', { network: preview.networkFor(previewStack), image });
// self-service: the golden path as a Service Catalog product in a portfolio
const catalog = new Stack(app, 'Catalog', { env });
const product = new pr.PavedRoadProduct(catalog, 'WebService', { productName: 'Web service', launchRoleName: 'PavedRoadWebServiceLaunch' });
new pr.PavedRoadPortfolio(catalog, 'Portfolio', { displayName: 'Golden paths', products: [product], shareWithAccounts: ['111122223333'] });
pr.BackstageCatalog.enable(app, { system: 'consumer' });
pr.PavedRoadGuardrails.enforce(app, { packs: ['nist-800-53-r5', 'hipaa-security', 'pci-dss-321'], strict: true, report: true, cost: { estimate: true } });
const delivery = new Stack(app, 'Delivery', { env });
new pr.PavedRoadPipeline(delivery, 'Pipeline', {
  source: pr.PipelineSource.connection('acme/app', 'main', { connectionArn: 'arn:aws:codeconnections:eu-west-1:123456789012:connection/abc' }),
  stages: [{ name: 'dev', stage: stages[0] }, { name: 'prod', stage: stages[2] }],
});

// Every construct class the package exports, except bases and parts that the ones above create themselves, is built.
const PARTS = new Set(['PavedRoadConstruct', 'GoldenPathStack', 'ProductNetwork', 'ImportedPreviewNetwork', 'ReaperFunction', 'ManagedPolicyRole', 'SubstitutedDashboard', 'PlaceholderWidget']);
const built = new Set(app.node.findAll().map((c) => c.constructor.name));
const exported = Object.entries(pr).filter(([name, v]) => typeof v === 'function' && v.prototype instanceof Construct && !PARTS.has(name)).map(([name]) => name);
const missing = exported.filter((name) => !built.has(name));
if (missing.length > 0) throw new Error(`consumer check: exported constructs not built by scripts/consumer/app.js: ${missing.join(', ')}`);

const t0 = performance.now();
app.synth();
console.log(`synthesized with aws-cdk-lib ${require('aws-cdk-lib/package.json').version} in ${Math.round(performance.now() - t0)} ms: ` +
  `${exported.length} exported constructs (${exported.join(', ')}); 4 profiles x (network, 3 databases: PostgreSQL, Aurora, MySQL; cache, service) + reaper, preview deployments, a preview, catalog, pipeline; library ${pr.PavedRoadConstruct.LIBRARY_VERSION}`);
