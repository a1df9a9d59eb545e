import { AspectPriority, Aspects, CfnResource, Stack } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as s3 from 'aws-cdk-lib/aws-s3';
import * as servicecatalog from 'aws-cdk-lib/aws-servicecatalog';
import { Construct } from 'constructs';
import { createAssetBucket } from './asset-bucket';
import { AssetDeploymentAcknowledgments } from './asset-deployment-acknowledgments';
import { GoldenPathStack } from './golden-path-stack';
import { createLaunchRole } from './launch-role';
import { LaunchScope, launchScopeOf } from './launch-scope';
import { createPermissionsBoundary } from './permissions-boundary';
import { PavedRoadConstruct, PavedRoadConstructProps } from '../core/paved-road-construct';
import { Profile } from '../core/profile';
import { isIntegerIn, Kind, KIND_WORDS, PropValidator, SHAPES } from '../core/validation';
import { DatabaseEngine } from '../database/database-engine';
import { networkDefaults } from '../network/defaults';

/**
 * Props of `PavedRoadProduct`.
 */
export interface PavedRoadProductProps extends PavedRoadConstructProps {
  /** Name of the product developers see in Service Catalog (1 to 100 characters). */
  readonly productName: string;

  /**
   * What the product gives a developer, shown in Service Catalog.
   *
   * @default - a description of the golden path (service, database, cache).
   */
  readonly description?: string;

  /**
   * The profiles a developer can provision: one product version per profile (and per engine).
   * The profile picks every default at synth time, so it is a version rather than a parameter.
   *
   * @default [Profile.DEV, Profile.STAGING, Profile.PROD]
   */
  readonly profiles?: Profile[];

  /**
   * The database engines a developer can choose: one product version per engine (and per profile).
   * An empty list publishes a service without a database.
   *
   * @default [DatabaseEngine.POSTGRES]
   */
  readonly databaseEngines?: DatabaseEngine[];

  /**
   * Whether the golden path includes a `PavedRoadCache` the service is connected to.
   *
   * @default true
   */
  readonly cache?: boolean;

  /**
   * The prefix under which the environment's `PavedRoadNetwork` publishes its SSM parameters
   * (`parameterPrefix`) in the accounts the product is provisioned in; `{profile}` is replaced by
   * the version's profile.
   *
   * @default '/paved-road/{profile}/network'
   */
  readonly networkParameterPrefix?: string;

  /**
   * Number of Availability Zones the environment's network spans (its published subnet lists have
   * this many entries).
   *
   * @default - the profile's `maxAzs` (3 in prod, 2 elsewhere).
   */
  readonly availabilityZones?: number;

  /**
   * The bucket Service Catalog reads the product's assets from (product stacks need one).
   * Must be encrypted with `assetKey`.
   *
   * @default - a new KMS-encrypted, SSL-only, versioned, access-logged bucket.
   */
  readonly assetBucket?: s3.IBucket;

  /**
   * The key that encrypts `assetBucket`. Required with `assetBucket`.
   *
   * @default - a new rotated key, when the bucket is new.
   */
  readonly assetKey?: kms.IKey;

  /**
   * Name of the launch role. Required when the portfolio is shared with other accounts: Service
   * Catalog then uses a role of this name in each account (a local launch role), which the platform
   * deploys there (e.g. with a StackSet) together with the product's permissions boundary under
   * its name (`permissionsBoundaryName`): the product's templates refer to it by that name.
   *
   * @default - a generated name; the product can then only be launched in this account.
   */
  readonly launchRoleName?: string;

  /**
   * E-mail address developers contact for support.
   *
   * @default - no support e-mail.
   */
  readonly supportEmail?: string;
}

const PRODUCT_NAME = /^.{1,100}$/s;
const ENGINES = Object.values(DatabaseEngine) as string[];
const PROFILES = Object.values(Profile) as string[];

/**
 * The kind of every prop, before any code reads it: TypeScript's types do not protect JavaScript
 * callers, and jsii loosens them for Python and Java.
 */
