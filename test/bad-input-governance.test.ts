import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { CfnOutput } from 'aws-cdk-lib';
import { BackstageCatalog, BackstageCatalogOptions, CompliancePack, CostEstimator, PavedRoadGuardrails, PavedRoadGuardrailsOptions, Profile } from '../src';
import { BOOLEAN, expectRefused, NUMBERS, Row, rows, wrongKinds } from './bad-input';
import { testApp, testStack, validationError } from './nag';

/**
 * A battery of bad input for the governance APIs: `PavedRoadGuardrails.enforce` options,
 * `BackstageCatalog.enable` options and `CostEstimator`'s static inputs. Every option with values of
 * the wrong kind, empty, NaN/Infinity, negative, fractional and out of range is refused with one
 * PavedRoadValidationError naming it; every valid edge is accepted and synthesizes.
 */


const PACKS = 'a list of aws-solutions, paved-road';
const BUDGET = 'a monthly amount in USD: a finite number, 0 or more';
const DAILY_BUDGET = 'a daily amount in USD: a finite number, 0 or more';

/** The rows of `rows` for an option of `cost`: given as `{ cost: { [option]: value } }`, named `cost.<option>`. */
const costRows = (option: string, words: string, allowed: Parameters<typeof rows>[2], values: Array<[string, unknown]> = []): Row[] =>
  rows(option, words, allowed, values).map(([label, options, prop, allowedWords]): Row => [`cost.${label}`, { cost: options }, `cost.${prop}`, allowedWords]);
const NIST = CompliancePack.NIST_800_53_R5;
const REASON = 'Staging mirrors an account audited under a separate framework.';

