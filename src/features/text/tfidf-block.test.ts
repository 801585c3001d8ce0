import { describe, expect, it } from 'vitest';
import { testItem } from '../test-support/test-items.js';
import { tfidfBlock } from './tfidf-block.js';

const items = [
  testItem('a', { title: 'Red cotton shirt' }),
  testItem('b', { title: 'Blue cotton shirt' }),
  testItem('c', { title: 'Red wool hat' }),
  testItem('d', { title: 'Solo!' }),
];

function dot(values: Float32Array, dim: number, a: number, b: number): number {
  let sum = 0;
  for (let j = 0; j < dim; j++) sum += values[a * dim + j] * values[b * dim + j];
  return sum;
}

describe('tfidfBlock', () => {
  it('keeps the cosine similarities of the l2-normalised TF-IDF rows (wide projection, no collisions)', () => {
    const block = tfidfBlock(items, { dim: 1024 });
    // Terms in 2 of 4 items stay (red, cotton, shirt; idf = ln(5/3) + 1 each); blue, wool, hat, solo
    // are in one item only and go. a = (red, cotton, shirt) / sqrt(3), b = (cotton, shirt) / sqrt(2),
    // c = (red): a.b = 2 / sqrt(6) = 0.8165, a.c = 1 / sqrt(3) = 0.5774, b.c = 0.
    expect(block.info).toMatchObject({ documents: 4, vocabulary: 3, droppedRareTerms: 4, emptyRows: 1, projection: 'signed-hashing' });
    expect(dot(block.values, 1024, 0, 1)).toBeCloseTo(2 / Math.sqrt(6), 6);
    expect(dot(block.values, 1024, 0, 2)).toBeCloseTo(1 / Math.sqrt(3), 6);
    expect(dot(block.values, 1024, 1, 2)).toBeCloseTo(0, 6);
    expect(dot(block.values, 1024, 0, 0)).toBeCloseTo(1, 6);
    expect(Array.from(block.values.subarray(3 * 1024, 4 * 1024)).every((value) => value === 0)).toBe(true);
  });

  it('is the same for the same seed, hashes into other columns for another, and keeps rows unit-length with several hashes per term', () => {
    const first = tfidfBlock(items, { dim: 64, minDocumentFrequency: 1 });
    expect(tfidfBlock(items, { dim: 64, minDocumentFrequency: 1 }).values).toEqual(first.values);
    expect(tfidfBlock(items, { dim: 64, minDocumentFrequency: 1, seed: 1 }).values).not.toEqual(first.values);
    const spread = tfidfBlock(items, { dim: 64, minDocumentFrequency: 1, hashes: 3 });
    for (let row = 0; row < 4; row++) expect(dot(spread.values, 64, row, row)).toBeCloseTo(1, 5);
    expect(spread.info.hashes).toBe(3);
  });
});
