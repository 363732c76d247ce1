import { ValidationError } from '../shared/errors.js';

/** The thresholds a partnership's board views use; each partnership may change them (`PartnershipSettingsChanged`). */
export type BoardSettings = Readonly<{
  /** A NOT_STARTED action due within this many days is AMBER. */
  amberWithinDays: number;
  /** An open action with no update for this many days is silent. */
  silentAfterDays: number;
  /** "Due soon" on the dashboard: open actions due within this many days. */
  dueSoonDays: number;
}>;

export const BOARD_SETTING_NAMES = ['amberWithinDays', 'silentAfterDays', 'dueSoonDays'] as const;

/** The defaults: amber two weeks ahead, silent after a month, "due soon" two weeks ahead. */
export const DEFAULT_BOARD_SETTINGS: BoardSettings = { amberWithinDays: 14, silentAfterDays: 30, dueSoonDays: 14 };

/** A year: a longer horizon makes every action amber or silent, which tells a board nothing. */
export const BOARD_SETTING_MAX_DAYS = 366;

/** A threshold in days: a whole number from 1 to 366. */
export function requireSettingDays(field: string, value: unknown): number {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 1 || value > BOARD_SETTING_MAX_DAYS) {
    throw new ValidationError(field, 'settingDays', `${field} must be a whole number of days from 1 to ${BOARD_SETTING_MAX_DAYS}`);
  }
  return value;
}