const GUARDRAILS_BAD: Row[] = [
  ...wrongKinds('object', 'array').filter(([k]) => k !== 'emptyString').map(([k, value]): Row => [`options as ${k}`, value as Record<string, unknown>, 'options', 'PavedRoadGuardrailsOptions']),
  ['options as an array', [] as unknown as Record<string, unknown>, 'options', 'PavedRoadGuardrailsOptions'],
  ...(['packs', 'additionalPacks'] as const).flatMap((prop) => rows(prop, PACKS, ['array'], [['as one pack', NIST], ['unknown', ['nist']], ['with null', [null]]])),
  ...rows('packExceptions', 'a list of { pack, reason }', ['array'], [['as one exception', { pack: NIST, reason: REASON }]]),
  ['packExceptions[0] null', { packExceptions: [null] }, 'packExceptions[0]', '{ pack, reason }'],
  ['packExceptions[0] as a pack name', { packExceptions: [NIST] }, 'packExceptions[0]', '{ pack, reason }'],
  ['packExceptions[0].pack missing', { packExceptions: [{ reason: REASON }] }, 'packExceptions[0].pack', 'is required'],
  ['packExceptions[0].pack unknown', { packExceptions: [{ pack: 'nist', reason: REASON }] }, 'packExceptions[0].pack', 'a pack that the profile (dev) applies here'],
  ['packExceptions[0].pack as a number', { packExceptions: [{ pack: 3, reason: REASON }] }, 'packExceptions[0].pack', 'a CompliancePack'],
  ['packExceptions[1].reason as a number', { profile: Profile.PROD, packExceptions: [{ pack: NIST, reason: REASON }, { pack: NIST, reason: 42 }] }, 'packExceptions[1].reason', 'a reason of at least 20 characters'],
  ['packExceptions[0].reason missing', { profile: Profile.PROD, packExceptions: [{ pack: NIST }] }, 'packExceptions[0].reason', 'is required'],
  ['packExceptions[0].reason empty', { profile: Profile.PROD, packExceptions: [{ pack: NIST, reason: '' }] }, 'packExceptions[0].reason', 'a reason of at least 20 characters'],
  ['packExceptions[0].reason as an object', { profile: Profile.PROD, packExceptions: [{ pack: NIST, reason: {} }] }, 'packExceptions[0].reason', 'a reason of at least 20 characters'],
  ...(['strict', 'report', 'requireCostCenter', 'guard', 'verbose'] as const).flatMap((prop) =>
    rows(prop, BOOLEAN, ['boolean'], [['"true" as a string', 'true'], ['1', 1]])),
  ...rows('mandatoryRules', 'a list of rule ids', ['array'], [['as one id', 'PavedRoad-OpenIngress'], ['with an empty id', ['']], ['with a number', [1]], ['with a space', ['PavedRoad OpenIngress']]]),
  ['mandatoryRules unknown', { mandatoryRules: ['PavedRoad-Nope'] }, 'mandatoryRules', 'rule ids of the applied packs'],
  ...rows('guardDisabledRules', 'a list of rule ids', ['array'], [['as one rule', 'ct-s3-pr-10'], ['with null', [null]], ['with an empty rule', ['']]]),
  ...rows('previewMaxTtlHours', 'a number of hours from 1 to 336', ['number'], [...NUMBERS, ['0', 0], ['negative -1', -1], ['337 (above)', 337], ['fraction 0.5 (below 1)', 0.5]]),
  // the cost options, grouped under cost
  ...rows('cost', 'PavedRoadCostOptions', ['object'], [['as a list', [{}]]]),
  ...(['estimate', 'printTable'] as const).flatMap((option) => costRows(option, BOOLEAN, ['boolean'], [['"true" as a string', 'true']])),
  ...costRows('monthlyBudget', BUDGET, ['number'], [...NUMBERS, ['negative -1', -1]]),
  ...costRows('previewDailyBudget', DAILY_BUDGET, ['number'], [...NUMBERS, ['negative -0.01', -0.01]]),
  ...costRows('profileMonthlyBudgets', 'a map of profiles', ['object'], [['as a list', [100]]]),
  ['cost.profileMonthlyBudgets key unknown', { cost: { profileMonthlyBudgets: { live: 100 } } }, 'cost.profileMonthlyBudgets key', 'one of dev, staging, prod, preview'],
  ['cost.profileMonthlyBudgets value NaN', { cost: { profileMonthlyBudgets: { prod: NaN } } }, "cost.profileMonthlyBudgets['prod']", BUDGET],
  ['cost.profileMonthlyBudgets value negative', { cost: { profileMonthlyBudgets: { prod: -5 } } }, "cost.profileMonthlyBudgets['prod']", BUDGET],
  ['cost.profileMonthlyBudgets value as a string', { cost: { profileMonthlyBudgets: { prod: '100' } } }, "cost.profileMonthlyBudgets['prod']", BUDGET],
  ...costRows('priceTable', 'a PriceTableOverride', ['object'], [['as a list', [{}]]]),
  ['cost.priceTable with an unknown entry', { cost: { priceTable: { lambda: {} } } }, 'cost.priceTable.lambda', 'one of the entries'],
  ['cost.priceTable with a negative price', { cost: { priceTable: { regionFactors: { 'eu-west-1': -1 } } } }, "cost.priceTable.regionFactors['eu-west-1']", 'a number of 0 or more'],
  ['cost.priceTable with an entry missing a field', { cost: { priceTable: { elastiCache: {} } } }, 'cost.priceTable.elastiCache.valkeyDiscount', 'is required'],
  ['cost with an unknown option', { cost: { budget: 100 } }, 'cost.budget', 'one of the cost options estimate, monthlyBudget, profileMonthlyBudgets, previewDailyBudget, priceTable, printTable'],
  ['cost.estimate false with a monthly budget', { cost: { estimate: false, monthlyBudget: 100 } }, 'cost.estimate', 'true or unset while a budget is given (cost.monthlyBudget)'],
  ['cost.estimate false with a preview daily budget', { cost: { estimate: false, previewDailyBudget: 5 } }, 'cost.estimate', 'true or unset while a budget is given (cost.previewDailyBudget)'],
  // the options the cost options replaced: a JavaScript caller's old options are refused, naming the new place
  ...([['costEstimate', true, 'estimate'], ['budget', 100, 'monthlyBudget'], ['profileBudgets', { prod: 100 }, 'profileMonthlyBudgets'],
    ['priceTableOverride', {}, 'priceTable'], ['printCost', false, 'printTable']] as Array<[string, unknown, string]>)
    .map(([old, value, now]): Row => [`${old} (moved to cost.${now})`, { [old]: value }, old, `cost.${now} instead`]),
  ['profile unknown', { profile: 'live' }, 'profile', 'one of dev, staging, prod, preview'],
];

