/*
 * Facts about the library this CLI ships with, read from the library's own package.json at run time (the
 * released version and peer ranges, never typed by hand).
 */
import * as fs from 'fs';
import * as path from 'path';

export const LIBRARY_NAME = 'paved-road-constructs';

/**
 * The lowest Node.js major the library supports (README, "Requirements"). Used when the library's
 * package.json declares no `engines.node`.
 */
export const MIN_NODE_MAJOR = 20;

/** What the CLI needs from the library's package.json. */
export interface LibraryFacts {
  readonly version: string;
  /** Peer dependency ranges (aws-cdk-lib, constructs, cdk-nag). */
  readonly peerDependencies: Record<string, string>;
  /** `engines.node`, when the package declares it. */
  readonly nodeRange?: string;
}

/**
 * The library's package.json: the first one named `paved-road-constructs` in `from` or a folder above it
 * (`cli/` when run from source, `assets/cli/` in the installed package).
 */
export function readLibraryFacts(from: string = __dirname): LibraryFacts {
  let dir = from;
  for (;;) {
    const file = path.join(dir, 'package.json');
    if (fs.existsSync(file)) {
      const pkg = JSON.parse(fs.readFileSync(file, 'utf-8'));
      if (pkg.name === LIBRARY_NAME) {
        return { version: String(pkg.version), peerDependencies: { ...pkg.peerDependencies }, nodeRange: pkg.engines?.node };
      }
    }
    const parent = path.dirname(dir);
    if (parent === dir) throw new Error(`paved-road: no package.json of ${LIBRARY_NAME} found in ${from} or above it`);
    dir = parent;
  }
}
