import * as fs from 'fs';
import * as path from 'path';
import { Stage } from 'aws-cdk-lib';
import * as servicecatalog from 'aws-cdk-lib/aws-servicecatalog';
import { Construct, IConstruct } from 'constructs';
import { entityDocuments, EntitySettings, findEntities, FoundEntity } from './entities';
import { ENTITY_NAME, isEntityRef, NAMESPACE } from './entity-ref';
import { toYamlDocuments } from './yaml';
import { Profile } from '../core/profile';
import { Kind, PropValidator } from '../core/validation';
import { afterTemplatesWritten } from '../guardrails/synthesis-hooks';

/**
 * Options of `BackstageCatalog.enable`.
 */
export interface BackstageCatalogOptions {
  /**
   * The Backstage system every entity belongs to (`spec.system`), an entity reference such as
   * `checkout` or `system:default/checkout`.
   *
   * @default - no system.
   */
  readonly system?: string;

  /**
   * The Backstage namespace of the entities.
   *
   * @default - Backstage's `default` namespace.
   */
  readonly namespace?: string;

  /**
   * The Backstage lifecycle of components per profile (`dev`, `staging`, `prod`, `preview`),
   * over the defaults.
   *
   * @default - `production` for prod, `experimental` for staging, dev and preview.
   */
  readonly lifecycles?: { [profile: string]: string };

  /**
   * Annotations every entity carries, e.g. `backstage.io/source-location` or `github.com/project-slug`.
   *
   * @default - only the paved-road annotations.
   */
  readonly annotations?: { [key: string]: string };
}

