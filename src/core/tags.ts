/**
 * The tag keys every paved-road construct puts on the taggable resources it creates.
 */
export class PavedRoadTags {
  /** The team that owns the resource. */
  public static readonly OWNER = 'paved-road:owner';
  /** The profile the resource was built for: dev, staging, prod or preview. */
  public static readonly PROFILE = 'paved-road:profile';
  /** The paved-road construct class that created the resource. */
  public static readonly CONSTRUCT = 'paved-road:construct';
  /** The version of paved-road-constructs that created the resource. */
  public static readonly VERSION = 'paved-road:version';
  /** The cost center the resource is billed to. */
  public static readonly COST_CENTER = 'paved-road:cost-center';

  private constructor() {}
}
