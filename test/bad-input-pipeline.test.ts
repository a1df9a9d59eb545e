import { App, CfnOutput, CfnParameter, Stack, Stage } from 'aws-cdk-lib';
import * as codecommit from 'aws-cdk-lib/aws-codecommit';
import * as s3 from 'aws-cdk-lib/aws-s3';
import * as sns from 'aws-cdk-lib/aws-sns';
import * as ssm from 'aws-cdk-lib/aws-ssm';
import { Construct } from 'constructs';
import {
  AuditLevel, CompliancePack, PavedRoadPipeline, PavedRoadPipelineProps, PipelineSource, Profile, RepositoryHost,
} from '../src';
import { BOOLEAN, expectRefused, KindName, wrongKinds } from './bad-input';
import { CONNECTION_ARN, ENV } from './fixtures';
import { testApp, validationError } from './nag';

/**
 * A battery of bad input for PavedRoadPipeline and the structs it takes (source, stages, smoke tests,
 * stage guardrails): every prop with values of the wrong kind, empty, negative, NaN/Infinity,
 * fractional and out of range, unsafe in prod, and every valid edge value (which must synthesize).
 * Bad input is refused in the constructor with one PavedRoadValidationError that names the prop (nested
 * props as `stages[1].name`) and what is allowed.
 */


const COMMANDS = 'a list of shell commands, none of them empty';
const BRANCH = 'the name of the branch that starts the pipeline: a git branch name';
const STAGE_NAME = '1 to 100 letters, digits, ., @, - or _';
const FACTORY_NAME = 'a letter, then up to 99 letters, digits or hyphens';
const ELEMENT = '{ name, stage } or { name, stageFactory }';
const GUARDRAILS = 'PavedRoadGuardrailsOptions (a map of options)';

/** The app a team deploys in one environment: a stack with a parameter and an output a smoke test reads. */
class AppStage extends Stage {
  public readonly url: CfnOutput;
  constructor(scope: Construct, id: string) {
    super(scope, id, { env: ENV });
    const stack = new Stack(this, 'Service');
    const param = new ssm.StringParameter(stack, 'Endpoint', { stringValue: `https://${id.toLowerCase()}.example.com` });
    this.url = new CfnOutput(stack, 'Url', { value: param.stringValue });
  }
}

const connection = (branch: unknown = 'main', options: unknown = { connectionArn: CONNECTION_ARN }, repository: unknown = 'my-org/my-repo') =>
  PipelineSource.connection(repository as string, branch as string, options as { connectionArn: string });

type Row = [string, (x: Given) => Record<string, unknown>, string, string];
/** What a bad case can build its props from (in the shared app of bad cases). */
interface Given {
  readonly app: App;
  readonly stack: Stack;
  /** A new stage of the app (never deployed: bad cases stop before the stages are added). */
  readonly stage: (id?: string) => AppStage;
  readonly factory: (returns?: (scope: Construct, id: string) => unknown) => { createStage: (scope: Construct, id: string) => Stage };
}
const one = (x: Given, options: Record<string, unknown> = {}) => ({ stages: [{ name: 'dev', stage: x.stage(), ...options }] });
const rows = (prop: string, words: string, allowed: KindName[], values: Array<[string, unknown]> = []): Row[] => [
  ...wrongKinds(...allowed).map(([k, value]): Row => [`${prop} as ${k}`, () => ({ [prop]: value }), prop, words]),
  ...values.map(([label, value]): Row => [`${prop} ${label}`, () => ({ [prop]: value }), prop, words]),
];
/** Rows for a member of the one stage: `stages[0].<member>`. */
const stageRows = (member: string, words: string, allowed: KindName[], values: Array<[string, unknown]> = []): Row[] => [
  ...wrongKinds(...allowed).map(([k, value]): [string, unknown] => [`as ${k}`, value]).concat(values)
    .map(([label, value]): Row => [`stages[0].${member} ${label}`, (x) => one(x, { [member]: value }), `stages[0].${member}`, words]),
];
/** `{ a: { b: value } }` for the member `a.b`, `{ a: value }` for `a`. */
const nested = (member: string, value: unknown): Record<string, unknown> => {
  const [first, ...rest] = member.split('.');
  return { [first]: rest.length === 0 ? value : nested(rest.join('.'), value) };
};
const NUMBERS: Array<[string, unknown]> = [['NaN', NaN], ['Infinity', Infinity], ['-Infinity', -Infinity], ['a numeric string', '60']];