describe('PavedRoadGuardrails.enforce bad input', () => {
  test.each(GUARDRAILS_BAD)('%s is refused', (_label, options, prop, allowed) => {
    const app = testApp();
    testStack(app);
    expectRefused(() => PavedRoadGuardrails.enforce(app, options as PavedRoadGuardrailsOptions), prop, allowed);
  });

  test('bad options of a second enforce on the same scope are refused for their kind', () => {
    const app = testApp();
    PavedRoadGuardrails.enforce(app);
    expectRefused(() => PavedRoadGuardrails.enforce(app, null as unknown as PavedRoadGuardrailsOptions), 'options', 'PavedRoadGuardrailsOptions');
    expectRefused(() => PavedRoadGuardrails.enforce(app, { strict: 'yes' } as unknown as PavedRoadGuardrailsOptions), 'strict', BOOLEAN);
  });

  test('every problem is listed in one error', () => {
    const error = validationError(() => PavedRoadGuardrails.enforce(testApp(), { packs: 'nist', strict: 1, cost: { monthlyBudget: '5' } } as unknown as PavedRoadGuardrailsOptions));
    expect(error.problems).toEqual([
      'packs: "nist" is not allowed; allowed: a list of aws-solutions, paved-road, nist-800-53-r5, hipaa-security, pci-dss-321.',
      'strict: 1 is not allowed; allowed: true or false.',
      `cost.monthlyBudget: "5" is not allowed; allowed: ${BUDGET}.`,
    ]);
  });
});

describe('PavedRoadGuardrails.enforce valid edges', () => {
  const VALID: Array<[string, Partial<PavedRoadGuardrailsOptions>]> = [
    ['no options', {}],
    ['empty lists and maps', { packs: [], additionalPacks: [], packExceptions: [], guardDisabledRules: [], cost: { profileMonthlyBudgets: {} } }],
    ['every pack, strict false, report true', { packs: [CompliancePack.HIPAA_SECURITY, CompliancePack.PCI_DSS_321], additionalPacks: [NIST], strict: false, report: true }],
    ['a pack exception in prod, with a reason of 20 characters', { profile: Profile.PROD, packExceptions: [{ pack: NIST, reason: 'r'.repeat(19) + 'x' }] }],
    ['mandatoryRules empty (none mandatory)', { mandatoryRules: [] }],
    ['mandatoryRules of an applied pack', { mandatoryRules: ['PavedRoad-OpenIngress', 'AwsSolutions-S10'] }],
    ['previewMaxTtlHours 1 (min)', { previewMaxTtlHours: 1 }],
    ['previewMaxTtlHours 336 (max)', { previewMaxTtlHours: 336 }],
    ['monthlyBudget 0 (min) with the cost table off', { cost: { monthlyBudget: 0, printTable: false }, verbose: false }],
    ['a fractional budget and profile budgets of 0', { cost: { monthlyBudget: 99.99, profileMonthlyBudgets: { dev: 0, prod: 1000.5 }, printTable: false } }],
    ['previewDailyBudget 0 (min) with no preview stack', { cost: { previewDailyBudget: 0, printTable: false } }],
    ['estimate without a budget, requireCostCenter false', { cost: { estimate: true, printTable: false }, requireCostCenter: false }],
    ['estimate false without a budget, and an empty cost', { cost: { estimate: false } }],
    ['a price table override', { cost: { estimate: true, printTable: false, priceTable: { regionFactors: { 'eu-west-1': 0 } } } }],
    ['guardDisabledRules given without guard', { guard: false, guardDisabledRules: ['ct-s3-pr-10'] }],
  ];
  test.each(VALID)('%s is accepted and synthesizes', (_label, options) => {
    const app = testApp();
    new CfnOutput(testStack(app), 'Output', { value: 'x' });
    expect(() => PavedRoadGuardrails.enforce(app, options as PavedRoadGuardrailsOptions)).not.toThrow();
    expect(() => app.synth()).not.toThrow();
  });
});

