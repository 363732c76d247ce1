import type { Random } from './random.js';

/**
 * Input values as the fuzzer builds them, written either as GraphQL literals (inline arguments) or
 * as JSON (variables). Two kinds have no plain JavaScript form: enum values (bare in a literal, a
 * string in JSON) and numbers whose text matters (`1e309`, `-0`, `9007199254740993`).
 */
export class EnumValue {
  constructor(readonly name: string) {}
}
export class RawNumber {
  constructor(readonly text: string) {}
}
export type Value = string | number | boolean | null | EnumValue | RawNumber | Value[] | { [field: string]: Value | undefined };

export function toLiteral(value: Value): string {
  if (value instanceof EnumValue) return value.name;
  if (value instanceof RawNumber) return value.text;
  if (Array.isArray(value)) return `[${value.map(toLiteral).join(', ')}]`;
  if (value !== null && typeof value === 'object') {
    const fields = Object.entries(value).filter((entry): entry is [string, Value] => entry[1] !== undefined);
    return `{${fields.map(([name, field]) => `${name}: ${toLiteral(field)}`).join(', ')}}`;
  }
  // JSON string escapes are GraphQL string escapes too.
  return JSON.stringify(value);
}

export function toJson(value: Value | undefined): string {
  if (value instanceof EnumValue) return JSON.stringify(value.name);
  if (value instanceof RawNumber) return value.text;
  if (Array.isArray(value)) return `[${value.map(toJson).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const fields = Object.entries(value).filter((entry): entry is [string, Value] => entry[1] !== undefined);
    return `{${fields.map(([name, field]) => `${JSON.stringify(name)}:${toJson(field)}`).join(',')}}`;
  }
  return JSON.stringify(value ?? null);
}

/** Text that is unusual but may well be accepted: never a reason for a write to be refused. */
export const ODD_TEXT: readonly string[] = [
  '🏥 Leeds Health and Wellbeing Board',
  'Ærø Ünïcødé 日本語 עברית العربية हिन्दी',
  '  padded with spaces  ',
  "O'Brien; DROP TABLE events;--",
  '<script>alert(1)</script>',
  '${process.env.LEDGER_JWT_SECRET}',
  'Ⅻ ﷽ 👨‍👩‍👧‍👦',
  'a'.repeat(199),
];

/** YYYY-MM-DD strings that are not real calendar dates. */
export const INVALID_DATES: readonly string[] = [
  '2021-02-30',
  '2021-02-29',
  '2021-13-01',
  '2021-00-10',
  '2021-04-31',
  '',
  ' ',
  '2021-3-5',
  '21-03-25',
  '2021-03-25T00:00:00Z',
  '25/03/2021',
  '+002021-03-25',
  '１２３４-０１-０１',
  'yesterday',
  '2021-03-25\u0000',
];

/** Real dates at the edges: valid or refused depending on the field's rule. */
export const EDGE_DATES: readonly string[] = ['9999-12-31', '0001-01-01', '1970-01-01', '2020-02-29', '2100-12-31'];

/** Ids that are not UUIDs at all. */
export const MALFORMED_IDS: readonly string[] = [
  'not-a-uuid',
  '',
  ' ',
  '0',
  "' OR '1'='1",
  '../../etc/passwd',
  '{"$ne":null}',
  '01890a5d-ac96-774b-bcce-b302099a8057-extra',
  '01890a5d-ac96-774b-bcce-b302099a805',
  'g1890a5d-ac96-774b-bcce-b302099a8057',
  '01890a5d\u0000-ac96-774b-bcce-b302099a8057',
  'x'.repeat(5000),
];

/** Numbers whose text is hostile: overflow, negative zero, beyond safe integers, not numbers at all. */
export const ODD_NUMBERS: readonly string[] = [
  '1e309',
  '-1e309',
  '-0',
  '9007199254740993',
  '1e-400',
  '5e-324',
  '2147483648',
  '-2147483649',
  '1.7976931348623157e308',
  '123456789012345678901234567890',
];

/** Number texts that are not valid GraphQL (or JSON) number tokens. */
export const NOT_NUMBERS: readonly string[] = ['NaN', 'Infinity', '-Infinity', '0x10', '1.', '.5', '1e', '--1', '+1', '1_000'];

/** A real id in a hostile spelling: upper case, or with spaces. May be canonicalised or refused, never a crash. */
export function respell(random: Random, id: string): string {
  return random.pick([id.toUpperCase(), ` ${id}`, `${id} `, id.replace(/-/g, '')]);
}

/** A JSON value nested `depth` levels deep, for variables and extensions. */
export function nestedJson(random: Random, depth: number): string {
  const asArrays = random.chance(0.5);
  return asArrays ? `${'['.repeat(depth)}1${']'.repeat(depth)}` : `${'{"a":'.repeat(depth)}1${'}'.repeat(depth)}`;
}
