/*
 * Doctor's bootstrap check: for each account and region the last cloud assembly deploys to, the CDK toolkit
 * stack must exist and be at least the bootstrap version the templates require (DescribeStacks, its
 * BootstrapVersion output). Needs credentials; environments of other accounts are reported, not guessed.
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { CloudFormationClient, DescribeStacksCommand } from '@aws-sdk/client-cloudformation';
import { DoctorCheck } from './project-checks';
import { readAssembly } from '../check/assembly';

export type CloudFormationFactory = (options: { region?: string; profile?: string }) => CloudFormationClient;

/** Whether credentials are likely configured (so doctor does not wait on credential lookups that cannot succeed). */
export function credentialsLikely(env: NodeJS.ProcessEnv, profile?: string): boolean {
  const fromEnv = ['AWS_PROFILE', 'AWS_ACCESS_KEY_ID', 'AWS_WEB_IDENTITY_TOKEN_FILE', 'AWS_CONTAINER_CREDENTIALS_FULL_URI', 'AWS_CONTAINER_CREDENTIALS_RELATIVE_URI'];
  if (profile || fromEnv.some((key) => env[key])) return true;
  const home = env.HOME ?? os.homedir();
  const files = [env.AWS_SHARED_CREDENTIALS_FILE ?? path.join(home, '.aws', 'credentials'), env.AWS_CONFIG_FILE ?? path.join(home, '.aws', 'config')];
  return files.some((f) => fs.existsSync(f));
}

interface Target {
  readonly account?: string;
  readonly region?: string;
  readonly required: number;
  readonly stacks: string[];
}

function targets(outdir: string): Target[] {
  const byEnv = new Map<string, { account?: string; region?: string; required: number; stacks: string[] }>();
  for (const stage of readAssembly(outdir)) {
    for (const stack of stage.stacks ?? []) {
      const m = /^aws:\/\/([^/]+)\/(.+)$/.exec(stack.environment);
      const account = m && m[1] !== 'unknown-account' ? m[1] : undefined;
      const region = m && m[2] !== 'unknown-region' ? m[2] : undefined;
      const key = `${account ?? '*'}/${region ?? '*'}`;
      const t = byEnv.get(key) ?? { account, region, required: 0, stacks: [] };
      t.required = Math.max(t.required, stack.requiresBootstrapStackVersion ?? 0);
      t.stacks.push(stack.stackName);
      byEnv.set(key, t);
    }
  }
  return [...byEnv.values()];
}

export async function bootstrapChecks(options: {
  readonly outdir: string;
  readonly cwd: string;
  readonly profile?: string;
  readonly env: NodeJS.ProcessEnv;
  readonly offline: boolean;
  readonly cloudFormation: CloudFormationFactory;
}): Promise<DoctorCheck[]> {
  if (!fs.existsSync(path.join(options.outdir, 'manifest.json'))) {
    return [{ check: 'bootstrap', status: 'skip', detail: `no cloud assembly in ${options.outdir}`, fix: 'run npx cdk synth first' }];
  }
  if (options.offline) return [{ check: 'bootstrap', status: 'skip', detail: '--offline' }];
  if (!credentialsLikely(options.env, options.profile)) {
    return [{ check: 'bootstrap', status: 'skip', detail: 'no AWS credentials configured', fix: 'pass --profile <profile> (or set AWS_PROFILE) to check the CDK bootstrap stacks' }];
  }
  let toolkit = 'CDKToolkit';
  try {
    toolkit = JSON.parse(fs.readFileSync(path.join(options.cwd, 'cdk.json'), 'utf-8')).toolkitStackName ?? toolkit;
  } catch {
    // no cdk.json: the default toolkit stack name
  }
  const checks: DoctorCheck[] = [];
  for (const t of targets(options.outdir)) {
    const where = `${t.account ?? 'the credentials\' account'} in ${t.region ?? 'the default region'}`;
    try {
      const client = options.cloudFormation({ region: t.region, profile: options.profile });
      const page = await client.send(new DescribeStacksCommand({ StackName: toolkit }));
      const stack = page.Stacks?.[0];
      const account = /^arn:[^:]+:cloudformation:[^:]*:(\d{12}):/.exec(stack?.StackId ?? '')?.[1];
      if (t.account && account && account !== t.account) {
        checks.push({ check: 'bootstrap', status: 'skip', detail: `${t.stacks.join(', ')} deploy${t.stacks.length === 1 ? 's' : ''} to ${t.account}, the credentials are for ${account}`, fix: `run doctor with a --profile of account ${t.account}` });
        continue;
      }
      const version = Number(stack?.Outputs?.find((o) => o.OutputKey === 'BootstrapVersion')?.OutputValue ?? NaN);
      if (!Number.isFinite(version)) {
        checks.push({ check: 'bootstrap', status: 'warn', detail: `${toolkit} in ${where} has no BootstrapVersion output`, fix: `npx cdk bootstrap aws://${t.account ?? account ?? '<account>'}/${t.region ?? '<region>'}` });
      } else if (version < t.required) {
        checks.push({ check: 'bootstrap', status: 'fail', detail: `${toolkit} in ${where} is version ${version}; the templates need ${t.required}`, fix: `npx cdk bootstrap aws://${t.account ?? account ?? '<account>'}/${t.region ?? '<region>'}` });
      } else {
        checks.push({ check: 'bootstrap', status: 'ok', detail: `${toolkit} in ${where}: version ${version} (needs ${t.required})` });
      }
    } catch (e) {
      const message = (e as Error).message ?? String(e);
      if (/does not exist/.test(message)) {
        checks.push({ check: 'bootstrap', status: 'fail', detail: `${where} is not bootstrapped (no ${toolkit} stack)`, fix: `npx cdk bootstrap aws://${t.account ?? '<account>'}/${t.region ?? '<region>'}` });
      } else {
        checks.push({ check: 'bootstrap', status: 'skip', detail: `could not read ${toolkit} in ${where}: ${message}`, fix: 'check the credentials (--profile) and region' });
      }
    }
  }
  return checks;
}
