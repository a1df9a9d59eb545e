import { AspectPriority, Aspects, Stack } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as servicecatalog from 'aws-cdk-lib/aws-servicecatalog';
import * as cr from 'aws-cdk-lib/custom-resources';
import { Construct } from 'constructs';
import { AssetDeploymentAcknowledgments } from './asset-deployment-acknowledgments';
import { PavedRoadProduct } from './product';
import { acknowledge } from '../core/acknowledge';
import { PavedRoadConstruct, PavedRoadConstructProps } from '../core/paved-road-construct';
import { AwsSolutionsRule, nistHipaaPci } from '../core/rule-ids';
import { PavedRoadTags } from '../core/tags';
import { Kind, KIND_WORDS, listOf, PropValidator } from '../core/validation';

/**
 * Props of `PavedRoadPortfolio`.
 */
export interface PavedRoadPortfolioProps extends PavedRoadConstructProps {
  /** Name of the portfolio developers see in Service Catalog (1 to 100 characters). */
  readonly displayName: string;

  /**
   * The team that provides the portfolio, shown in Service Catalog.
   *
   * @default - the owner.
   */
  readonly providerName?: string;

  /**
   * What the portfolio offers.
   *
   * @default - "Golden paths of the platform, built with paved-road-constructs <version>".
   */
  readonly description?: string;

  /**
   * Products to add (more with `addProduct`).
   *
   * @default - none.
   */
  readonly products?: PavedRoadProduct[];

  /**
   * AWS account ids to share the portfolio with. The products then need `launchRoleName`: each
   * account provisions with its own role of that name.
   *
   * @default - not shared with other accounts.
   */
  readonly shareWithAccounts?: string[];

  /**
   * AWS Organizations nodes to share the portfolio with: organizational unit ids (`ou-...`) or the
   * organization id (`o-...`). Needs Service Catalog's AWS Organizations access enabled in the
   * management (or delegated administrator) account this stack is deployed to.
   *
   * @default - not shared with an organization.
   */
  readonly shareWithOrganizationNodes?: string[];

  /**
   * The owners developers may tag provisioned products with (tag option `paved-road:owner`).
   *
   * @default - the portfolio's owner.
   */
  readonly allowedOwners?: string[];

  /**
   * The cost centers developers may tag provisioned products with (tag option `paved-road:cost-center`).
   *
   * @default - the portfolio's cost center, else no cost-center tag option.
   */
  readonly allowedCostCenters?: string[];

  /**
   * IAM roles (e.g. the developers' SSO role) that may provision from the portfolio.
   *
   * @default - none; grant access with `portfolio.giveAccessToRole` or share the portfolio.
   */
  readonly principals?: iam.IRole[];
}

const ACCOUNT_ID = /^\d{12}$/;
const ORG_NODE = /^(ou-[0-9a-z]{4,32}-[a-z0-9]{8,32}|o-[a-z0-9]{10,32})$/;
const TAG_VALUE = /^[\p{L}\p{Z}\p{N}_.:/=+\-@]{1,256}$/u;
const TAG_VALUE_WORDS = 'a tag value: up to 256 letters, digits, spaces and _ . : / = + - @';

/**
 * The kind of every prop, before any code reads it: TypeScript's types do not protect JavaScript
 * callers, and jsii loosens them for Python and Java.
 */
function validatePortfolioKinds(v: PropValidator, props: PavedRoadPortfolioProps): void {
  if (props.displayName !== null) v.kind('displayName', props.displayName, Kind.string, '1 to 100 characters without leading or trailing spaces');
  v.kind('providerName', props.providerName, Kind.string, KIND_WORDS.string);
  v.kind('description', props.description, Kind.string, KIND_WORDS.string);
  v.kind('products', props.products, listOf((p) => p instanceof PavedRoadProduct), 'a list of PavedRoadProduct');
  const lists = [['shareWithAccounts', 'a list of 12-digit AWS account ids'], ['shareWithOrganizationNodes', 'a list of organizational unit ids (ou-...) or organization ids (o-...)'],
    ['allowedOwners', 'a list of tag values'], ['allowedCostCenters', 'a list of tag values']] as const;
  for (const [prop, words] of lists) v.kind(prop, props[prop], Kind.stringList, `${words} (strings)`);
  v.kind('principals', props.principals, listOf(Kind.withMembers('node', 'roleArn', 'grantPrincipal')), 'a list of iam.IRole (iam.Role, or iam.Role.fromRoleArn)');
}