const LIFECYCLE = 'a lifecycle name such as production or experimental';
const BACKSTAGE_BAD: Row[] = [
  ...wrongKinds('object', 'array').filter(([k]) => k !== 'emptyString').map(([k, value]): Row => [`options as ${k}`, value as Record<string, unknown>, 'options', 'BackstageCatalogOptions']),
  ...rows('system', 'a Backstage entity reference to a system', ['string'], [['of another kind of entity', 'group:checkout'], ['with a space', 'check out']]),
  ...rows('namespace', 'a Backstage namespace', ['string'], [['with capitals', 'Checkout'], ['64 characters', 'n'.repeat(64)]]),
  ...rows('lifecycles', 'a map of profiles', ['object'], [['as a list', ['production']]]),
  ['lifecycles key unknown', { lifecycles: { qa: 'beta' } }, 'lifecycles key', 'a profile (dev, staging, prod, preview)'],
  ['lifecycles value as a number', { lifecycles: { prod: 1 } }, "lifecycles['prod']", LIFECYCLE],
  ['lifecycles value null', { lifecycles: { prod: null } }, "lifecycles['prod']", LIFECYCLE],
  ['lifecycles value empty', { lifecycles: { prod: '' } }, "lifecycles['prod']", LIFECYCLE],
  ...rows('annotations', 'a map of annotation keys to string values', ['object'], [['as a list', ['a=b']]]),
  ['annotations key with a space', { annotations: { 'bad key': 'x' } }, 'annotations key', 'an annotation key'],
  ['annotations key empty', { annotations: { '': 'x' } }, 'annotations key', 'an annotation key'],
  ['annotations key reserved by the catalog', { annotations: { 'paved-road-constructs/profile': 'x' } }, 'annotations key', 'not under paved-road-constructs/'],
  ['annotations value as a number', { annotations: { 'example.com/x': 1 } }, "annotations['example.com/x']", 'a string (an annotation value'],
  ['annotations value null', { annotations: { 'example.com/x': null } }, "annotations['example.com/x']", 'a string'],
  ['annotations value as an object', { annotations: { 'example.com/x': {} } }, "annotations['example.com/x']", 'a string'],
];

describe('BackstageCatalog.enable bad input', () => {
  test.each(BACKSTAGE_BAD)('%s is refused', (_label, options, prop, allowed) => {
    expectRefused(() => BackstageCatalog.enable(testApp(), options as BackstageCatalogOptions), prop, allowed);
  });

  test('bad options of a second enable are refused, not ignored', () => {
    const app = testApp();
    BackstageCatalog.enable(app);
    expectRefused(() => BackstageCatalog.enable(app, { system: 5 } as unknown as BackstageCatalogOptions), 'system', 'a Backstage entity reference');
  });

  test.each([[42], [''], [null], [{}]])('setEntityName with %p is refused', (name) => {
    const app = testApp();
    const catalog = BackstageCatalog.enable(app);
    expectRefused(() => catalog.setEntityName(testStack(app), name as unknown as string), 'entityName', '1 to 63 letters and digits');
  });
});

describe('BackstageCatalog.enable valid edges', () => {
  const VALID: Array<[string, BackstageCatalogOptions]> = [
    ['no options', {}],
    ['empty maps', { lifecycles: {}, annotations: {} }],
    ['a system reference with kind and namespace', { system: 'system:default/checkout', namespace: 'n'.repeat(63) }],
    ['a lifecycle per profile', { lifecycles: { dev: 'experimental', staging: 'beta', prod: 'production', preview: 'preview' } }],
    ['an annotation with an empty value', { annotations: { 'github.com/project-slug': 'org/repo', 'example.com/empty': '' } }],
  ];
  test.each(VALID)('%s is accepted and synthesizes', (_label, options) => {
    const app = testApp();
    testStack(app);
    expect(() => BackstageCatalog.enable(app, options)).not.toThrow();
    expect(() => app.synth()).not.toThrow();
  });
});

