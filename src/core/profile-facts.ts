import { Profile } from './profile';

/**
 * The profiles whose defaults pass `test`, in words ("staging and prod"), for acknowledgment reasons
 * and error messages that must stay true when a defaults table changes.
 *
 * @param read the reader of a per-profile table (`serviceDefaults`, `profileSettings`...)
 * @internal
 */
export function profilesWhere<T>(read: (profile: Profile) => T, test: (entry: T) => boolean): string {
  const names = Object.values(Profile).filter((p) => test(read(p)));
  if (names.length === 0) return 'no profile';
  return names.length === 1 ? names[0] : `${names.slice(0, -1).join(', ')} and ${names[names.length - 1]}`;
}
