import * as fs from 'fs';
import * as path from 'path';
import { App, CfnResource, Stack } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { rejectedParameters } from './catalog-constraints';
import { expectNagClean, testApp, testStack, validationError } from './nag';
import { snapshotOf } from './snapshot';
import { DatabaseEngine, PavedRoadConstruct, Profile } from '../src';
import { PavedRoadPortfolio, PavedRoadPortfolioProps, PavedRoadProduct, PavedRoadProductProps } from '../src/catalog';

const V = PavedRoadConstruct.LIBRARY_VERSION;

interface Built {
  readonly app: App;
  readonly stack: Stack;
  readonly product: PavedRoadProduct;
  readonly portfolio: PavedRoadPortfolio;
  readonly template: Template;
  /** The synthesized product template of a version, by version name. */
  productTemplate(version: string): any;
}

/** A portfolio stack with one product; synthesized with all four packs (strict) first. */
function build(profile: Profile, productProps: Partial<PavedRoadProductProps> = {}, portfolioProps: Partial<PavedRoadPortfolioProps> = {}): Built {
  const app = testApp({ 'paved-road:profile': profile });
  const stack = testStack(app);
  const product = new PavedRoadProduct(stack, 'WebService', { productName: 'Web service', profiles: [profile], ...productProps });
  const portfolio = new PavedRoadPortfolio(stack, 'Portfolio', { displayName: 'Golden paths', products: [product], ...portfolioProps });
  expectNagClean(app);
  const outdir = app.outdir;
  const template = Template.fromStack(stack);
  return {
    app,
    stack,
    product,
    portfolio,
    template,
    productTemplate: (version) => {
      const i = product.versionNames.indexOf(version);
      if (i < 0) throw new Error(`no version ${version} in ${product.versionNames.join(', ')}`);
      return JSON.parse(fs.readFileSync(path.join(outdir, product.productStacks[i].templateFile), 'utf-8'));
    },
  };
}

/** A statement of a synthesized IAM policy. */
interface Statement {
  readonly Sid?: string;
  readonly Effect: string;
  readonly Action: string | string[];
  readonly Resource: unknown;
  readonly Condition?: any;
}

const list = <T>(x: T | T[] | undefined): T[] => (x === undefined ? [] : Array.isArray(x) ? x : [x]);

/** A CloudFormation value flattened as cdk-nag writes it (`<AWS::Partition>`, `<Id.Arn>`). */
function flat(x: any): string {
  if (typeof x === 'string') return x.replace(/\$\{/g, '<').replace(/\}/g, '>');
  if (x['Fn::Join']) return (x['Fn::Join'][1] as any[]).map(flat).join(x['Fn::Join'][0]);
  if (x['Fn::Sub']) return flat(x['Fn::Sub']);
  if (x['Fn::GetAtt']) return `<${x['Fn::GetAtt'][0]}.${x['Fn::GetAtt'][1]}>`;
  if (x.Ref) return `<${x.Ref}>`;
  return JSON.stringify(x);
}

/** IAM wildcard matching (`*` is any run of characters; actions are case-insensitive). */
const matches = (pattern: string, value: string) =>
  new RegExp(`^${pattern.split('*').map((p) => p.replace(/[.+?^${}()|[\]\\]/g, '\\$&')).join('.*')}$`, 'i').test(value);

/** The Allow statements of `statements` that allow `action` (an action wildcard in a statement counts). */
const allowing = (statements: Statement[], action: string) =>
  statements.filter((s) => s.Effect === 'Allow' && list(s.Action).some((a) => matches(a, action)));

/** Every statement of every policy of the launch role: its inline policies and the policies attached to it. */
function launchRoleStatements(template: Template): Statement[] {
  const roles = template.findResources('AWS::IAM::Role', { Properties: { AssumeRolePolicyDocument: { Statement: [Match.objectLike({ Principal: { Service: 'servicecatalog.amazonaws.com' } })] } } });
  const [id, role] = Object.entries<any>(roles)[0];
  const attached = Object.values<any>(template.findResources('AWS::IAM::Policy')).filter((p) => JSON.stringify(p.Properties.Roles).includes(`"${id}"`));
  return [...(role.Properties.Policies ?? []), ...attached.map((p) => p.Properties)].flatMap((p) => p.PolicyDocument.Statement);
}

/** The IAM writes that change what a role may do; each supports the `iam:PermissionsBoundary` condition key. */
const ROLE_PERMISSION_WRITES = ['iam:CreateRole', 'iam:PutRolePolicy', 'iam:AttachRolePolicy', 'iam:DetachRolePolicy', 'iam:DeleteRolePolicy',
  'iam:PutRolePermissionsBoundary', 'iam:DeleteRolePermissionsBoundary', 'iam:UpdateAssumeRolePolicy', 'iam:UpdateRole', 'iam:UpdateRoleDescription', 'iam:DeleteRole'];
