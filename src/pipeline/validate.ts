import { Token } from 'aws-cdk-lib';
import { AuditLevel } from './audit-level';
import { CODEBUILD_NODE_VERSIONS } from './defaults';
import type { PavedRoadPipelineProps } from './pipeline-props';
import { Profile } from '../core/profile';
import { isIntegerIn, PropValidator } from '../core/validation';

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
/** `runtime-versions` forms CodeBuild takes: a major (`22`), a major and its latest minor (`22.x`), or `latest`. */
const NODE_VERSION = new RegExp(`^((${CODEBUILD_NODE_VERSIONS.join('|')})(\\.x)?|latest)$`);
const AUDIT_LEVELS = Object.values(AuditLevel) as string[];

/**
 * Records every problem of the props that can be checked before the stages are built.
 * @internal
 */
export function validatePipelineProps(v: PropValidator, props: PavedRoadPipelineProps, profile: Profile): void {
  const source = props.source;
  v.require('source', source, 'pass a PipelineSource (PipelineSource.connection, .codeCommit or .s3)');
  if (source) {
    if (source.kind === 'connection') {
      v.check('source.connectionArn', source.connectionArn, (a) => CONNECTION_ARN.test(a),
        'a CodeConnections or CodeStar Connections connection ARN, arn:aws:codeconnections:<region>:<account>:connection/<id> (or arn:aws:codestar-connections:...)');
      v.check('source.repository', source.location, (r) => REPOSITORY.test(r), 'a repository as owner/name');
    }
    v.check(source.kind === 's3' ? 'source.objectKey' : 'source.branch', source.branch, (b) => typeof b === 'string' && b.trim().length > 0,
      source.kind === 's3' ? 'the key of the source zip in the bucket, not empty' : 'the name of the branch that starts the pipeline, not empty');
  }

  const stages = props.stages;
  if (!Array.isArray(stages) || stages.length === 0) {
    v.fail('stages', stages, 'at least one stage ({ name, stage } or { name, stageFactory })');
  } else {
    const seen = new Map<string, number>();
    stages.forEach((s, i) => {
      if (s.stageFactory !== undefined && s.stage === undefined) {
        v.check(`stages[${i}].name`, s.name, (n) => typeof n === 'string' && FACTORY_STAGE_NAME.test(n),
          'a letter, then up to 99 letters, digits or hyphens: with stageFactory the name is the construct id of the stage (a letter first) and the prefix of its stack names (CloudFormation takes letters, digits and hyphens)');
      } else {
        v.check(`stages[${i}].name`, s.name, (n) => typeof n === 'string' && STAGE_NAME.test(n), '1 to 100 letters, digits, ., @, - or _');
      }
      if (typeof s.name === 'string' && !Token.isUnresolved(s.name)) {
        const key = s.name.toLowerCase();
        const first = seen.get(key);
        if (first !== undefined) v.fail(`stages[${i}].name`, s.name, `a name no other stage has (stages[${first}] is already named ${JSON.stringify(stages[first].name)})`);
        else seen.set(key, i);
      }
      if ((s.stage === undefined) === (s.stageFactory === undefined)) {
        v.fail(`stages[${i}].stage`, s.stage ? s.stage.node.path : undefined, 'exactly one of stage and stageFactory');
      }
      if (s.smokeTestOutputs && Object.keys(s.smokeTestOutputs).length > 0 && !(s.smokeTestCommands && s.smokeTestCommands.length > 0)) {
        v.fail(`stages[${i}].smokeTestOutputs`, Object.keys(s.smokeTestOutputs), 'only together with smokeTestCommands that read them');
      }
    });
  }

  v.check('auditLevel', props.auditLevel as string | undefined, (l) => AUDIT_LEVELS.includes(l), `one of the npm audit levels ${AUDIT_LEVELS.join(', ')}`);
  v.check('nodeVersion', props.nodeVersion, (n) => NODE_VERSION.test(n),
    `a Node.js major the CodeBuild standard 7.0 image offers: ${CODEBUILD_NODE_VERSIONS.join(', ')} (or as ${CODEBUILD_NODE_VERSIONS[CODEBUILD_NODE_VERSIONS.length - 1]}.x), or latest`);
  v.check('buildTimeoutMinutes', props.buildTimeoutMinutes, isIntegerIn(5, 2160), 'an integer from 5 to 2160 (what CodeBuild allows)');
  v.check('cloudAssemblyDirectory', props.cloudAssemblyDirectory, (d) => d.trim().length > 0, 'a directory relative to the repository root, such as cdk.out');
  for (const [i, email] of (props.notificationEmails ?? []).entries()) {
    v.check(`notificationEmails[${i}]`, email, (e) => EMAIL.test(e), 'an e-mail address');
  }
  if (profile === Profile.PROD && props.requireApprovalForProduction === false) {
    v.fail('requireApprovalForProduction', false, 'true (or unset) in a pipeline whose profile is prod: production deployments there always need an approval');
  }
}
