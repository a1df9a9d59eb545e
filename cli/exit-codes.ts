/**
 * The exit codes of every `paved-road` command (documented in `paved-road --help` and the README).
 */
export enum ExitCode {
  /** Done, and nothing to report: no finding, no problem. */
  OK = 0,
  /** The command ran and found something: guardrail findings or a budget exceeded (check), a problem (doctor). */
  FINDINGS = 1,
  /** The command line is wrong: unknown command or option, missing or invalid value. Nothing was done. */
  USAGE = 2,
  /** The command could not do its work: the app failed to synthesize for another reason, an AWS call failed, no such preview. */
  FAILED = 3,
}

/** A wrong command line: printed with the command's usage line, exits with `ExitCode.USAGE`. */
export class UsageError extends Error {
  constructor(message: string, public readonly command?: string) {
    super(message);
    this.name = 'UsageError';
  }
}

/** The command could not do its work: printed as is, exits with `ExitCode.FAILED`. */
export class CommandFailed extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'CommandFailed';
  }
}

/** The exit-code table as help and the README show it. */
export const EXIT_CODE_TABLE: ReadonlyArray<[ExitCode, string]> = [
  [ExitCode.OK, 'success; check: no finding and every stack within budget; doctor: no problem'],
  [ExitCode.FINDINGS, 'check: guardrail findings or a stack over budget; doctor: at least one problem'],
  [ExitCode.USAGE, 'wrong command line (unknown command or option, bad or missing value); nothing was done'],
  [ExitCode.FAILED, 'could not do the work: the app failed for another reason, an AWS call failed, no such preview'],
];
