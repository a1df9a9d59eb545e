/*
 * The conventions every `paved-road` command keeps: --help, documented exit codes, usage errors that say what is
 * wrong, no colour off a terminal; and the README's CLI section in step with them.
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { EXIT_CODE_TABLE, ExitCode } from '../../cli/exit-codes';
import { BufferStream, styleFor, useColour } from '../../cli/io';
import { readLibraryFacts } from '../../cli/library';
import { main } from '../../cli/main';
import { Progress } from '../../cli/progress';

async function run(argv: string[], tty = false, env: NodeJS.ProcessEnv = {}) {
  const stdout = new BufferStream(tty);
  const stderr = new BufferStream(tty);
  const code = await main(argv, {
    io: { stdout, stderr, stdinIsTTY: false, prompt: async () => '', env, cwd: fs.mkdtempSync(path.join(os.tmpdir(), 'main-')) },
    library: { version: '1.4.2', peerDependencies: {} },
    cloudFormation: () => { throw new Error('no AWS here'); },
    nodeVersion: '20.20.0',
  });
  return { code, stdout: stdout.text, stderr: stderr.text };
}

describe('paved-road', () => {
  test.each([[[]], [['--help']], [['-h']], [['help']], [['init', '--help']], [['check', '-h']], [['previews', '--help']], [['previews', 'extend', '--help']],
    [['doctor', '--help']], [['help', 'check']]])('%j prints help with the usage line and the exit codes, exit 0', async (argv) => {
    const r = await run(argv);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^Usage: paved-road /);
    expect(r.stdout).toContain('Exit codes:\n  0  success');
    expect(r.stderr).toBe('');
  });

  test('--version prints the library version', async () => {
    expect((await run(['--version'])).stdout).toBe('1.4.2\n');
  });

  test('unknown commands, unknown options and stray arguments are usage errors (exit 2) on stderr', async () => {
    for (const [argv, message] of [
      [['deploy'], 'unknown command "deploy": the commands are init, check, previews, doctor'],
      [['check', '--fast'], "Unknown option '--fast'"],
      [['doctor', 'now'], 'unexpected argument: now'],
      [['init', 'a', 'b', '--name', 'x1', '--owner', 'o'], 'unexpected argument: b'],
      [['previews'], 'previews needs an action: list, extend or destroy'],
      [['help', 'deploy'], 'no help for "deploy"'],
    ] as const) {
      const r = await run([...argv]);
      expect({ argv, code: r.code }).toEqual({ argv, code: ExitCode.USAGE });
      expect(r.stderr).toContain(message);
      expect(r.stderr).toContain('Usage: paved-road');
      expect(r.stdout).toBe('');
    }
  });

  test('colour only on a terminal, and never with NO_COLOR or TERM=dumb', () => {
    const tty = new BufferStream(true);
    expect(useColour(tty, {})).toBe(true);
    expect(useColour(new BufferStream(false), {})).toBe(false);
    expect(useColour(tty, { NO_COLOR: '1' })).toBe(false);
    expect(useColour(tty, { NO_COLOR: '' })).toBe(true);
    expect(useColour(tty, { TERM: 'dumb' })).toBe(false);
    expect(useColour(tty, {}, true)).toBe(false);
    expect(styleFor(true).red('x')).toBe('\u001b[31mx\u001b[39m');
    expect(styleFor(false).red('x')).toBe('x');
  });

  test('a usage error is red on a terminal only', async () => {
    expect((await run(['deploy'], true)).stderr).toMatch(/^\u001b\[31mpaved-road:\u001b\[39m/);
    expect((await run(['deploy'], true, { NO_COLOR: '1' })).stderr).toMatch(/^paved-road: /);
  });

  test('progress: a spinner with the time on a terminal (cleared at the end), a line every 15 s elsewhere', () => {
    const terminal = new BufferStream(true);
    const spinner = new Progress(terminal, 'paved-road check: synthesizing');
    spinner.start('with cdk synth');
    spinner.tick(1000);
    spinner.tick(2000);
    spinner.stop();
    expect(terminal.text).toBe('\r| paved-road check: synthesizing (1 s)\r/ paved-road check: synthesizing (2 s)\r\u001b[2K');
    const log = new BufferStream(false);
    const lines = new Progress(log, 'paved-road check: synthesizing');
    lines.start('with cdk synth');
    for (let s = 1; s <= 31; s++) lines.tick(s * 1000);
    lines.stop();
    expect(log.text).toBe('paved-road check: synthesizing with cdk synth\npaved-road check: synthesizing (15 s)\npaved-road check: synthesizing (30 s)\n');
  });

  test('the README documents the exit codes the CLI returns', () => {
    const readme = fs.readFileSync(path.join(__dirname, '..', '..', 'README.md'), 'utf-8');
    const table = /<!-- cli-exit-codes:start -->\n([\s\S]*?)<!-- cli-exit-codes:end -->/.exec(readme)?.[1];
    expect(table).toBe(['| code | meaning |', '| --- | --- |', ...EXIT_CODE_TABLE.map(([code, meaning]) => `| ${code} | ${meaning} |`), ''].join('\n'));
    for (const command of ['paved-road init', 'paved-road check', 'paved-road previews list', 'paved-road previews extend', 'paved-road previews destroy', 'paved-road doctor']) {
      expect(readme).toContain(`| \`${command}`);
    }
  });

  test('the library facts come from the package.json above the CLI', () => {
    const facts = readLibraryFacts();
    const pkg = JSON.parse(fs.readFileSync(path.join(__dirname, '..', '..', 'package.json'), 'utf-8'));
    expect(facts).toEqual({ version: pkg.version, peerDependencies: pkg.peerDependencies, nodeRange: pkg.engines?.node });
    expect(pkg.bin).toEqual({ 'paved-road': 'assets/cli/paved-road.js' });
    expect(() => readLibraryFacts(os.tmpdir())).toThrow(/no package.json of paved-road-constructs found/);
  });
});
