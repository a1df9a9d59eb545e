/*
 * The TypeScript app's source files: config, stage, preview, app and bin (typescript-stacks.ts has the stacks,
 * typescript-project.ts the project files). Each function returns one file's text.
 */
import { ScaffoldSettings } from './settings';

export function configTs(s: ScaffoldSettings): string {
  return `import { App, Environment } from 'aws-cdk-lib';
import { Profile } from 'paved-road-constructs';

/** The app's name: stack names, the Backstage system and the dev network's SSM prefix start with it. */
export const APP_NAME = '${s.name}';

/** The environments the pipeline deploys, in order. */
export const ENVIRONMENTS = [Profile.DEV, Profile.STAGING, Profile.PROD];

/** Where the dev network publishes its ids for previews to look it up. */
export const DEV_NETWORK_PARAMETERS = \`/\${APP_NAME}/dev/network\`;

/** The app's settings, from the \`app:\` context keys in cdk.json (or \`-c key=value\`). */
export interface AppConfig {
  /** The service's container image. */
  readonly image: string;
  /** \`owner/name\` of the repository the pipeline builds, its branch, and the CodeConnections connection to it. */
  readonly repository: string;
  readonly branch: string;
  readonly connectionArn: string;
  /** Account and region per environment; undefined: environment-agnostic (CDK sees two Availability Zones). */
  readonly environments: Record<string, Environment | undefined>;
  /** The ACM certificate of the prod load balancer (prod serves HTTPS only). */
  readonly prodCertificateArn: string;
  readonly notificationEmails: string[];
  /** Monthly budget per stack, in USD, per profile: the guardrails fail synthesis above it. */
  readonly monthlyBudgetsUsd: Record<string, number>;
  /** Whether this app deploys the account's preview roles and reaper (once per account and region). */
  readonly previewPlatform: boolean;
  /** Roles that may deploy previews by hand (\`cdk deploy -c branch=...\`). */
  readonly previewDeployerRoleArns: string[];
}

/** A context value, parsed when it came from the command line as a string. */
function context(app: App, key: string): unknown {
  const value = app.node.tryGetContext(key);
  if (typeof value === 'string' && /^[[{]|^(true|false)$/.test(value.trim())) return JSON.parse(value);
  return value;
}

function required<T>(app: App, key: string, check: (v: unknown) => v is T, what: string): T {
  const value = context(app, key);
  if (!check(value)) throw new Error(\`cdk.json: context '\${key}' is \${JSON.stringify(value)}; expected \${what}\`);
  return value;
}

const isString = (v: unknown): v is string => typeof v === 'string' && v.length > 0;
const isStrings = (v: unknown): v is string[] => Array.isArray(v) && v.every(isString);
const isBoolean = (v: unknown): v is boolean => typeof v === 'boolean';
const isRecord = (v: unknown): v is Record<string, any> => typeof v === 'object' && v !== null && !Array.isArray(v);

function environment(value: unknown, profile: string): Environment | undefined {
  if (!isRecord(value) || (value.account == null && value.region == null)) return undefined;
  if (!isString(value.account) || !isString(value.region)) {
    throw new Error(\`cdk.json: context 'app:environments' \${profile} needs both account and region (or neither), got \${JSON.stringify(value)}\`);
  }
  return { account: value.account, region: value.region };
}

export function readConfig(app: App): AppConfig {
  const environments = required(app, 'app:environments', isRecord, 'an object with dev, staging and prod');
  const budgets = required(app, 'app:monthly-budgets-usd', isRecord, 'an object of USD amounts per profile');
  for (const [profile, usd] of Object.entries(budgets)) {
    if (typeof usd !== 'number' || !(usd > 0)) throw new Error(\`cdk.json: context 'app:monthly-budgets-usd' \${profile} is \${JSON.stringify(usd)}; expected a positive number\`);
  }
  return {
    image: required(app, 'app:image', isString, 'a container image'),
    repository: required(app, 'app:repository', isString, 'owner/name of the repository'),
    branch: required(app, 'app:branch', isString, 'the branch the pipeline builds'),
    connectionArn: required(app, 'app:connection-arn', isString, 'the ARN of a CodeConnections connection'),
    environments: Object.fromEntries(ENVIRONMENTS.map((p) => [p, environment(environments[p], p)])),
    prodCertificateArn: required(app, 'app:prod-certificate-arn', isString, 'the ARN of an ACM certificate'),
    notificationEmails: required(app, 'app:notification-emails', isStrings, 'a list of e-mail addresses'),
    monthlyBudgetsUsd: budgets,
    previewPlatform: required(app, 'app:preview-platform', isBoolean, 'true or false'),
    previewDeployerRoleArns: required(app, 'app:preview-deployer-role-arns', isStrings, 'a list of role ARNs'),
  };
}
`;
}