const isRead = (action: string) => /^[a-z0-9-]+:(Describe|Get|List)/i.test(action);
const onlyCalledVia = (condition: any) => condition === undefined ||
  Object.values<any>(condition).every((keys) => Object.keys(keys).every((k) => k === 'aws:CalledVia'));

/**
 * What the launch role's policies allow beyond its bounds, one line each: a role-permission write
 * without the product's permissions boundary condition; an IAM, KMS or S3 write on resources the
 * product did not create (an ARN with a wildcard outside the product's IAM path and bucket prefix)
 * with no condition but `aws:CalledVia`; any write on every resource with no condition at all.
 */
function launchRoleViolations(statements: Statement[], boundary: unknown, productKey: string): string[] {
  const found: string[] = [];
  const productScoped = (r: string) => !r.includes('*') || r.includes(`/paved-road-product/${productKey}/`) || r.includes(`:s3:::paved-road-${productKey}-`);
  for (const s of statements.filter((x) => x.Effect === 'Allow')) {
    const resources = list(s.Resource).map(flat);
    for (const action of list(s.Action)) {
      for (const w of ROLE_PERMISSION_WRITES.filter((x) => matches(action, x))) {
        if (JSON.stringify(s.Condition?.StringEquals?.['iam:PermissionsBoundary']) !== JSON.stringify(boundary)) found.push(`${s.Sid}: ${w} without the permissions boundary condition`);
      }
      if (isRead(action)) continue;
      if (/^(iam|kms|s3|\*)/.test(action) && onlyCalledVia(s.Condition)) {
        for (const r of resources.filter((x) => !productScoped(x))) found.push(`${s.Sid}: ${action} on ${r} with no scoping condition`);
      }
      if (resources.includes('*') && s.Condition === undefined) found.push(`${s.Sid}: ${action} on every resource with no condition`);
    }
  }
  return found;
}

/** The services the product templates pass roles to: the trusted services of the roles other resources take by ARN. */
function servicesPassedTo(templates: any[]): string[] {
  const services = new Set<string>();
  for (const t of templates) {
    const trusted = new Map(Object.entries<any>(t.Resources).filter(([, r]) => r.Type === 'AWS::IAM::Role')
      .map(([id, r]) => [id, r.Properties.AssumeRolePolicyDocument.Statement.flatMap((st: any) => list(st.Principal?.Service))]));
    const walk = (x: any): void => {
      if (x === null || typeof x !== 'object') return;
      const att = x['Fn::GetAtt'];
      if (Array.isArray(att) && att[1] === 'Arn' && trusted.has(att[0])) trusted.get(att[0])!.forEach((svc: string) => services.add(svc));
      // a principal in a resource or trust policy is not a role being passed
      for (const [k, v] of Object.entries(x)) if (!['PolicyDocument', 'KeyPolicy', 'AssumeRolePolicyDocument'].includes(k)) walk(v);
    };
    Object.values<any>(t.Resources).forEach((r) => walk(r.Properties));
  }
  return [...services].sort();
}

/** The launch scope key of a product (its boundary name ends with it). */
const productKeyOf = (product: PavedRoadProduct) => product.permissionsBoundaryName.replace(/^paved-road-boundary-/, '');
const boundaryRefOf = (template: Template) => ({ Ref: Object.keys(template.findResources('AWS::IAM::ManagedPolicy', { Properties: { ManagedPolicyName: Match.stringLikeRegexp('^paved-road-boundary-') } }))[0] });

const cache = new Map<string, Built>();
function shared(profile: Profile): Built {
  if (!cache.has(profile)) cache.set(profile, build(profile));
  return cache.get(profile)!;
}

