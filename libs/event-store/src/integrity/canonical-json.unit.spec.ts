import { describe, expect, it } from '@jest/globals';
import { canonicalJson } from './canonical-json.js';

/** An IEEE 754 double from its 16 hex digits, as RFC 8785 Appendix B lists them. */
const double = (hex: string) => Buffer.from(hex, 'hex').readDoubleBE(0);

describe('canonicalJson (RFC 8785)', () => {
  it('serialises the example of section 3.2.2: literals, numbers and string escapes', () => {
    const input = JSON.parse(
      '{"numbers": [333333333.33333329, 1E30, 4.50, 2e-3, 0.000000000000000000000000001],' +
        ' "string": "\\u20ac$\\u000F\\u000aA\'\\u0042\\u0022\\u005c\\\\\\"\\/", "literals": [null, true, false]}',
    );
    expect(canonicalJson(input)).toBe(
      '{"literals":[null,true,false],"numbers":[333333333.3333333,1e+30,4.5,0.002,1e-27],"string":"€$\\u000f\\nA\'B\\"\\\\\\\\\\"/"}',
    );
  });

  it('sorts keys by UTF-16 code units, as in the example of section 3.2.3', () => {
    const input = {
      '\u20ac': 'Euro Sign',
      '\r': 'Carriage Return',
      '\ufb33': 'Hebrew Letter Dalet With Dagesh',
      '1': 'One',
      '\ud83d\ude00': 'Emoji: Grinning Face',
      '\u0080': 'Control',
      '\u00f6': 'Latin Small Letter O With Diaeresis',
    };
    const keys = Object.keys(JSON.parse(canonicalJson(input)) as object);
    // Object.keys would put "1" first whatever the text said; read the order from the text itself.
    const order = [...canonicalJson(input).matchAll(/"([^"]*)":"([^"]*)"/g)].map((match) => match[2]);
    expect(keys).toHaveLength(7);
    expect(order).toEqual([
      'Carriage Return',
      'One',
      'Control',
      'Latin Small Letter O With Diaeresis',
      'Euro Sign',
      'Emoji: Grinning Face',
      'Hebrew Letter Dalet With Dagesh',
    ]);
  });

  it.each([
    ['0000000000000000', '0'],
    ['8000000000000000', '0'],
    ['0000000000000001', '5e-324'],
    ['8000000000000001', '-5e-324'],
    ['7fefffffffffffff', '1.7976931348623157e+308'],
    ['4340000000000000', '9007199254740992'],
    ['c340000000000000', '-9007199254740992'],
    ['4430000000000000', '295147905179352830000'],
    ['44b52d02c7e14af5', '9.999999999999997e+22'],
    ['44b52d02c7e14af6', '1e+23'],
    ['44b52d02c7e14af7', '1.0000000000000001e+23'],
    ['444b1ae4d6e2ef4e', '999999999999999700000'],
    ['444b1ae4d6e2ef4f', '999999999999999900000'],
    ['444b1ae4d6e2ef50', '1e+21'],
    ['3eb0c6f7a0b5ed8c', '9.999999999999997e-7'],
    ['3eb0c6f7a0b5ed8d', '0.000001'],
    ['41b3de4355555553', '333333333.3333332'],
    ['41b3de4355555554', '333333333.33333325'],
    ['41b3de4355555555', '333333333.3333333'],
    ['41b3de4355555556', '333333333.3333334'],
    ['41b3de4355555557', '333333333.33333343'],
    ['becbf647612f3696', '-0.0000033333333333333333'],
    ['43143ff3c1cb0959', '1424953923781206.2'],
  ])('formats the double %s as %s (Appendix B)', (hex, expected) => {
    expect(canonicalJson(double(hex))).toBe(expected);
  });

  it('refuses what JSON cannot represent, naming where it is', () => {
    expect(() => canonicalJson({ a: [1, Number.NaN] })).toThrow('Canonical JSON: $.a[1] is NaN, which JSON cannot represent');
    expect(() => canonicalJson({ a: Number.POSITIVE_INFINITY })).toThrow('$.a is Infinity');
    expect(() => canonicalJson({ revision: 1n })).toThrow('Canonical JSON: $.revision is a BigInt; write it as a decimal string');
    expect(() => canonicalJson({ name: 'half \ud83d' })).toThrow('Canonical JSON: $.name holds a lone UTF-16 surrogate');
    expect(() => canonicalJson({ ['\udead']: 1 })).toThrow('a key in $ holds a lone UTF-16 surrogate');
  });

  it('gives a value the same form as its JSON round trip: toJSON honoured, undefined members left out, no whitespace', () => {
    const value = { when: new Date('2021-09-16T10:00:00.000Z'), gone: undefined, nested: { b: [1, undefined], a: 'x' } };
    expect(canonicalJson(value)).toBe('{"nested":{"a":"x","b":[1,null]},"when":"2021-09-16T10:00:00.000Z"}');
    expect(canonicalJson(value)).toBe(canonicalJson(JSON.parse(JSON.stringify(value))));
  });
});
