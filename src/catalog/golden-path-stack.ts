import { Tags } from 'aws-cdk-lib';
import * as acm from 'aws-cdk-lib/aws-certificatemanager';
import * as ecs from 'aws-cdk-lib/aws-ecs';
import * as s3 from 'aws-cdk-lib/aws-s3';
import * as s3deploy from 'aws-cdk-lib/aws-s3-deployment';
import * as servicecatalog from 'aws-cdk-lib/aws-servicecatalog';
import { Construct } from 'constructs';
import { LaunchScope } from './launch-scope';
import { ProductNetwork } from './product-network';
import { declareProductParameters, ProductParameters } from './product-parameters';
import { boundProductStack } from './product-stack-bounds';
import { PavedRoadCache } from '../cache/cache';
import { ContextKeys } from '../core/context';
import { Profile } from '../core/profile';
import { PavedRoadDatabase } from '../database/database';
import { DatabaseEngine } from '../database/database-engine';
import { serviceDefaults } from '../service/defaults';
import { PavedRoadService } from '../service/service';

/** What one product version is built for. @internal */
export interface GoldenPathStackProps {
  readonly profile: Profile;
  readonly owner: string;
  readonly costCenter?: string;
  readonly engine?: DatabaseEngine;
  readonly cache: boolean;
  readonly networkParameterPrefix: string;
  readonly availabilityZones: number;
  readonly assetBucket: s3.IBucket;
  readonly assetKeyId: string;
  readonly description: string;
  /** What the product's launch role may touch: the template marks what it creates accordingly. */
  readonly launchScope: LaunchScope;
}

/** The tag carrying the ApplicationName a developer provisioned. @internal */
export const APPLICATION_TAG = 'paved-road:application';

/**
 * The template of one product version: a `PavedRoadService` (with a `PavedRoadDatabase` and a
 * `PavedRoadCache` it is connected to, when the product has them) in the environment's shared
 * network, sized and named by the provisioning parameters. Every role it creates carries the
 * product's permissions boundary, and what it creates is marked for the launch role's scope
 * (`boundProductStack`).
 *
 * @internal
 */
export class GoldenPathStack extends servicecatalog.ProductStack {
  public readonly parameters: ProductParameters;
  public readonly service: PavedRoadService;
  public readonly database?: PavedRoadDatabase;
  public readonly cache?: PavedRoadCache;

  constructor(scope: Construct, id: string, props: GoldenPathStackProps) {
    super(scope, id, {
      assetBucket: props.assetBucket,
      serverSideEncryption: s3deploy.ServerSideEncryption.AWS_KMS,
      serverSideEncryptionAwsKmsKeyId: props.assetKeyId,
      description: props.description,
    });
    // The template is built for one profile whatever the portfolio stack's profile is: the checks
    // that read the profile from context (PavedRoad pack) must see this one.
    this.node.setContext(ContextKeys.PROFILE, props.profile);
    const common = { profile: props.profile, owner: props.owner, costCenter: props.costCenter };
    const p = declareProductParameters(this, props.profile, serviceDefaults(props.profile), props.engine);
    this.parameters = p;
    Tags.of(this).add(APPLICATION_TAG, p.applicationName.valueAsString);
    boundProductStack(this, props.launchScope);

    const network = new ProductNetwork(this, 'Network', props.networkParameterPrefix, props.availabilityZones, props.profile);
    this.database = props.engine === undefined ? undefined : new PavedRoadDatabase(this, 'Database', { ...common, network, engine: props.engine });
    this.cache = props.cache ? new PavedRoadCache(this, 'Cache', { ...common, network }) : undefined;
    const dbEnv = this.database?.connectionEnvironment();
    const cacheEnv = this.cache?.connectionEnvironment();
    this.service = new PavedRoadService(this, 'Service', {
      ...common,
      network,
      image: ecs.ContainerImage.fromRegistry(p.image.valueAsString),
      cpu: p.cpu.valueAsNumber,
      memoryMiB: p.memory.valueAsNumber,
      certificate: p.certificateArn ? acm.Certificate.fromCertificateArn(this, 'Certificate', p.certificateArn.valueAsString) : undefined,
      environment: { APPLICATION_NAME: p.applicationName.valueAsString, ...dbEnv?.environment, ...cacheEnv?.environment },
      secrets: { ...dbEnv?.secrets, ...cacheEnv?.secrets },
      // Rolling in every version: a blue/green or canary template adds a smoke-test function and roles
      // ECS assumes, which the launch role may not create or pass (no lambda:*, no PassRole to ECS).
      deployment: { strategy: ecs.DeploymentStrategy.ROLLING },
    });
    this.database?.connections.allowDefaultPortFrom(this.service);
    this.cache?.connections.allowDefaultPortFrom(this.service);
  }
}
