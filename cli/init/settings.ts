/*
 * What a scaffold is generated from: the validated command-line values plus the library's facts.
 */
import { pascalCase, snakeCase } from './names';

/** The languages `paved-road init` scaffolds. */
export const LANGUAGES = ['typescript', 'python'] as const;
export type Language = typeof LANGUAGES[number];

/** Marks every value in a scaffold's cdk.json that the team must replace before deploying (`paved-road doctor` lists them). */
export const PLACEHOLDER = 'replace-me';

/**
 * Monthly budgets per stack and profile, in USD, written into cdk.json (`app:monthly-budgets-usd`); the guardrails
 * fail synthesis above them. Above the scaffold's own estimates with the bundled list prices (its costliest stack per
 * profile: dev data $67, staging data $115, prod data $606 environment-agnostic, delivery $3), with room for a team's
 * first changes and for three Availability Zones once prod has an account and region.
 */
export const DEFAULT_BUDGETS_USD: Readonly<Record<string, number>> = { dev: 150, staging: 300, prod: 1000, preview: 100 };

/** The container image the scaffold's service runs until the team builds its own: answers 200 on every path on 8080. */
export const PLACEHOLDER_IMAGE = 'mendhak/http-https-echo:35';

/**
 * The aws-cdk CLI a scaffold installs: this major line and at least the version the scaffold check ran with
 * (the CLI must read the cloud assembly schema of the newest aws-cdk-lib).
 */
export const AWS_CDK_CLI_RANGE = '^2.1100.0';
/** ts-node does not work with TypeScript 7 (TOOLCHAIN: "Cannot read properties of undefined (reading 'fileExists')"). */
export const TYPESCRIPT_RANGE = '~5.9.3';
export const TS_NODE_RANGE = '^10.9.2';

export interface ScaffoldSettings {
  /** The app name (validated). */
  readonly name: string;
  /** `OrderService`. */
  readonly pascalName: string;
  /** `order_service`. */
  readonly snakeName: string;
  readonly owner: string;
  readonly costCenter: string;
  readonly language: Language;
  /** `owner/name` of the repository the pipeline builds. */
  readonly repository: string;
  /** The account and region of every environment, when given (else the stacks are environment-agnostic). */
  readonly account?: string;
  readonly region?: string;
  readonly defaultsVersion: string | number;
  /** The npm version range of the library the app depends on (`^1.2.3`). */
  readonly libraryRange: string;
  /** The library's peer ranges: aws-cdk-lib, constructs, cdk-nag. */
  readonly peers: Readonly<Record<'aws-cdk-lib' | 'constructs' | 'cdk-nag', string>>;
}

export interface SettingsInput {
  readonly name: string;
  readonly owner: string;
  readonly costCenter?: string;
  readonly language: Language;
  readonly repository?: string;
  readonly account?: string;
  readonly region?: string;
  readonly defaultsVersion: string | number;
  readonly libraryVersion: string;
  readonly peerDependencies: Record<string, string>;
}

/** The settings of a scaffold from validated input. */
export function scaffoldSettings(input: SettingsInput): ScaffoldSettings {
  const peer = (name: string, fallback: string) => input.peerDependencies[name] ?? fallback;
  return {
    name: input.name,
    pascalName: pascalCase(input.name),
    snakeName: snakeCase(input.name),
    owner: input.owner,
    costCenter: input.costCenter ?? input.owner,
    language: input.language,
    repository: input.repository ?? `${PLACEHOLDER}/${input.name}`,
    account: input.account,
    region: input.region,
    defaultsVersion: input.defaultsVersion,
    libraryRange: `^${input.libraryVersion}`,
    peers: {
      'aws-cdk-lib': peer('aws-cdk-lib', '^2.257.0'),
      'constructs': peer('constructs', '^10.5.1'),
      'cdk-nag': peer('cdk-nag', '^2.38.2'),
    },
  };
}

/** The context every scaffold's cdk.json holds, whatever the language. */
export function cdkContext(s: ScaffoldSettings): Record<string, unknown> {
  const env = s.account || s.region ? { account: s.account ?? null, region: s.region ?? null } : { account: null, region: null };
  return {
    'paved-road:owner': s.owner,
    'paved-road:cost-center': s.costCenter,
    'paved-road:defaults-version': s.defaultsVersion,
    'app:image': PLACEHOLDER_IMAGE,
    'app:repository': s.repository,
    'app:branch': 'main',
    'app:connection-arn': `arn:aws:codeconnections:${s.region ?? 'us-east-1'}:${s.account ?? '000000000000'}:connection/${PLACEHOLDER}`,
    'app:environments': { dev: env, staging: env, prod: env },
    'app:prod-certificate-arn': `arn:aws:acm:${s.region ?? 'us-east-1'}:${s.account ?? '000000000000'}:certificate/${PLACEHOLDER}`,
    'app:notification-emails': [],
    'app:monthly-budgets-usd': DEFAULT_BUDGETS_USD,
    'app:preview-platform': true,
    'app:preview-deployer-role-arns': [],
    // Cross-stack references (service stack -> data stack) stay CloudFormation exports: the data stack cannot be
    // deleted while a service uses it. aws-cdk-lib 2.258+ asks for an explicit choice; older versions ignore the key.
    '@aws-cdk/core:defaultCrossStackReferences': 'strong',
  };
}
