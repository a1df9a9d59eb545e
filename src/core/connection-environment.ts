import * as ecs from 'aws-cdk-lib/aws-ecs';

/**
 * What a container needs to reach a data store (a `PavedRoadDatabase` or a `PavedRoadCache`): plain
 * settings and secret fields, ready to spread into a `PavedRoadService`'s `environment` and `secrets`
 * props. Each store's `connectionEnvironment(prefix)` says which variables it fills.
 */
export interface ConnectionEnvironment {
  /** Plain settings, e.g. `<PREFIX>_HOST` and `<PREFIX>_PORT`. */
  readonly environment: { [key: string]: string };
  /** Secret fields read at task start, e.g. `<PREFIX>_PASSWORD` or `<PREFIX>_AUTH_TOKEN`. */
  readonly secrets: { [key: string]: ecs.Secret };
}
