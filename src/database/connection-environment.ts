import * as ecs from 'aws-cdk-lib/aws-ecs';

/**
 * What a container needs to reach a data store: plain settings and secret fields, ready to spread
 * into a `PavedRoadService`'s `environment` and `secrets` props.
 */
export interface DatabaseConnectionEnvironment {
  /** Plain settings: `<PREFIX>_HOST`, `<PREFIX>_PORT`, `<PREFIX>_NAME` and `<PREFIX>_ENGINE`. */
  readonly environment: { [key: string]: string };
  /** Secret fields read at task start: `<PREFIX>_USERNAME` and `<PREFIX>_PASSWORD`. */
  readonly secrets: { [key: string]: ecs.Secret };
}
