import fc from "fast-check";

/**
 * sfc32 (as model/random.ts's seededRng) in the shape fast-check takes a
 * generator in (pure-rand 8's RandomGenerator: clone, next as a signed 32-bit
 * integer, getState), so that a search case is generated from its own seed
 * without a dependency on pure-rand itself.
 */
class Sfc32 {
  constructor(private readonly s: [number, number, number, number]) {}

  static seeded(seed: number): Sfc32 {
    const g = new Sfc32([0x9e3779b9, 0x243f6a88, 0xb7e15162, seed >>> 0]);
    for (let i = 0; i < 15; i++) g.next();
    return g;
  }

  clone(): Sfc32 {
    return new Sfc32([...this.s]);
  }

  next(): number {
    const s = this.s;
    const t = (((s[0] + s[1]) | 0) + s[3]) | 0;
    s[3] = (s[3] + 1) | 0;
    s[0] = s[1] ^ (s[1] >>> 9);
    s[1] = (s[2] + (s[2] << 3)) | 0;
    s[2] = ((s[2] << 21) | (s[2] >>> 11)) + t;
    s[2] |= 0;
    return t;
  }

  getState(): readonly number[] {
    return [...this.s];
  }
}

/** fast-check's Random over sfc32 from `seed`: the same seed, the same values. */
export function seededFcRandom(seed: number): fc.Random {
  return new fc.Random(Sfc32.seeded(seed));
}
