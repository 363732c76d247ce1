import type { Command } from '../shared/decider.js';
import { IllegalStateError, ValidationError } from '../shared/errors.js';
import type { PartnershipFacts } from '../commitments/commitment.events.js';
import { DEFAULT_PUBLICATION_SETTINGS, type PublicationSettings } from './publication.events.js';

export const PUBLICATION_SETTING_NAMES = ['publicPages', 'publishUpdatesAutomatically', 'publishMinutesAutomatically'] as const;
const AUTOMATIC_SETTING_NAMES = ['publishUpdatesAutomatically', 'publishMinutesAutomatically'] as const;

/** On the partnership's stream. Settings left out (or null) keep their current value. */
export type ChangePublicationSettings = Command<
  'ChangePublicationSettings',
  { partnershipId: string } & { [Name in keyof PublicationSettings]?: boolean | null }
>;
/** On the commitment's stream. */
export type PublishCommitment = Command<'PublishCommitment', { commitmentId: string; partnership: PartnershipFacts }>;
/** On the action's stream: one of its submitted updates. */
export type PublishActionUpdate = Command<'PublishActionUpdate', { actionId: string; updateId: string; partnership: PartnershipFacts }>;
/** On the meeting's stream: its PUBLIC items up to `throughPosition` (default: every item recorded so far). */
export type PublishMinutes = Command<'PublishMinutes', { meetingId: string; throughPosition?: number | null; partnership: PartnershipFacts }>;

/**
 * The settings after a change. Publishing automatically puts things on public pages, so it is refused
 * while the partnership has none: the secretariat turns public pages on first (and automatic
 * publication off before turning them off), and a setting never says something it does not do.
 */
export function publicationSettingsAfter(current: PublicationSettings, requested: ChangePublicationSettings['data']): PublicationSettings {
  const settings = { ...current };
  for (const name of PUBLICATION_SETTING_NAMES) {
    const value = requested[name];
    if (value === undefined || value === null) continue;
    if (typeof value !== 'boolean') throw new ValidationError(name, 'isBoolean', `${name} must be true or false`);
    settings[name] = value;
  }
  if (!settings.publicPages) {
    for (const name of AUTOMATIC_SETTING_NAMES) {
      if (settings[name]) {
        throw new ValidationError(name, 'needsPublicPages', `${name} needs publicPages: a partnership without public pages publishes nothing automatically`);
      }
    }
  }
  if (PUBLICATION_SETTING_NAMES.every((name) => settings[name] === current[name])) {
    throw new ValidationError('settings', 'changed', 'The publication settings given are the partnership’s settings already: nothing would change');
  }
  return settings;
}

/** The partnership's publication settings as its facts carry them; facts built before settings existed read as the defaults. */
export const publicationOf = (partnership: Pick<PartnershipFacts, 'publication'>): PublicationSettings => partnership.publication ?? DEFAULT_PUBLICATION_SETTINGS;

/** True when the partnership publishes this kind of record as it is recorded (only ever with public pages). */
export function publishesAutomatically(partnership: Pick<PartnershipFacts, 'publication'>, setting: (typeof AUTOMATIC_SETTING_NAMES)[number]): boolean {
  const settings = publicationOf(partnership);
  return settings.publicPages && settings[setting];
}

/** Every publication step needs public pages to publish to (FAILED_PRECONDITION at the API). */
export function requirePublicPages(partnership: Pick<PartnershipFacts, 'publication'>, what: string) {
  if (!publicationOf(partnership).publicPages) {
    throw new IllegalStateError(`The partnership has no public pages: turn publicPages on (changePublicationSettings) before publishing ${what}`);
  }
}
