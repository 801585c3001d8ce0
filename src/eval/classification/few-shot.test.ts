import { describe, expect, it } from 'vitest';
import { createRng } from '../../internal/rng.js';
import { sampleKPerLabel, stratifiedSplit } from './few-shot.js';

const samples = Array.from({ length: 30 }, (_, i) => ({ text: `t${i}`, label: i % 3 === 0 ? 'x' : i < 20 ? 'y' : 'z' }));

describe('few-shot sampling', () => {
  it('draws k per label, all of a smaller label, the same for the same seed', () => {
    const picked = sampleKPerLabel(samples, 4, createRng(1));
    const counts = Object.fromEntries(['x', 'y', 'z'].map((label) => [label, picked.filter((s) => s.label === label).length]));
    expect(counts).toEqual({ x: 4, y: 4, z: 4 });
    expect(sampleKPerLabel(samples, 4, createRng(1))).toEqual(picked);
    expect(sampleKPerLabel(samples, 4, createRng(2))).not.toEqual(picked);
    expect(sampleKPerLabel(samples, 100, createRng(1))).toHaveLength(30);
  });

  it('splits each label by the fraction', () => {
    const { first, second } = stratifiedSplit(samples, 0.2, createRng(1));
    expect(first.length + second.length).toBe(30);
    // x has 10 -> 2, y has 13 -> 3, z has 7 -> 1
    expect(second.length).toBe(6);
    expect(new Set(second.map((s) => s.label))).toEqual(new Set(['x', 'y', 'z']));
  });
});
