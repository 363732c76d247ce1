import type { PersonalDataStore } from '@ledger/personal-data';

/** What a history shows for a person whose personal data has been erased. */
export const ERASED = 'erased';

/** Each person's display name, or null when none was ever given. */
export type PersonNames = ReadonlyMap<string, string | null>;

/**
 * People's names as a history shows them, in one read of the personal-data store: the name, "erased"
 * when the store no longer knows the person, or null when it knows them without a name. Never cached:
 * an erasure shows at once. The API's histories and the CLI's replay both name people this way.
 */
export function displayNamesOf(personalData: PersonalDataStore, personIds: readonly string[]): PersonNames {
  const unique = [...new Set(personIds)];
  const details = personalData.detailsOf(unique);
  return new Map(unique.map((id) => [id, details.get(id)?.name ?? (personalData.knows(id) ? null : ERASED)]));
}
