/*
 * projen's nextVersionCommand: prints the version to release when the record of default changes
 * needs a higher one than the commits suggest (a release with defaults version 0.3 changes is at
 * least 0.3.0), else nothing (the commits decide). projen sets $VERSION to the current version.
 */
import { DefaultsVersions } from '../src';
import { compareDefaultsVersions } from '../src/core/default-changes';

const current = (process.env.VERSION ?? '0.0.0').split('.').slice(0, 2).join('.');
if (compareDefaultsVersions(current, DefaultsVersions.LATEST) < 0) {
  console.log(`${DefaultsVersions.LATEST}.0`);
}
