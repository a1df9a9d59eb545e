/**
 * Writes docs/<Construct>.md: each public class's summary and its @example in TypeScript, Python
 * and Java, from the translations jsii-rosetta made (`.jsii.tabl.json`, written by the rosetta task),
 * each with the imports it needs in that language, so an example can be copied as it stands.
 * It also writes the README's Python quick start: the translation of its TypeScript quick start.
 *   ts-node scripts/docs-pages.ts          # rewrite docs/ and the README's Python quick start
 *   ts-node scripts/docs-pages.ts --check  # fail when either differs (npm test runs this)
 */
import * as fs from 'fs';
import * as path from 'path';
import * as ts from 'typescript';

const root = path.join(__dirname, '..');
const docsDir = path.join(root, 'docs');
const readmeFile = path.join(root, 'README.md');
const LANGUAGES: [key: string, fence: string, title: string][] = [['$', 'ts', 'TypeScript'], ['python', 'python', 'Python'], ['java', 'java', 'Java']];

export interface Snippet {
  location: { api: { api: string; fqn?: string } };
  translations: Record<string, { source: string }>;
  fullSource?: string;
  /** The jsii types and members the compiled example (fixture included) refers to. */
  fqnsReferenced?: string[];
}

/** The jsii facts the imports need: the assembly's own name, targets and types, and its dependencies' targets. */
export interface Assembly {
  name: string;
  targets: Targets;
  types: Record<string, { docs?: { summary?: string; remarks?: string } }>;
  dependencyClosure: Record<string, { targets?: Targets; submodules?: Record<string, { targets?: Targets }> }>;
}
interface Targets { python?: { module: string }; java?: { package: string } }

/** One import of a fixture: `import * as <namespace> from '<module>'` or `import { <names> } from '<module>'`. */
interface Import { module: string; namespace?: string; names: string[] }

/**
 * The imports an example needs in TypeScript, Python and Java. Examples are written against a rosetta
 * fixture that imports for them (rosetta/*.ts-fixture): TypeScript and Python keep the fixture's imports
 * whose names the example uses, in the module jsii publishes it as. Java names types TypeScript infers
 * (`Connections serviceConnections = ...`), so it imports every type its translation names, each from
 * the package of the jsii type the compiled example refers to; a type it cannot place is an error.
 */
export function importsFor(snippet: Snippet, assembly: Assembly): Record<string, string[]> {
  const source = snippet.translations.$?.source ?? '';
  if (/^\s*import\s/m.test(source)) return {}; // the example carries its own imports, translated with it
  const used = identifiers(source);
  const imports = fixtureImports(snippet.fullSource ?? '')
    .map((i) => ({ ...i, names: i.names.filter((n) => used.has(n)) }))
    .filter((i) => (i.namespace ? used.has(i.namespace) : i.names.length > 0));
  const target = (module: string) => targetsOf(assembly, module);
  // Python drops type annotations: import only what its translation names.
  const pythonSource = snippet.translations.python?.source ?? '';
  const inPython = (name: string) => new RegExp(`\\b${name}\\b`).test(pythonSource);
  const python = imports
    .map((i) => ({ ...i, names: i.names.filter(inPython) }))
    .filter((i) => (i.namespace ? inPython(i.namespace) : i.names.length > 0))
    .map((i) => (i.namespace
      ? `import ${target(i.module).python} as ${i.namespace}`
      : `from ${target(i.module).python} import ${i.names.join(', ')}`));
  return {
    $: imports.map((i) => (i.namespace
      ? `import * as ${i.namespace} from '${i.module}';`
      : `import { ${i.names.join(', ')} } from '${i.module}';`)),
    python,
    java: javaImports(snippet, assembly),
  };
}

/** Java source without its string literals and comments. */
function javaCode(source: string): string {
  return source.replace(/"(?:[^"\\]|\\.)*"/g, '""').replace(/\/\/.*$/gm, '').replace(/\/\*[\s\S]*?\*\//g, '');
}

/** Types every Java file sees without an import. */
const JAVA_LANG = new Set(['Boolean', 'Double', 'Integer', 'Number', 'Object', 'String', 'System']);

