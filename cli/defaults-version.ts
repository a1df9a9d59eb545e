/**
 * The library's current defaults version: what `paved-road init` writes into a new app's cdk.json as
 * `paved-road:defaults-version`, and what `paved-road doctor` compares an app's value with.
 *
 * The one place the CLI knows it. When src/core/defaults-version.ts exports `LATEST_DEFAULTS_VERSION`,
 * this becomes `export { LATEST_DEFAULTS_VERSION as DEFAULTS_VERSION } from '../src/core/defaults-version';`
 * (plain TypeScript without aws-cdk-lib, so esbuild bundles it into the CLI).
 */
export const DEFAULTS_VERSION: string | number = 1;

/** The context key of the defaults version (cdk.json). */
export const DEFAULTS_VERSION_CONTEXT = 'paved-road:defaults-version';