describe('PavedRoadProduct', () => {
  describe('a shared product with every profile and two engines in a prod portfolio stack', () => {
    let b: Built;
    beforeAll(() => {
      // GIVEN a product with four profiles and two engines, shared with an account and an OU
      b = build(Profile.PROD, {
        profiles: [Profile.DEV, Profile.STAGING, Profile.PROD, Profile.PREVIEW],
        databaseEngines: [DatabaseEngine.POSTGRES, DatabaseEngine.MYSQL],
        launchRoleName: 'PavedRoadWebServiceLaunch',
        supportEmail: 'platform@example.com',
      }, { shareWithAccounts: ['111122223333'], shareWithOrganizationNodes: ['ou-ab12-abcdefgh'], allowedCostCenters: ['cc-1234', 'cc-5678'] });
    });

    test('every (profile, engine) pair is a version named after the library version', () => {
      // THEN eight versions, named <library version>-<profile>-<engine>
      expect(b.product.versionNames).toEqual([
        `${V}-dev-postgres`, `${V}-dev-mysql`, `${V}-staging-postgres`, `${V}-staging-mysql`,
        `${V}-prod-postgres`, `${V}-prod-mysql`, `${V}-preview-postgres`, `${V}-preview-mysql`,
      ]);
      const product = Object.values(b.template.findResources('AWS::ServiceCatalog::CloudFormationProduct'))[0] as any;
      expect(product.Properties.ProvisioningArtifactParameters.map((p: any) => p.Name)).toEqual(b.product.versionNames);
      expect(product.Properties.Owner).toBe('team-test');
      expect(product.Properties.SupportEmail).toBe('platform@example.com');
    });

    test('each version is built for its profile and engine', () => {
      const dev = Template.fromJSON(b.productTemplate(`${V}-dev-postgres`));
      const prod = Template.fromJSON(b.productTemplate(`${V}-prod-mysql`));
      dev.hasResourceProperties('AWS::RDS::DBInstance', { Engine: 'postgres', MultiAZ: false });
      prod.hasResourceProperties('AWS::RDS::DBInstance', { Engine: 'mysql', MultiAZ: true, DeletionProtection: true });
      // prod serves HTTPS with the certificate the developer passes
      prod.hasResourceProperties('AWS::ElasticLoadBalancingV2::Listener', { Protocol: 'HTTPS', Certificates: [{ CertificateArn: { Ref: 'CertificateArn' } }] });
      expect(dev.toJSON().Parameters.CertificateArn).toBeUndefined();
      // the developer's cpu, memory and image flow into the task definition
      dev.hasResourceProperties('AWS::ECS::TaskDefinition', {
        Cpu: { Ref: 'Cpu' },
        Memory: { Ref: 'Memory' },
        ContainerDefinitions: Match.arrayWith([Match.objectLike({ Image: { Ref: 'Image' } })]),
      });
      dev.resourceCountIs('AWS::ElastiCache::ReplicationGroup', 1);
      // the network is read from the platform's SSM parameters in the target account
      expect(dev.toJSON().Parameters.NetworkVpcId).toEqual({
        Type: 'AWS::SSM::Parameter::Value<String>', Default: '/paved-road/dev/network/vpc-id', Description: expect.any(String),
      });
      expect(prod.toJSON().Parameters.NetworkClusterArn.Default).toBe('/paved-road/prod/network/cluster-arn');
    });

    test('the launch role constraint uses the local role in each account', () => {
      // (the Ref of the role is its name, PavedRoadWebServiceLaunch)
      b.template.hasResourceProperties('AWS::ServiceCatalog::LaunchRoleConstraint', { LocalRoleName: { Ref: Match.stringLikeRegexp('^WebServiceLaunchRole') } });
      b.template.hasResourceProperties('AWS::IAM::Role', {
        RoleName: 'PavedRoadWebServiceLaunch',
        AssumeRolePolicyDocument: { Statement: [Match.objectLike({ Principal: { Service: 'servicecatalog.amazonaws.com' } })] },
      });
    });

    test('the portfolio is shared with the account and the organizational unit, with tag options', () => {
      b.template.hasResourceProperties('AWS::ServiceCatalog::PortfolioShare', { AccountId: '111122223333', ShareTagOptions: true });
      const share = Object.values(b.template.findResources('Custom::AWS'))[0] as any;
      expect(JSON.stringify(share.Properties.Create)).toMatch(/createPortfolioShare.*ORGANIZATIONAL_UNIT.*ou-ab12-abcdefgh/);
      expect(JSON.stringify(share.Properties.Delete)).toMatch(/deletePortfolioShare.*ORGANIZATIONAL_UNIT.*ou-ab12-abcdefgh/);
      const tagOptions = Object.values(b.template.findResources('AWS::ServiceCatalog::TagOption')).map((r: any) => `${r.Properties.Key}=${r.Properties.Value}`).sort();
      expect(tagOptions).toEqual(['paved-road:cost-center=cc-1234', 'paved-road:cost-center=cc-5678', 'paved-road:owner=team-test']);
    });
  });

  describe('provisioning parameters', () => {
    const valid = { ApplicationName: 'orders', Image: '123456789012.dkr.ecr.us-east-1.amazonaws.com/orders:1.4.2', Cpu: '512', Memory: '2048' };
    let dev: any;
    beforeAll(() => { dev = shared(Profile.DEV).productTemplate(`${V}-dev-postgres`); });

    test('valid values and the defaults are accepted', () => {
      expect(rejectedParameters(dev, valid)).toEqual([]);
      expect(rejectedParameters(dev, { ...valid, Cpu: undefined as any, Memory: undefined as any, Image: 'public.ecr.aws/nginx/nginx@sha256:' + 'a'.repeat(64) })).toEqual([]);
    });

    test.each([
      ['ApplicationName', 'Orders_Service', /ApplicationName.*AllowedPattern/],
      ['ApplicationName', 'o', /ApplicationName.*(AllowedPattern|MinLength)/],
      ['Environment', 'prod', /Environment: prod not in AllowedValues/],
      ['DatabaseEngine', 'mysql', /DatabaseEngine: mysql not in AllowedValues/],
      ['Image', 'nginx', /Image.*AllowedPattern/],
      ['Image', 'public.ecr.aws/nginx/nginx', /Image.*AllowedPattern/],
      ['Cpu', '300', /Cpu: 300 not in AllowedValues/],
      ['Memory', '256', /Memory: 256 below MinValue/],
      ['Memory', '200000', /Memory: 200000 above MaxValue/],
      ['Memory', '8192', /rule MemoryFitsCpu512: With Cpu 512, Memory must be one of 1024/],
    ])('%s %s is rejected by the template', (name, value, expected) => {
      const problems = rejectedParameters(dev, { ...valid, [name]: value });
      expect(problems.join('\n')).toMatch(expected);
    });

    test('prod requires an ACM certificate ARN', () => {
      const prod = shared(Profile.PROD).productTemplate(`${V}-prod-postgres`);
      expect(rejectedParameters(prod, valid)).toEqual(['CertificateArn: required']);
      expect(rejectedParameters(prod, { ...valid, CertificateArn: 'arn:aws:iam::123456789012:server-certificate/x' }).join()).toMatch(/CertificateArn.*AllowedPattern/);
      expect(rejectedParameters(prod, { ...valid, CertificateArn: 'arn:aws:acm:us-east-1:123456789012:certificate/12345678-1234-1234-1234-123456789012' })).toEqual([]);
    });

    test('the rules mirror every Fargate cpu size', () => {
      expect(Object.keys(dev.Rules).sort()).toEqual(['MemoryFitsCpu1024', 'MemoryFitsCpu16384', 'MemoryFitsCpu2048', 'MemoryFitsCpu256', 'MemoryFitsCpu4096', 'MemoryFitsCpu512', 'MemoryFitsCpu8192']);
      expect(rejectedParameters(dev, { ...valid, Cpu: '256', Memory: '512' })).toEqual([]);
      expect(rejectedParameters(dev, { ...valid, Cpu: '256', Memory: '3072' })).toHaveLength(1);
    });
  });

  describe.each([Profile.DEV, Profile.STAGING, Profile.PROD, Profile.PREVIEW])('profile %s', (profile) => {
    test('the portfolio stack and the product stack have no unacknowledged finding, and the asset bucket is locked down', () => {
      // GIVEN / WHEN a product of this profile (built and nag-checked by shared())
      const b = shared(profile);
      // THEN the asset bucket is KMS-encrypted, SSL-only and access-logged
      b.template.hasResourceProperties('AWS::S3::Bucket', {
        BucketEncryption: { ServerSideEncryptionConfiguration: [Match.objectLike({ ServerSideEncryptionByDefault: Match.objectLike({ SSEAlgorithm: 'aws:kms' }) })] },
        LoggingConfiguration: Match.objectLike({ LogFilePrefix: 'asset-bucket/' }),
        BucketName: Match.stringLikeRegexp('^paved-road-assets-123456789012-us-east-1-'),
      });
      b.template.hasResourceProperties('AWS::S3::BucketPolicy', {
        PolicyDocument: { Statement: Match.arrayWith([Match.objectLike({ Effect: 'Deny', Condition: { Bool: { 'aws:SecureTransport': 'false' } } })]) },
      });
      // the launch role is used in this account (no share) and only acts through CloudFormation
      b.template.resourceCountIs('AWS::ServiceCatalog::LaunchRoleConstraint', 1);
      const role = Object.values(b.template.findResources('AWS::IAM::Role', { Properties: { AssumeRolePolicyDocument: { Statement: [Match.objectLike({ Principal: { Service: 'servicecatalog.amazonaws.com' } })] } } }))[0] as any;
      const statements = role.Properties.Policies[0].PolicyDocument.Statement as any[];
      for (const s of statements) {
        for (const a of [s.Action].flat()) expect(a).not.toMatch(/(^\*$|:\*$)/);
        if (s.Sid?.startsWith('Template')) expect(s.Condition['ForAnyValue:StringEquals']['aws:CalledVia']).toEqual(['cloudformation.amazonaws.com']);
      }
      // it reads only the network parameters of this profile
      const ssm = statements.find((s) => s.Sid === 'ReadNetworkParameters');
      expect(JSON.stringify(ssm.Resource)).toMatch(new RegExp(`:parameter/paved-road/${profile}/network/\\*"`));
      // the product stack is built for this profile
      expect(b.productTemplate(`${V}-${profile}-postgres`).Parameters.Environment.AllowedValues).toEqual([profile]);
    });

    test('snapshot', () => {
      const b = shared(profile);
      // The product template's resources are the service, database and cache, snapshotted in their own tests.
      const product = b.productTemplate(`${V}-${profile}-postgres`);
      const view = { portfolio: b.template.toJSON().Resources, productParameters: product.Parameters, productRules: product.Rules };
      expect(snapshotOf(view, { hashes: 'HASH', version: 'all' })).toMatchSnapshot();
    });
  });

  describe('launch role bounds', () => {
    // GIVEN the dev product (whose template has a custom-resource Lambda) and the prod product
    let dev: Built;
    let prod: Built;
    let devTemplates: any[];
    beforeAll(() => {
      dev = shared(Profile.DEV);
      prod = shared(Profile.PROD);
      devTemplates = dev.product.versionNames.map((v) => dev.productTemplate(v));
    });

    test('every IAM write that changes a role\'s permissions requires the product\'s permissions boundary', () => {
      const statements = launchRoleStatements(dev.template);
      const boundary = boundaryRefOf(dev.template);
      const key = productKeyOf(dev.product);
      // THEN each role-permission write CloudFormation needs is allowed, and only with the boundary condition
      for (const write of ROLE_PERMISSION_WRITES.filter((w) => w !== 'iam:DeleteRolePermissionsBoundary')) {
        const s = allowing(statements, write);
        expect({ write, count: s.length }).toEqual({ write, count: 1 });
        expect(s[0].Condition.StringEquals['iam:PermissionsBoundary']).toEqual(boundary);
        expect(flat(s[0].Resource)).toBe(`arn:<AWS::Partition>:iam::123456789012:role/paved-road-product/${key}/*`);
      }
      expect(launchRoleViolations(statements, boundary, key)).toEqual([]);
      // the policies it may attach: the product's own and the AWS managed ones the templates attach
      const attach = allowing(statements, 'iam:AttachRolePolicy')[0];
      const attachable = list(attach.Condition.ArnLike['iam:PolicyARN']).map(flat);
      const attached = devTemplates.flatMap((t) => Object.values<any>(t.Resources).filter((r) => r.Type === 'AWS::IAM::Role')
        .flatMap((r) => list(r.Properties.ManagedPolicyArns).map(flat)));
      for (const arn of new Set(attached)) expect(attachable).toContain(arn);
      expect(attachable).toContain(`arn:<AWS::Partition>:iam::123456789012:policy/paved-road-product/${key}/*`);
      // every other IAM action is on the product's roles and policies, or creates a known service-linked role
      const others = statements.filter((s) => s.Effect === 'Allow')
        .flatMap((s) => list(s.Action).filter((a) => a.startsWith('iam:') && !ROLE_PERMISSION_WRITES.includes(a)).map((a) => ({ a, s })));
      for (const { a, s } of others) {
        if (a === 'iam:CreateServiceLinkedRole') {
          expect(s.Condition.StringEquals['iam:AWSServiceName']).toEqual(['ecs.amazonaws.com', 'elasticloadbalancing.amazonaws.com',
            'ecs.application-autoscaling.amazonaws.com', 'rds.amazonaws.com', 'elasticache.amazonaws.com']);
          for (const r of list(s.Resource).map(flat)) expect(r).toMatch(/^arn:<AWS::Partition>:iam::123456789012:role\/aws-service-role\/[a-z.-]+\/AWSServiceRoleFor[A-Za-z_]+$/);
        } else {
          expect({ a, resources: list(s.Resource).map(flat) }).toEqual({ a, resources: [expect.stringMatching(new RegExp(`^arn:<AWS::Partition>:iam::123456789012:(role|policy)/paved-road-product/${key}/\\*$`))] });
        }
      }
    });

    test('no statement allows removing a boundary, changing the boundary policy, or creating users and access keys', () => {
      const statements = launchRoleStatements(dev.template);
      for (const action of ['iam:DeleteRolePermissionsBoundary', 'iam:CreateUser', 'iam:CreateAccessKey', 'iam:CreateLoginProfile',
        'iam:AttachUserPolicy', 'iam:PutUserPolicy', 'iam:AddUserToGroup', 'iam:SetDefaultPolicyVersion']) {
        expect({ action, allowedBy: allowing(statements, action).map((s) => s.Sid) }).toEqual({ action, allowedBy: [] });
      }
      // and the denies say so explicitly, whatever is added later
      expect(statements).toContainEqual({ Sid: 'NeverRemoveBoundaries', Effect: 'Deny', Action: 'iam:DeleteRolePermissionsBoundary', Resource: '*' });
      expect(statements).toContainEqual(expect.objectContaining({
        Sid: 'NeverChangeTheBoundary',
        Effect: 'Deny',
        Resource: boundaryRefOf(dev.template),
        Action: expect.arrayContaining(['iam:CreatePolicyVersion', 'iam:SetDefaultPolicyVersion', 'iam:DeletePolicyVersion', 'iam:DeletePolicy']),
      }));
    });

    test('iam:PassRole passes only the product\'s roles, only to the services the templates pass roles to', () => {
      const check = (b: Built, expected: string[]) => {
        const templates = b.product.versionNames.map((v) => b.productTemplate(v));
        expect(servicesPassedTo(templates)).toEqual(expected);
        const passRole = allowing(launchRoleStatements(b.template), 'iam:PassRole');
        expect(passRole).toHaveLength(1);
        expect(passRole[0].Condition).toEqual({ StringEquals: { 'iam:PassedToService': expected } });
        expect(flat(passRole[0].Resource)).toBe(`arn:<AWS::Partition>:iam::123456789012:role/paved-road-product/${productKeyOf(b.product)}/*`);
      };
      // dev templates add a Lambda (the access-log bucket empties itself on delete); prod's have none
      check(dev, ['ecs-tasks.amazonaws.com', 'lambda.amazonaws.com', 'monitoring.rds.amazonaws.com']);
      check(prod, ['ecs-tasks.amazonaws.com', 'monitoring.rds.amazonaws.com']);
    });

    test('KMS and S3 writes are limited to the product\'s keys and buckets; no service-wide action', () => {
      const statements = launchRoleStatements(dev.template);
      const key = productKeyOf(dev.product);
      for (const s of statements.filter((x) => x.Effect === 'Allow')) {
        for (const a of list(s.Action)) expect(a).not.toMatch(/(^\*$|:\*$)/);
      }
      expect(launchRoleViolations(statements, boundaryRefOf(dev.template), key)).toEqual([]);
      const tagged = { ['aws:ResourceTag/paved-road:product']: key };
      for (const action of ['kms:ScheduleKeyDeletion', 'kms:PutKeyPolicy', 'kms:Decrypt', 'kms:CreateGrant', 'kms:UntagResource']) {
        const s = allowing(statements, action).filter((x) => x.Sid !== 'DecryptAssets');
        expect({ action, conditions: s.map((x) => x.Condition.StringEquals) }).toEqual({ action, conditions: [tagged] });
      }
      // a key is created (and tagged while created) only with the product's tag in the request
      for (const action of ['kms:CreateKey', 'kms:TagResource']) {
        expect(allowing(statements, action).map((x) => x.Condition.StringEquals)).toContainEqual({ ['aws:RequestTag/paved-road:product']: key });
      }
      for (const action of ['s3:DeleteBucket', 's3:PutBucketPolicy', 's3:CreateBucket', 's3:DeleteBucketPolicy']) {
        expect({ action, on: allowing(statements, action).flatMap((x) => list(x.Resource).map(flat)) })
          .toEqual({ action, on: [`arn:<AWS::Partition>:s3:::paved-road-${key}-*`] });
      }
      // an import change set (which could bring a foreign key or bucket into a stack) is denied
      expect(statements).toContainEqual(expect.objectContaining({ Sid: 'NoResourceImports', Effect: 'Deny', Condition: { Null: { 'cloudformation:ImportResourceTypes': 'false' } } }));
    });

    test('every role, policy and bucket of the product templates is marked for the launch role', () => {
      const key = productKeyOf(dev.product);
      for (const t of devTemplates) {
        for (const [id, r] of Object.entries<any>(t.Resources)) {
          if (r.Type === 'AWS::IAM::Role') {
            expect({ id, boundary: flat(r.Properties.PermissionsBoundary), path: r.Properties.Path })
              .toEqual({ id, boundary: `arn:<AWS::Partition>:iam::<AWS::AccountId>:policy/${dev.product.permissionsBoundaryName}`, path: `/paved-road-product/${key}/` });
          }
          if (r.Type === 'AWS::IAM::ManagedPolicy') expect({ id, path: r.Properties.Path }).toEqual({ id, path: `/paved-road-product/${key}/` });
          if (r.Type === 'AWS::S3::Bucket') {
            expect(r.Properties.BucketName).toEqual({ 'Fn::Join': ['', [`paved-road-${key}-`, { 'Fn::Select': [2, { 'Fn::Split': ['/', { Ref: 'AWS::StackId' }] }] }]] });
          }
          if (r.Type === 'AWS::KMS::Key' || r.Type === 'AWS::SecretsManager::Secret') expect(r.Properties.Tags).toContainEqual({ Key: 'paved-road:product', Value: key });
        }
      }
      // the boundary the roles carry is the product's, with no IAM at all
      const boundary = Object.values<any>(dev.template.findResources('AWS::IAM::ManagedPolicy', { Properties: { ManagedPolicyName: dev.product.permissionsBoundaryName } }))[0];
      const statements: Statement[] = boundary.Properties.PolicyDocument.Statement;
      expect(statements.filter((s) => s.Effect === 'Allow').flatMap((s) => list(s.Action)).filter((a) => a.startsWith('iam:') || a === '*')).toEqual([]);
      expect(statements).toContainEqual({ Sid: 'NoIdentityAdministration', Effect: 'Deny', Action: 'iam:*', Resource: '*' });
      // and it allows every action the templates grant their roles
      const granted = devTemplates.flatMap((t) => Object.values<any>(t.Resources)
        .filter((r) => r.Type === 'AWS::IAM::ManagedPolicy' || r.Type === 'AWS::IAM::Policy')
        .flatMap((r) => r.Properties.PolicyDocument.Statement.filter((s: Statement) => s.Effect === 'Allow').flatMap((s: Statement) => list(s.Action))));
      for (const a of new Set(granted)) expect({ a, allowed: allowing(statements, a).length > 0 }).toEqual({ a, allowed: true });
    });

    test('negative control: the violation check reports writes that escape the bounds', () => {
      // GIVEN statements a careless change could add
      const boundary = { Ref: 'Boundary' };
      const statements: Statement[] = [
        { Sid: 'A', Effect: 'Allow', Action: 'iam:AttachRolePolicy', Resource: '*' },
        { Sid: 'B', Effect: 'Allow', Action: ['kms:ScheduleKeyDeletion'], Resource: 'arn:aws:kms:us-east-1:123456789012:key/*', Condition: { 'ForAnyValue:StringEquals': { 'aws:CalledVia': ['cloudformation.amazonaws.com'] } } },
        { Sid: 'C', Effect: 'Allow', Action: 's3:DeleteBucket', Resource: 'arn:aws:s3:::*' },
        { Sid: 'D', Effect: 'Allow', Action: 'iam:*', Resource: 'arn:aws:iam::123456789012:role/paved-road-product/k/*', Condition: { StringEquals: { 'iam:PermissionsBoundary': boundary } } },
        { Sid: 'E', Effect: 'Allow', Action: 'ec2:DescribeVpcs', Resource: '*' },
      ];
      // THEN each escape is reported, and the read is not
      expect(launchRoleViolations(statements, boundary, 'k')).toEqual([
        'A: iam:AttachRolePolicy without the permissions boundary condition',
        'A: iam:AttachRolePolicy on * with no scoping condition',
        'A: iam:AttachRolePolicy on every resource with no condition',
        'B: kms:ScheduleKeyDeletion on arn:aws:kms:us-east-1:123456789012:key/* with no scoping condition',
        'C: s3:DeleteBucket on arn:aws:s3:::* with no scoping condition',
      ]);
      // WHEN a statement is added to a real (bounded) launch role, THEN it is the one reported
      const violations = (extra?: iam.PolicyStatement) => {
        const stack = testStack(testApp());
        const product = new PavedRoadProduct(stack, 'WebService', { productName: 'Web service', profiles: [Profile.DEV] });
        if (extra) product.launchRole.addToPrincipalPolicy(extra);
        const template = Template.fromStack(stack);
        return launchRoleViolations(launchRoleStatements(template), boundaryRefOf(template), productKeyOf(product));
      };
      expect(violations()).toEqual([]);
      expect(violations(new iam.PolicyStatement({ sid: 'Careless', actions: ['iam:CreateRole'], resources: ['*'] }))).toEqual([
        'Careless: iam:CreateRole without the permissions boundary condition',
        'Careless: iam:CreateRole on * with no scoping condition',
        'Careless: iam:CreateRole on every resource with no condition',
      ]);
    });

    test('negative control: a wildcard added to the launch role\'s own policy is reported (acknowledgments name exact ids)', () => {
      const app = testApp();
      const stack = testStack(app);
      const product = new PavedRoadProduct(stack, 'WebService', { productName: 'Web service', profiles: [Profile.DEV] });
      const role = product.launchRole.node.defaultChild as iam.CfnRole;
      const [provision] = stack.resolve(role.policies) as any[];
      provision.policyDocument.Statement.push({ Effect: 'Allow', Action: 'kms:Get*', Resource: provision.policyDocument.Statement.find((x: any) => x.Sid === 'ManageProductKeys').Resource });
      role.policies = [provision];
      expect(() => expectNagClean(app)).toThrow(/\n {4}AwsSolutions-IAM5: .*\n(?: {6}.*\n)* {6}TestStack\/WebService\/LaunchRole\/Resource \[Action::kms:Get\*\]\n/);
      // and every acknowledgment of the launch role and the boundary names exact finding ids
      const metadata = JSON.stringify([product.launchRole, product.permissionsBoundary].map((c) => (c.node.defaultChild as CfnResource).getMetadata('cdk_nag')));
      expect(metadata).toMatch(/"applies_to"/);
      expect(metadata).not.toMatch(/"regex"/);
    });
  });

  test('the stateful asset key and buckets keep their logical ids', () => {
    const t = shared(Profile.DEV).template;
    expect(Object.keys(t.findResources('AWS::S3::Bucket')).sort()).toEqual([
      expect.stringMatching(/^WebServiceAssetAccessLogBucket[A-F0-9]{8}$/), expect.stringMatching(/^WebServiceAssetBucket[A-F0-9]{8}$/),
    ]);
    expect(Object.keys(t.findResources('AWS::KMS::Key'))).toEqual([expect.stringMatching(/^WebServiceAssetKey[A-F0-9]{8}$/)]);
  });

  test('a product without database or cache has neither', () => {
    const b = build(Profile.DEV, { databaseEngines: [], cache: false });
    expect(b.product.versionNames).toEqual([`${V}-dev`]);
    const t = b.productTemplate(`${V}-dev`);
    expect(t.Parameters.DatabaseEngine).toBeUndefined();
    expect(Object.values<any>(t.Resources).filter((r) => /RDS|ElastiCache/.test(r.Type))).toEqual([]);
  });

  test('negative control: an unencrypted bucket beside the product is reported', () => {
    const app = testApp();
    const stack = testStack(app);
    new PavedRoadProduct(stack, 'WebService', { productName: 'Web service', profiles: [Profile.DEV] });
    new s3.Bucket(stack, 'Plain');
    expect(() => expectNagClean(app)).toThrow(/\n {4}AwsSolutions-S1: .*\n(?: {6}.*\n)* {6}TestStack\/Plain\/Resource\n/);
  });

  describe('validation', () => {
    const product = (props: Partial<PavedRoadProductProps>) => () => new PavedRoadProduct(testStack(testApp()), 'P', { productName: 'Web service', ...props });
    test.each<[string, Partial<PavedRoadProductProps>, RegExp]>([
      ['productName', { productName: '' }, /productName: is required/],
      ['productName', { productName: ' x' }, /productName: " x" is not allowed/],
      ['profiles', { profiles: [] }, /profiles: \[\] is not allowed/],
      ['profiles', { profiles: [Profile.DEV, Profile.DEV] }, /profiles: \["dev","dev"\] is not allowed/],
      ['databaseEngines', { databaseEngines: ['oracle' as DatabaseEngine] }, /databaseEngines: \["oracle"\] is not allowed/],
      ['networkParameterPrefix', { networkParameterPrefix: 'paved-road/net/' }, /networkParameterPrefix: "paved-road\/net\/" is not allowed/],
      ['availabilityZones', { availabilityZones: 1 }, /availabilityZones: 1 is not allowed; allowed: an integer from 2 to 6/],
      ['assetKey', { assetBucket: s3.Bucket.fromBucketName(new Stack(), 'B', 'assets-bucket') }, /assetKey: undefined is not allowed/],
      ['launchRoleName', { launchRoleName: 'bad name!' }, /launchRoleName: "bad name!" is not allowed/],
      ['supportEmail', { supportEmail: 'nobody' }, /supportEmail: "nobody" is not allowed/],
    ])('%s', (_prop, props, expected) => {
      expect(validationError(product(props)).message).toMatch(expected);
    });

    test('every problem is reported at once', () => {
      expect(validationError(product({ productName: '', availabilityZones: 9, supportEmail: 'x' })).problems).toEqual([
        expect.stringMatching(/^productName: is required/), expect.stringMatching(/^productName: ""/),
        expect.stringMatching(/^availabilityZones: 9/), expect.stringMatching(/^supportEmail: "x"/),
      ]);
    });
  });
});