/** `import <package>.<Type>;` for every type the Java translation names (not members: `Profile.DEV`, `X.Builder`). */
function javaImports(snippet: Snippet, assembly: Assembly): string[] {
  const code = javaCode(snippet.translations.java?.source ?? '');
  const named = [...new Set([...code.matchAll(/(?<![.\w])([A-Z]\w*)\b/g)].map((m) => m[1]))].filter((n) => !JAVA_LANG.has(n));
  const known = new Map<string, string>();
  // a member's fqn (`aws-cdk-lib.Aspects#of`) names its type too
  for (const fqn of [...(snippet.fqnsReferenced ?? []), ...Object.keys(assembly.types)].map((f) => f.split('#')[0])) {
    const name = fqn.split('.').pop()!;
    if (!known.has(name)) known.set(name, `${javaPackageOf(assembly, fqn)}.${name}`);
  }
  known.set('List', 'java.util.List').set('Map', 'java.util.Map');
  const unplaced = named.filter((n) => !known.has(n));
  if (unplaced.length > 0) {
    throw new Error(`docs: the Java translation of the ${snippet.location.api.fqn} example names ${unplaced.join(', ')}, which no jsii type it refers to defines; ` +
      `name the type in the TypeScript example (e.g. a type annotation) so rosetta records it:\n${snippet.translations.java?.source}`);
  }
  return named.map((n) => `import ${known.get(n)};`).sort();
}

/** The Java package of a jsii type fqn (`aws-cdk-lib.aws_ec2.Connections`: `software.amazon.awscdk.services.ec2`). */
function javaPackageOf(assembly: Assembly, fqn: string): string {
  const parts = fqn.split('.');
  const pkg = parts[0];
  const deps = assembly.dependencyClosure;
  // the longest submodule prefix of the type's namespace that the assembly knows
  for (let i = parts.length - 1; i > 1; i--) {
    const submodule = parts.slice(0, i).join('.');
    const targets = pkg === assembly.name ? undefined : deps[pkg]?.submodules?.[submodule]?.targets;
    if (targets?.java) return targets.java.package;
  }
  const targets = pkg === assembly.name ? assembly.targets : deps[pkg]?.targets;
  if (!targets?.java) throw new Error(`docs: no Java package for ${fqn}`);
  return targets.java.package;
}

/**
 * jsii-rosetta writes a property read inside a call's target as a field access in Java
 * (`db.connections.allowDefaultPortFrom(x)` instead of `db.getConnections()...`; aws/jsii#3771), which
 * does not compile. Name such a property in a variable first (`const c: ec2.Connections = db.connections`).
 */
