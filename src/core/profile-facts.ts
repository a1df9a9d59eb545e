import { Profile } from './profile';

/**
 * The profiles whose entry in a per-profile table passes `test`, in words ("staging and prod"), for
 * acknowledgment reasons and error messages that must stay true when the table changes.
 * @internal
 */
export function profilesWhere<T>(table: Record<Profile, T>, test: (entry: T) => boolean): string {
  const names = Object.values(Profile).filter((p) => test(table[p]));
  if (names.length === 0) return 'no profile';
  return names.length === 1 ? names[0] : `${names.slice(0, -1).join(', ')} and ${names[names.length - 1]}`;
}