describe('PavedRoadPortfolio', () => {
  const portfolio = (props: Partial<PavedRoadPortfolioProps>, product?: Partial<PavedRoadProductProps>) => () => {
    const stack = testStack(testApp());
    const p = product ? [new PavedRoadProduct(stack, 'P', { productName: 'Web service', profiles: [Profile.DEV], ...product })] : [];
    return new PavedRoadPortfolio(stack, 'Portfolio', { displayName: 'Golden paths', products: p, ...props });
  };
  test.each<[string, Partial<PavedRoadPortfolioProps>, RegExp]>([
    ['displayName', { displayName: '' }, /displayName: is required/],
    ['shareWithAccounts', { shareWithAccounts: ['12345'] }, /shareWithAccounts: "12345" is not allowed; allowed: a 12-digit AWS account id/],
    ['shareWithOrganizationNodes', { shareWithOrganizationNodes: ['r-abcd'] }, /shareWithOrganizationNodes: "r-abcd" is not allowed/],
    ['allowedCostCenters', { allowedCostCenters: ['cc#1'] }, /allowedCostCenters: "cc#1" is not allowed/],
    ['allowedOwners', { allowedOwners: [] }, /allowedOwners: \[\] is not allowed/],
  ])('%s', (_prop, props, expected) => {
    expect(validationError(portfolio(props)).message).toMatch(expected);
  });

  test('a shared portfolio needs products with a launch role name', () => {
    expect(validationError(portfolio({ shareWithAccounts: ['111122223333'] }, {})).message)
      .toMatch(/products: "TestStack\/P" is not allowed; allowed: a PavedRoadProduct with launchRoleName/);
  });
});
