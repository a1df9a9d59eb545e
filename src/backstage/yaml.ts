/** A value the emitter writes: strings, numbers, booleans, lists and maps. @internal */
export type YamlValue = string | number | boolean | YamlValue[] | { [key: string]: YamlValue | undefined };

const PLAIN_KEY = /^[A-Za-z][A-Za-z0-9_./-]*$/;

/**
 * Every string is written double-quoted with JSON escapes (a JSON string is a valid YAML 1.2
 * double-quoted scalar), so no value can turn into another type (`no`, `1e3`, `null`) or break
 * the structure (`: `, `#`, newlines). Keys are plain when they are identifiers, quoted otherwise.
 */
function scalar(value: string | number | boolean): string {
  if (typeof value === 'string') return JSON.stringify(value);
  if (typeof value === 'number' && !Number.isFinite(value)) throw new Error(`YAML: cannot write the number ${value}`);
  return String(value);
}

function key(k: string): string {
  return PLAIN_KEY.test(k) ? k : JSON.stringify(k);
}

function isMap(v: YamlValue): v is { [key: string]: YamlValue | undefined } {
  return typeof v === 'object' && !Array.isArray(v);
}

function lines(value: YamlValue, indent: string): string[] {
  if (Array.isArray(value)) {
    if (value.length === 0) return ['[]'];
    return value.flatMap((item) => {
      if (Array.isArray(item) || (isMap(item) && Object.keys(item).length > 0)) {
        const [first, ...rest] = lines(item, `${indent}  `);
        return [`${indent}- ${first.trimStart()}`, ...rest];
      }
      return [`${indent}- ${inline(item)}`];
    });
  }
  if (isMap(value)) {
    const entries = Object.entries(value).filter(([, v]) => v !== undefined) as Array<[string, YamlValue]>;
    if (entries.length === 0) return ['{}'];
    return entries.flatMap(([k, v]) => {
      if ((Array.isArray(v) && v.length > 0) || (isMap(v) && Object.keys(v).filter((x) => v[x] !== undefined).length > 0)) {
        return [`${indent}${key(k)}:`, ...lines(v, Array.isArray(v) ? indent : `${indent}  `)];
      }
      return [`${indent}${key(k)}: ${inline(v)}`];
    });
  }
  return [scalar(value)];
}

function inline(v: YamlValue): string {
  if (Array.isArray(v)) return '[]';
  if (isMap(v)) return '{}';
  return scalar(v);
}

/**
 * Writes documents as one YAML stream (`---` between documents), block style.
 * @internal
 */
export function toYamlDocuments(documents: YamlValue[]): string {
  return documents.map((d) => `---\n${lines(d, '').join('\n')}\n`).join('');
}
