import { ExpectedResult, IntegTest, Match } from '@aws-cdk/integ-tests-alpha';
import { App, RemovalPolicy, Stack } from 'aws-cdk-lib';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { DatabaseEngine, PavedRoadConstruct, Profile } from '../src';
import { PavedRoadPortfolio, PavedRoadProduct } from '../src/catalog';

/**
 * A portfolio with one golden-path product (a service with a PostgreSQL database and a Valkey
 * cache) in one version, built from the dev profile, with its launch role constraint and tag
 * options. Deployed, DescribeProductAsAdmin shows the version named after the library version and
 * ListConstraintsForPortfolio the launch constraint. Provisioning the product needs a
 * PavedRoadNetwork with `parameterPrefix: '/paved-road/dev/network'` in the account; this test
 * only publishes it. Everything is destroyable (the asset bucket empties itself on delete).
 */
const app = new App({ context: { 'paved-road:owner': 'team-integ', 'paved-road:profile': 'dev' } });
const stack = new Stack(app, 'PavedRoadCatalogPortfolio', {
  env: { account: process.env.CDK_DEFAULT_ACCOUNT, region: process.env.CDK_DEFAULT_REGION },
});

const assetKey = new kms.Key(stack, 'AssetKey', { enableKeyRotation: true, removalPolicy: RemovalPolicy.DESTROY });
const assetBucket = new s3.Bucket(stack, 'AssetBucket', {
  bucketName: `paved-road-integ-assets-${stack.node.addr.slice(0, 12)}`,
  encryption: s3.BucketEncryption.KMS,
  encryptionKey: assetKey,
  enforceSSL: true,
  blockPublicAccess: s3.BlockPublicAccess.BLOCK_ALL,
  removalPolicy: RemovalPolicy.DESTROY,
  autoDeleteObjects: true,
});

const product = new PavedRoadProduct(stack, 'WebService', {
  productName: 'paved-road integ web service',
  profiles: [Profile.DEV],
  databaseEngines: [DatabaseEngine.POSTGRES],
  assetBucket,
  assetKey,
});
const portfolio = new PavedRoadPortfolio(stack, 'Portfolio', {
  displayName: 'paved-road integ golden paths',
  products: [product],
  allowedCostCenters: ['cc-integ'],
});

const integ = new IntegTest(app, 'PavedRoadCatalogPortfolioTest', { testCases: [stack] });
integ.assertions.awsApiCall('ServiceCatalog', 'describeProductAsAdmin', { Id: product.product.productId })
  .expect(ExpectedResult.objectLike({
    ProductViewDetail: Match.objectLike({ ProductViewSummary: Match.objectLike({ Owner: 'team-integ', Distributor: 'paved-road-constructs' }) }),
    ProvisioningArtifactSummaries: Match.arrayWith([Match.objectLike({ Name: `${PavedRoadConstruct.LIBRARY_VERSION}-dev-postgres` })]),
  }));
integ.assertions.awsApiCall('ServiceCatalog', 'listConstraintsForPortfolio', { PortfolioId: portfolio.portfolio.portfolioId })
  .expect(ExpectedResult.objectLike({
    ConstraintDetails: Match.arrayWith([Match.objectLike({ Type: 'LAUNCH' })]),
  }));
