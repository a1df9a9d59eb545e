/** Backstage entity names: 1 to 63 characters, [a-zA-Z0-9] sequences separated by one of - _ . @internal */
export const ENTITY_NAME = /^(?=.{1,63}$)[a-zA-Z0-9]+(?:[-_.][a-zA-Z0-9]+)*$/;
/** Backstage namespaces: DNS labels (lower case, digits, -; at most 63). @internal */
export const NAMESPACE = /^(?=.{1,63}$)[a-z0-9]+(?:-[a-z0-9]+)*$/;
/** Backstage kinds: a letter then letters and digits. @internal */
const KIND = /^[a-zA-Z][a-zA-Z0-9]*$/;

/**
 * True when `ref` is a Backstage entity reference `[kind:][namespace/]name` whose parts follow
 * Backstage's rules (kind alphanumeric, namespace a DNS label, name as `ENTITY_NAME`).
 * @internal
 */
export function isEntityRef(ref: string, allowedKinds?: string[]): boolean {
  if (typeof ref !== 'string') return false;
  const m = /^(?:([^:/]+):)?(?:([^:/]+)\/)?([^:/]+)$/.exec(ref);
  if (!m) return false;
  const [, kind, namespace, name] = m;
  if (kind !== undefined && (!KIND.test(kind) || (allowedKinds && !allowedKinds.includes(kind.toLowerCase())))) return false;
  if (namespace !== undefined && !NAMESPACE.test(namespace)) return false;
  return ENTITY_NAME.test(name);
}

/**
 * Turns a construct path into an entity name: runs of other characters become `-`; longer than
 * 63 characters, the first 54 plus `-` and 8 hex digits of a hash of the whole. @internal
 */
export function toEntityName(raw: string, hash: (s: string) => string): string {
  const cleaned = raw.replace(/[^a-zA-Z0-9]+/g, '-').replace(/^-+|-+$/g, '').toLowerCase() || 'entity';
  if (cleaned.length <= 63) return cleaned;
  return `${cleaned.slice(0, 54).replace(/-+$/, '')}-${hash(raw).slice(0, 8)}`;
}
