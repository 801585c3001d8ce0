import { describe, expect, it } from 'vitest';
import { SampleForgeError } from '../../errors.js';
import { createRng } from '../../internal/rng.js';
import { spreadQuotas } from './spread-quotas.js';

describe('spreadQuotas', () => {
  const slices = ['a', 'b', 'a', 'c', 'a', 'b'];

  it.each([
    // a: 7 over 3 members = 2 each and 1 extra; b: 4 over 2 = 2 each; c: no quota.
    [{ a: 7, b: 4 }, { a: 7, b: 4, c: 0 }],
    // Fewer than members: 0 or 1 each.
    [{ a: 2, b: 1, c: 0 }, { a: 2, b: 1, c: 0 }],
    [{}, { a: 0, b: 0, c: 0 }],
  ])('gives each slice exactly its quota, floor(q / n) or one more per member (%j)', (quotas, sums) => {
    const outputs = spreadQuotas(slices, quotas, createRng(3));
    const got: Record<string, number> = { a: 0, b: 0, c: 0 };
    slices.forEach((slice, index) => { got[slice] += outputs[index]; });
    expect(got).toEqual(sums);
    slices.forEach((slice, index) => {
      const members = slices.filter((other) => other === slice).length;
      const quota = (quotas as Record<string, number>)[slice] ?? 0;
      expect(outputs[index] - Math.floor(quota / members)).toBeGreaterThanOrEqual(0);
      expect(outputs[index] - Math.floor(quota / members)).toBeLessThanOrEqual(1);
    });
  });

  it('draws the remainder with the seed, per slice', () => {
    const many = Array.from({ length: 40 }, (_, index) => (index % 2 === 0 ? 'a' : 'b'));
    const first = spreadQuotas(many, { a: 10, b: 7 }, createRng(1));
    expect(spreadQuotas(many, { a: 10, b: 7 }, createRng(1))).toEqual(first);
    expect(spreadQuotas(many, { a: 10, b: 7 }, createRng(2))).not.toEqual(first);
    // b's draw is the same whatever a's quota is.
    const onlyB = (outputs: number[]) => outputs.filter((_, index) => many[index] === 'b');
    expect(onlyB(spreadQuotas(many, { a: 3, b: 7 }, createRng(1)))).toEqual(onlyB(first));
  });

  it('refuses a quota for a slice without members', () => {
    expect(() => spreadQuotas(['a'], { a: 1, z: 2 }, createRng(1))).toThrow(SampleForgeError);
    expect(() => spreadQuotas(['a'], { a: 1, z: 2 }, createRng(1))).toThrow(/slice "z" has a quota of 2 and no members/);
  });
});