function validateProductKinds(v: PropValidator, props: PavedRoadProductProps): void {
  if (props.productName !== null) v.kind('productName', props.productName, Kind.string, '1 to 100 characters without leading or trailing spaces');
  v.kind('description', props.description, Kind.string, KIND_WORDS.string);
  v.kind('profiles', props.profiles, Array.isArray, `a non-empty list of distinct profiles (${PROFILES.join(', ')})`);
  v.kind('databaseEngines', props.databaseEngines, Array.isArray, `a list of distinct engines (${ENGINES.join(', ')}), empty for no database`);
  v.kind('cache', props.cache, Kind.boolean, KIND_WORDS.boolean);
  v.kind('networkParameterPrefix', props.networkParameterPrefix, Kind.string, "an SSM parameter path such as '/paved-road/{profile}/network'");
  v.kind('availabilityZones', props.availabilityZones, Kind.number, 'an integer from 2 to 6');
  v.kind('assetBucket', props.assetBucket, SHAPES.bucket.is, SHAPES.bucket.words);
  v.kind('assetKey', props.assetKey, Kind.withMembers('node', 'keyArn', 'keyId'), 'a kms.IKey (a kms.Key, or kms.Key.fromKeyArn)');
  v.kind('launchRoleName', props.launchRoleName, Kind.string, 'an IAM role name: 1 to 64 letters, digits and + = , . @ _ -');
  v.kind('supportEmail', props.supportEmail, Kind.string, 'an e-mail address');
}

/**
 * A golden path published as an AWS Service Catalog product: a `PavedRoadService` with its
 * `PavedRoadDatabase` and `PavedRoadCache`, in the environment's shared network, built from
 * `servicecatalog.ProductStack`s.
 *
 * Developers fill in ApplicationName, Environment, Image, Cpu, Memory and DatabaseEngine (and
 * CertificateArn in prod); the template rejects values our constructs would reject at synth time
 * (allowed values, patterns, min/max, and a rule for memory per cpu). The profile and the engine
 * shape the template, so each (profile, engine) pair is one product version named
 * `<library version>-<profile>-<engine>`: provisioned products show which version of the
 * paved-road constructs built them.
 *
 * The template does not create a network: it reads the environment's `PavedRoadNetwork` from the
 * SSM parameters the network publishes (`parameterPrefix`) in the account it is provisioned in.
 * Product assets (Lambda bundles of the constructs' custom resources) are copied into an asset
 * bucket, as Service Catalog requires; the product creates a KMS-encrypted, SSL-only, versioned,
 * access-logged one unless given `assetBucket`.
 *
 * @example
 * const product = new PavedRoadProduct(stack, 'WebService', {
 *   productName: 'Web service with PostgreSQL and Valkey',
 *   owner: 'team-platform',
 * });
 */
export class PavedRoadProduct extends PavedRoadConstruct {
  /** The Service Catalog product. */
  public readonly product: servicecatalog.CloudFormationProduct;
  /** The product stacks, one per version, in the order of `versionNames`. */
  public readonly productStacks: servicecatalog.ProductStack[];
  /** The product version names, e.g. `1.4.0-prod-postgres`. */
  public readonly versionNames: string[];
  /** The bucket the product's assets are published to. */
  public readonly assetBucket: s3.IBucket;
  /** The key that encrypts the asset bucket. */
  public readonly assetKey: kms.IKey;
  /** The role Service Catalog provisions the product with. */
  public readonly launchRole: iam.Role;
  /** The name of the launch role, when `launchRoleName` was given. */
  public readonly launchRoleName?: string;
  /**
   * The permissions boundary every role the product's templates create carries, and that the
   * launch role requires on every role whose permissions it changes.
   */
  public readonly permissionsBoundary: iam.ManagedPolicy;
  /** The name of `permissionsBoundary`, which accounts the portfolio is shared with need too. */
  public readonly permissionsBoundaryName: string;
  /** The product name. */
  public readonly productName: string;

