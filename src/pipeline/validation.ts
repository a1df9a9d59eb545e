import { CfnOutput, Stage, Token } from 'aws-cdk-lib';
import { AuditLevel } from './audit-level';
import { CODEBUILD_NODE_VERSIONS } from './defaults';
import type { PavedRoadPipelineProps } from './pipeline-props';
import { PipelineSource, RepositoryHost } from './pipeline-source';
import type { PipelineStageOptions } from './pipeline-stage';
import { CompliancePack } from '../core/compliance-pack';
import { Profile } from '../core/profile';
import { isIntegerIn, Kind, KIND_WORDS, listOf, oneOf, PropValidator, SHAPES } from '../core/validation';
import { validateCostKinds } from '../guardrails/cost-settings';

const CONNECTION_ARN = /^arn:aws[a-z-]*:(codeconnections|codestar-connections):[a-z0-9-]+:\d{12}:connection\/[A-Za-z0-9-]+$/;
const REPOSITORY = /^[^/\s]+\/[^\s]+$/;
/** A CodePipeline stage name (StageDeclaration.name). */
const STAGE_NAME = /^[A-Za-z0-9.@_-]{1,100}$/;
/**
 * A name `stageFactory` can take: it becomes the Stage's construct id (a letter first; CDK), the
 * CodePipeline stage name, and the prefix of the stage's stack names (letters, digits and hyphens;
 * CloudFormation).
 */
const FACTORY_STAGE_NAME = /^[A-Za-z][A-Za-z0-9-]{0,99}$/;
const EMAIL = /^[^@\s]+@[^@\s]+\.[^@\s]+$/;
/** An environment variable name (smoke test outputs become variables of the step). */
const VARIABLE_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;
/** `runtime-versions` forms CodeBuild takes: a major (`22`), a major and its latest minor (`22.x`), or `latest`. */
const NODE_VERSION = new RegExp(`^((${CODEBUILD_NODE_VERSIONS.join('|')})(\\.x)?|latest)$`);
const AUDIT_LEVELS = Object.values(AuditLevel) as string[];
const HOSTS = Object.values(RepositoryHost) as string[];
const PROFILES = Object.values(Profile) as string[];
const PACKS = Object.values(CompliancePack) as string[];
/** S3's limit on an object key, in bytes of UTF-8. */
const S3_KEY_MAX_BYTES = 1024;

const BRANCH_WORDS = 'the name of the branch that starts the pipeline: a git branch name, not empty, without spaces, "..", "@{" or any of ~ ^ : ? * [ \\, '
  + 'not starting with - or /, not ending with /, . or .lock';
const COMMANDS_WORDS = 'a list of shell commands, none of them empty';

