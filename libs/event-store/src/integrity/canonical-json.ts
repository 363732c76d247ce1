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
  return serialise(value, []);
}

/**
 * `at` is the path to `value` as keys and indexes, pushed and popped as the walk goes: it is spelt
 * out only for an error, so the common case builds no path strings (hashing is on every append).
 */
function serialise(value: unknown, at: (string | number)[]): string {
  if (value !== null && typeof value === 'object' && typeof (value as { toJSON?: unknown }).toJSON === 'function') {
    value = (value as { toJSON(): unknown }).toJSON();
  }
  if (value === null) return 'null';
  switch (typeof value) {
    case 'boolean':
      return value ? 'true' : 'false';
    case 'number':
      if (!Number.isFinite(value)) throw new Error(`Canonical JSON: ${path(at)} is ${value}, which JSON cannot represent`);
      // ECMAScript's Number-to-String is the number format RFC 8785 prescribes (section 3.2.2.3); -0 becomes 0.
      return JSON.stringify(value);
    case 'string':
      if (!wellFormed(value as string)) throw new Error(`Canonical JSON: ${path(at)} holds a lone UTF-16 surrogate`);
      return JSON.stringify(value);
    case 'bigint':
      throw new Error(`Canonical JSON: ${path(at)} is a BigInt; write it as a decimal string`);
    case 'object': {
      if (Array.isArray(value)) {
        // As in JSON.stringify, an array slot that cannot be represented becomes null.
        let out = '[';
        for (let index = 0; index < value.length; index++) {
          const item: unknown = value[index];
          at.push(index);
          out += (index > 0 ? ',' : '') + (representable(item) ? serialise(item, at) : 'null');
          at.pop();
        }
        return out + ']';
      }
      const record = value as Record<string, unknown>;
      let out = '{';
      for (const key of Object.keys(record).sort()) {
        const member = record[key];
        if (!representable(member)) continue;
        if (!wellFormed(key)) throw new Error(`Canonical JSON: a key in ${path(at)} holds a lone UTF-16 surrogate`);
        at.push(key);
        out += (out.length > 1 ? ',' : '') + JSON.stringify(key) + ':' + serialise(member, at);
        at.pop();
      }
      return out + '}';
    }
    default:
      throw new Error(`Canonical JSON: ${path(at)} is a ${typeof value}, which JSON cannot represent`);
  }
}

/** The path as errors name it: $, $.data.name, $.items[2]. */
function path(at: readonly (string | number)[]): string {
  return at.reduce<string>((spelt, step) => (typeof step === 'number' ? `${spelt}[${step}]` : `${spelt}.${step}`), '$');
}

/** String.prototype.isWellFormed (ES2024, in Node 20) is false exactly for a lone surrogate; the lib is ES2023. */
const wellFormed = (text: string): boolean => (text as unknown as { isWellFormed(): boolean }).isWellFormed();

const representable = (value: unknown) => value !== undefined && typeof value !== 'function' && typeof value !== 'symbol';
