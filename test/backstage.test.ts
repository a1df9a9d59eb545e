import * as fs from 'fs';
import * as path from 'path';
import { App, Stack, Stage } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import * as acm from 'aws-cdk-lib/aws-certificatemanager';
import { parseAllDocuments } from 'yaml';
import { CONNECTION_ARN, ENV, IMAGE } from './fixtures';
import { testApp, testStack, validationError } from './nag';
import { CompliancePack, PavedRoadCache, PavedRoadDatabase, PavedRoadGuardrails, PavedRoadNetwork, PavedRoadPipeline, PavedRoadService, PipelineSource, PreviewEnvironment, Profile } from '../src';
import { BackstageCatalog } from '../src/backstage';
import { toYamlDocuments } from '../src/backstage/yaml';


/**
 * The required fields and name rules of Backstage's published entity schemas
 * (Entity.schema.json, EntityMeta.schema.json, Component.v1alpha1.schema.json, Resource.v1alpha1.schema.json).
 */
const NAME = /^[a-z0-9A-Z]+([-_.][a-z0-9A-Z]+)*$/;
const ENTITY_REF = /^([a-zA-Z][a-zA-Z0-9]*:)?([a-z0-9]+(-[a-z0-9]+)*\/)?[a-z0-9A-Z]+([-_.][a-z0-9A-Z]+)*$/;
function schemaProblems(entity: any): string[] {
  const p: string[] = [];
  const req = (cond: boolean, what: string) => { if (!cond) p.push(what); };
  req(entity.apiVersion === 'backstage.io/v1alpha1', `apiVersion ${entity.apiVersion}`);
  req(['Component', 'Resource'].includes(entity.kind), `kind ${entity.kind}`);
  const m = entity.metadata ?? {};
  req(typeof m.name === 'string' && m.name.length >= 1 && m.name.length <= 63 && NAME.test(m.name), `metadata.name ${m.name}`);
  req(m.namespace === undefined || /^[a-z0-9]+(-[a-z0-9]+)*$/.test(m.namespace), `metadata.namespace ${m.namespace}`);
  for (const [k, v] of Object.entries(m.annotations ?? {})) req(typeof v === 'string' && /^([a-z0-9.-]+\/)?[a-zA-Z0-9]+([-_.][a-zA-Z0-9]+)*$/.test(k), `annotation ${k}`);
  for (const t of m.tags ?? []) req(typeof t === 'string' && /^[a-z0-9:+#]+(-[a-z0-9:+#]+)*$/.test(t) && t.length <= 63, `tag ${t}`);
  const s = entity.spec ?? {};
  req(typeof s.type === 'string' && s.type.length > 0, 'spec.type');
  req(typeof s.owner === 'string' && ENTITY_REF.test(s.owner), `spec.owner ${s.owner}`);
  if (entity.kind === 'Component') req(typeof s.lifecycle === 'string' && s.lifecycle.length > 0, 'spec.lifecycle');
  for (const d of s.dependsOn ?? []) req(typeof d === 'string' && ENTITY_REF.test(d), `spec.dependsOn ${d}`);
  req(s.system === undefined || (typeof s.system === 'string' && ENTITY_REF.test(s.system)), `spec.system ${s.system}`);
  return p;
}

/** Parses a catalog-info.yaml with a real YAML parser, failing on any YAML error. */
function readEntities(file: string): any[] {
  const docs = parseAllDocuments(fs.readFileSync(file, 'utf-8'));
  for (const d of docs) expect(d.errors).toEqual([]);
  return docs.map((d) => d.toJS());
}

interface Built {
  readonly app: App;
  readonly outdir: string;
  readonly catalog: BackstageCatalog;
  entities(owner: string): any[];
}

/** A checkout stack (network, database, cache, two services), a pipeline deploying a dev stage, and a preview. */
function build(): Built {
  const app = testApp({ 'paved-road:owner': 'team-checkout' });
  const stack = testStack(app, 'Checkout');
  const network = new PavedRoadNetwork(stack, 'Network');
  const db = new PavedRoadDatabase(stack, 'Database', { network });
  const cache = new PavedRoadCache(stack, 'Cache', { network, owner: 'group:default/team-cache' });
  const api = new PavedRoadService(stack, 'Api', { network, image: IMAGE });
  const worker = new PavedRoadService(stack, 'Worker', { network, image: IMAGE });
  api.connections.allowToDefaultPort(db);
  api.connections.allowToDefaultPort(cache);

  const dev = new Stage(app, 'Dev', { env: ENV });
  const devStack = new Stack(dev, 'Orders');
  new PavedRoadService(devStack, 'Orders', { network: new PavedRoadNetwork(devStack, 'Network'), image: IMAGE });
  new PavedRoadPipeline(testStack(app, 'Delivery'), 'Pipeline', {
    source: PipelineSource.connection('my-org/checkout', 'main', { connectionArn: CONNECTION_ARN }),
    stages: [{ name: 'dev', stage: dev }],
  });

  const preview = new PreviewEnvironment(app, 'Preview', { branch: 'feature/login', env: ENV, networkParameterPrefix: '/paved-road/dev/network' });
  const previewStack = preview.addStack('Checkout');
  new PavedRoadService(previewStack, 'Api', { network: preview.networkFor(previewStack), image: IMAGE });

  const catalog = BackstageCatalog.enable(app, { system: 'checkout', annotations: { 'github.com/project-slug': 'my-org/checkout' } });
  catalog.addDependency(worker, api);
  const asm = app.synth();
  return {
    app,
    outdir: asm.directory,
    catalog,
    entities: (p) => readEntities(path.join(asm.directory, catalog.filesWritten[p] ?? `(no file for ${p} in ${JSON.stringify(catalog.filesWritten)})`)),
  };
}

describe('BackstageCatalog', () => {
  let b: Built;
  beforeAll(() => { b = build(); });
  const byName = (entities: any[], name: string) => entities.find((e) => e.metadata.name === name);

  test('synthesis writes one catalog-info.yaml per stack with paved-road constructs, in its stage\'s assembly', () => {
    expect(b.catalog.filesWritten).toEqual({
      'Checkout': 'backstage/Checkout/catalog-info.yaml',
      'Delivery': 'backstage/Delivery/catalog-info.yaml',
      'Dev/Orders': expect.stringMatching(/^assembly-Dev\/backstage\/DevOrders[A-F0-9]{8}\/catalog-info\.yaml$/),
      'Preview': 'backstage/preview/catalog-info.yaml',
      'Preview/preview-feature-login-df7c7aeb3560d333/Checkout': expect.stringMatching(/^assembly-Preview-preview-feature-login-df7c7aeb3560d333\/backstage\/Previewpreviewfeaturelogindf7c7aeb3560d333Checkout[A-F0-9]{8}\/catalog-info\.yaml$/),
    });
  });

  test('every entity validates against the Backstage schema\'s required fields and name rules', () => {
    const all = Object.keys(b.catalog.filesWritten).flatMap((p) => b.entities(p));
    expect(all.length).toBe(8);
    for (const e of all) expect({ name: e.metadata.name, problems: schemaProblems(e) }).toEqual({ name: e.metadata.name, problems: [] });
  });

  test('services are components with owner, lifecycle, system and dependsOn inferred from security groups', () => {
    const entities = b.entities('Checkout');
    expect(entities.map((e) => `${e.kind}:${e.metadata.name}`).sort()).toEqual([
      'Component:checkout-api', 'Component:checkout-worker', 'Resource:checkout-cache', 'Resource:checkout-database',
    ]);
    const api = byName(entities, 'checkout-api');
    expect(api.spec).toEqual({
      type: 'service',
      owner: 'team-checkout',
      lifecycle: 'experimental',
      system: 'checkout',
      dependsOn: ['resource:checkout-cache', 'resource:checkout-database'],
    });
    // the worker reaches nothing through security groups; its link to the api is explicit
    expect(byName(entities, 'checkout-worker').spec.dependsOn).toEqual(['component:checkout-api']);
    expect(byName(entities, 'checkout-database').spec).toEqual({ type: 'database', owner: 'team-checkout', system: 'checkout' });
    expect(byName(entities, 'checkout-cache').spec.owner).toBe('group:default/team-cache');
  });

  test('annotations point at the stack, the service, its log group, its dashboard and the pipeline', () => {
    const template = JSON.parse(fs.readFileSync(path.join(b.outdir, 'Checkout.template.json'), 'utf-8'));
    const api = byName(b.entities('Checkout'), 'checkout-api').metadata.annotations;
    const logicalId = (type: string, prefix: string) =>
      Object.keys(template.Resources).find((id) => id.startsWith(prefix) && template.Resources[id].Type === type);
    expect(api).toMatchObject({
      'paved-road-constructs/cloudformation-stack': 'Checkout',
      'paved-road-constructs/region': 'us-east-1',
      'paved-road-constructs/account': '123456789012',
      'paved-road-constructs/resource': `Checkout/${logicalId('AWS::ECS::Service', 'Api')}`,
      'paved-road-constructs/log-group': `Checkout/${logicalId('AWS::Logs::LogGroup', 'ApiLogs')}`,
      'paved-road-constructs/dashboard': `Checkout/${logicalId('AWS::CloudWatch::Dashboard', 'Api')}`,
      'paved-road-constructs/profile': 'dev',
      'github.com/project-slug': 'my-org/checkout',
    });
    expect(api['paved-road-constructs/log-group']).toMatch(/^Checkout\/ApiLogs[A-F0-9]{8}$/);
    // the service in the pipeline's dev stage points at the pipeline
    const pipelineTemplate = JSON.parse(fs.readFileSync(path.join(b.outdir, 'Delivery.template.json'), 'utf-8'));
    const pipelineId = Object.keys(pipelineTemplate.Resources).find((id) => pipelineTemplate.Resources[id].Type === 'AWS::CodePipeline::Pipeline');
    const orders = b.entities('Dev/Orders')[0];
    expect(orders.metadata.annotations['paved-road-constructs/pipeline']).toBe(`Delivery/${pipelineId}`);
    expect(b.entities('Delivery')[0]).toMatchObject({ kind: 'Resource', spec: { type: 'pipeline' }, metadata: { annotations: { 'paved-road-constructs/resource': `Delivery/${pipelineId}` } } });
  });

  test('snapshot of the checkout stack\'s catalog-info.yaml', () => {
    const text = fs.readFileSync(path.join(b.outdir, b.catalog.filesWritten.Checkout), 'utf-8');
    expect(text.replace(/(paved-road-constructs\/version): "[^"]*"/g, '$1: "VERSION"')).toMatchSnapshot();
  });

  test('with guardrails enforced, the catalog adds no resource and both write their files', () => {
    // GIVEN an app with a database, the guardrails (with report) and the catalog
    const app = testApp();
    const stack = testStack(app);
    new PavedRoadDatabase(stack, 'Database', { network: new PavedRoadNetwork(stack, 'Network') });
    const before = Template.fromStack(stack).toJSON();
    const app2 = testApp();
    const stack2 = testStack(app2);
    new PavedRoadDatabase(stack2, 'Database', { network: new PavedRoadNetwork(stack2, 'Network') });
    PavedRoadGuardrails.enforce(app2, { packs: [CompliancePack.AWS_SOLUTIONS], report: true });
    const catalog = BackstageCatalog.enable(app2);
    // WHEN it synthesizes
    const dir = app2.synth().directory;
    // THEN the template is the one without the catalog, and both files are there
    expect(Template.fromStack(stack2).toJSON()).toEqual(before);
    expect(fs.existsSync(path.join(dir, 'paved-road-guardrails.json'))).toBe(true);
    expect(readEntities(path.join(dir, catalog.filesWritten.TestStack)).map((e) => e.spec.type)).toEqual(['database']);
  });

  test('a preview is a resource its services depend on, and preview services are experimental', () => {
    const [preview] = b.entities('Preview');
    expect(preview).toMatchObject({
      kind: 'Resource', metadata: { name: 'preview', annotations: { 'paved-road-constructs/branch': 'feature/login' } }, spec: { type: 'preview-environment' },
    });
    const [api] = b.entities('Preview/preview-feature-login-df7c7aeb3560d333/Checkout');
    expect(api.spec).toMatchObject({ lifecycle: 'experimental', dependsOn: ['resource:preview'] });
    expect(api.metadata.annotations['paved-road-constructs/profile']).toBe(Profile.PREVIEW);
  });
});

describe('BackstageCatalog options and bad input', () => {
  function small(owner: string, options = {}, setup?: (c: BackstageCatalog, s: PavedRoadService) => void): () => any[] {
    return () => {
      const app = testApp({ 'paved-road:profile': 'prod' });
      const stack = testStack(app);
      const network = new PavedRoadNetwork(stack, 'Network');
      const db = new PavedRoadDatabase(stack, 'Database', { network, owner });
      const catalog = BackstageCatalog.enable(app, options);
      setup?.(catalog, db as any);
      const asm = app.synth();
      return readEntities(path.join(asm.directory, catalog.filesWritten.TestStack));
    };
  }

  test('an owner that is not a Backstage entity reference fails synthesis, naming the value', () => {
    expect(small('team@example.com')).toThrow(/BackstageCatalog: the owner of TestStack\/Database, "team@example.com", is not a Backstage entity reference/);
    expect(small('api:team-x')).toThrow(/"api:team-x", is not a Backstage entity reference/);
  });

  test('namespace, lifecycles and entity names are configurable', () => {
    const [db] = small('team-data', { namespace: 'payments' }, (c, s) => c.setEntityName(s, 'payments-db'))();
    expect(db.metadata).toMatchObject({ name: 'payments-db', namespace: 'payments' });
  });

  test.each([[Profile.PROD, 'production'], [Profile.STAGING, 'beta']])('%s services are %s (lifecycles override the defaults)', (profile, lifecycle) => {
    const app = testApp({ 'paved-road:profile': profile });
    const stack = testStack(app);
    const network = new PavedRoadNetwork(stack, 'Network');
    const certificate = acm.Certificate.fromCertificateArn(stack, 'Cert', 'arn:aws:acm:us-east-1:123456789012:certificate/12345678-1234-1234-1234-123456789012');
    new PavedRoadService(stack, 'Api', { network, image: IMAGE, certificate });
    const catalog = BackstageCatalog.enable(app, { lifecycles: { staging: 'beta' } });
    expect(BackstageCatalog.enable(app)).toBe(catalog);
    const [api] = readEntities(path.join(app.synth().directory, catalog.filesWritten.TestStack));
    expect(api.spec.lifecycle).toBe(lifecycle);
  });

  test.each<[string, object, RegExp]>([
    ['system', { system: 'system:Bad Name' }, /system: "system:Bad Name" is not allowed/],
    ['namespace', { namespace: 'Payments' }, /namespace: "Payments" is not allowed/],
    ['lifecycles key', { lifecycles: { qa: 'beta' } }, /lifecycles key: "qa" is not allowed/],
    ['annotations key', { annotations: { 'bad key': 'x' } }, /annotations key: "bad key" is not allowed/],
  ])('%s is validated', (_p, options, expected) => {
    expect(validationError(() => BackstageCatalog.enable(new App(), options)).message).toMatch(expected);
  });

  test('setEntityName rejects a name Backstage would reject', () => {
    const app = new App();
    const catalog = BackstageCatalog.enable(app);
    expect(validationError(() => catalog.setEntityName(testStack(app), 'x'.repeat(64))).message).toMatch(/entityName: "x{64}" is not allowed/);
  });
});

describe('YAML emitter', () => {
  test('strings that would change type or break the structure round-trip through a YAML parser', () => {
    const tricky = { 'a': 'no', 'b': '1e3', 'c': 'null', 'd': 'x: y # z', 'e': 'line\nbreak', 'f': '- item', 'g': "it's \"quoted\"", 'h': '', 'key with space': '@at', 'list': ['yes', '', '0o17'], 'nested': { deep: ['*ref', '&anchor'] } };
    const text = toYamlDocuments([tricky, { second: true, n: 3 }]);
    const docs = parseAllDocuments(text);
    expect(docs.map((d) => d.errors)).toEqual([[], []]);
    expect(docs.map((d) => d.toJS())).toEqual([tricky, { second: true, n: 3 }]);
  });
});
