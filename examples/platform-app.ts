/**
 * The example platform app: the environments the seeds describe, built only from what
 * `paved-road-constructs` exports, as a team would write it.
 *
 *   npm run example                        # synthesizes into cdk.out/ with the full guardrails
 *   npm run example -- -c branch=feature/x # ... plus a preview of the app for that branch
 *
 * Through the CDK CLI: `npx cdk synth --app "npx ts-node examples/platform-app.ts"`.
 */
import { App, Stack, StackProps, Stage } from 'aws-cdk-lib';
import * as acm from 'aws-cdk-lib/aws-certificatemanager';
import * as ecs from 'aws-cdk-lib/aws-ecs';
import { Construct } from 'constructs';
import {
  PavedRoadCache, PavedRoadDatabase, PavedRoadGuardrails, PavedRoadNetwork, PavedRoadPipeline, PavedRoadService,
  PipelineSource, PreviewDeployments, PreviewEnvironment, PreviewReaper, Profile,
} from '../src';

const ACCOUNT = process.env.CDK_DEFAULT_ACCOUNT ?? '123456789012';
const REGION = process.env.CDK_DEFAULT_REGION ?? 'us-east-1';
/** Where the dev network publishes its ids for previews to look up. */
const DEV_NETWORK_PARAMETERS = '/checkout/dev/network';
/** Listens on 8080 and answers 200 on every path, including the default health path /health. */
const IMAGE = 'mendhak/http-https-echo:35';

interface EnvironmentStackProps extends StackProps {
  readonly profile: Profile;
}

/** One environment of the checkout platform: network, service, database and cache. */
class CheckoutEnvironment extends Stack {
  public readonly network: PavedRoadNetwork;
  public readonly service: PavedRoadService;

  constructor(scope: Construct, id: string, props: EnvironmentStackProps) {
    super(scope, id, props);
    const prod = props.profile === Profile.PROD;
    this.network = new PavedRoadNetwork(this, 'Network', {
      profile: props.profile,
      parameterPrefix: props.profile === Profile.DEV ? DEV_NETWORK_PARAMETERS : undefined,
    });
    const database = new PavedRoadDatabase(this, 'Database', { network: this.network, profile: props.profile });
    const cache = new PavedRoadCache(this, 'Cache', { network: this.network, profile: props.profile });
    const db = database.connectionEnvironment();
    const redis = cache.connectionEnvironment();
    this.service = new PavedRoadService(this, 'Checkout', {
      network: this.network,
      profile: props.profile,
      image: ecs.ContainerImage.fromRegistry(IMAGE),
      environment: { ...db.environment, ...redis.environment },
      secrets: { ...db.secrets, ...redis.secrets },
      // prod serves HTTPS only: a certificate is required there (the ARN is the team's own)
      certificate: prod
        ? acm.Certificate.fromCertificateArn(this, 'Certificate', `arn:aws:acm:${REGION}:${ACCOUNT}:certificate/00000000-0000-0000-0000-000000000000`)
        : undefined,
    });
    // The service opens the paths: the ingress rules go where the service is, so moving the data
    // stores into a stack of their own later creates no dependency cycle.
    this.service.connections.allowToDefaultPort(database);
    this.service.connections.allowToDefaultPort(cache);
    database.grantConnect(this.service, 'checkout_app');

    if (props.profile === Profile.DEV) {
      // once per account and region: the platform's preview cleanup and pull-request previews
      const reaper = new PreviewReaper(this, 'PreviewReaper', { dryRun: true });
      new PreviewDeployments(this, 'PreviewDeployments', { repositoryOwner: 'acme', repositoryName: 'checkout', previewRoles: reaper.previewRoles });
    }
  }
}

/** One Stage per environment; its context picks the profile of everything inside, and so its compliance packs. */
export function buildPlatformApp(app: App, profiles: Profile[] = [Profile.DEV, Profile.PROD]): Stage[] {
  return profiles.map((profile) => {
    const stage = new Stage(app, profile.charAt(0).toUpperCase() + profile.slice(1), { env: { account: ACCOUNT, region: REGION } });
    stage.node.setContext('paved-road:profile', profile);
    new CheckoutEnvironment(stage, 'Checkout', {
      profile,
      description: `Checkout platform, ${profile} environment (paved-road-constructs example)`,
    });
    return stage;
  });
}

/** A preview of the checkout service for `-c branch=...`, in the shared dev network. */
export function buildPreview(app: App): Stage | undefined {
  const branch = app.node.tryGetContext('branch');
  if (!branch) return undefined;
  const preview = new PreviewEnvironment(app, 'Preview', { branch, networkParameterPrefix: DEV_NETWORK_PARAMETERS, env: { account: ACCOUNT, region: REGION } });
  const stack = preview.addStack('Checkout', { description: `Checkout preview of ${branch}` });
  new PavedRoadService(stack, 'Checkout', { network: preview.networkFor(stack), image: ecs.ContainerImage.fromRegistry(IMAGE) });
  return preview.stage;
}

