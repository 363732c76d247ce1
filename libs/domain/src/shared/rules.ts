import { ValidationError } from './errors.js';

export const NAME_MAX_LENGTH = 200;
export const TEXT_MAX_LENGTH = 4000;
export const EVIDENCE_LINK_MAX_LENGTH = 2000;

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** C0 and C1 controls and DEL: NUL, BEL, ESC and the like have no place in text a board reads. */
const CONTROL_CHARACTER = /[\u0000-\u001F\u007F-\u009F]/;
/** The same, but long text keeps its layout: tab, line feed and carriage return. */
const CONTROL_CHARACTER_EXCEPT_LAYOUT = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F]/;
/** Half of a UTF-16 surrogate pair on its own: not a character, and not valid UTF-8 once stored. */
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;
/**
 * Something that shows: not white space, not a default-ignorable character (zero-width space and
 * joiners, Hangul fillers, variation selectors), not a combining mark on its own, not a braille blank.
 * Letters of every script, digits, punctuation and emoji all qualify.
 */
const VISIBLE_CHARACTER = /[^\p{White_Space}\p{Default_Ignorable_Code_Point}\p{Cc}\p{Mn}\p{Me}\u2800]/u;

type TextOptions = Readonly<{ maxLength: number; multiline: boolean }>;

/** The one set of checks every human-entered text goes through; returns the trimmed value. */
function requireText(field: string, value: string, { maxLength, multiline }: TextOptions): string {
  if (typeof value !== 'string') throw new ValidationError(field, 'notEmpty', `${field} must not be empty`);
  if (LONE_SURROGATE.test(value)) {
    throw new ValidationError(field, 'wellFormed', `${field} must be well-formed Unicode text (it holds half of a surrogate pair)`);
  }
  if ((multiline ? CONTROL_CHARACTER_EXCEPT_LAYOUT : CONTROL_CHARACTER).test(value)) {
    const allowed = multiline ? ' other than tab and line breaks' : '';
    throw new ValidationError(field, 'noControlCharacters', `${field} must not contain control characters${allowed}`);
  }
  const trimmed = value.trim();
  if (trimmed.length === 0) throw new ValidationError(field, 'notEmpty', `${field} must not be empty`);
  if (!VISIBLE_CHARACTER.test(trimmed)) {
    throw new ValidationError(field, 'visible', `${field} must contain a visible character, not only invisible ones`);
  }
  if (trimmed.length > maxLength) {
    throw new ValidationError(field, 'maxLength', `${field} must be at most ${maxLength} characters`);
  }
  return trimmed;
}

/** A name, title, code or other one-line text: trimmed, visible, bounded, no control characters. */
export function requireName(field: string, value: string, maxLength = NAME_MAX_LENGTH): string {
  return requireText(field, value, { maxLength, multiline: false });
}

/** Narrative text (a description, what has happened, a reason): as a name, but line breaks and tabs are kept. */
export function requireLongText(field: string, value: string, maxLength = TEXT_MAX_LENGTH): string {
  return requireText(field, value, { maxLength, multiline: true });
}

/** Optional one-line text: null when blank, otherwise a name. */
export function optionalName(field: string, value: string | null | undefined, maxLength = NAME_MAX_LENGTH): string | null {
  return isBlank(value) ? null : requireName(field, value!, maxLength);
}

/** Optional narrative text: null when blank, otherwise long text. */
export function optionalText(field: string, value: string | null | undefined, maxLength = TEXT_MAX_LENGTH): string | null {
  return isBlank(value) ? null : requireLongText(field, value!, maxLength);
}

const isBlank = (value: string | null | undefined) => value === null || value === undefined || (typeof value === 'string' && value.trim() === '');

/** Ids are compared as stored, so every id is canonical: lower case. */
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

/** Evidence links are web addresses a board member can open: http or https only, and of a length browsers keep. */
export function requireHttpUrl(field: string, value: string): string {
  const link = requireName(field, value, EVIDENCE_LINK_MAX_LENGTH);
  let url: URL | null = null;
  try {
    url = new URL(link);
  } catch {
    url = null;
  }
  if (!url || (url.protocol !== 'http:' && url.protocol !== 'https:')) {
    throw new ValidationError(field, 'httpUrl', `${field} must be http or https web addresses`);
  }
  return link;
}