/** The default lifecycle per profile. */
const LIFECYCLES: { [profile: string]: string } = {
  [Profile.PROD]: 'production',
  [Profile.STAGING]: 'experimental',
  [Profile.DEV]: 'experimental',
  [Profile.PREVIEW]: 'experimental',
};
const ID = 'BackstageCatalog';
const ANNOTATION_KEY = /^(?=.{1,317}$)([a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*\/)?[a-zA-Z0-9]+([-_.][a-zA-Z0-9]+)*$/;

/** The annotation keys the catalog writes itself: reserved, so an option cannot replace them. */
const RESERVED_ANNOTATION_PREFIX = 'paved-road-constructs/';
const PROFILES = Object.values(Profile) as string[];

/**
 * Checks the kind and value of every option, before any code reads them: TypeScript's types do not
 * protect JavaScript callers, and jsii loosens them for Python and Java.
 */
function validateOptions(v: PropValidator, options: BackstageCatalogOptions): void {
  if (!v.kind('options', options, Kind.record, 'BackstageCatalogOptions (an object of options, or no argument)') || options === undefined) return;
  v.check('system', options.system, (x) => isEntityRef(x, ['system']), 'a Backstage entity reference to a system: [system:][namespace/]name');
  v.check('namespace', options.namespace, (x) => typeof x === 'string' && NAMESPACE.test(x), 'a Backstage namespace: up to 63 lower-case letters, digits and -');
  if (v.kind('lifecycles', options.lifecycles, Kind.record, `a map of profiles (${PROFILES.join(', ')}) to lifecycle names`)) {
    for (const [profile, lifecycle] of Object.entries(options.lifecycles ?? {})) {
      v.check('lifecycles key', profile, (p) => PROFILES.includes(p), `a profile (${PROFILES.join(', ')})`);
      v.check(`lifecycles['${profile}']`, lifecycle, (l) => typeof l === 'string' && ENTITY_NAME.test(l), 'a lifecycle name such as production or experimental');
    }
  }
  if (v.kind('annotations', options.annotations, Kind.record, 'a map of annotation keys to string values')) {
    for (const [key, value] of Object.entries(options.annotations ?? {})) {
      v.check('annotations key', key, (x) => ANNOTATION_KEY.test(x) && !x.startsWith(RESERVED_ANNOTATION_PREFIX),
        `an annotation key: [dns-prefix/]name, not under ${RESERVED_ANNOTATION_PREFIX} (the catalog writes those)`);
      v.kind(`annotations['${key}']`, value, Kind.string, 'a string (an annotation value; a number or flag as text)');
    }
  }
}

/**
 * Backstage software-catalog entities for the paved-road constructs of an app (opt-in).
 *
 * `BackstageCatalog.enable(app, { system: 'checkout' })` makes synthesis write, per stack that has
 * any, `backstage/<stack artifact id>/catalog-info.yaml` into the cloud assembly (of the stack's
 * stage; a `PreviewEnvironment`, which is in no stack, gets `backstage/<entity name>/catalog-info.yaml`):
 * a `Component` (type `service`) per `PavedRoadService`; a `Resource` per
 * `PavedRoadDatabase` (type `database`), `PavedRoadCache` (`cache`), `PavedRoadPipeline`
 * (`pipeline`) and `PreviewEnvironment` (`preview-environment`). Each entity has the construct's
 * owner, the system, a lifecycle from the profile (components), and annotations naming the
 * CloudFormation stack and, as `<stack name>/<logical id>` (or the physical name when it is fixed
 * at synth time), its main resource, log group, dashboard and the pipeline that deploys its stage.
 * A service `dependsOn` the databases and caches whose security groups let it in, plus those given
 * with `addDependency`. Constructs are found by walking the tree; they need no change.
 *
 * An owner that is not a Backstage entity reference (`[kind:][namespace/]name`, e.g. an e-mail)
 * fails synthesis, naming the construct and the value.
 *
 * @exampleMetadata fixture=standalone
 * @example
 * const app = new App({ context: { 'paved-road:owner': 'team-checkout' } });
 * BackstageCatalog.enable(app, { system: 'checkout' });
 */
export class BackstageCatalog extends Construct {
  /** The folder, in the cloud assembly, that holds one folder per stack. */
  public static readonly DIRECTORY = 'backstage';
  /** The name of each stack's entity file. */
  public static readonly FILE_NAME = 'catalog-info.yaml';

  /**
   * Turns the catalog on for `scope` (an App or Stage) and everything below it (idempotent: a
   * second call returns the first catalog unchanged).
   */
  public static enable(scope: Construct, options: BackstageCatalogOptions = {}): BackstageCatalog {
    // Checked on every call: a second call with bad options is a mistake even though it changes nothing.
    const v = new PropValidator('BackstageCatalog', scope?.node?.path || 'app');
    validateOptions(v, options);
    v.throwIfInvalid();
    return BackstageCatalog.of(scope) ?? new BackstageCatalog(scope, options);
  }

  /** The catalog enabled directly on `scope`, if any. */
  public static of(scope: IConstruct): BackstageCatalog | undefined {
    const child = scope.node.tryFindChild(ID);
    return child instanceof BackstageCatalog ? child : undefined;
  }

  /**
   * Paths (relative to the app's cloud assembly) of the files the last synthesis wrote, by the
   * path of their stack (or of the preview environment, which is in no stack).
   */
  public readonly filesWritten: { [stackPath: string]: string } = {};

  private readonly settings: EntitySettings;
  private readonly scope: Construct;

  private constructor(scope: Construct, options: BackstageCatalogOptions) {
    super(scope, ID);
    this.scope = scope;
    const v = new PropValidator('BackstageCatalog', scope.node.path || 'app');
    validateOptions(v, options);
    v.throwIfInvalid();

    this.settings = {
      namespace: options.namespace,
      system: options.system,
      lifecycles: { ...LIFECYCLES, ...options.lifecycles },
      names: new Map(),
      dependencies: [],
      annotations: { ...options.annotations },
    };
    scope.node.addValidation({ validate: () => this.validate() });
    const stage = Stage.isStage(scope) ? scope : Stage.of(scope);
    if (!stage) throw new Error(`BackstageCatalog: '${scope.node.path}' must be an App or Stage, or be inside one`);
    afterTemplatesWritten(stage, () => this.write());
  }

  /**
   * Records that `dependent` (a service) depends on `dependency` (a database, cache or another
   * service), for links the security groups do not show.
   */
  public addDependency(dependent: IConstruct, dependency: IConstruct): void {
    this.settings.dependencies.push([dependent, dependency]);
  }

  /**
   * Names the entity of `construct` (instead of `<stack name>-<path below the stack>`).
   * @param entityName 1 to 63 letters and digits, in runs separated by one of - _ .
   */
  public setEntityName(construct: IConstruct, entityName: string): void {
    new PropValidator('BackstageCatalog', construct.node.path)
      .check('entityName', entityName, (n) => typeof n === 'string' && ENTITY_NAME.test(n), '1 to 63 letters and digits, in runs separated by one of - _ .')
      .throwIfInvalid();
    this.settings.names.set(construct, entityName);
  }

  private entities(): FoundEntity[] {
    return findEntities(this.scope, this.settings).filter((e) => !(e.stack instanceof servicecatalog.ProductStack));
  }

  private validate(): string[] {
    const errors: string[] = [];
    const seen = new Map<string, string>();
    const entities = this.entities();
    for (const e of entities) {
      if (!isEntityRef(e.construct.owner, ['group', 'user'])) {
        errors.push(`BackstageCatalog: the owner of ${e.construct.node.path}, ${JSON.stringify(e.construct.owner)}, is not a Backstage entity reference; ` +
          'allowed: [group:|user:][namespace/]name, the name 1 to 63 letters and digits in runs separated by one of - _ . (e.g. team-checkout or group:default/team-checkout).');
      }
      const key = `${e.kind}:${e.name}`;
      const other = seen.get(key);
      if (other) errors.push(`BackstageCatalog: ${e.construct.node.path} and ${other} have the same ${e.kind} name '${e.name}'; name one with setEntityName.`);
      seen.set(key, e.construct.node.path);
    }
    const found = entities.map((e) => e.construct as IConstruct);
    for (const [from, to] of this.settings.dependencies) {
      for (const c of [from, to]) {
        if (!found.includes(c)) errors.push(`BackstageCatalog: addDependency: ${c.node.path} is not a paved-road service, database, cache, pipeline or preview environment below ${this.scope.node.path || 'the app'}.`);
      }
    }
    return errors;
  }

  private write(): void {
    const entities = this.entities();
    const files = new Map<string, FoundEntity[]>();
    for (const e of entities) {
      const file = path.join(e.stage.outdir, BackstageCatalog.DIRECTORY, e.fileKey, BackstageCatalog.FILE_NAME);
      files.set(file, [...(files.get(file) ?? []), e]);
    }
    const root = Stage.of(this)!.outdir;
    for (const [file, inFile] of files) {
      fs.mkdirSync(path.dirname(file), { recursive: true });
      fs.writeFileSync(file, toYamlDocuments(entityDocuments(this.scope, entities, inFile, this.settings)));
      const owner = inFile[0].stack ?? inFile[0].construct;
      this.filesWritten[owner.node.path] = path.relative(root, file);
    }
  }
}