const BAD_BRANCHES: Array<[string, unknown]> = [
  ['empty', ''], ['blank', '   '], ['with a space', 'feature branch'], ['..', '..'], ['with ..', 'a..b'], ['starting with -', '-main'],
  ['starting with /', '/main'], ['ending with /', 'main/'], ['ending with .', 'main.'], ['ending with .lock', 'main.lock'],
  ['with //', 'a//b'], ['with @{', 'a@{b'], ['@ alone', '@'], ['with ~', 'a~1'], ['with ^', 'a^'], ['with :', 'a:b'], ['with ?', 'a?'],
  ['with *', 'a*'], ['with [', 'a[b'], ['with a backslash', 'a\\b'], ['a hidden part', 'feature/.x'], ['a control character', 'a\u0007b'],
  ['a tab', 'a\tb'], ['as a number', 42], ['as a list', ['main']], ['as an object', {}],
];

const BAD: Row[] = [
  // source: a PipelineSource from one of its factories
  ['source missing', () => ({ source: undefined }), 'source', 'is required; pass a PipelineSource'],
  ['source null', () => ({ source: null }), 'source', 'is required; pass a PipelineSource'],
  ...rows('source', 'a PipelineSource (PipelineSource.connection, .codeCommit or .s3)', ['null'], [
    ['as a repository string', 'my-org/my-repo'],
    ['as a look-alike object', { kind: 'connection', location: 'my-org/my-repo', branch: 'main', connectionArn: CONNECTION_ARN }],
  ]),
  ...BAD_BRANCHES.map(([label, branch]): Row => [`connection branch ${label}`, () => ({ source: connection(branch) }), 'source.branch', BRANCH]),
  ['connection branch missing', () => ({ source: connection(null) }), 'source.branch', 'is required; pass the branch'],
  ...([['empty', ''], ['without owner', 'my-repo'], ['with a space', 'my org/my-repo'], ['a trailing /', 'my-org/'], ['as a number', 7], ['as a list', ['my-org/my-repo']]] as Array<[string, unknown]>)
    .map(([label, repository]): Row => [`connection repository ${label}`, () => ({ source: connection('main', undefined, repository) }), 'source.repository', 'a repository as owner/name']),
  ['connection without options (crashed before)', () => ({ source: PipelineSource.connection('my-org/my-repo', 'main', undefined as unknown as { connectionArn: string }) }),
    'source.connectionArn', 'is required; pass the options { connectionArn }'],
  ['connection options null', () => ({ source: connection('main', null) }), 'source options', 'the options of PipelineSource.connection'],
  ['connection options as the ARN', () => ({ source: connection('main', CONNECTION_ARN) }), 'source options', 'the options of PipelineSource.connection'],
  ...([['empty', ''], ['an IAM role ARN', 'arn:aws:iam::123456789012:role/x'], ['without account', 'arn:aws:codeconnections:us-east-1::connection/abc'],
    ['as a number', 1], ['null', null], ['as a list', [CONNECTION_ARN]]] as Array<[string, unknown]>)
    .map(([label, connectionArn]): Row => [`connectionArn ${label}`, () => ({ source: connection('main', { connectionArn }) }), 'source.connectionArn', 'a CodeConnections or CodeStar Connections connection ARN']),
  ...([['github.com', 'github.com'], ['upper case', 'GITHUB'], ['empty', ''], ['as a number', 0]] as Array<[string, unknown]>)
    .map(([label, host]): Row => [`connection host ${label} (fell back to GitHub links before)`, () => ({ source: connection('main', { connectionArn: CONNECTION_ARN, host }) }),
      'source.host', 'one of the RepositoryHost values github, gitlab, bitbucket']),
  ...([['"false" as a string', 'false'], ['0', 0], ['null', null]] as Array<[string, unknown]>)
    .map(([label, triggerOnPush]): Row => [`connection triggerOnPush ${label}`, () => ({ source: connection('main', { connectionArn: CONNECTION_ARN, triggerOnPush }) }), 'source.triggerOnPush', BOOLEAN]),
  ['codeCommit without a repository', () => ({ source: PipelineSource.codeCommit(undefined as unknown as codecommit.IRepository, 'main') }), 'source.repository', 'is required; pass the codecommit.IRepository'],
  ['codeCommit repository as a name', () => ({ source: PipelineSource.codeCommit('my-repo' as unknown as codecommit.IRepository, 'main') }), 'source.repository', 'a codecommit.IRepository'],
  ['codeCommit branch empty', (x) => ({ source: PipelineSource.codeCommit(codecommit.Repository.fromRepositoryName(x.stack, `Repo${x.stage().node.id}`, 'r'), '') }), 'source.branch', BRANCH],
  ['s3 without a bucket', () => ({ source: PipelineSource.s3(undefined as unknown as s3.IBucket, 'src.zip') }), 'source.bucket', 'is required; pass the versioned s3.IBucket'],
  ['s3 bucket as a name', () => ({ source: PipelineSource.s3('my-bucket' as unknown as s3.IBucket, 'src.zip') }), 'source.bucket', 'an s3.IBucket'],
  ...([['empty', ''], ['blank', '  '], ['1025 bytes', 'k'.repeat(1025)], ['513 two-byte characters', 'é'.repeat(513)], ['as a number', 1]] as Array<[string, unknown]>)
    .map(([label, key]): Row => [`s3 objectKey ${label}`, (x) => ({ source: PipelineSource.s3(s3.Bucket.fromBucketName(x.stack, `Bucket${x.stage().node.id}`, 'source-bucket'), key as string) }),
      'source.objectKey', 'the key of the source zip in the bucket, not empty (at most 1024 bytes)']),
  ['s3 objectKey missing', (x) => ({ source: PipelineSource.s3(s3.Bucket.fromBucketName(x.stack, `Bucket${x.stage().node.id}`, 'source-bucket'), undefined as unknown as string) }), 'source.objectKey', 'is required'],
  // stages
  ...([['missing', undefined], ['null', null], ['empty', []], ['as a string', 'dev'], ['as a number', 1], ['as an object', { name: 'dev' }], ['as a function', () => []]] as Array<[string, unknown]>)
    .map(([label, stages]): Row => [`stages ${label}`, () => ({ stages }), 'stages', 'at least one stage ({ name, stage } or { name, stageFactory })']),
  ...([['a number', 1], ['a string', 'dev'], ['null', null], ['a list', []], ['a function', () => 1]] as Array<[string, unknown]>)
    .map(([label, element]): Row => [`stages[0] as ${label}`, () => ({ stages: [element] }), 'stages[0]', ELEMENT]),
  ['stages[0] as a Stage itself', (x) => ({ stages: [x.stage()] }), 'stages[0]', ELEMENT],
  ['stages[1] as a Stage itself', (x) => ({ stages: [{ name: 'dev', stage: x.stage() }, x.stage()] }), 'stages[1]', ELEMENT],
  ['stages[0].name missing', (x) => ({ stages: [{ stage: x.stage() }] }), 'stages[0].name', 'is required; name every stage'],
  ...stageRows('name', STAGE_NAME, ['string'], [['blank', '   '], ['with a space', 'dev eu'], ['with /', 'dev/eu'], ['101 characters', 'd'.repeat(101)], ['with a colon', 'dev:eu']]),
  ...([['empty', ''], ['dev_eu', 'dev_eu'], ['dev.eu', 'dev.eu'], ['dev@eu', 'dev@eu'], ['1dev', '1dev'], ['101 characters', 'd'.repeat(101)], ['as a number', 5]] as Array<[string, unknown]>)
    .map(([label, name]): Row => [`stages[0].name ${label} with stageFactory`, (x) => ({ stages: [{ name, stageFactory: x.factory() }] }), 'stages[0].name', FACTORY_NAME]),
  ['two stages named alike', (x) => ({ stages: [{ name: 'dev', stage: x.stage() }, { name: 'DEV', stage: x.stage() }] }), 'stages[1].name', 'a name no other stage has (stages[0] is already named "dev")'],
  ['one Stage deployed twice', (x) => {
    const stage = x.stage();
    return { stages: [{ name: 'dev', stage }, { name: 'dev2', stage }] };
  }, 'stages[1].stage', 'a stage no other entry deploys (stages[0] already deploys it)'],
  ['both stage and stageFactory', (x) => ({ stages: [{ name: 'dev', stage: x.stage(), stageFactory: x.factory() }] }), 'stages[0].stage', 'exactly one of stage and stageFactory'],
  ['neither stage nor stageFactory', () => ({ stages: [{ name: 'dev' }] }), 'stages[0].stage', 'exactly one of stage and stageFactory'],
  ...([['a string', 'Dev'], ['a Stack', 'STACK'], ['an object', {}], ['a number', 1]] as Array<[string, unknown]>)
    .map(([label, stage]): Row => [`stages[0].stage as ${label}`, (x) => ({ stages: [{ name: 'dev', stage: stage === 'STACK' ? new Stack(x.app, `Stack${x.stage().node.id}`) : stage }] }), 'stages[0].stage', 'a cdk.Stage']),
  ...([['an object without createStage', {}], ['the function itself', () => new Stage(new App(), 'X')], ['createStage as a string', { createStage: 'x' }], ['a string', 'factory']] as Array<[string, unknown]>)
    .map(([label, stageFactory]): Row => [`stages[0].stageFactory as ${label}`, () => ({ stages: [{ name: 'dev', stageFactory }] }), 'stages[0].stageFactory', 'an IPipelineStageFactory (an object with createStage(scope, id))']),
  ['a stageFactory that returns nothing', (x) => ({ stages: [{ name: 'dev', stageFactory: x.factory(() => undefined) }] }), 'stages[0].stageFactory', 'a factory whose createStage returns a cdk.Stage (it returned nothing)'],
  ['a stageFactory that returns a Stack', (x) => ({ stages: [{ name: 'dev', stageFactory: x.factory((scope, id) => new Stack(scope, id)) }] }), 'stages[0].stageFactory', 'a factory whose createStage returns a cdk.Stage (it returned something else)'],
  ...stageRows('profile', 'one of the profiles dev, staging, prod, preview', [], [['production', 'production'], ['PROD', 'PROD']]),
  ...stageRows('requiresApproval', BOOLEAN, ['boolean'], [['"false" as a string', 'false'], ['0', 0]]),
  ...stageRows('smokeTestCommands', COMMANDS, ['array'], [['as one command string', 'curl -fsS "$URL"'], ['with an empty command', ['']], ['with a blank command', ['  ']],
    ['with a number', [1]], ['with null', [null]]]),
  ...stageRows('smokeTestOutputs', 'a map of variable names to CfnOutput', ['object'], [['as a list', ['URL']]]),
  ['a smoke test output as a value', (x) => one(x, { smokeTestCommands: ['echo $URL'], smokeTestOutputs: { URL: 'https://x' } }), "stages[0].smokeTestOutputs['URL']", 'a CfnOutput of a stack in the stage'],
  ['a smoke test output named like no variable', (x) => {
    const stage = x.stage();
    return { stages: [{ name: 'dev', stage, smokeTestCommands: ['echo'], smokeTestOutputs: { 'SERVICE-URL': stage.url } }] };
  }, 'stages[0].smokeTestOutputs key', 'a variable name'],
  ['smoke test outputs without commands', (x) => {
    const stage = x.stage();
    return { stages: [{ name: 'dev', stage, smokeTestOutputs: { URL: stage.url } }] };
  }, 'stages[0].smokeTestOutputs', 'only together with smokeTestCommands that read them'],
  ['a smoke test output of a later stage', (x) => {
    const dev = x.stage();
    const prod = x.stage();
    return { stages: [{ name: 'dev', stage: dev, smokeTestCommands: ['echo $URL'], smokeTestOutputs: { URL: prod.url } }, { name: 'prod', stage: prod }] };
  }, "stages[0].smokeTestOutputs['URL']", 'an output of a stack in stages[0] or an earlier stage: the smoke test runs after stages[0] deploys, before stages[1] deploys this output'],
  ['a smoke test output in no stage', (x) => ({
    stages: [{ name: 'dev', stage: x.stage(), smokeTestCommands: ['echo $URL'], smokeTestOutputs: { URL: new CfnOutput(new Stack(x.app, `Outside${x.stage().node.id}`), 'Url', { value: 'x' }) } }],
  }), "stages[0].smokeTestOutputs['URL']", 'and this output is in no stage of the pipeline'],
  // unsafe in prod: a production stage without approval
  ['a stage named prod without approval', (x) => ({ stages: [{ name: 'prod', stage: x.stage(), requiresApproval: false }] }), 'stages[0].requiresApproval', "true (or unset) for stage 'prod': it is a production stage (named prod)"],
  ['a stage of the prod profile without approval', (x) => ({ stages: [{ name: 'live', stage: x.stage(), profile: Profile.PROD, requiresApproval: false }] }), 'stages[0].requiresApproval', 'production stage (profile prod)'],
  ['a prod pipeline without the approval policy', (x) => ({ ...one(x), profile: Profile.PROD, requireApprovalForProduction: false }), 'requireApprovalForProduction', 'true (or unset) in a pipeline whose profile is prod'],
  // commands
  ...(['installCommands', 'synthCommands', 'additionalScanCommands'] as const).flatMap((prop) =>
    rows(prop, COMMANDS, ['array'], [['as one command string', 'npm ci'], ['with an empty command', ['npm ci', '']], ['with a blank command', [' ']], ['with a number', [1]], ['with null', [null]]])),
  ['synthCommands empty', () => ({ synthCommands: [] }), 'synthCommands', 'at least one command: the synth step must write the cloud assembly'],
  ...rows('cloudAssemblyDirectory', 'a directory relative to the repository root, such as cdk.out (not absolute, no ..)', ['string'],
    [['blank', '  '], ['absolute', '/tmp/cdk.out'], ['outside the repository', '../cdk.out'], ['through ..', 'infra/../../out'], ['through .. (backslash)', 'infra\\..\\..\\out']]),
  ...rows('nodeVersion', "a string, such as '20'", ['string', 'emptyString'], [['as the number 20', 20]]),
  ...([['empty', ''], ['16 (not on the image)', '16'], ['19', '19'], ['99.x', '99.x'], ['a full version', '20.11.1'], ['node20', 'node20'], ['lts', 'lts'], ['Latest', 'Latest'], ['20.X', '20.X']] as Array<[string, unknown]>)
    .map(([label, nodeVersion]): Row => [`nodeVersion ${label}`, () => ({ nodeVersion }), 'nodeVersion', 'a Node.js major the CodeBuild standard 7.0 image offers: 18, 20, 22, 24 (or as 24.x), or latest']),
  ...rows('auditLevel', 'one of the npm audit levels low, moderate, high, critical', [], [['severe', 'severe'], ['HIGH', 'HIGH'], ['info', 'info']]),
  ...(['dockerEnabled', 'requireApprovalForProduction', 'selfMutation', 'crossAccountKeys'] as const).flatMap((prop) =>
    rows(prop, BOOLEAN, ['boolean'], [['"false" as a string', 'false'], ['0', 0]])),
  ...rows('notificationTopic', 'an sns.ITopic', [], [['as a topic ARN', 'arn:aws:sns:us-east-1:123456789012:pipeline']]),
  ...rows('notificationEmails', 'a list of e-mail addresses', ['array'], [['as one address (crashed before)', 'team@example.com'], ['with a number', [1]], ['with null', [null]]]),
  ...([['empty', ''], ['not an address', 'not-an-email'], ['without a domain dot', 'team@example'], ['with a space', 'team lead@example.com'], ['two @', 'a@b@example.com']] as Array<[string, unknown]>)
    .map(([label, email]): Row => [`notificationEmails[0] ${label}`, () => ({ notificationEmails: [email] }), 'notificationEmails[0]', 'an e-mail address']),
  ['an address twice (CDK refused the second subscription)', () => ({ notificationEmails: ['team@example.com', 'Team@Example.com'] }), 'notificationEmails[1]', 'an address not already in the list (notificationEmails[0])'],
  ...rows('buildTimeoutMinutes', 'an integer from 5 to 2160 (what CodeBuild allows)', ['number'], [...NUMBERS, ['0', 0], ['4 (below)', 4], ['2161 (above)', 2161], ['negative -5', -5], ['fraction 7.5', 7.5]]),
  // stage guardrails
  ...rows('stageGuardrails', GUARDRAILS, ['object']),
  ...([['profile', 'production', 'one of the profiles'], ['packs', 'nist', 'a list of CompliancePack values'], ['packs', ['nist'], 'a list of CompliancePack values (aws-solutions, paved-road'],
    ['additionalPacks', [CompliancePack.HIPAA_SECURITY, 'pci'], 'a list of CompliancePack values'], ['packExceptions', [{}], 'a list of { pack, reason }'],
    ['strict', 'yes', BOOLEAN], ['report', 1, BOOLEAN], ['requireCostCenter', 'false', BOOLEAN], ['mandatoryRules', 'AwsSolutions-S1', 'a list of rule ids'],
    ['guardDisabledRules', [1], 'a list of rule ids'], ['previewMaxTtlHours', '24', 'a number'], ['cost', [], 'PavedRoadCostOptions'], ['cost.monthlyBudget', 'lots', 'a monthly amount in USD'],
    ['cost.profileMonthlyBudgets', [], 'a map of profiles'], ['budget', 100, 'stageGuardrails.cost.monthlyBudget instead']] as Array<[string, unknown, string]>)
    .map(([member, value, words]): Row => [`stageGuardrails.${member} ${String(value)}`, () => ({ stageGuardrails: nested(member, value) }), `stageGuardrails.${member}`, words]),
  // inherited props
  ['owner empty', () => ({ owner: '' }), 'owner', 'is required; pass `owner`'],
  ['owner as a list', () => ({ owner: ['team'] }), 'owner', 'a tag value'],
  ['a reserved tag key', () => ({ tags: { 'paved-road:profile': 'prod' } }), 'tags key', 'starts with neither aws: nor paved-road:'],
];

