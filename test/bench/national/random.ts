/**
 * The generator's only source of chance: a seeded PRNG (sfc32, seeded through cyrb128 of a string),
 * so the same seed writes the same ledger. Math.random and uuid's own randomness are never used.
 */
function cyrb128(text: string): [number, number, number, number] {
  let h1 = 1779033703;
  let h2 = 3144134277;
  let h3 = 1013904242;
  let h4 = 2773480762;
  for (let i = 0; i < text.length; i++) {
    const k = text.charCodeAt(i);
    h1 = h2 ^ Math.imul(h1 ^ k, 597399067);
    h2 = h3 ^ Math.imul(h2 ^ k, 2869860233);
    h3 = h4 ^ Math.imul(h3 ^ k, 951274213);
    h4 = h1 ^ Math.imul(h4 ^ k, 2716044179);
  }
  h1 = Math.imul(h3 ^ (h1 >>> 18), 597399067);
  h2 = Math.imul(h4 ^ (h2 >>> 22), 2869860233);
  h3 = Math.imul(h1 ^ (h3 >>> 17), 951274213);
  h4 = Math.imul(h2 ^ (h4 >>> 19), 2716044179);
  return [(h1 ^ h2 ^ h3 ^ h4) >>> 0, (h2 ^ h1) >>> 0, (h3 ^ h1) >>> 0, (h4 ^ h1) >>> 0];
}

const HEX = Array.from({ length: 256 }, (_, i) => i.toString(16).padStart(2, '0'));

export class Random {
  private a: number;
  private b: number;
  private c: number;
  private d: number;

  constructor(seed: string) {
    [this.a, this.b, this.c, this.d] = cyrb128(seed);
    for (let i = 0; i < 15; i++) this.uint32();
  }

  uint32(): number {
    const t = (((this.a + this.b) | 0) + this.d) | 0;
    this.d = (this.d + 1) | 0;
    this.a = this.b ^ (this.b >>> 9);
    this.b = (this.c + (this.c << 3)) | 0;
    this.c = (this.c << 21) | (this.c >>> 11);
    this.c = (this.c + t) | 0;
    return t >>> 0;
  }

  /** In [0, 1). */
  next(): number {
    return this.uint32() / 4294967296;
  }

  /** A whole number in [min, max]. */
  int(min: number, max: number): number {
    return min + Math.floor(this.next() * (max - min + 1));
  }

  chance(p: number): boolean {
    return this.next() < p;
  }

  pick<T>(items: readonly T[]): T {
    return items[Math.floor(this.next() * items.length)]!;
  }

  /** A Pareto draw (≥ 1, heavy-tailed for small alpha), capped so one draw cannot take the whole total. */
  pareto(alpha: number, cap: number): number {
    return Math.min(cap, (1 - this.next()) ** (-1 / alpha));
  }

  /** `count` distinct items, in the order drawn. */
  sample<T>(items: readonly T[], count: number): T[] {
    const copy = items.slice();
    const n = Math.min(count, copy.length);
    for (let i = 0; i < n; i++) {
      const j = i + Math.floor(this.next() * (copy.length - i));
      [copy[i], copy[j]] = [copy[j]!, copy[i]!];
    }
    return copy.slice(0, n);
  }

  private hex(bytes: number): string {
    let out = '';
    for (let i = 0; i < bytes; i++) out += HEX[this.uint32() & 0xff];
    return out;
  }

  /** A version-4-shaped UUID from this generator: the domain's ids (organisations, actions, updates). */
  uuid(): string {
    const r = this.hex(16);
    const variant = HEX[(parseInt(r.slice(16, 18), 16) & 0x3f) | 0x80];
    return `${r.slice(0, 8)}-${r.slice(8, 12)}-4${r.slice(13, 16)}-${variant}${r.slice(18, 20)}-${r.slice(20, 32)}`;
  }
}

/**
 * Event ids as UUIDv7 (the store wants time-ordered ids): the millisecond field counts up from a fixed
 * instant, one per event, so ids are ordered and the same on every run.
 */
export class EventIds {
  private millis: number;

  constructor(
    private readonly random: Random,
    start = Date.UTC(2021, 0, 1),
  ) {
    this.millis = start;
  }

  next(): string {
    const ms = (this.millis++).toString(16).padStart(12, '0');
    const r = this.random.uuid();
    return `${ms.slice(0, 8)}-${ms.slice(8, 12)}-7${r.slice(15, 18)}-${r.slice(19, 23)}-${r.slice(24, 36)}`;
  }
}