const TEMPLATE = { Resources: { Topic: { Type: 'AWS::SNS::Topic' } } };

describe('CostEstimator bad input', () => {
  const OPTIONS_BAD: Row[] = [
    ...wrongKinds('object', 'array').filter(([k]) => k !== 'emptyString').map(([k, value]): Row => [`options as ${k}`, value as Record<string, unknown>, 'options', 'CostEstimateOptions']),
    ...rows('stackName', 'a non-empty string', ['string'], [['blank', '  '], ['with a trailing space', 'Api ']]),
    ...rows('region', 'a region name such as eu-west-1', [], [['constructor (an Object member)', 'constructor'], ['in capitals', 'EU-WEST-1']]),
    ...rows('hoursPerMonth', 'a number of hours above 0 and at most 744', ['number'], [...NUMBERS, ['0', 0], ['negative -1', -1], ['745 (above)', 745]]),
    ...rows('ttlHours', 'a number of hours above 0', ['number'], [...NUMBERS, ['0', 0], ['negative -24', -24]]),
    ...rows('budgetUsd', 'a number of USD per month, 0 or more', ['number'], [...NUMBERS, ['negative -0.01', -0.01]]),
    ...rows('dailyBudgetUsd', 'a number of USD per day, 0 or more', ['number'], [...NUMBERS, ['negative -0.01', -0.01]]),
    ...rows('priceTableOverride', 'an object of price entries', ['object']),
    ['priceTableOverride.fargate with a missing field', { priceTableOverride: { fargate: { vcpuHour: 1 } } }, 'priceTableOverride.fargate.x86VcpuHour', 'is required'],
  ];
  test.each(OPTIONS_BAD)('estimateTemplate with %s is refused', (_label, options, prop, allowed) => {
    expectRefused(() => CostEstimator.estimateTemplate(TEMPLATE, options), prop, allowed);
  });

  test.each([
    ...wrongKinds('object').map(([k, value]) => [`template as ${k}`, value, 'template', 'a CloudFormation template as a JSON object'] as [string, unknown, string, string]),
    ['template missing', undefined, 'template', 'is required'],
    ['template.Resources as a string', { Resources: 'abc' }, 'template.Resources', 'a map of logical ids to resources'],
    ['template.Resources as a number', { Resources: 5 }, 'template.Resources', 'a map of logical ids to resources'],
    ['template.Parameters as a list', { Resources: {}, Parameters: [] }, 'template.Parameters', 'a map of parameter names'],
  ] as Array<[string, unknown, string, string]>)('estimateTemplate with %s is refused', (_label, template, prop, allowed) => {
    expectRefused(() => CostEstimator.estimateTemplate(template as Record<string, unknown>), prop, allowed);
  });

  test.each([...wrongKinds('string', 'emptyString', 'null'), ['null', null], ['empty', ''], ['missing', undefined]] as Array<[string, unknown]>)(
    'estimateTemplateFile with a path %s is refused', (label, templatePath) => {
      const allowed = ['null', 'empty', 'missing'].includes(label) ? 'is required' : 'the path of a JSON template file, as a string';
      expectRefused(() => CostEstimator.estimateTemplateFile(templatePath as string), 'templatePath', allowed);
    });

  const estimate = CostEstimator.estimateTemplate(TEMPLATE, { stackName: 'Api' });
  test.each([...wrongKinds('null'), ['null', null], ['missing', undefined], ['an estimate without lines', { ...estimate, lines: undefined }]] as Array<[string, unknown]>)(
    'checkBudget with the estimate %s is refused', (label, given) => {
      expectRefused(() => CostEstimator.checkBudget(given as typeof estimate, 100), 'estimate', ['null', 'missing'].includes(label) ? 'is required' : 'a StackCostEstimate');
    });
  // null is no budget, as undefined (jsii passes Python's None and Java's null as undefined)
  test.each([...wrongKinds('number', 'null'), ...NUMBERS.filter(([l]) => l !== 'a numeric string'), ['negative -1', -1]] as Array<[string, unknown]>)(
    'checkBudget with the budget %s is refused', (_label, budget) => {
      expectRefused(() => CostEstimator.checkBudget(estimate, budget as number), 'budgetUsd', 'a number of USD per month, 0 or more');
    });
  test.each([...wrongKinds('null'), ['null', null], ['missing', undefined]] as Array<[string, unknown]>)(
    'checkDailyBudget with the estimate %s is refused', (label, given) => {
      expectRefused(() => CostEstimator.checkDailyBudget(given as typeof estimate, 5), 'estimate', ['null', 'missing'].includes(label) ? 'is required' : 'a StackCostEstimate');
    });
  test.each([...wrongKinds('number', 'null'), ...NUMBERS.filter(([l]) => l !== 'a numeric string'), ['negative -1', -1]] as Array<[string, unknown]>)(
    'checkDailyBudget with the budget %s is refused', (_label, budget) => {
      expectRefused(() => CostEstimator.checkDailyBudget(estimate, budget as number), 'dailyBudgetUsd', 'a number of USD per day, 0 or more');
    });
  test.each(['formatCostTable', 'costReport'] as const)('%s refuses anything but a list of estimates', (method) => {
    for (const [, value] of [...wrongKinds('array', 'null')]) expectRefused(() => CostEstimator[method](value as never), 'estimates', 'a list of StackCostEstimate');
    expectRefused(() => CostEstimator[method](null as never), 'estimates', 'is required');
    expectRefused(() => CostEstimator[method]([estimate, null] as never), 'estimates[1]', 'a StackCostEstimate');
    expectRefused(() => CostEstimator[method]([{ stackName: 'x' }] as never), 'estimates[0]', 'a StackCostEstimate');
  });
  test.each([...wrongKinds('object'), ['missing', undefined]] as Array<[string, unknown]>)('priceTable with %s is refused', (label, prices) => {
    const missing = label === 'missing' || label === 'null';
    expectRefused(() => CostEstimator.priceTable(prices as never), missing ? 'prices' : 'priceTableOverride', missing ? 'is required' : 'an object of price entries');
  });
});