describe('PavedRoadPipeline bad input', () => {
  let given: Given;
  let n = 0;
  beforeAll(() => {
    const app = testApp();
    const stack = new Stack(app, 'BadPipelines', { env: ENV });
    given = {
      app,
      stack,
      stage: () => new AppStage(app, `Stage${n++}`),
      factory: (returns) => ({ createStage: (scope, id) => (returns ? returns(scope, id) : new AppStage(scope, id)) as Stage }),
    };
  });
  const create = (props: Record<string, unknown>) => () => new PavedRoadPipeline(given.stack, `Bad${n++}`, {
    source: connection(),
    stages: [{ name: 'dev', stage: given.stage() }],
    ...props,
  } as PavedRoadPipelineProps);

  test.each(BAD)('%s is refused', (_label, props, prop, allowed) => {
    expectRefused(create(props(given)), prop, allowed);
  });

  test('deploy-time values are not refused for their kind', () => {
    const arn = new CfnParameter(given.stack, 'ConnectionArn').valueAsString;
    const minutes = new CfnParameter(given.stack, 'Minutes', { type: 'Number' }).valueAsNumber;
    expect(create({ source: connection('main', { connectionArn: arn }), buildTimeoutMinutes: minutes, selfMutation: false })).not.toThrow();
  });

  test('every problem is listed in one error, nested props by their path', () => {
    const stage = given.stage();
    const error = validationError(create({
      source: connection('feature branch', { connectionArn: CONNECTION_ARN, host: 'github.com' }),
      stages: [{ name: 'dev', stage, requiresApproval: 'false' }, { name: 'prod', stage: 'Prod' }],
      notificationEmails: 'team@example.com',
      dockerEnabled: 'false',
    }));
    expect(error.problems).toEqual([
      expect.stringMatching(/^source\.host: "github\.com" is not allowed; allowed: one of the RepositoryHost values github, gitlab, bitbucket\.$/),
      expect.stringMatching(/^source\.branch: "feature branch" is not allowed; allowed: the name of the branch that starts the pipeline: a git branch name/),
      'stages[0].requiresApproval: "false" is not allowed; allowed: true or false.',
      'stages[1].stage: "Prod" is not allowed; allowed: a cdk.Stage.',
      'notificationEmails: "team@example.com" is not allowed; allowed: a list of e-mail addresses.',
      'dockerEnabled: "false" is not allowed; allowed: true or false.',
    ]);
    expect(error.message).toMatch(/^PavedRoadPipeline 'BadPipelines\/Bad\d+' has 6 invalid props:/);
  });
});

