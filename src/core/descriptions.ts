/** EC2's limit on a security group's description. @internal */
export const SECURITY_GROUP_DESCRIPTION_MAX = 255;

/**
 * `describe(path)` for a construct path, within `max` characters: when the whole path makes it too
 * long, the path keeps its last segments (the most specific ones) after an ellipsis.
 *
 * @internal
 */
export function fitDescription(path: string, describe: (path: string) => string, max = SECURITY_GROUP_DESCRIPTION_MAX): string {
  const full = describe(path);
  if (full.length <= max) return full;
  const room = max - (full.length - path.length) - 3;
  return describe(`...${room > 0 ? path.slice(path.length - room) : ''}`).slice(0, max);
}