export function javaFieldAccessInCalls(source: string): string[] {
  const code = javaCode(source);
  return [...code.matchAll(/(?<![.\w])(?:this|[a-z]\w*)\.[a-z]\w*\.\w+\(/g)].map((m) => m[0]);
}

const PYTHON_IMPORT = /^(?:from \S+ import .+|import \S+(?: as \S+)?)$/;

/** Python import lines with one `from` line per module, each name once, in the order first seen. */
function mergePythonImports(lines: string[]): string[] {
  const names = new Map<string, string[]>();
  const merged: string[] = [];
  for (const line of lines) {
    const from = /^from (\S+) import (.+)$/.exec(line);
    if (!from) {
      if (!merged.includes(line)) merged.push(line);
      continue;
    }
    if (!names.has(from[1])) {
      names.set(from[1], []);
      merged.push(`from ${from[1]}`);
    }
    const list = names.get(from[1])!;
    for (const name of from[2].split(',').map((n) => n.trim())) if (!list.includes(name)) list.push(name);
  }
  return merged.map((line) => (names.has(line.slice('from '.length)) && line.startsWith('from ') ? `${line} import ${names.get(line.slice('from '.length))!.join(', ')}` : line));
}

/** The imports at the top of a fixture (and any an example hoisted into it), in order. */
function fixtureImports(fullSource: string): Import[] {
  const file = ts.createSourceFile('fixture.ts', fullSource, ts.ScriptTarget.Latest);
  return file.statements.filter(ts.isImportDeclaration).flatMap((d): Import[] => {
    const module = (d.moduleSpecifier as ts.StringLiteral).text;
    const bindings = d.importClause?.namedBindings;
    if (!bindings) return [];
    if (ts.isNamespaceImport(bindings)) return [{ module, namespace: bindings.name.text, names: [] }];
    return [{ module, names: bindings.elements.map((e) => e.name.text) }];
  });
}

/** Every identifier in a TypeScript source. */
function identifiers(source: string): Set<string> {
  const scanner = ts.createScanner(ts.ScriptTarget.Latest, true, ts.LanguageVariant.Standard, source);
  const names = new Set<string>();
  for (let token = scanner.scan(); token !== ts.SyntaxKind.EndOfFileToken; token = scanner.scan()) {
    if (token === ts.SyntaxKind.Identifier) names.add(scanner.getTokenText());
  }
  return names;
}

/** The Python module and Java package of a TypeScript module specifier (`aws-cdk-lib/aws-ecs`), from the jsii assemblies. */
function targetsOf(assembly: Assembly, module: string): { python: string; java: string } {
  const [scopeOrName, ...rest] = module.split('/');
  const pkg = scopeOrName.startsWith('@') ? `${scopeOrName}/${rest.shift()}` : scopeOrName;
  const targets = pkg === assembly.name ? assembly.targets
    : rest.length === 0 ? assembly.dependencyClosure[pkg]?.targets
      : assembly.dependencyClosure[pkg]?.submodules?.[`${pkg}.${rest.join('.').replace(/-/g, '_')}`]?.targets;
  if (!targets?.python || !targets.java) throw new Error(`docs: no Python module or Java package for '${module}' in the jsii assemblies`);
  return { python: targets.python.module, java: targets.java.package };
}

function readTablet(): { snippets: Record<string, Snippet> } {
  return JSON.parse(fs.readFileSync(path.join(root, '.jsii.tabl.json'), 'utf-8'));
}

/** The text between `<!-- name:start -->` and `<!-- name:end -->`, and where it is. */
function markedSection(text: string, name: string): { start: number; end: number; body: string } {
  const open = `<!-- ${name}:start -->\n`;
  const start = text.indexOf(open);
  const end = text.indexOf(`<!-- ${name}:end -->`);
  if (start < 0 || end < start) throw new Error(`README.md has no <!-- ${name}:start --> ... <!-- ${name}:end --> section`);
  return { start: start + open.length, end, body: text.slice(start + open.length, end) };
}

/**
 * The README with its Python quick start (`quickstart-python`) set to rosetta's Python translation of
 * the TypeScript quick start (`quickstart-app`), which rosetta compiles in strict mode: the Python app
 * a team copies is the TypeScript app that compiles, imports included.
 */
export function renderReadme(readme: string = fs.readFileSync(readmeFile, 'utf-8'), snippets: Snippet[] = Object.values(readTablet().snippets)): string {
  const app = /```ts[^\n]*\n([\s\S]*?)```/.exec(markedSection(readme, 'quickstart-app').body)?.[1]?.trim();
  if (!app) throw new Error('README.md: the quickstart-app section holds no ```ts block');
  const snippet = snippets.find((x) => x.location.api.api === 'moduleReadme' && x.translations.$?.source.trim() === app);
  const python = snippet?.translations.python?.source;
  if (!python) throw new Error('README.md: rosetta has no translation of the TypeScript quick start; run npx projen docs (it runs the rosetta task first)');
  const lines = python.trim().split('\n');
  const code = lines.filter((l) => !PYTHON_IMPORT.test(l)).join('\n').trim();
  // TypeScript's type-only imports (ec2 for a type annotation) name nothing in Python: leave them out
  const uses = (name: string) => new RegExp(`\\b${name}\\b`).test(code.replace(/#.*$/gm, ''));
  const imports = mergePythonImports(lines.filter((l) => PYTHON_IMPORT.test(l))).flatMap((line) => {
    const from = /^from (\S+) import (.+)$/.exec(line);
    if (from) {
      const names = from[2].split(', ').filter(uses);
      return names.length > 0 ? [`from ${from[1]} import ${names.join(', ')}`] : [];
    }
    return uses(line.split(' ').pop()!) ? [line] : [];
  });
  const section = markedSection(readme, 'quickstart-python');
  const block = [...(imports.length > 0 ? [...imports, ''] : []), code].join('\n');
  return `${readme.slice(0, section.start)}\`\`\`python\n${block}\n\`\`\`\n${readme.slice(section.end)}`;
}

export function renderDocs(): Map<string, string> {
  const assembly: Assembly = JSON.parse(fs.readFileSync(path.join(root, '.jsii'), 'utf-8'));
  const tablet = readTablet();
  const pages = new Map<string, string>();
  const broken = (Object.values(tablet.snippets) as Snippet[]).flatMap((snippet) => javaFieldAccessInCalls(snippet.translations.java?.source ?? '')
    .map((access) => `${snippet.location.api.fqn ?? 'README'}: ${access}`));
  if (broken.length > 0) {
    throw new Error(`docs: Java translations that read a property as a field inside a call (rosetta writes \`a.b.c()\` for \`a.getB().c()\`): ${broken.join('; ')}. ` +
      'Read the property into a typed variable first.');
  }
  for (const snippet of Object.values(tablet.snippets) as Snippet[]) {
    const fqn = snippet.location.api.api === 'type' ? snippet.location.api.fqn : undefined;
    if (!fqn) continue;
    const type = assembly.types[fqn];
    const name = fqn.split('.').pop()!;
    const lines = [
      `# ${name}`,
      '',
      '<!-- Generated by scripts/docs-pages.ts from the jsii assembly and jsii-rosetta translations; do not edit. -->',
      '',
      type?.docs?.summary ?? '',
      '',
      ...(type?.docs?.remarks ? [type.docs.remarks, ''] : []),
      `Full API: [API.md](../API.md#${name.toLowerCase()}-).`,
      '',
    ];
    const imports = importsFor(snippet, assembly);
    for (const [key, fence, title] of LANGUAGES) {
      let source = snippet.translations[key]?.source;
      if (!source) continue;
      let header = imports[key] ?? [];
      if (key === 'python') {
        // rosetta writes the struct classes it uses as imports among the code: hoist them into the block
        const code = source.split('\n');
        header = mergePythonImports([...header, ...code.filter((l) => PYTHON_IMPORT.test(l))]);
        source = code.filter((l) => !PYTHON_IMPORT.test(l)).join('\n');
      }
      lines.push(`## ${title}`, '', `\`\`\`${fence}`, ...(header.length > 0 ? [...header, ''] : []), source.trim(), '```', '');
    }
    pages.set(`${name}.md`, lines.join('\n'));
  }
  return pages;
}

if (require.main === module) {
  const pages = renderDocs();
  const readme = fs.readFileSync(readmeFile, 'utf-8');
  const rendered = renderReadme(readme);
  if (process.argv.includes('--check')) {
    const stale = [...pages].filter(([file, text]) => !fs.existsSync(path.join(docsDir, file)) || fs.readFileSync(path.join(docsDir, file), 'utf-8') !== text);
    const extra = fs.existsSync(docsDir) ? fs.readdirSync(docsDir).filter((f) => !pages.has(f)) : [];
    const outOfDate = [...stale.map(([f]) => `docs/${f}`), ...extra.map((f) => `docs/${f}`), ...(rendered === readme ? [] : ['README.md (Python quick start)'])];
    if (outOfDate.length > 0) {
      console.error(`out of date: ${outOfDate.join(', ')}: run npx projen docs`);
      process.exit(1);
    }
    console.log(`docs/: ${pages.size} pages up to date; README's Python quick start up to date`);
  } else {
    fs.rmSync(docsDir, { recursive: true, force: true });
    fs.mkdirSync(docsDir);
    for (const [file, text] of pages) fs.writeFileSync(path.join(docsDir, file), text);
    fs.writeFileSync(readmeFile, rendered);
    console.log(`docs/: ${pages.size} pages written; README's Python quick start written`);
  }
}