export function environmentStageTs(): string {
  return `import { Stage, StageProps } from 'aws-cdk-lib';
import { Construct } from 'constructs';
import { ContextKeys, Profile } from 'paved-road-constructs';
import { APP_NAME, AppConfig, DEV_NETWORK_PARAMETERS } from './config';
import { DataStack } from './data-stack';
import { ServiceStack } from './service-stack';

export interface EnvironmentStageProps extends StageProps {
  readonly profile: Profile;
  readonly config: AppConfig;
}

/** One environment (dev, staging, prod): a data stack and a service stack, with the profile's defaults. */
export class EnvironmentStage extends Stage {
  public readonly profile: Profile;
  public readonly data: DataStack;
  public readonly service: ServiceStack;

  constructor(scope: Construct, id: string, props: EnvironmentStageProps) {
    super(scope, id, props);
    this.profile = props.profile;
    // Every paved-road construct in the stage takes its defaults, and the guardrails their packs, from this.
    this.node.setContext(ContextKeys.PROFILE, props.profile);
    const stackName = (part: string) => \`\${APP_NAME}-\${props.profile}-\${part}\`;
    this.data = new DataStack(this, 'Data', {
      stackName: stackName('data'),
      description: \`\${APP_NAME} \${props.profile}: network, database and cache\`,
      networkParameterPrefix: props.profile === Profile.DEV ? DEV_NETWORK_PARAMETERS : undefined,
    });
    this.service = new ServiceStack(this, 'Service', {
      stackName: stackName('service'),
      description: \`\${APP_NAME} \${props.profile}: the service\`,
      data: this.data,
      image: props.config.image,
      certificateArn: props.profile === Profile.PROD ? props.config.prodCertificateArn : undefined,
    });
  }
}
`;
}

export function previewTs(): string {
  return `import { App } from 'aws-cdk-lib';
import { PreviewEnvironment } from 'paved-road-constructs';
import { AppConfig, DEV_NETWORK_PARAMETERS } from './config';
import { DataStack } from './data-stack';
import { ServiceStack } from './service-stack';

/**
 * A preview of the app for \`-c branch=<branch>\`: its own database, cache and service, in the dev network,
 * tagged to expire (the PreviewReaper deletes it after its TTL). Undefined without the branch context.
 */
export function buildPreview(app: App, config: AppConfig): PreviewEnvironment | undefined {
  const branch = app.node.tryGetContext('branch');
  if (branch === undefined) return undefined;
  const env = config.environments.dev;
  if (!env) {
    throw new Error("A preview looks the dev network up: set the dev account and region in cdk.json (context 'app:environments').");
  }
  const preview = new PreviewEnvironment(app, 'Preview', { branch: String(branch), networkParameterPrefix: DEV_NETWORK_PARAMETERS, env });
  // Preview stacks keep their generated names (preview-<branch>-<stack>) and deploy through the preview roles.
  const data = new DataStack(preview.stage, 'Data', { synthesizer: preview.synthesizer, sharedNetwork: (stack) => preview.networkFor(stack) });
  new ServiceStack(preview.stage, 'Service', { synthesizer: preview.synthesizer, data, image: config.image });
  return preview;
}
`;
}

export function appTs(): string {
  return `import { App, Stage } from 'aws-cdk-lib';
import { BackstageCatalog, PavedRoadGuardrails, PreviewEnvironment } from 'paved-road-constructs';
import { APP_NAME, ENVIRONMENTS, readConfig } from './config';
import { DeliveryStack } from './delivery-stack';
import { EnvironmentStage } from './environment-stage';
import { buildPreview } from './preview';

export interface BuiltApp {
  readonly stages: EnvironmentStage[];
  readonly preview?: PreviewEnvironment;
  readonly delivery: DeliveryStack;
  readonly guardrails: PavedRoadGuardrails;
}

/** Builds the whole app into \`app\`: the environments, a preview (with -c branch=...), the guardrails and the pipeline. */
export function buildApp(app: App): BuiltApp {
  const config = readConfig(app);
  const stages = ENVIRONMENTS.map((profile) => new EnvironmentStage(app, profile.charAt(0).toUpperCase() + profile.slice(1), {
    profile,
    config,
    env: config.environments[profile],
  }));
  const preview = buildPreview(app, config);
  // After every stage exists and before the pipeline (CDK Pipelines synthesizes its stages as they are added).
  const guardrails = PavedRoadGuardrails.enforce(app, {
    report: true,
    requireCostCenter: true,
    cost: { estimate: true, profileMonthlyBudgets: config.monthlyBudgetsUsd },
  });
  BackstageCatalog.enable(app, { system: APP_NAME });
  const delivery = new DeliveryStack(app, 'Delivery', {
    stackName: \`\${APP_NAME}-delivery\`,
    description: \`\${APP_NAME}: delivery pipeline\`,
    env: config.environments.dev,
    config,
    stages,
  });
  return { stages, preview, delivery, guardrails };
}

/** Every stage of the app, the app's own stacks first. */
export function stagesOf(app: App): Stage[] {
  return [app, ...app.node.findAll().filter(Stage.isStage).filter((s) => s !== app)];
}
`;
}

export function binTs(): string {
  return `#!/usr/bin/env node
import { App } from 'aws-cdk-lib';
import { buildApp } from '../lib/app';

const app = new App();
try {
  // The pipeline synthesizes its stages as it adds them, so the guardrails can fail inside buildApp too.
  buildApp(app);
  app.synth();
} catch (e) {
  // The guardrails list every finding in one message: print it without a stack trace.
  console.error((e as Error).message);
  process.exit(1);
}
`;
}