/** The delivery pipeline: from the repository through tests and the security scan to each stage in order, prod after approval. */
export function buildDelivery(app: App, stages: Stage[]): PavedRoadPipeline {
  const delivery = new Stack(app, 'Delivery', { env: { account: ACCOUNT, region: REGION } });
  return new PavedRoadPipeline(delivery, 'Pipeline', {
    source: PipelineSource.connection('acme/checkout', 'main', { connectionArn: `arn:aws:codeconnections:${REGION}:${ACCOUNT}:connection/00000000-0000-0000-0000-000000000000` }),
    stages: stages.map((stage) => ({ name: stage.stageName.toLowerCase(), stage })),
    notificationEmails: ['team-checkout@example.com'],
  });
}

/**
 * What `cdk.context.json` holds after the first real `cdk synth -c branch=...` looked the dev network
 * up; given here so the example synthesizes offline.
 */
export function cachedDevNetworkLookups(): Record<string, unknown> {
  return {
    [`ssm:account=${ACCOUNT}:parameterName=${DEV_NETWORK_PARAMETERS}/vpc-id:region=${REGION}`]: 'vpc-0123456789abcdef0',
    [`vpc-provider:account=${ACCOUNT}:filter.vpc-id=vpc-0123456789abcdef0:region=${REGION}:returnAsymmetricSubnets=true`]: {
      vpcId: 'vpc-0123456789abcdef0',
      vpcCidrBlock: '10.0.0.0/16',
      ownerAccountId: ACCOUNT,
      availabilityZones: [],
      subnetGroups: ['Public', 'Workload', 'Data'].map((name, g) => ({
        name,
        type: name === 'Public' ? 'Public' : name === 'Workload' ? 'Private' : 'Isolated',
        subnets: ['a', 'b'].map((az, i) => ({
          subnetId: `subnet-0${g}${i}0000000000000`, cidr: `10.0.${g * 16 + i}.0/24`, availabilityZone: `${REGION}${az}`, routeTableId: `rtb-0${g}${i}000000000000`,
        })),
      })),
    },
  };
}

/** `-c key=value` / `--context key=value` from the command line, as the CDK CLI would pass them. */
function contextFromArgs(argv: string[]): Record<string, string> {
  const context: Record<string, string> = {};
  argv.forEach((arg, i) => {
    if ((arg === '-c' || arg === '--context') && argv[i + 1]?.includes('=')) {
      const [key, ...value] = argv[i + 1].split('=');
      context[key] = value.join('=');
    }
  });
  return context;
}

function main(): void {
  const app = new App({
    outdir: process.env.CDK_OUTDIR ?? 'cdk.out',
    context: {
      'paved-road:owner': 'team-checkout',
      'paved-road:cost-center': 'cc-4711',
      // what cdk.json holds: the defaults this app was written for (UPGRADING.md)
      'paved-road:defaults-version': '0.2',
      ...cachedDevNetworkLookups(),
      ...contextFromArgs(process.argv.slice(2)),
    },
  });
  const stages = buildPlatformApp(app);
  const preview = buildPreview(app);
  // The guardrails go on before the pipeline: CDK Pipelines synthesizes each stage as it is added,
  // and the pipeline checks its stages with the guardrails it finds on the app.
  PavedRoadGuardrails.enforce(app, { report: true, cost: { estimate: true }, requireCostCenter: true });
  buildDelivery(app, stages);

  try {
    app.synth();
  } catch (e) {
    console.error((e as Error).message);
    console.error('\nguardrails: FAILED (synthesis refused)');
    process.exit(1);
  }
  console.log(`\npaved-road example synthesized into ${app.outdir}\n`);
  const scopes: Construct[] = [app, ...stages, ...(preview ? [preview] : [])];
  const width = Math.max(30, ...app.node.findAll().filter(Stack.isStack).map((s) => s.stackName.length));
  console.log(`${'stack'.padEnd(width)} profile  ${'packs'.padEnd(40)} resources  warnings  acknowledged  guardrails`);
  for (const scope of scopes) {
    const guardrails = PavedRoadGuardrails.of(scope)!;
    const assembly = (Stage.isStage(scope) ? scope : app).synth();
    for (const stack of scope.node.findAll().filter(Stack.isStack).filter((s) => Stage.of(s) === (Stage.isStage(scope) ? scope : app))) {
      const resources = Object.keys(assembly.getStackByName(stack.stackName).template.Resources ?? {}).length;
      const under = (p: string) => p.startsWith(`${stack.node.path}/`);
      const warnings = guardrails.findings.filter((f) => under(f.path)).length;
      const acks = guardrails.acknowledgments.filter((a) => under(a.path)).length;
      console.log([
        stack.stackName.padEnd(width), guardrails.profile.padEnd(8), guardrails.packs.join(',').padEnd(40),
        String(resources).padStart(9), String(warnings).padStart(9), String(acks).padStart(13), '  passed',
      ].join(' '));
    }
  }
}

if (require.main === module) main();