describe('PavedRoadPipeline valid edges', () => {
  let app: App;
  let n = 0;
  beforeAll(() => {
    app = testApp();
  });
  interface Fixture { readonly stack: Stack; readonly stage: (id: string) => AppStage }
  /** Each valid edge: a pipeline in its own stack with its own stages, all in one app synthesized at the end. */
  const build = (props: (f: Fixture) => Partial<PavedRoadPipelineProps>) => {
    const i = n++;
    const stack = new Stack(app, `Valid${i}`, { env: ENV });
    const stage = (id: string) => new AppStage(app, `V${i}${id}`);
    const given = props({ stack, stage });
    return new PavedRoadPipeline(stack, 'Delivery', { source: connection(), stages: given.stages ?? [{ name: 'dev', stage: stage('Dev') }], ...given });
  };
  const factory = { createStage: (scope: Construct, id: string) => new AppStage(scope, id) };

  const VALID: Array<[string, (f: Fixture) => Partial<PavedRoadPipelineProps>]> = [
    ['a connection source and one stage', () => ({})],
    ['a CodeStar Connections ARN on GitLab, not triggered on push', () => ({
      source: PipelineSource.connection('group/sub/repo', 'main', {
        connectionArn: 'arn:aws:codestar-connections:eu-west-1:123456789012:connection/abc', host: RepositoryHost.GITLAB, triggerOnPush: false,
      }),
    })],
    ['a Bitbucket repository on a branch with / . _ -', () => ({
      source: PipelineSource.connection('team/repo', 'release/2024.10_rc-1', { connectionArn: CONNECTION_ARN, host: RepositoryHost.BITBUCKET }),
    })],
    ['a one-character branch', () => ({ source: connection('m') })],
    ['a CodeCommit source', ({ stack }) => ({ source: PipelineSource.codeCommit(codecommit.Repository.fromRepositoryName(stack, 'Repo', 'repo'), 'main') })],
    ['an S3 source with a 1024-byte key', ({ stack }) => ({
      source: PipelineSource.s3(s3.Bucket.fromBucketName(stack, 'Bucket', 'source-bucket'), `${'k'.repeat(1020)}.zip`),
    })],
    ['a stage name of 100 characters', ({ stage }) => ({ stages: [{ name: 'd'.repeat(100), stage: stage('Dev') }] })],
    ['a stage label that is not an id', ({ stage }) => ({ stages: [{ name: '1dev@eu_x.y', stage: stage('Dev') }] })],
    ['a stageFactory stage of one letter', () => ({ stages: [{ name: 'a', stageFactory: factory }] })],
    ['a stageFactory stage of 100 characters', () => ({ stages: [{ name: `D${'-'.repeat(98)}9`, stageFactory: factory }] })],
    ['dev and prod, prod waiting for approval', ({ stage }) => ({ stages: [{ name: 'dev', stage: stage('Dev') }, { name: 'prod', stage: stage('Prod') }] })],
    ['a dev stage that asks for approval', ({ stage }) => ({ stages: [{ name: 'dev', stage: stage('Dev'), requiresApproval: true }] })],
    ['a stage of the prod profile', ({ stage }) => ({ stages: [{ name: 'live', stage: stage('Live'), profile: Profile.PROD }] })],
    ['an empty smoke test', ({ stage }) => ({ stages: [{ name: 'dev', stage: stage('Dev'), smokeTestCommands: [], smokeTestOutputs: {} }] })],
    ['a smoke test reading its stage\'s output', ({ stage }) => {
      const dev = stage('Dev');
      return { stages: [{ name: 'dev', stage: dev, smokeTestCommands: ['test -n "$URL"'], smokeTestOutputs: { URL: dev.url } }] };
    }],
    ['a smoke test reading an earlier stage\'s output', ({ stage }) => {
      const dev = stage('Dev');
      return { stages: [{ name: 'dev', stage: dev }, { name: 'qa', stage: stage('Qa'), smokeTestCommands: ['test -n "$_DEV_URL"'], smokeTestOutputs: { _DEV_URL: dev.url } }] };
    }],
    ['no install commands', () => ({ installCommands: [] })],
    ['one synth command', () => ({ synthCommands: ['npx cdk synth'] })],
    ['additional scan commands', () => ({ additionalScanCommands: ['npx audit-ci --high', 'echo scanned > sbom/notes.txt'] })],
    ['a nested cloud assembly directory', () => ({ cloudAssemblyDirectory: 'infra/cdk.out', synthCommands: ['cd infra && npx cdk synth'] })],
    ['a cloud assembly directory with ./', () => ({ cloudAssemblyDirectory: './cdk.out' })],
    ['nodeVersion 18 (oldest)', () => ({ nodeVersion: '18' })],
    ['nodeVersion 24.x', () => ({ nodeVersion: '24.x' })],
    ['nodeVersion latest', () => ({ nodeVersion: 'latest' })],
    ['auditLevel low', () => ({ auditLevel: AuditLevel.LOW })],
    ['auditLevel critical', () => ({ auditLevel: AuditLevel.CRITICAL })],
    ['docker enabled, no self-mutation', () => ({ dockerEnabled: true, selfMutation: false })],
    ['cross-account keys', () => ({ crossAccountKeys: true })],
    ['the approval policy off in a dev pipeline', ({ stage }) => ({ requireApprovalForProduction: false, stages: [{ name: 'prod', stage: stage('Prod'), requiresApproval: false }] })],
    ['a notification topic and no e-mail', ({ stack }) => ({ notificationTopic: new sns.Topic(stack, 'Topic'), notificationEmails: [] })],
    ['two e-mail addresses', () => ({ notificationEmails: ['team@example.com', 'oncall+pipeline@example.co.uk'] })],
    ['stage guardrails, strict', () => ({ stageGuardrails: { strict: true, packs: [CompliancePack.AWS_SOLUTIONS] } })],
    ['buildTimeoutMinutes 5 (min)', () => ({ buildTimeoutMinutes: 5 })],
    ['buildTimeoutMinutes 2160 (max)', () => ({ buildTimeoutMinutes: 2160 })],
    ['a deploy-time build timeout and connection', ({ stack }) => ({
      buildTimeoutMinutes: new CfnParameter(stack, 'Minutes', { type: 'Number' }).valueAsNumber,
      source: connection('main', { connectionArn: new CfnParameter(stack, 'Arn').valueAsString }),
    })],
    ['a prod pipeline', () => ({ profile: Profile.PROD })],
  ];
  test.each(VALID)('%s is accepted', (_label, props) => {
    expect(() => build(props)).not.toThrow();
  });

  test('every valid edge synthesizes', () => {
    const assembly = app.synth();
    expect(assembly.stacks.filter((s) => s.stackName.startsWith('Valid')).length).toBe(n);
  });
});
