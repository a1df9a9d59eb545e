import { Stack } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { DatabaseEngine, PavedRoadPortfolio, PavedRoadPortfolioProps, PavedRoadProduct, PavedRoadProductProps, Profile } from '../src';
import { expectRefused, NUMBERS, Row, rows } from './bad-input';
import { testApp, testStack, validationError } from './nag';

/**
 * A battery of bad input for PavedRoadProduct and PavedRoadPortfolio: every prop with values of the
 * wrong kind, empty, NaN/Infinity, fractional and out of range, and the valid edge values (which must
 * build). Bad input is refused in the constructor with one PavedRoadValidationError naming the prop.
 */


const PRODUCT_BAD: Row[] = [
  ['productName missing', { productName: undefined }, 'productName', 'is required'],
  ['productName null', { productName: null }, 'productName', 'is required'],
  ['productName empty', { productName: '' }, 'productName', 'is required'],
  ...rows('productName', '1 to 100 characters', ['string', 'emptyString', 'null'], [['101 characters', 'p'.repeat(101)], ['with a leading space', ' Web'], ['blank', '   ']]),
  ...rows('description', '', ['string', 'emptyString'], [['blank', '  '], ['8192 characters', 'd'.repeat(8192)]]),
  ['description empty', { description: '' }, 'description', '1 to 8191 characters, not blank'],
  ...rows('profiles', 'a non-empty list of distinct profiles', ['array'], [['empty', []], ['unknown', ['live']], ['duplicated', [Profile.DEV, Profile.DEV]], ['as a string', 'dev'], ['with null', [null]]]),
  ...rows('databaseEngines', 'a list of distinct engines', ['array'], [['unknown', ['oracle']], ['duplicated', [DatabaseEngine.POSTGRES, DatabaseEngine.POSTGRES]], ['as a string', 'postgres'], ['with a number', [1]]]),
  ...rows('cache', 'true or false', ['boolean'], [['"false" as a string', 'false'], ['0', 0]]),
  ...rows('networkParameterPrefix', 'an SSM parameter path', ['string'], [['without a leading /', 'paved-road/net'], ['a trailing /', '/paved-road/'], ['under /aws', '/aws/x'], ['with a space', '/paved road']]),
  ...rows('availabilityZones', 'an integer from 2 to 6', ['number'], [...NUMBERS, ['1 (below)', 1], ['7 (above)', 7], ['0', 0], ['negative -2', -2], ['fraction 2.5', 2.5]]),
  ...rows('assetBucket', 'an s3.IBucket', [], [['as a bucket name', 'my-bucket']]),
  ...rows('assetKey', 'a kms.IKey', [], [['as a key ARN', 'arn:aws:kms:us-east-1:123456789012:key/abc']]),
  ...rows('launchRoleName', 'an IAM role name', ['string'], [['65 characters', 'r'.repeat(65)], ['with a space', 'my role'], ['with a slash', 'a/b']]),
  ...rows('supportEmail', 'an e-mail address', ['string'], [['without @', 'team.example.com'], ['with a space', 'te am@example.com']]),
  ['owner as a number', { owner: 7 }, 'owner', 'a tag value'],
  ['profile unknown', { profile: 'live' }, 'profile', 'one of dev, staging, prod, preview'],
];

const PORTFOLIO_BAD: Row[] = [
  ['displayName missing', { displayName: undefined }, 'displayName', 'is required'],
  ['displayName null', { displayName: null }, 'displayName', 'is required'],
  ['displayName empty', { displayName: '' }, 'displayName', 'is required'],
  ...rows('displayName', '1 to 100 characters', ['string', 'emptyString', 'null'], [['101 characters', 'n'.repeat(101)], ['with a trailing space', 'Paths ']]),
  ...rows('providerName', '', ['string'], [['51 characters', 'p'.repeat(51)], ['blank', ' ']]),
  ...rows('description', '', ['string'], [['blank', ' '], ['2001 characters', 'd'.repeat(2001)]]),
  ...rows('products', 'a list of PavedRoadProduct', ['array'], [['with null', [null]], ['with a plain object', [{ productName: 'x' }]]]),
  ...rows('shareWithAccounts', 'a list of 12-digit AWS account ids', ['array'], [['as one id string', '111122223333'], ['with a number', [111122223333]]]),
  ['shareWithAccounts with a short id', { shareWithAccounts: ['12345'] }, 'shareWithAccounts', 'a 12-digit AWS account id'],
  ['shareWithAccounts with an empty id', { shareWithAccounts: [''] }, 'shareWithAccounts', 'a 12-digit AWS account id'],
  ['shareWithAccounts duplicated', { shareWithAccounts: ['111122223333', '111122223333'] }, 'shareWithAccounts', 'a list without duplicates'],
  ...rows('shareWithOrganizationNodes', 'a list of organizational unit ids', ['array'], [['as one string', 'o-abcdefghij'], ['with null', [null]]]),
  ['shareWithOrganizationNodes with an account id', { shareWithOrganizationNodes: ['111122223333'] }, 'shareWithOrganizationNodes', 'an organizational unit id (ou-...)'],
  ...rows('allowedOwners', 'a list of tag values', ['array'], [['with a number', [7]]]),
  ['allowedOwners empty', { allowedOwners: [] }, 'allowedOwners', 'a non-empty list'],
  ['allowedOwners with an empty value', { allowedOwners: [''] }, 'allowedOwners', 'a tag value'],
  ...rows('allowedCostCenters', 'a list of tag values', ['array'], [['with null', [null]]]),
  ['allowedCostCenters empty', { allowedCostCenters: [] }, 'allowedCostCenters', 'a non-empty list'],
  ['allowedCostCenters with a # ', { allowedCostCenters: ['cc#1'] }, 'allowedCostCenters', 'a tag value'],
  ...rows('principals', 'a list of iam.IRole', ['array'], [['with a role ARN', ['arn:aws:iam::123456789012:role/dev']]]),
];