  constructor(scope: Construct, id: string, props: PavedRoadProductProps) {
    super(scope, id, props, 'PavedRoadProduct');
    const v = new PropValidator('PavedRoadProduct', this.node.path);
    validateProductKinds(v, props);
    // A value of the wrong kind would crash (or be misread by) the checks below: report the kinds first.
    v.throwIfInvalid();
    const profiles = props.profiles ?? [Profile.DEV, Profile.STAGING, Profile.PROD];
    const engines = props.databaseEngines ?? [DatabaseEngine.POSTGRES];
    const cache = props.cache ?? true;
    const prefixTemplate = props.networkParameterPrefix ?? '/paved-road/{profile}/network';

    v.require('productName', props.productName, 'pass the name developers see in Service Catalog');
    v.check('productName', props.productName, (n) => typeof n === 'string' && PRODUCT_NAME.test(n) && n.trim() === n, '1 to 100 characters without leading or trailing spaces');
    v.check('description', props.description, (d) => d.trim().length > 0 && d.length <= 8191, '1 to 8191 characters, not blank (leave it out for the default description)');
    v.check('profiles', profiles, (ps) => ps.length > 0 && ps.every((p) => PROFILES.includes(p)) && new Set(ps).size === ps.length,
      `a non-empty list of distinct profiles (${PROFILES.join(', ')})`);
    v.check('databaseEngines', engines, (es) => es.every((e) => ENGINES.includes(e)) && new Set(es).size === es.length,
      `a list of distinct engines (${ENGINES.join(', ')}), empty for no database`);
    v.check('networkParameterPrefix', prefixTemplate, (p) => /^(\/([A-Za-z0-9_.-]|\{profile\})+)+$/.test(p) && !/^\/(aws|ssm)(\/|$)/i.test(p),
      "an SSM parameter path ('/' then segments of letters, digits, _ . - or {profile}, no trailing '/', not under /aws or /ssm)");
    v.check('availabilityZones', props.availabilityZones, isIntegerIn(2, 6), 'an integer from 2 to 6');
    if ((props.assetBucket === undefined) !== (props.assetKey === undefined)) {
      v.fail('assetKey', props.assetKey?.node.path, 'given together with assetBucket (the key that encrypts it), or neither');
    }
    v.check('launchRoleName', props.launchRoleName, (n) => /^[\w+=,.@-]{1,64}$/.test(n), 'an IAM role name: 1 to 64 letters, digits and + = , . @ _ -');
    v.check('supportEmail', props.supportEmail, (e) => /^[^@\s]+@[^@\s]+\.[^@\s]+$/.test(e), 'an e-mail address');
    v.throwIfInvalid();

    this.productName = props.productName;
    this.launchRoleName = props.launchRoleName;
    if (props.assetBucket && props.assetKey) {
      this.assetBucket = props.assetBucket;
      this.assetKey = props.assetKey;
    } else {
      const created = createAssetBucket(this, this.profileDefaults.statefulRemovalPolicy);
      this.assetBucket = created.bucket;
      this.assetKey = created.key;
    }

    const launchScope: LaunchScope = launchScopeOf(this);
    this.permissionsBoundaryName = launchScope.boundaryName;
    const versions: servicecatalog.CloudFormationProductVersion[] = [];
    this.productStacks = [];
    this.versionNames = [];
    const what = (engine?: DatabaseEngine) => `a Fargate service behind a load balancer${engine ? `, a ${engine} database` : ''}${cache ? ', a Valkey cache' : ''}`;
    for (const profile of profiles) {
      for (const engine of engines.length > 0 ? engines : [undefined]) {
        const name = `${PavedRoadConstruct.LIBRARY_VERSION}-${profile}${engine ? `-${engine}` : ''}`;
        const description = `${what(engine)}, built by paved-road-constructs ${PavedRoadConstruct.LIBRARY_VERSION} for the ${profile} profile`;
        const stack = new GoldenPathStack(this, `Version-${profile}${engine ? `-${engine}` : ''}`, {
          profile,
          owner: this.owner,
          costCenter: this.costCenter,
          engine,
          cache,
          networkParameterPrefix: prefixTemplate.replace(/\{profile\}/g, profile),
          availabilityZones: props.availabilityZones ?? networkDefaults(profile).maxAzs,
          assetBucket: this.assetBucket,
          assetKeyId: this.assetKey.keyId,
          description,
          launchScope,
        });
        this.productStacks.push(stack);
        this.versionNames.push(name);
        versions.push({
          productVersionName: name,
          description,
          cloudFormationTemplate: servicecatalog.CloudFormationTemplate.fromProductStack(stack),
        });
      }
    }

    this.product = new servicecatalog.CloudFormationProduct(this, 'Product', {
      productName: props.productName,
      owner: this.owner,
      description: props.description ?? `Golden path: ${what(engines[0])}.`,
      distributor: 'paved-road-constructs',
      supportEmail: props.supportEmail,
      productVersions: versions,
    });
    // The asset-copying function ProductStack adds lives at the portfolio stack's root.
    Aspects.of(Stack.of(this)).add(new AssetDeploymentAcknowledgments('Custom::CDKBucketDeployment',
      'the BucketDeployment function aws-cdk-lib adds for ProductStack assets (it copies Lambda bundles into the Service Catalog asset bucket during deployment)'), { priority: AspectPriority.MUTATING });
    this.permissionsBoundary = createPermissionsBoundary(this, 'PermissionsBoundary', launchScope);
    this.launchRole = createLaunchRole(this, 'LaunchRole', {
      roleName: props.launchRoleName,
      assetBucketArn: this.assetBucket.bucketArn,
      assetKeyArn: this.assetKey.keyArn,
      networkPrefixes: profiles.map((profile) => prefixTemplate.replace(/\{profile\}/g, profile)),
      launch: launchScope,
      boundary: this.permissionsBoundary,
      templateResourceTypes: new Set(this.productStacks.flatMap((st) => st.node.findAll()
        .filter(CfnResource.isCfnResource).map((r) => r.cfnResourceType))),
    });
  }
}
