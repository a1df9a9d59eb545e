import * as fs from 'fs';
import * as path from 'path';

const PACKAGE_NAME = 'paved-road-constructs';

/**
 * Reads the library version from the package's own package.json. Both `src/core/version.ts` and
 * the compiled `lib/core/version.js` sit two folders below the package root, so this reads the
 * version that was built and released (set by the release workflow's bump), never a typed value.
 */
function readLibraryVersion(): string {
  const file = path.join(__dirname, '..', '..', 'package.json');
  const pkg = JSON.parse(fs.readFileSync(file, 'utf-8'));
  if (pkg.name !== PACKAGE_NAME || typeof pkg.version !== 'string') {
    throw new Error(`paved-road-constructs: expected ${file} to be this library's package.json, found '${pkg.name}'`);
  }
  return pkg.version;
}

/** @internal */
export const LIBRARY_VERSION = readLibraryVersion();

/** @internal */
export const LIBRARY_NAME = PACKAGE_NAME;
