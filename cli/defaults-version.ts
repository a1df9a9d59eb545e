/**
 * The library's current defaults version: what `paved-road init` writes into a new app's cdk.json as
 * `paved-road:defaults-version`, and what `paved-road doctor` compares an app's value with. Read from
 * the one record of default changes (plain TypeScript without aws-cdk-lib, so esbuild bundles it).
 */
export {
  LATEST_DEFAULTS_VERSION as DEFAULTS_VERSION,
  compareDefaultsVersions,
  knownDefaultsVersions,
} from '../src/core/default-changes';

/** The context key of the defaults version (cdk.json). */
export const DEFAULTS_VERSION_CONTEXT = 'paved-road:defaults-version';