describe('PavedRoadProduct bad input', () => {
  let stack: Stack;
  let n = 0;
  beforeAll(() => {
    stack = testStack(testApp(), 'BadProducts');
  });
  test.each(PRODUCT_BAD)('%s is refused', (_label, props, prop, allowed) => {
    const given = { productName: 'Web service', profiles: [Profile.DEV], databaseEngines: [], cache: false, ...props };
    expectRefused(() => new PavedRoadProduct(stack, `Bad${n++}`, given as PavedRoadProductProps), prop, allowed);
  });

  test('props of the wrong kind are all listed in one error', () => {
    const props = { productName: 5, cache: 'yes', availabilityZones: '3' } as unknown as PavedRoadProductProps;
    const error = validationError(() => new PavedRoadProduct(stack, `Bad${n++}`, props));
    expect(error.problems).toEqual([
      'productName: 5 is not allowed; allowed: 1 to 100 characters without leading or trailing spaces.',
      'cache: "yes" is not allowed; allowed: true or false.',
      'availabilityZones: "3" is not allowed; allowed: an integer from 2 to 6.',
    ]);
  });
});

describe('PavedRoadPortfolio bad input', () => {
  let stack: Stack;
  let n = 0;
  beforeAll(() => {
    stack = testStack(testApp(), 'BadPortfolios');
  });
  test.each(PORTFOLIO_BAD)('%s is refused', (_label, props, prop, allowed) => {
    expectRefused(() => new PavedRoadPortfolio(stack, `Bad${n++}`, { displayName: 'Golden paths', ...props } as PavedRoadPortfolioProps), prop, allowed);
  });
});

describe('PavedRoadProduct and PavedRoadPortfolio valid edges', () => {
  type PortfolioEdge = (stack: Stack, product: PavedRoadProduct) => Partial<PavedRoadPortfolioProps>;
  type Edge = [string, (stack: Stack) => Partial<PavedRoadProductProps>, PortfolioEdge];
  const small = { profiles: [Profile.DEV], databaseEngines: [], cache: false };
  const VALID: Edge[] = [
    ['a product without database or cache, an empty portfolio', () => small, () => ({})],
    ['productName of 1 and displayName of 100 characters', () => ({ ...small, productName: 'W' }), () => ({ displayName: 'd'.repeat(100) })],
    ['productName of 100 characters, providerName of 50', () => ({ ...small, productName: 'p'.repeat(100) }), () => ({ providerName: 'p'.repeat(50) })],
    ['availabilityZones 2 (min)', () => ({ ...small, availabilityZones: 2 }), (_s, product) => ({ products: [product] })],
    ['availabilityZones 6 (max), cache true', () => ({ ...small, availabilityZones: 6, cache: true }), () => ({})],
    ['a custom networkParameterPrefix', () => ({ ...small, networkParameterPrefix: '/net/{profile}' }), () => ({})],
    ['launchRoleName of 64 characters, shared with an account and an organization node', () => ({ ...small, launchRoleName: 'r'.repeat(64) }),
      (_s, product) => ({ products: [product], shareWithAccounts: ['111122223333'], shareWithOrganizationNodes: ['ou-ab12-abcdefgh', 'o-abcdefghij'] })],
    ['a given asset bucket and key', (stack) => ({ ...small, assetBucket: s3.Bucket.fromBucketName(stack, 'Assets', 'assets'), assetKey: kms.Key.fromKeyArn(stack, 'Key', 'arn:aws:kms:us-east-1:123456789012:key/abc') }), () => ({})],
    ['supportEmail, description, allowed owners and cost centers, a principal', () => ({ ...small, supportEmail: 'team@example.com', description: 'd'.repeat(8191) }),
      (stack) => ({ description: 'd'.repeat(2000), allowedOwners: ['team-a', 'team b'], allowedCostCenters: ['cc-1'], principals: [iam.Role.fromRoleArn(stack, 'Dev', 'arn:aws:iam::123456789012:role/dev')] })],
    ['empty share lists', () => small, () => ({ shareWithAccounts: [], shareWithOrganizationNodes: [], products: [] })],
  ];
  test.each(VALID)('%s is accepted and synthesizes', (_label, productProps, portfolioProps) => {
    const app = testApp();
    const stack = testStack(app);
    const product = new PavedRoadProduct(stack, 'Product', { productName: 'Web service', ...productProps(stack) });
    new PavedRoadPortfolio(stack, 'Portfolio', { displayName: 'Golden paths', ...portfolioProps(stack, product) });
    expect(app.synth().getStackByName(stack.stackName).template.Resources).toBeDefined();
  });
});
