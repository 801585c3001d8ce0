/**
 * Seeded pseudo-random numbers, the only source of randomness in library code.
 *
 * The generator is sfc32 (Chris Doty-Humphrey's Small Fast Chaotic PRNG, PractRand-clean) on 32-bit
 * integer arithmetic, so the same seed gives the same stream on every machine and in every worker.
 * Seeds are expanded with SplitMix32-style mixing so nearby seeds give unrelated streams.
 */

export interface Rng {
  /** The seed this generator was created from. */
  readonly seed: number;
  /** A uniform unsigned 32-bit integer. */
  uint32(): number;
  /** A uniform float in [0, 1). */
  float(): number;
  /** A uniform integer in [0, n). `n` must be a positive integer below 2^32. */
  int(n: number): number;
  /** A standard normal variate (Box-Muller). */
  normal(): number;
  /** True with probability `p`. */
  chance(p: number): boolean;
  /** A uniformly chosen element; throws on an empty array. */
  pick<T>(values: readonly T[]): T;
  /** Shuffles in place (Fisher-Yates) and returns the same array. */
  shuffle<T>(values: T[]): T[];
  /** `k` distinct indices from [0, n), in the order drawn. */
  sample(n: number, k: number): number[];
  /** An independent generator whose seed is derived from this one's seed and `label`. */
  fork(label: string | number): Rng;
}

function mix32(value: number): number {
  let z = (value + 0x9e3779b9) | 0;
  z = Math.imul(z ^ (z >>> 16), 0x85ebca6b);
  z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35);
  return (z ^ (z >>> 16)) >>> 0;
}

/** FNV-1a over the UTF-16 code units of a string, as an unsigned 32-bit integer. */
export function hashString32(text: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193);
  }
  return hash >>> 0;
}

/**
 * A child seed from a parent seed and labels, e.g. `deriveSeed(7, 'shard', 3)`. Stable across
 * machines and processes; used to give shards, augmenters and epochs their own streams.
 */
export function deriveSeed(seed: number, ...labels: (string | number)[]): number {
  let value = mix32(seed >>> 0);
  for (const label of labels) {
    const part = typeof label === 'number' ? mix32(label >>> 0) : hashString32(label);
    value = mix32((value ^ part) >>> 0);
  }
  return value;
}

/**
 * sfc32 state and the methods of {@link Rng}. A class rather than an object of closures: text
 * augmenters fork one generator per input text (`rng.fork(sample.id)`), and a closure per method
 * made each fork ten function objects.
 */
class Sfc32 implements Rng {
  readonly seed: number;
  private a: number;
  private b: number;
  private c: number;
  private d = 1;
  private spareNormal: number | undefined = undefined;

  constructor(seed: number) {
    this.seed = seed;
    this.a = mix32(seed);
    this.b = mix32(this.a ^ 0x6a09e667);
    this.c = mix32(this.b ^ 0xbb67ae85);
    for (let i = 0; i < 12; i++) this.uint32();
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

  float(): number {
    return this.uint32() / 4294967296;
  }

  int(n: number): number {
    if (!(n > 0) || n > 4294967296 || !Number.isInteger(n)) {
      throw new RangeError(`rng.int: n must be a positive integer up to 2^32, got ${n}`);
    }
    // Rejection sampling removes modulo bias.
    const limit = 4294967296 - (4294967296 % n);
    let x = this.uint32();
    while (x >= limit) x = this.uint32();
    return x % n;
  }

  normal(): number {
    if (this.spareNormal !== undefined) {
      const value = this.spareNormal;
      this.spareNormal = undefined;
      return value;
    }
    let u = 0;
    while (u === 0) u = this.float();
    const v = this.float();
    const radius = Math.sqrt(-2 * Math.log(u));
    this.spareNormal = radius * Math.sin(2 * Math.PI * v);
    return radius * Math.cos(2 * Math.PI * v);
  }

  chance(p: number): boolean {
    return this.float() < p;
  }

  pick<T>(values: readonly T[]): T {
    if (values.length === 0) throw new RangeError('rng.pick: empty array');
    return values[this.int(values.length)];
  }

  shuffle<T>(values: T[]): T[] {
    for (let i = values.length - 1; i > 0; i--) {
      const j = this.int(i + 1);
      const tmp = values[i];
      values[i] = values[j];
      values[j] = tmp;
    }
    return values;
  }

  sample(n: number, k: number): number[] {
    if (k > n) throw new RangeError(`rng.sample: cannot draw ${k} distinct values from ${n}`);
    if (k * 4 < n) {
      const seen = new Set<number>();
      const out: number[] = [];
      while (out.length < k) {
        const x = this.int(n);
        if (!seen.has(x)) {
          seen.add(x);
          out.push(x);
        }
      }
      return out;
    }
    const all = Array.from({ length: n }, (_, i) => i);
    for (let i = 0; i < k; i++) {
      const j = i + this.int(n - i);
      const tmp = all[i];
      all[i] = all[j];
      all[j] = tmp;
    }
    return all.slice(0, k);
  }

  fork(label: string | number): Rng {
    return new Sfc32(deriveSeed(this.seed, label));
  }
}

/**
 * A seeded generator. The seed is any integer; it is used modulo 2^32. Its methods use `this`:
 * call them on the generator (`rng.int(6)`), not detached (`const { int } = rng`).
 */
export function createRng(seed: number): Rng {
  if (!Number.isFinite(seed)) throw new TypeError(`createRng: seed must be a finite number, got ${seed}`);
  return new Sfc32(Math.trunc(seed) >>> 0);
}
