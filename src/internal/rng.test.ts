import { describe, expect, it } from 'vitest';
import { createRng, deriveSeed } from './rng.js';

describe('createRng', () => {
  it('gives the same stream for the same seed and different streams for near seeds', () => {
    const a = createRng(42);
    const b = createRng(42);
    const c = createRng(43);
    const first = Array.from({ length: 5 }, () => a.uint32());
    expect(Array.from({ length: 5 }, () => b.uint32())).toEqual(first);
    expect(Array.from({ length: 5 }, () => c.uint32())).not.toEqual(first);
  });

  it('keeps a pinned stream so results match across machines and releases', () => {
    const rng = createRng(1);
    // Pinned once; a change here changes every seeded artefact users have.
    expect([rng.uint32(), rng.uint32(), rng.uint32()]).toMatchSnapshot();
  });

  it('draws floats in [0, 1) with a mean near one half', () => {
    const rng = createRng(7);
    let sum = 0;
    for (let i = 0; i < 100_000; i++) {
      const x = rng.float();
      expect(x >= 0 && x < 1).toBe(true);
      sum += x;
    }
    expect(sum / 100_000).toBeCloseTo(0.5, 2);
  });

  it('draws unbiased integers and distinct samples', () => {
    const rng = createRng(3);
    const counts = new Array(3).fill(0);
    for (let i = 0; i < 30_000; i++) counts[rng.int(3)]++;
    for (const count of counts) expect(Math.abs(count - 10_000)).toBeLessThan(400);
    const drawn = rng.sample(100, 30);
    expect(new Set(drawn).size).toBe(30);
    expect(rng.sample(5, 5).sort()).toEqual([0, 1, 2, 3, 4]);
    expect(() => rng.int(0)).toThrow(/positive integer/);
  });

  it('forks independent, reproducible children', () => {
    expect(createRng(9).fork('shard').uint32()).toBe(createRng(9).fork('shard').uint32());
    expect(createRng(9).fork('a').uint32()).not.toBe(createRng(9).fork('b').uint32());
    expect(deriveSeed(1, 'x', 2)).toBe(deriveSeed(1, 'x', 2));
    expect(deriveSeed(1, 'x', 2)).not.toBe(deriveSeed(1, 'x', 3));
  });

  it('draws normals with unit variance', () => {
    const rng = createRng(11);
    let sum = 0;
    let squares = 0;
    const n = 50_000;
    for (let i = 0; i < n; i++) {
      const x = rng.normal();
      sum += x;
      squares += x * x;
    }
    expect(sum / n).toBeCloseTo(0, 1);
    expect(squares / n).toBeCloseTo(1, 1);
  });
});
