import * as ecs from 'aws-cdk-lib/aws-ecs';

/**
 * What a container needs to reach a cache, ready to spread into a `PavedRoadService`'s
 * `environment` and `secrets` props.
 */
export interface CacheConnectionEnvironment {
  /** Plain settings: `<PREFIX>_HOST`, `<PREFIX>_PORT` and `<PREFIX>_TLS`. */
  readonly environment: { [key: string]: string };
  /** Secret fields read at task start: `<PREFIX>_AUTH_TOKEN`. */
  readonly secrets: { [key: string]: ecs.Secret };
}
