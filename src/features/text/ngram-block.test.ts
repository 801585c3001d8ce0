import { describe, expect, it } from 'vitest';
import { hashString32 } from '../../internal/rng.js';
import { testItem } from '../test-support/test-items.js';
import { hashedNgramBlock } from './ngram-block.js';

describe('hashedNgramBlock', () => {
  it('counts hashed words, word n-grams and character n-grams per title, l2-normalised', () => {
    const words = hashedNgramBlock([testItem('a', { title: 'soap soap towel' })], { dim: 1000, wordNgrams: 1, charNgramMin: 0 });
    // Words only: soap twice, towel once -> (2, 1) / sqrt(5) in their buckets.
    expect(words.values[hashString32('soap') % 1000]).toBeCloseTo(2 / Math.sqrt(5), 6);
    expect(words.values[hashString32('towel') % 1000]).toBeCloseTo(1 / Math.sqrt(5), 6);
    const items = [testItem('a', { title: 'Rose hand cream' }), testItem('b', { title: 'rose hand creams' }), testItem('c', { title: 'Steel drill bit' }), testItem('d')];
    const block = hashedNgramBlock(items, { dim: 256 });
    const dot = (a: number, b: number) => block.values.subarray(a * 256, (a + 1) * 256).reduce((sum, value, j) => sum + value * block.values[b * 256 + j], 0);
    expect(dot(0, 0)).toBeCloseTo(1, 5);
    // Character n-grams make "cream" and "creams" share most of their features.
    expect(dot(0, 1)).toBeGreaterThan(0.6);
    expect(dot(0, 2)).toBeLessThan(0.3);
    expect(block.info.emptyRows).toBe(1);
    expect(block).toMatchObject({ name: 'ngrams', rows: 4, dim: 256 });
  });
});