describe('CostEstimator valid edges', () => {
  test.each([
    ['no options', {}],
    ['hoursPerMonth 744 (max), fractional hours', { hoursPerMonth: 744, ttlHours: 0.5 }],
    ['hoursPerMonth just above 0', { hoursPerMonth: 0.001 }],
    ['budgetUsd 0 (min)', { budgetUsd: 0 }],
    ['dailyBudgetUsd 0 (min)', { dailyBudgetUsd: 0 }],
    ['a GovCloud region and a one-character stack name', { region: 'us-gov-west-1', stackName: 'A' }],
    ['a region missing from the table', { region: 'xx-test-1' }],
    ['an empty price table override', { priceTableOverride: {} }],
  ] as Array<[string, Record<string, unknown>]>)('estimateTemplate with %s is accepted', (_label, options) => {
    const e = CostEstimator.estimateTemplate(TEMPLATE, options);
    expect(CostEstimator.checkBudget(e)).toBeUndefined();
    expect(CostEstimator.formatCostTable([e])).toMatch(/Cost estimate/);
  });
  test('a template without Resources, empty estimate lists and a template file are accepted', () => {
    expect(CostEstimator.estimateTemplate({}).totalMonthlyUsd).toBe(0);
    expect(CostEstimator.formatCostTable([])).toMatch(/no stacks/);
    expect(CostEstimator.costReport([]).stacks).toEqual([]);
    const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'cost-')), 't.json');
    fs.writeFileSync(file, JSON.stringify(TEMPLATE));
    expect(CostEstimator.estimateTemplateFile(file).stackName).toBe('Stack');
    expect(CostEstimator.priceTable({}).date).toBe(CostEstimator.bundledPriceTable().date);
  });
});
