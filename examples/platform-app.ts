/**
 * The example platform app: the environments the seeds describe, built only from what
 * `paved-road-constructs` exports, as a team would write it.
 *
 *   npm run example                      # synthesizes into cdk.out/ with the guardrails enforced
 *   npx cdk synth --app "npx ts-node examples/platform-app.ts"   # the same through the CDK CLI
 */
import { App, Stack, StackProps, Stage } from 'aws-cdk-lib';
import { Construct } from 'constructs';
import { PavedRoadGuardrails, PavedRoadNetwork, Profile } from '../src';

const ACCOUNT = process.env.CDK_DEFAULT_ACCOUNT ?? '123456789012';
const REGION = process.env.CDK_DEFAULT_REGION ?? 'us-east-1';

interface EnvironmentStackProps extends StackProps {
  readonly profile: Profile;
}

/** One environment of the platform: its shared network and cluster. */
class PlatformEnvironment extends Stack {
  public readonly network: PavedRoadNetwork;

  constructor(scope: Construct, id: string, props: EnvironmentStackProps) {
    super(scope, id, props);
    this.network = new PavedRoadNetwork(this, 'Network', { profile: props.profile });
  }
}

/** One Stage per environment; its context picks the profile of everything inside, and so its compliance packs. */
export function buildPlatformApp(app: App): Stage[] {
  return [Profile.DEV, Profile.PROD].map((profile) => {
    const stage = new Stage(app, profile === Profile.PROD ? 'Prod' : 'Dev', { env: { account: ACCOUNT, region: REGION } });
    stage.node.setContext('paved-road:profile', profile);
    new PlatformEnvironment(stage, 'Platform', {
      profile,
      description: `Checkout platform, ${profile} environment (paved-road-constructs example)`,
    });
    return stage;
  });
}

function main(): void {
  const app = new App({
    outdir: process.env.CDK_OUTDIR ?? 'cdk.out',
    context: { 'paved-road:owner': 'team-checkout', 'paved-road:cost-center': 'cc-4711' },
  });
  const stages = buildPlatformApp(app);
  // Last, after every stack and stage exists: the guardrails check everything below the app,
  // each stage with the packs of its own profile.
  PavedRoadGuardrails.enforce(app, { report: true });

  try {
    app.synth();
  } catch (e) {
    console.error((e as Error).message);
    console.error('\nguardrails: FAILED (synthesis refused)');
    process.exit(1);
  }
  console.log(`paved-road example synthesized into ${app.outdir}\n`);
  console.log('stack                     profile  packs                                    resources  warnings  acknowledged  guardrails');
  for (const stage of stages) {
    const guardrails = PavedRoadGuardrails.of(stage)!;
    const assembly = stage.synth();
    for (const stack of stage.node.findAll().filter(Stack.isStack)) {
      const resources = Object.keys(assembly.getStackByName(stack.stackName).template.Resources ?? {}).length;
      const under = (p: string) => p.startsWith(`${stack.node.path}/`);
      const warnings = guardrails.findings.filter((f) => under(f.path)).length;
      const acks = guardrails.acknowledgments.filter((a) => under(a.path)).length;
      console.log([
        stack.stackName.padEnd(25), guardrails.profile.padEnd(8), guardrails.packs.join(",").padEnd(40),
        String(resources).padStart(9), String(warnings).padStart(9), String(acks).padStart(13), '  passed',
      ].join(' '));
    }
  }
}

if (require.main === module) main();
