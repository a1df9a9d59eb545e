/*
 * The help of every command (`paved-road <command> --help`), and the usage line a usage error repeats.
 */
import { EXIT_CODE_TABLE } from './exit-codes';

const EXIT_CODES = ['Exit codes:', ...EXIT_CODE_TABLE.map(([code, meaning]) => `  ${code}  ${meaning}`)].join('\n');

const COMMON = `Output: --json prints one JSON document on stdout (progress goes to stderr); colour only on a terminal,
never with NO_COLOR set or --no-color.`;

export const HELP: Record<string, { usage: string; text: string }> = {
  '': {
    usage: 'paved-road <command> [options]',
    text: `The paved-road CLI: scaffold a team's app, check it against the platform's guardrails, manage previews.

Commands:
  init [dir]          scaffold a CDK app (dev, staging, prod; pipeline; previews; guardrails)
  check               synthesize the app and print one summary of every stage: findings, acknowledgments, cost
  previews list       the previews deployed in the account and region, and when they expire
  previews extend     move a preview's expiry later (never past the maximum TTL)
  previews destroy    delete a preview now
  doctor              versions, cdk.json context, bootstrap, environments

Run paved-road <command> --help for a command's options. paved-road --version prints the version.

${COMMON}

${EXIT_CODES}
`,
  },
  'init': {
    usage: 'paved-road init [dir] --name <app> --owner <team> [--language typescript|python] [options]',
    text: `Scaffold a team's CDK app into dir (default: ./<name>; it must be new or empty).

The app: dev, staging and prod stages, each a data stack (PavedRoadNetwork, PavedRoadDatabase,
PavedRoadCache) and a service stack (PavedRoadService wired to them); a delivery stack with the
PavedRoadPipeline and the PreviewReaper; a PreviewEnvironment for -c branch=<branch>; the guardrails
with a compliance report and a cost estimate against budgets; Backstage entities; cdk.json with the
owner, cost center and defaults version; tests and a CI workflow.

Options:
  --name <app>            app name: lower-case words joined by hyphens, 2 to 32 characters (required)
  --owner <team>          owning team, a Backstage group reference such as team-checkout (required)
  --language <language>   typescript (default) or python
  --cost-center <cc>      cost center tag on every resource (default: the owner)
  --repository <o/n>      owner/name of the repository the pipeline builds (default: a placeholder)
  --account <id>          AWS account of every environment (with --region; default: environment-agnostic)
  --region <region>       AWS region of every environment (with --account)
  --json                  print the files written as JSON
  -h, --help              this help

Example:
  npx paved-road init checkout --name checkout --owner team-checkout
  cd checkout && npm install && npx cdk synth

${EXIT_CODES}
`,
  },
  'check': {
    usage: 'paved-road check [--app <command>] [--profile <aws-profile>] [--json]',
    text: `Synthesize the app once, with its guardrails, and print one summary for all stages: findings grouped
by stage and rule, acknowledgments counted, the monthly cost of each stack against its budget (and a
preview's cost per day against its daily budget). Exits 1 on any finding (errors and warnings), a stack
over budget or another guardrail error.

Synthesizes through the project's aws-cdk CLI (node_modules/.bin/cdk) when installed, else runs the app
command with the context of cdk.json and cdk.context.json. Reads what PavedRoadGuardrails writes with
{ report: true, cost: { estimate: true } } (paved-road-guardrails.json, paved-road-cost.json; each stage
writes them as it synthesizes, also when the guardrails then refuse the app), and the guardrails' error,
which lists every stage's findings and other problems; each finding is counted once.

Options:
  --app <command>         the app command (default: "app" of cdk.json)
  --profile <profile>     AWS named profile for context lookups (the aws-cdk CLI's --profile)
  -c, --context <k=v>     context value, repeatable (as cdk synth -c)
  --output <dir>          keep the cloud assembly in dir (new or empty; default: a temporary directory)
  --verbose               also print everything the synthesis printed (on stderr)
  --json                  print the summary as JSON
  --no-color              no colour
  -h, --help              this help

${COMMON}

${EXIT_CODES}
`,
  },
  'previews': {
    usage: 'paved-road previews list | extend <branch> --hours <n> | destroy <branch> [options]',
    text: `Read and change previews through CloudFormation and the preview tag contract (paved-road:preview,
paved-road:preview-branch, paved-road:expires-at). Only top-level stacks named preview-* and tagged
paved-road:preview=true are previews, as for the PreviewReaper.

  list                         every preview of the account and region: branch, stacks, status, expiry
  extend <branch> --hours <n>  move the expiry n hours later (from now if it has passed), by a tags-only
                               stack update (previous template, parameters and role). Refused past the
                               maximum TTL from now: 336 hours, or paved-road:preview-max-ttl-hours in cdk.json
  destroy <branch>             delete every stack of the preview through its own role (stacks that import
                               from others first), and wait; asks to confirm unless --yes

Options:
  --region <region>       AWS region (default: AWS_REGION or the profile's)
  --profile <profile>     AWS named profile
  --hours <n>             (extend) hours to add, at least 1
  --yes                   (destroy) do not ask; required when stdin is not a terminal
  --no-wait               (destroy) start the deletions and return
  --json                  print the result as JSON
  -h, --help              this help

${COMMON}

${EXIT_CODES}
`,
  },
  'doctor': {
    usage: 'paved-road doctor [--profile <aws-profile>] [--strict] [--json]',
    text: `Check what stands between the app and a clean synth and deployment:
  - Node.js, and aws-cdk-lib, constructs and cdk-nag against the library's peer ranges (cdk-nag's major);
  - cdk.json: the app command, paved-road:owner, paved-road:cost-center, paved-road:defaults-version
    (missing, or older than the library's), profile, packs, preview TTL, and placeholders left by init;
  - prod networks in stacks without an explicit env (from the last cloud assembly, cdk.out);
  - the CDK bootstrap stack of every account and region the assembly deploys to (with credentials).
Exits 1 on a failed check (and on a warning with --strict).

Options:
  --profile <profile>     AWS named profile for the bootstrap check
  --output <dir>          the cloud assembly to read (default: cdk.out)
  --offline               skip the checks that call AWS
  --strict                warnings are problems too
  --json                  print the checks as JSON
  -h, --help              this help

${COMMON}

${EXIT_CODES}
`,
  },
};
