/*
 * The TypeScript app's stacks: lib/data-stack.ts, lib/service-stack.ts and lib/delivery-stack.ts of the scaffold.
 * Each function returns one file's text.
 */

export function dataStackTs(): string {
  return `import { Stack, StackProps } from 'aws-cdk-lib';
import { Construct } from 'constructs';
import { IPavedRoadNetwork, PavedRoadCache, PavedRoadDatabase, PavedRoadNetwork } from 'paved-road-constructs';

export interface DataStackProps extends StackProps {
  /** Publish the network's ids as SSM parameters under this prefix (the dev network, for previews). */
  readonly networkParameterPrefix?: string;
  /** A network shared with another environment (previews use the dev network); else the stack creates one. */
  readonly sharedNetwork?: (stack: Stack) => IPavedRoadNetwork;
}

/** The network and the data stores of one environment. Their profile comes from the stage's context. */
export class DataStack extends Stack {
  public readonly network: IPavedRoadNetwork;
  public readonly database: PavedRoadDatabase;
  public readonly cache: PavedRoadCache;

  constructor(scope: Construct, id: string, props: DataStackProps = {}) {
    super(scope, id, props);
    this.network = props.sharedNetwork
      ? props.sharedNetwork(this)
      : new PavedRoadNetwork(this, 'Network', { parameterPrefix: props.networkParameterPrefix });
    this.database = new PavedRoadDatabase(this, 'Database', { network: this.network });
    this.cache = new PavedRoadCache(this, 'Cache', { network: this.network });
  }
}
`;
}

export function serviceStackTs(): string {
  return `import { Annotations, Stack, StackProps } from 'aws-cdk-lib';
import * as acm from 'aws-cdk-lib/aws-certificatemanager';
import * as ecs from 'aws-cdk-lib/aws-ecs';
import { Construct } from 'constructs';
import { PavedRoadService } from 'paved-road-constructs';
import { DataStack } from './data-stack';

export interface ServiceStackProps extends StackProps {
  readonly data: DataStack;
  readonly image: string;
  /** The load balancer's certificate (required in prod, which serves HTTPS only). */
  readonly certificateArn?: string;
}

/** The service of one environment, wired to the database and cache of its data stack. */
export class ServiceStack extends Stack {
  public readonly service: PavedRoadService;

  constructor(scope: Construct, id: string, props: ServiceStackProps) {
    super(scope, id, props);
    const { database, cache, network } = props.data;
    const db = database.connectionEnvironment();
    const redis = cache.connectionEnvironment();
    this.service = new PavedRoadService(this, 'Api', {
      network,
      image: ecs.ContainerImage.fromRegistry(props.image),
      environment: { ...db.environment, ...redis.environment },
      secrets: { ...db.secrets, ...redis.secrets },
      certificate: props.certificateArn ? acm.Certificate.fromCertificateArn(this, 'Certificate', props.certificateArn) : undefined,
    });
    // Open the path from the service's side: the rules live in this stack, so the data stack never
    // depends on the service stack (database.connections.allowDefaultPortFrom(service) would be a cycle).
    this.service.connections.allowToDefaultPort(database);
    this.service.connections.allowToDefaultPort(cache);
    // The service's security group already allows all outbound traffic, so CDK adds only the ingress half of
    // each rule, and says so in a warning that needs no action.
    Annotations.of(this.service).acknowledgeWarning('@aws-cdk/aws-ec2:ipv4IgnoreEgressRule', 'the service security group allows all outbound traffic');
  }
}
`;
}

export function deliveryStackTs(): string {
  return `import { Stack, StackProps } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import { Construct } from 'constructs';
import { PavedRoadPipeline, PipelineSource, PreviewReaper, PreviewRoles } from 'paved-road-constructs';
import { AppConfig } from './config';
import { EnvironmentStage } from './environment-stage';

export interface DeliveryStackProps extends StackProps {
  readonly config: AppConfig;
  readonly stages: EnvironmentStage[];
}

/** The pipeline that deploys every environment in order (prod after an approval), and the account's preview cleanup. */
export class DeliveryStack extends Stack {
  public readonly pipeline: PavedRoadPipeline;
  public readonly reaper?: PreviewReaper;

  constructor(scope: Construct, id: string, props: DeliveryStackProps) {
    super(scope, id, props);
    const { config } = props;
    if (config.previewPlatform) {
      // Once per account and region (its roles are named per region): set app:preview-platform to false in
      // cdk.json when the platform team already runs it where previews deploy.
      const previewRoles = new PreviewRoles(this, 'PreviewRoles', {
        deployers: config.previewDeployerRoleArns.map((arn, i) => iam.Role.fromRoleArn(this, \`PreviewDeployer\${i}\`, arn)),
      });
      this.reaper = new PreviewReaper(this, 'PreviewReaper', { previewRoles });
    }
    this.pipeline = new PavedRoadPipeline(this, 'Pipeline', {
      source: PipelineSource.connection(config.repository, config.branch, { connectionArn: config.connectionArn }),
      stages: props.stages.map((stage) => ({ name: stage.profile, stage })),
      notificationEmails: config.notificationEmails,
    });
  }
}
`;
}