/**
 * An AWS Service Catalog portfolio of paved-road golden paths: products (`PavedRoadProduct`), a
 * launch role constraint per product (Service Catalog provisions with the product's least-privilege
 * launch role, never the developer's own permissions), tag options for owner and cost center, and
 * shares with accounts or AWS Organizations nodes.
 *
 * @example
 * const product = new PavedRoadProduct(stack, 'WebService', { productName: 'Web service', launchRoleName: 'PavedRoadWebServiceLaunch' });
 * new PavedRoadPortfolio(stack, 'Portfolio', {
 *   displayName: 'Golden paths',
 *   products: [product],
 *   shareWithAccounts: ['111122223333'],
 *   allowedCostCenters: ['cc-1234'],
 * });
 */
export class PavedRoadPortfolio extends PavedRoadConstruct {
  /** The Service Catalog portfolio. */
  public readonly portfolio: servicecatalog.Portfolio;
  /** The tag options developers choose from. */
  public readonly tagOptions: servicecatalog.TagOptions;
  /** The products added, in order. */
  public readonly products: PavedRoadProduct[] = [];
  private readonly sharedWithOtherAccounts: boolean;

  constructor(scope: Construct, id: string, props: PavedRoadPortfolioProps) {
    super(scope, id, props, 'PavedRoadPortfolio');
    const v = new PropValidator('PavedRoadPortfolio', this.node.path);
    validatePortfolioKinds(v, props);
    // A value of the wrong kind would crash (or be misread by) the checks below: report the kinds first.
    v.throwIfInvalid();
    v.require('displayName', props.displayName, 'pass the name developers see in Service Catalog');
    v.check('displayName', props.displayName, (n) => typeof n === 'string' && n.length >= 1 && n.length <= 100 && n.trim() === n, '1 to 100 characters without leading or trailing spaces');
    v.check('providerName', props.providerName, (n) => n.length >= 1 && n.length <= 50 && n.trim() === n, '1 to 50 characters without leading or trailing spaces');
    v.check('description', props.description, (d) => d.trim().length > 0 && d.length <= 2000, '1 to 2000 characters, not blank (leave it out for the default description)');
    const each = (prop: string, list: string[] | undefined, isValid: (x: string) => boolean, allowed: string) => {
      for (const x of list ?? []) v.check(prop, x, isValid, allowed);
      if (list && new Set(list).size !== list.length) v.fail(prop, list, 'a list without duplicates');
    };
    each('shareWithAccounts', props.shareWithAccounts, (x) => ACCOUNT_ID.test(x), 'a 12-digit AWS account id');
    each('shareWithOrganizationNodes', props.shareWithOrganizationNodes, (x) => ORG_NODE.test(x), 'an organizational unit id (ou-...) or an organization id (o-...)');
    each('allowedOwners', props.allowedOwners, (x) => TAG_VALUE.test(x), TAG_VALUE_WORDS);
    each('allowedCostCenters', props.allowedCostCenters, (x) => TAG_VALUE.test(x), TAG_VALUE_WORDS);
    v.check('allowedOwners', props.allowedOwners, (l) => l.length > 0, 'a non-empty list (leave it out for the portfolio owner)');
    v.check('allowedCostCenters', props.allowedCostCenters, (l) => l.length > 0, 'a non-empty list (leave it out for the portfolio cost center, or no cost-center tag option without one)');
    v.throwIfInvalid();

    this.sharedWithOtherAccounts = (props.shareWithAccounts ?? []).length > 0 || (props.shareWithOrganizationNodes ?? []).length > 0;
    const costCenters = props.allowedCostCenters ?? (this.costCenter ? [this.costCenter] : []);
    const allowedValues: { [key: string]: string[] } = { [PavedRoadTags.OWNER]: props.allowedOwners ?? [this.owner] };
    if (costCenters.length > 0) allowedValues[PavedRoadTags.COST_CENTER] = costCenters;
    this.tagOptions = new servicecatalog.TagOptions(this, 'TagOptions', { allowedValuesForTags: allowedValues });

    this.portfolio = new servicecatalog.Portfolio(this, 'Portfolio', {
      displayName: props.displayName,
      providerName: props.providerName ?? this.owner,
      description: props.description ?? `Golden paths of the platform, built with paved-road-constructs ${PavedRoadConstruct.LIBRARY_VERSION}`,
      tagOptions: this.tagOptions,
    });
    for (const role of props.principals ?? []) this.portfolio.giveAccessToRole(role);
    for (const account of props.shareWithAccounts ?? []) this.portfolio.shareWithAccount(account, { shareTagOptions: true });
    (props.shareWithOrganizationNodes ?? []).forEach((node, i) => this.shareWithOrganizationNode(node, i));
    for (const product of props.products ?? []) this.addProduct(product);
  }

