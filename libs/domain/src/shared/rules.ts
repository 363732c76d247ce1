import { ValidationError } from './errors.js';

export const NAME_MAX_LENGTH = 200;

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Trims a human-entered name and checks it is non-empty and bounded; returns the trimmed value. */
export function requireName(field: string, value: string, maxLength = NAME_MAX_LENGTH): string {
  const trimmed = typeof value === 'string' ? value.trim() : '';
  if (trimmed.length === 0) {
    throw new ValidationError(field, 'notEmpty', `${field} must not be empty`);
  }
  if (trimmed.length > maxLength) {
    throw new ValidationError(field, 'maxLength', `${field} must be at most ${maxLength} characters`);
  }
  return trimmed;
}

export function requireUuid(field: string, value: string): string {
  if (typeof value !== 'string' || !UUID.test(value)) {
    throw new ValidationError(field, 'isUuid', `${field} must be a UUID`);
  }
  return value.toLowerCase();
}

export function requireOneOf<T extends string>(field: string, value: string, allowed: readonly T[]): T {
  if (!(allowed as readonly string[]).includes(value)) {
    throw new ValidationError(field, 'isEnum', `${field} must be one of ${allowed.join(', ')}`);
  }
  return value as T;
}

export const TEXT_MAX_LENGTH = 4000;

/** Optional free text: trimmed, null when blank, bounded. */
export function optionalText(field: string, value: string | null | undefined, maxLength = TEXT_MAX_LENGTH): string | null {
  if (value === null || value === undefined || value.trim() === '') return null;
  return requireName(field, value, maxLength);
}

/** Evidence links are web addresses a board member can open: http or https only. */
export function requireHttpUrl(field: string, value: string): string {
  let url: URL | null = null;
  try {
    url = new URL(value);
  } catch {
    url = null;
  }
  if (!url || (url.protocol !== 'http:' && url.protocol !== 'https:')) {
    throw new ValidationError(field, 'httpUrl', `${field} must be http or https web addresses`);
  }
  return value;
}
