import * as fs from 'fs';
import * as path from 'path';
import { App, Stack } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { rejectedParameters } from './catalog-constraints';
import { expectNagClean, testApp, testStack, validationError } from './nag';
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

/** Templates with version tags and asset hashes stripped. */
function snapshot(t: unknown): unknown {
  return JSON.parse(JSON.stringify(t)
    .replace(new RegExp(`"${V.replace(/\./g, '\\.')}(-[a-z0-9-]+)?"`, 'g'), '"VERSION$1"')
    .replace(/[a-f0-9]{64}/g, 'HASH'));
}

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
      expect(snapshot(view)).toMatchSnapshot();
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
    expect(() => expectNagClean(app)).toThrow(/TestStack\/Plain\/Resource: AwsSolutions-S1/);
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
