/*
 * The `paved-road` command: parses the command line, runs one command and returns its exit code
 * (exit-codes.ts). Bundled with esbuild into assets/cli/paved-road.js (the package's `bin`).
 */
import { parseArgs, ParseArgsConfig } from 'util';
import { CloudFormationClient } from '@aws-sdk/client-cloudformation';
import { runCheck } from './check/check';
import { CloudFormationFactory } from './doctor/bootstrap-check';
import { runDoctor } from './doctor/doctor';
import { CommandFailed, ExitCode, UsageError } from './exit-codes';
import { HELP } from './help';
import { nextSteps, runInit } from './init/init';
import { Io, processIo, styleFor, useColour } from './io';
import { LibraryFacts, readLibraryFacts } from './library';
import { PreviewsOptions, runPreviews } from './previews/command';

export interface MainDeps {
  readonly io: Io;
  readonly library: LibraryFacts;
  /** CloudFormation clients (tests point them at a local endpoint). */
  readonly cloudFormation: CloudFormationFactory;
  readonly nodeVersion: string;
}

type Options = NonNullable<ParseArgsConfig['options']>;
const COMMON: Options = {
  'help': { type: 'boolean', short: 'h' },
  'json': { type: 'boolean' },
  'no-color': { type: 'boolean' },
};
const OPTIONS: Record<string, Options> = {
  init: {
    ...COMMON,
    'name': { type: 'string' },
    'owner': { type: 'string' },
    'language': { type: 'string' },
    'cost-center': { type: 'string' },
    'repository': { type: 'string' },
    'account': { type: 'string' },
    'region': { type: 'string' },
  },
  check: {
    ...COMMON,
    app: { type: 'string' },
    profile: { type: 'string' },
    context: { type: 'string', short: 'c', multiple: true },
    output: { type: 'string' },
    verbose: { type: 'boolean' },
  },
  previews: { ...COMMON, 'region': { type: 'string' }, 'profile': { type: 'string' }, 'hours': { type: 'string' }, 'yes': { type: 'boolean' }, 'no-wait': { type: 'boolean' } },
  doctor: { ...COMMON, profile: { type: 'string' }, output: { type: 'string' }, offline: { type: 'boolean' }, strict: { type: 'boolean' } },
};

function parse(command: string, args: string[]): { values: Record<string, any>; positionals: string[] } {
  try {
    const parsed = parseArgs({ args, options: OPTIONS[command], allowPositionals: true, strict: true });
    return parsed as { values: Record<string, any>; positionals: string[] };
  } catch (e) {
    throw new UsageError((e as Error).message.replace(/^TypeError \[[A-Z_]+\]: /, ''), command);
  }
}

function positionals(command: string, given: string[], max: number): void {
  if (given.length > max) throw new UsageError(`unexpected argument${given.length - max === 1 ? '' : 's'}: ${given.slice(max).join(' ')}`, command);
}

/** The options of `previews <action> [branch]`, checked. */
function previewsOptions(values: Record<string, any>, args: string[]): PreviewsOptions {
  const [action, branch, ...extra] = args;
  if (action !== 'list' && action !== 'extend' && action !== 'destroy') {
    throw new UsageError(action === undefined ? 'previews needs an action: list, extend or destroy'
      : `unknown previews action ${JSON.stringify(action)}: list, extend or destroy`, 'previews');
  }
  if (action === 'list') positionals('previews', args, 1);
  else if (!branch) throw new UsageError(`previews ${action} needs the branch: paved-road previews ${action} <branch>`, 'previews');
  if (extra.length > 0) positionals('previews', args, 2);
  let hours: number | undefined;
  if (action === 'extend') {
    if (values.hours === undefined) throw new UsageError('previews extend needs --hours <n>: the hours to add to the expiry', 'previews');
    hours = Number(values.hours);
    if (!/^\s*\d+(\.\d+)?\s*$/.test(values.hours) || !(hours >= 1)) {
      throw new UsageError(`--hours ${JSON.stringify(values.hours)} is not allowed; allowed: a number of hours, at least 1`, 'previews');
    }
  } else if (values.hours !== undefined) {
    throw new UsageError(`--hours is an option of previews extend, not previews ${action}`, 'previews');
  }
  return { action, branch, hours, yes: Boolean(values.yes), wait: !values['no-wait'], json: Boolean(values.json) };
}

