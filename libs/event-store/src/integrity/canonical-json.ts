/**
 * RFC 8785 JSON Canonicalization Scheme (JCS). Small enough to keep here rather than depend on a
 * package: JCS is defined in terms of ECMAScript's own JSON.stringify, so strings and numbers are
 * serialised by JSON.stringify, object keys sorted by UTF-16 code units (JavaScript's default sort),
 * and no whitespace is emitted.
 *
 * Like JSON.stringify, `toJSON` is honoured and object members whose value is undefined, a function
 * or a symbol are left out, so the canonical form of a value equals that of its JSON round-trip.
 * What JSON cannot express (NaN, ±Infinity, BigInt, lone surrogates) is refused with an error.
 */
export function canonicalJson(value: unknown): string {
  return serialise(value, '$');
}

function serialise(value: unknown, path: string): string {
  if (value !== null && typeof value === 'object' && typeof (value as { toJSON?: unknown }).toJSON === 'function') {
    value = (value as { toJSON(): unknown }).toJSON();
  }
  if (value === null) return 'null';
  switch (typeof value) {
    case 'boolean':
      return value ? 'true' : 'false';
    case 'number':
      if (!Number.isFinite(value)) throw new Error(`Canonical JSON: ${path} is ${value}, which JSON cannot represent`);
      // ECMAScript's Number-to-String is the number format RFC 8785 prescribes (section 3.2.2.3); -0 becomes 0.
      return JSON.stringify(value);
    case 'string':
      if (LONE_SURROGATE.test(value as string)) throw new Error(`Canonical JSON: ${path} holds a lone UTF-16 surrogate`);
      return JSON.stringify(value);
    case 'bigint':
      throw new Error(`Canonical JSON: ${path} is a BigInt; write it as a decimal string`);
    case 'object':
      if (Array.isArray(value)) {
        // As in JSON.stringify, an array slot that cannot be represented becomes null.
        return `[${value.map((item, index) => (representable(item) ? serialise(item, `${path}[${index}]`) : 'null')).join(',')}]`;
      }
      return `{${Object.keys(value as object)
        .filter((key) => representable((value as Record<string, unknown>)[key]))
        .sort()
        .map((key) => `${serialiseKey(key, path)}:${serialise((value as Record<string, unknown>)[key], `${path}.${key}`)}`)
        .join(',')}}`;
    default:
      throw new Error(`Canonical JSON: ${path} is a ${typeof value}, which JSON cannot represent`);
  }
}

function serialiseKey(key: string, path: string) {
  if (LONE_SURROGATE.test(key)) throw new Error(`Canonical JSON: a key in ${path} holds a lone UTF-16 surrogate`);
  return JSON.stringify(key);
}

/** With the u flag a surrogate pair is one code point, so this matches only unpaired halves. */
const LONE_SURROGATE = /[\uD800-\uDFFF]/u;

const representable = (value: unknown) => value !== undefined && typeof value !== 'function' && typeof value !== 'symbol';
