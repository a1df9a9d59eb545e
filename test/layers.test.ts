import * as fs from 'fs';
import * as path from 'path';
import * as tsParser from '@typescript-eslint/parser';
import { Linter } from 'eslint';
// eslint-plugin-import has no types of its own
// eslint-disable-next-line @typescript-eslint/no-require-imports
const importPlugin = require('eslint-plugin-import');

/**
 * The layering rules in .eslintrc.json (written by .projenrc.ts) must keep firing: a wrong-direction
 * import and a two-file cycle are each reported.
 */
describe('the eslint rules that keep the layers one-way', () => {
  const root = path.join(__dirname, '..');
  // projen writes a comment line first
  const rc = JSON.parse(fs.readFileSync(path.join(root, '.eslintrc.json'), 'utf-8').replace(/^\/\/.*$/gm, ''));
  const linter = new Linter({ cwd: root });
  const lint = (file: string, code: string, rule: 'import/no-cycle' | 'import/no-restricted-paths') => linter.verify(code, [{
    files: ['**/*.ts'],
    languageOptions: { parser: tsParser as unknown as Linter.Parser, parserOptions: { ecmaVersion: 2022, sourceType: 'module' } },
    plugins: { import: importPlugin },
    settings: { 'import/parsers': { '@typescript-eslint/parser': ['.ts'] }, 'import/resolver': { node: { extensions: ['.ts', '.js'] } } },
    rules: { [rule]: rc.rules[rule] },
  }], { filename: file });
  // no-cycle reads the linted file from disk, so the wrong-direction probes (which exist only in memory) run the path rule alone
  const PATHS = 'import/no-restricted-paths';
  let dir: string;

  beforeAll(() => {
    dir = fs.mkdtempSync(path.join(__dirname, 'layers-probe-'));
    fs.writeFileSync(path.join(dir, 'a.ts'), "import { b } from './b';\nexport const a = () => b;\n");
    fs.writeFileSync(path.join(dir, 'b.ts'), "import { a } from './a';\nexport const b = () => a;\n");
  });
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  test('the rules are configured as errors', () => {
    expect(rc.rules['import/no-cycle'][0]).toBe('error');
    expect(rc.rules['import/no-restricted-paths'][0]).toBe('error');
  });

  test('src/core importing from src/guardrails is reported; the other direction is allowed', () => {
    const up = lint(path.join(root, 'src', 'core', 'probe.ts'), "import { PavedRoadGuardrails } from '../guardrails/guardrails';\nexport const p = PavedRoadGuardrails;\n", PATHS);
    expect(up.map((m) => [m.ruleId, m.message])).toEqual([['import/no-restricted-paths', expect.stringMatching(/core layer.*must not import from .*guardrails/)]]);
    const down = lint(path.join(root, 'src', 'guardrails', 'probe.ts'), "import { now } from '../core/clock';\nexport const p = now;\n", PATHS);
    expect(down).toEqual([]);
  });

  test('a construct folder importing self-service and cost importing a construct are reported', () => {
    const fromCatalog = lint(path.join(root, 'src', 'service', 'probe.ts'), "import { ServiceCatalogProducts } from '../catalog';\nexport const p = ServiceCatalogProducts;\n", PATHS);
    expect(fromCatalog.map((m) => m.ruleId)).toEqual(['import/no-restricted-paths']);
    const fromDatabase = lint(path.join(root, 'src', 'cost', 'probe.ts'), "import { PavedRoadDatabase } from '../database';\nexport const p = PavedRoadDatabase;\n", PATHS);
    expect(fromDatabase.map((m) => m.ruleId)).toEqual(['import/no-restricted-paths']);
  });

  test('a two-file import cycle is reported', () => {
    const file = path.join(dir, 'a.ts');
    const messages = lint(file, fs.readFileSync(file, 'utf-8'), 'import/no-cycle');
    expect(messages.map((m) => [m.ruleId, m.message])).toEqual([['import/no-cycle', 'Dependency cycle detected.']]);
  });
});