export async function main(argv: string[], deps: MainDeps): Promise<ExitCode> {
  const { io, library } = deps;
  const [command = '', ...rest] = argv;
  const colour = useColour(io.stdout, io.env, argv.includes('--no-color'));
  const style = styleFor(colour);
  const errStyle = styleFor(useColour(io.stderr, io.env, argv.includes('--no-color')));
  try {
    if (command === '' || command === '--help' || command === '-h' || command === 'help') {
      const topic = command === 'help' ? rest[0] ?? '' : '';
      if (!(topic in HELP)) throw new UsageError(`no help for ${JSON.stringify(topic)}: the commands are init, check, previews, doctor`);
      io.stdout.write(`Usage: ${HELP[topic].usage}\n\n${HELP[topic].text}`);
      return ExitCode.OK;
    }
    if (command === '--version' || command === '-v') {
      io.stdout.write(`${library.version}\n`);
      return ExitCode.OK;
    }
    if (!(command in OPTIONS)) throw new UsageError(`unknown command ${JSON.stringify(command)}: the commands are init, check, previews, doctor`);
    const { values, positionals: args } = parse(command, rest);
    if (values.help) {
      io.stdout.write(`Usage: ${HELP[command].usage}\n\n${HELP[command].text}`);
      return ExitCode.OK;
    }
    switch (command) {
      case 'init': {
        positionals('init', args, 1);
        const result = runInit({
          dir: args[0],
          name: values.name,
          owner: values.owner,
          language: values.language,
          costCenter: values['cost-center'],
          repository: values.repository,
          account: values.account,
          region: values.region,
        }, io.cwd, library);
        if (values.json) {
          io.stdout.write(`${JSON.stringify({ dir: result.dir, language: result.language, files: result.files }, undefined, 2)}\n`);
        } else {
          io.stdout.write(`Created ${result.settings.name} (${result.language}) in ${result.dir}:\n${result.files.map((f) => `  ${f}`).join('\n')}\n\n` +
            `Next:\n${nextSteps(result, io.cwd).map((s) => `  ${s}`).join('\n')}\n`);
        }
        return ExitCode.OK;
      }
      case 'check': {
        positionals('check', args, 0);
        const { exitCode } = await runCheck({
          app: values.app,
          profile: values.profile,
          context: values.context,
          output: values.output,
          json: Boolean(values.json),
          verbose: Boolean(values.verbose),
        }, io, style);
        return exitCode;
      }
      case 'previews': {
        const options = previewsOptions(values, args);
        const client = deps.cloudFormation({ region: values.region, profile: values.profile });
        return await runPreviews(options, io, style, client);
      }
      default: {
        positionals('doctor', args, 0);
        const { exitCode } = await runDoctor({
          profile: values.profile,
          output: values.output,
          offline: Boolean(values.offline),
          strict: Boolean(values.strict),
          json: Boolean(values.json),
        }, io, style, library, deps.cloudFormation, deps.nodeVersion);
        return exitCode;
      }
    }
  } catch (e) {
    if (e instanceof UsageError) {
      const usage = HELP[e.command?.split(' ')[0] ?? ''] ?? HELP[''];
      io.stderr.write(`${errStyle.red('paved-road:')} ${e.message}\nUsage: ${usage.usage}\nRun paved-road ${e.command ? `${e.command.split(' ')[0]} ` : ''}--help for more.\n`);
      return ExitCode.USAGE;
    }
    if (e instanceof CommandFailed) {
      io.stderr.write(`${errStyle.red('paved-road:')} ${e.message}\n`);
      return ExitCode.FAILED;
    }
    io.stderr.write(`${errStyle.red('paved-road:')} unexpected error: ${(e as Error).stack ?? String(e)}\n`);
    return ExitCode.FAILED;
  }
}

/** The real world: the process's streams, the library's package.json, SDK clients from the default chain. */
export function defaultDeps(): MainDeps {
  return {
    io: processIo(),
    library: readLibraryFacts(__dirname),
    cloudFormation: ({ region, profile }) => new CloudFormationClient({ ...(region ? { region } : {}), ...(profile ? { profile } : {}) }),
    nodeVersion: process.versions.node,
  };
}

if (require.main === module) {
  main(process.argv.slice(2), defaultDeps()).then((code) => {
    process.exitCode = code;
  }, (e) => {
    process.stderr.write(`paved-road: ${(e as Error).stack ?? String(e)}\n`);
    process.exitCode = ExitCode.FAILED;
  });
}
