import { CfnOutput, Stage } from 'aws-cdk-lib';
import { Construct } from 'constructs';
import { Profile } from '../core/profile';

/**
 * Builds the `cdk.Stage` of one environment when the pipeline asks for it (so a team can build its
 * app's stages inside the pipeline stack).
 */
export interface IPipelineStageFactory {
  /**
   * Returns a new stage with construct id `id` under `scope`.
   */
  createStage(scope: Construct, id: string): Stage;
}

/**
 * One environment the pipeline deploys to, in order.
 */
export interface PipelineStageOptions {
  /**
   * The environment's name, unique within the pipeline: 1 to 100 letters, digits, `.`, `@`, `-` or
   * `_`. With `stageFactory` it is also the stage's construct id and the prefix of its stack names, so
   * there it is a letter followed by up to 99 letters, digits or hyphens.
   * A stage is a production stage when this name, or the name its stage is deployed under in the
   * pipeline (the `Stage`'s `stageName` or construct id), is `prod` or `production` (alone or followed
   * by `-`, `_`, `.` or `@` and more, e.g. `prod-eu`).
   */
  readonly name: string;

  /**
   * The app's stage for this environment. Give `stage` or `stageFactory`, not both.
   *
   * @default - the stage `stageFactory` builds.
   */
  readonly stage?: Stage;

  /**
   * Builds the app's stage for this environment, with the stage name as construct id. Give `stage` or `stageFactory`, not both.
   *
   * @default - `stage` is used.
   */
  readonly stageFactory?: IPipelineStageFactory;

  /**
   * The profile of the environment. A stage whose profile is `prod` is a production stage.
   *
   * @default - the context value `paved-road:profile` seen from the stage, else `Profile.DEV`.
   */
  readonly profile?: Profile;

  /**
   * Whether a person must approve before this stage deploys. The approval request goes to the
   * pipeline's notification topic with a link to the change.
   *
   * @default - true for a production stage, false otherwise.
   */
  readonly requiresApproval?: boolean;

  /**
   * Commands run after the stage deploys (for example `curl -fsS "$SERVICE_URL/health"`); a failing
   * command stops promotion to the next stage.
   *
   * @default - no smoke test.
   */
  readonly smokeTestCommands?: string[];

  /**
   * Stack outputs that the smoke test commands read, as environment variables named by the keys: outputs
   * of a stack in this stage or an earlier one (the smoke test runs after this stage deploys).
   *
   * @default - none.
   */
  readonly smokeTestOutputs?: { [key: string]: CfnOutput };
}