/** True when git accepts the name as a branch (`git check-ref-format --branch`), so a push to it can start the pipeline. */
function isBranchName(b: string): boolean {
  return typeof b === 'string' && b.trim().length > 0
    && !/[\s~^:?*\[\\\p{Cc}]/u.test(b) && !b.includes('..') && !b.includes('@{') && !b.includes('//')
    && !/^[-/]/.test(b) && !/(\/|\.)$/.test(b) && b !== '@'
    && !b.split('/').some((part) => part.startsWith('.') || part.endsWith('.lock'));
}

/** A list of shell commands: each a non-empty string (an empty line would run nothing and hide a mistake). */
const isCommands = listOf(Kind.nonEmptyString);

/**
 * Records every problem of the props that can be checked before the stages are built.
 * @internal
 */
export function validatePipelineProps(v: PropValidator, props: PavedRoadPipelineProps, profile: Profile): void {
  validateSource(v, props.source);
  validateStages(v, props.stages);

  v.check('auditLevel', props.auditLevel as string | undefined, (l) => AUDIT_LEVELS.includes(l), `one of the npm audit levels ${AUDIT_LEVELS.join(', ')}`);
  if (v.kind('nodeVersion', props.nodeVersion, Kind.string, "a string, such as '20' (CodeBuild's runtime-versions takes it as written)")) {
    v.check('nodeVersion', props.nodeVersion, (n) => NODE_VERSION.test(n),
      `a Node.js major the CodeBuild standard 7.0 image offers: ${CODEBUILD_NODE_VERSIONS.join(', ')} (or as ${CODEBUILD_NODE_VERSIONS[CODEBUILD_NODE_VERSIONS.length - 1]}.x), or latest`);
  }
  v.check('buildTimeoutMinutes', props.buildTimeoutMinutes, isIntegerIn(5, 2160), 'an integer from 5 to 2160 (what CodeBuild allows)');
  v.check('cloudAssemblyDirectory', props.cloudAssemblyDirectory,
    (d) => d.trim().length > 0 && !d.startsWith('/') && !d.split(/[\\/]/).includes('..'),
    'a directory relative to the repository root, such as cdk.out (not absolute, no ..)');
  if (v.kind('notificationEmails', props.notificationEmails, Kind.stringList, 'a list of e-mail addresses')) {
    const seen = new Map<string, number>();
    for (const [i, email] of (props.notificationEmails ?? []).entries()) {
      v.check(`notificationEmails[${i}]`, email, (e) => EMAIL.test(e), 'an e-mail address');
      if (Token.isUnresolved(email)) continue;
      const first = seen.get(email.toLowerCase());
      if (first !== undefined) v.fail(`notificationEmails[${i}]`, email, `an address not already in the list (notificationEmails[${first}]): the topic subscribes each address once`);
      else seen.set(email.toLowerCase(), i);
    }
  }
  if (profile === Profile.PROD && props.requireApprovalForProduction === false) {
    v.fail('requireApprovalForProduction', false, 'true (or unset) in a pipeline whose profile is prod: production deployments there always need an approval');
  }

  v.kind('installCommands', props.installCommands, isCommands, COMMANDS_WORDS);
  if (v.kind('synthCommands', props.synthCommands, isCommands, COMMANDS_WORDS)) {
    v.check('synthCommands', props.synthCommands, (c) => c.length > 0, 'at least one command: the synth step must write the cloud assembly (npx cdk synth)');
  }
  v.kind('additionalScanCommands', props.additionalScanCommands, isCommands, COMMANDS_WORDS);
  for (const name of ['dockerEnabled', 'requireApprovalForProduction', 'selfMutation', 'crossAccountKeys', 'deliveryMetrics'] as const) {
    v.kind(name, props[name], Kind.boolean, KIND_WORDS.boolean);
  }
  v.kind('notificationTopic', props.notificationTopic, SHAPES.topic.is, SHAPES.topic.words);
  validateStageGuardrails(v, props.stageGuardrails);
}

/** The source: a `PipelineSource` from one of its factories, with what that factory was given. */
function validateSource(v: PropValidator, source: PipelineSource): void {
  v.require('source', source, 'pass a PipelineSource (PipelineSource.connection, .codeCommit or .s3)');
  if (source === undefined || source === null) return;
  if (!v.kind('source', source, (s) => s instanceof PipelineSource, 'a PipelineSource (PipelineSource.connection, .codeCommit or .s3)')) return;
  const { connection, repository, bucket } = source._detail;
  if (source.kind === 'connection') {
    if (v.kind('source.repository', source.location, Kind.string, 'a repository as owner/name')) {
      v.check('source.repository', source.location, (r) => REPOSITORY.test(r), 'a repository as owner/name');
    }
    v.require('source.connectionArn', connection?.connectionArn, 'pass the options { connectionArn } of PipelineSource.connection');
    if (v.kind('source options', connection, Kind.record, 'the options of PipelineSource.connection ({ connectionArn, host, triggerOnPush })') && connection) {
      v.check('source.connectionArn', connection.connectionArn, (a) => typeof a === 'string' && CONNECTION_ARN.test(a),
        'a CodeConnections or CodeStar Connections connection ARN, arn:aws:codeconnections:<region>:<account>:connection/<id> (or arn:aws:codestar-connections:...)');
      v.kind('source.host', connection.host, oneOf(HOSTS), `one of the RepositoryHost values ${HOSTS.join(', ')}`);
      v.kind('source.triggerOnPush', connection.triggerOnPush, Kind.boolean, KIND_WORDS.boolean);
    }
  } else if (source.kind === 'codecommit') {
    v.require('source.repository', repository, 'pass the codecommit.IRepository to PipelineSource.codeCommit');
    if (repository !== undefined && repository !== null) v.kind('source.repository', repository, SHAPES.codeCommitRepository.is, SHAPES.codeCommitRepository.words);
  } else {
    v.require('source.bucket', bucket, 'pass the versioned s3.IBucket to PipelineSource.s3');
    if (bucket !== undefined && bucket !== null) v.kind('source.bucket', bucket, SHAPES.bucket.is, SHAPES.bucket.words);
  }
  const branchGiven = source.branch !== undefined && source.branch !== null;
  if (source.kind === 's3' && !branchGiven) {
    v.require('source.objectKey', source.branch, 'pass the key of the source zip to PipelineSource.s3');
  } else if (source.kind === 's3') {
    v.check('source.objectKey', source.branch, (k) => typeof k === 'string' && k.trim().length > 0 && Buffer.byteLength(k, 'utf8') <= S3_KEY_MAX_BYTES,
      `the key of the source zip in the bucket, not empty (at most ${S3_KEY_MAX_BYTES} bytes)`);
  } else if (!branchGiven) {
    v.require('source.branch', source.branch, 'pass the branch that starts the pipeline');
  } else {
    v.check('source.branch', source.branch, isBranchName, BRANCH_WORDS);
  }
}

/** The stages: at least one, each `{ name, stage }` or `{ name, stageFactory }` with options of their kind. */
function validateStages(v: PropValidator, stages: PipelineStageOptions[]): void {
  if (!Array.isArray(stages) || stages.length === 0) {
    v.fail('stages', stages, 'at least one stage ({ name, stage } or { name, stageFactory })');
    return;
  }
  const seen = new Map<string, number>();
  const stageAt = new Map<Stage, number>();
  stages.forEach((s, i) => {
    const at = `stages[${i}]`;
    if (!v.kind(at, s, (x) => Kind.record(x) && !Stage.isStage(x), '{ name, stage } or { name, stageFactory } (a Stage goes in the stage member)')) return;
    v.require(`${at}.name`, s.name, 'name every stage (it names the environment, its approval and its CodePipeline stage)');
    const factoryOk = v.kind(`${at}.stageFactory`, s.stageFactory, (f) => typeof (f as { createStage?: unknown }).createStage === 'function',
      'an IPipelineStageFactory (an object with createStage(scope, id))');
    const stageOk = v.kind(`${at}.stage`, s.stage, (x) => Stage.isStage(x), 'a cdk.Stage');
    if (s.stageFactory !== undefined && s.stage === undefined) {
      v.check(`${at}.name`, s.name, (n) => typeof n === 'string' && FACTORY_STAGE_NAME.test(n),
        'a letter, then up to 99 letters, digits or hyphens: with stageFactory the name is the construct id of the stage (a letter first) and the prefix of its stack names (CloudFormation takes letters, digits and hyphens)');
    } else {
      v.check(`${at}.name`, s.name, (n) => typeof n === 'string' && STAGE_NAME.test(n), '1 to 100 letters, digits, ., @, - or _');
    }
    if (typeof s.name === 'string' && !Token.isUnresolved(s.name)) {
      const key = s.name.toLowerCase();
      const first = seen.get(key);
      if (first !== undefined) v.fail(`${at}.name`, s.name, `a name no other stage has (stages[${first}] is already named ${JSON.stringify(stages[first].name)})`);
      else seen.set(key, i);
    }
    if ((s.stage === undefined) === (s.stageFactory === undefined)) {
      v.fail(`${at}.stage`, stageOk && s.stage ? s.stage.node.path : undefined, 'exactly one of stage and stageFactory');
    } else if (stageOk && factoryOk && s.stage !== undefined) {
      const first = stageAt.get(s.stage);
      if (first !== undefined) v.fail(`${at}.stage`, s.stage.node.path, `a stage no other entry deploys (stages[${first}] already deploys it)`);
      else stageAt.set(s.stage, i);
    }
    v.kind(`${at}.profile`, s.profile, oneOf(PROFILES), `one of the profiles ${PROFILES.join(', ')}`);
    v.kind(`${at}.requiresApproval`, s.requiresApproval, Kind.boolean, KIND_WORDS.boolean);
    const commandsOk = v.kind(`${at}.smokeTestCommands`, s.smokeTestCommands, isCommands, COMMANDS_WORDS);
    if (!v.kind(`${at}.smokeTestOutputs`, s.smokeTestOutputs, Kind.record, 'a map of variable names to CfnOutput')) return;
    for (const [name, output] of Object.entries(s.smokeTestOutputs ?? {})) {
      v.check(`${at}.smokeTestOutputs key`, name, (n) => VARIABLE_NAME.test(n), 'a variable name: a letter or _ then letters, digits or _');
      v.kind(`${at}.smokeTestOutputs['${name}']`, output, (o) => o instanceof CfnOutput, 'a CfnOutput of a stack in the stage');
    }
    if (commandsOk && s.smokeTestOutputs && Object.keys(s.smokeTestOutputs).length > 0 && !(s.smokeTestCommands && s.smokeTestCommands.length > 0)) {
      v.fail(`${at}.smokeTestOutputs`, Object.keys(s.smokeTestOutputs), 'only together with smokeTestCommands that read them');
    }
  });
}

/** The kinds of the guardrail options the pipeline enforces on each stage (their values are `PavedRoadGuardrails.enforce`'s to check). */
function validateStageGuardrails(v: PropValidator, options: PavedRoadPipelineProps['stageGuardrails']): void {
  if (!v.kind('stageGuardrails', options, Kind.record, 'PavedRoadGuardrailsOptions (a map of options)') || options === undefined) return;
  const packs = listOf(oneOf(PACKS));
  const packWords = `a list of CompliancePack values (${PACKS.join(', ')})`;
  v.kind('stageGuardrails.profile', options.profile, oneOf(PROFILES), `one of the profiles ${PROFILES.join(', ')}`);
  v.kind('stageGuardrails.packs', options.packs, packs, packWords);
  v.kind('stageGuardrails.additionalPacks', options.additionalPacks, packs, packWords);
  v.kind('stageGuardrails.packExceptions', options.packExceptions, listOf(Kind.withMembers('pack', 'reason')), 'a list of { pack, reason }');
  for (const name of ['strict', 'report', 'requireCostCenter', 'guard'] as const) {
    v.kind(`stageGuardrails.${name}`, options[name], Kind.boolean, KIND_WORDS.boolean);
  }
  for (const name of ['mandatoryRules', 'guardDisabledRules'] as const) {
    v.kind(`stageGuardrails.${name}`, options[name], Kind.stringList, 'a list of rule ids');
  }
  v.kind('stageGuardrails.previewMaxTtlHours', options.previewMaxTtlHours, Kind.number, KIND_WORDS.number);
  validateCostKinds(v, options, 'stageGuardrails.');
}

/**
 * Records the problems that show only once the stages are built: a factory that built no Stage, and
 * smoke test outputs of a stack the pipeline has not deployed by then.
 * @internal
 */
export function validateBuiltStages(v: PropValidator, options: PipelineStageOptions[], built: unknown[]): void {
  options.forEach((s, i) => {
    if (s.stageFactory !== undefined && !Stage.isStage(built[i])) {
      v.fail(`stages[${i}].stageFactory`, built[i], `a factory whose createStage returns a cdk.Stage (it returned ${built[i] === undefined ? 'nothing' : 'something else'})`);
    }
  });
  if (v.hasProblems) return;
  const stages = built as Stage[];
  options.forEach((s, i) => {
    for (const [name, output] of Object.entries(s.smokeTestOutputs ?? {})) {
      const deployedBy = stages.findIndex((stage) => output.node.scopes.includes(stage));
      if (deployedBy === -1 || deployedBy > i) {
        v.fail(`stages[${i}].smokeTestOutputs['${name}']`, output.node.path,
          `an output of a stack in stages[${i}] or an earlier stage: the smoke test runs after stages[${i}] deploys, ${deployedBy === -1 ? 'and this output is in no stage of the pipeline' : `before stages[${deployedBy}] deploys this output`}`);
      }
    }
  });
}
