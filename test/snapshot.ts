/*
 * Snapshots that do not change with every handler edit or release: asset hashes and the library
 * version replaced by placeholders. The one helper every snapshot test uses.
 */
import { Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { PavedRoadConstruct } from '../src';

/** How a snapshot writes what changes between builds. */
export interface SnapshotMasks {
  /**
   * The placeholder of an asset hash (64 hex digits): `HASH` keeps what follows it (`HASH.zip`),
   * `ASSET-HASH` folds a `.zip` or `.json` after it in.
   */
  readonly hashes: 'HASH' | 'ASSET-HASH';
  /**
   * Where the library version becomes `VERSION`: `tags` in the `paved-road:version` tags written as
   * `{ Key, Value }`, `all` in every JSON string that is the version or starts with `<version>-`,
   * `none` nowhere.
   */
  readonly version: 'tags' | 'all' | 'none';
}

const VERSION_TAG = /("Key":"paved-road:version","Value":")[^"]*"/g;
const VERSION = new RegExp(`"${PavedRoadConstruct.LIBRARY_VERSION.replace(/\./g, '\\.')}(-[a-z0-9-]+)?"`, 'g');

/**
 * `source` as a snapshot: a stack's or a template's JSON, or any JSON value (e.g. a subset of the
 * resources), with the asset hashes and, when asked, the library version masked.
 */
export function snapshotOf(source: Stack | Template | unknown, masks: SnapshotMasks): unknown {
  const json = source instanceof Stack ? Template.fromStack(source).toJSON() : source instanceof Template ? source.toJSON() : source;
  let text = JSON.stringify(json);
  if (masks.version === 'tags') text = text.replace(VERSION_TAG, '$1VERSION"');
  if (masks.version === 'all') text = text.replace(VERSION, '"VERSION$1"');
  text = masks.hashes === 'HASH' ? text.replace(/[0-9a-f]{64}/g, 'HASH') : text.replace(/[0-9a-f]{64}(\.zip|\.json)?/g, 'ASSET-HASH');
  return JSON.parse(text);
}

/** The resources of `template` whose logical id passes `mine` (a construct's own, not its network's). */
export function resourcesWhere(template: Template, mine: (logicalId: string) => boolean): Record<string, unknown> {
  const resources = template.toJSON().Resources as Record<string, unknown>;
  return Object.fromEntries(Object.entries(resources).filter(([id]) => mine(id)));
}
