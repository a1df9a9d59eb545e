/**
 * The environment a paved-road construct is built for. Every default that differs between
 * environments is looked up by profile: in the shared table (retention, removal policies, Multi-AZ,
 * deletion protection, compliance packs: `ProfileDefaults`) or in the construct's own table (sizes,
 * capacity, backups: `ServiceDefaults`, `DatabaseDefaults`, ...).
 */
export enum Profile {
  /** A shared development environment: cheap, single-AZ, deletable. */
  DEV = 'dev',
  /** A production-like environment for release candidates: protected, observed, not Multi-AZ. */
  STAGING = 'staging',
  /** Production: Multi-AZ, protected from deletion, longest retention, strictest compliance. */
  PROD = 'prod',
  /** A throw-away per-branch copy: smallest sizes, everything deletable, shortest retention. */
  PREVIEW = 'preview',
}
