/**
 * The three tag keys that are the contract between `PreviewEnvironment` (which puts them on every
 * stack of a preview) and `PreviewReaper` (which deletes expired previews by them). A stack
 * deployed by other means is reaped too when it carries them.
 */
export class PreviewTags {
  /** `true` on every stack of a preview; the reaper never touches a stack without it. */
  public static readonly PREVIEW = 'paved-road:preview';
  /** The branch (or pull request) the preview was built from, as given. */
  public static readonly BRANCH = 'paved-road:preview-branch';
  /**
   * When the preview expires: an ISO-8601 timestamp (`PreviewEnvironment` writes UTC, `2026-11-25T02:00:00Z`),
   * synth time plus the ttl, so every redeploy extends it. The reaper also reads offsets (`+02:00`); a stack whose value is
   * missing, unparsable or not a real calendar date (`2026-02-30`) is reported, never deleted.
   */
  public static readonly EXPIRES_AT = 'paved-road:expires-at';

  private constructor() {}
}