  /**
   * Adds a product with its launch role constraint: in this account the product's launch role; when
   * the portfolio is shared, the role of the product's `launchRoleName` in each account.
   */
  public addProduct(product: PavedRoadProduct): void {
    if (this.sharedWithOtherAccounts && product.launchRoleName === undefined) {
      new PropValidator('PavedRoadPortfolio', this.node.path).fail('products', product.node.path,
        'a PavedRoadProduct with launchRoleName when the portfolio is shared: each account provisions with its own role of that name').throwIfInvalid();
    }
    this.products.push(product);
    this.portfolio.addProduct(product.product);
    const options = { description: `Provision ${product.productName} with its least-privilege launch role` };
    if (this.sharedWithOtherAccounts) this.portfolio.setLocalLaunchRole(product.product, product.launchRole, options);
    else this.portfolio.setLaunchRole(product.product, product.launchRole, options);
  }

  private shareWithOrganizationNode(node: string, index: number): void {
    const organizationNode = { Type: node.startsWith('ou-') ? 'ORGANIZATIONAL_UNIT' : 'ORGANIZATION', Value: node };
    const share = new cr.AwsCustomResource(this, `OrganizationShare${index}`, {
      onCreate: {
        service: 'ServiceCatalog',
        action: 'createPortfolioShare',
        parameters: { PortfolioId: this.portfolio.portfolioId, OrganizationNode: organizationNode, ShareTagOptions: true },
        physicalResourceId: cr.PhysicalResourceId.of(`${node}`),
      },
      onDelete: {
        service: 'ServiceCatalog',
        action: 'deletePortfolioShare',
        parameters: { PortfolioId: this.portfolio.portfolioId, OrganizationNode: organizationNode },
      },
      policy: cr.AwsCustomResourcePolicy.fromStatements([
        new iam.PolicyStatement({
          actions: ['servicecatalog:CreatePortfolioShare', 'servicecatalog:DeletePortfolioShare'],
          resources: [this.portfolio.portfolioArn],
        }),
        new iam.PolicyStatement({
          actions: ['organizations:DescribeOrganization', 'organizations:ListAccountsForParent', 'organizations:ListChildren', 'organizations:DescribeOrganizationalUnit'],
          resources: ['*'],
        }),
      ]),
      installLatestAwsSdk: false,
    });
    if (index === 0) {
      Aspects.of(Stack.of(this)).add(new AssetDeploymentAcknowledgments('AWS679f53fac002430cb0da5b7982bd2287',
        'the AwsCustomResource provider function aws-cdk-lib adds to share the portfolio with AWS Organizations nodes (runs once per deployment)'),
      { priority: AspectPriority.MUTATING });
    }
    acknowledge(share, [{
      rules: [AwsSolutionsRule.IAM5],
      reason: 'Service Catalog checks the organization tree with the caller\'s credentials when sharing with an organization node; these read-only Organizations calls take no resource ARN.',
      appliesTo: ['Resource::*'],
    }, {
      rules: nistHipaaPci('IAMNoInlinePolicy'),
      reason: 'The organization-share custom resource\'s policy only allows sharing this portfolio and is used by no other role.',
    }], true);
  }
}
