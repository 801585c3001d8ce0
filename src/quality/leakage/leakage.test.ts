import { describe, expect, it } from 'vitest';
import { SampleForgeError } from '../../errors.js';
import { parseConfig } from '../../config/load.js';
import { alignConfigSchema, leakageConfigSchema } from '../../config/align.js';
import { assertNoLeakageByConfig } from './assert-no-leakage-by-config.js';
import { checkLeakage } from './check-leakage.js';
import { jaccard, normalizeForMatch, shingleHashes } from './min-hash.js';

describe('checkLeakage', () => {
  const heldOut = [
    { id: 'test-1', text: 'Where is my refund for order 1234?' },
    { id: 'test-2', text: 'How do I change the delivery address of a parcel that already shipped?' },
  ];
  const trainIds = ['train-1', 'train-2'];

  it('removes exact, near-duplicate and held-out-derived samples with reasons', () => {
    const synthetic = [
      { id: 's1', text: 'where is my REFUND for order 1234', parentIds: ['train-1'] },
      { id: 's2', text: 'How do I change the delivery address of a parcel that has already shipped?', parentIds: ['train-2'] },
      { id: 's3', text: 'completely different question about lipstick shades', parentIds: ['test-1'] },
      { id: 's4', text: 'another unrelated sample', parentIds: ['train-9'] },
      { id: 's5', text: 'can I pay with a gift card', parentIds: ['train-1', 'train-2'] },
    ];
    const result = checkLeakage(synthetic, { heldOut, trainIds });
    expect(result.kept.map((s) => s.id)).toEqual(['s5']);
    expect(result.removed.map((r) => [r.id, r.reason, r.matchId])).toEqual([
      ['s1', 'exact-duplicate', 'test-1'],
      ['s2', 'near-duplicate', 'test-2'],
      ['s3', 'derived-from-held-out', 'test-1'],
      ['s4', 'parent-not-in-training', 'train-9'],
    ]);
    expect(result.removed[1].similarity).toBeGreaterThanOrEqual(0.8);
    expect(result.counts).toEqual({ 'derived-from-held-out': 1, 'parent-not-in-training': 1, 'exact-duplicate': 1, 'near-duplicate': 1 });
  });

  it('keeps a near duplicate when the threshold is above its similarity', () => {
    const synthetic = [{ id: 's2', text: 'How do I change the delivery address of a parcel that has already shipped?', parentIds: ['train-2'] }];
    expect(checkLeakage(synthetic, { heldOut, trainIds, config: { nearDuplicateThreshold: 0.99 } }).kept).toHaveLength(1);
  });

  it('computes shingle Jaccard by hand', () => {
    // 3-shingles: "abcd" -> {abc, bcd}; "abce" -> {abc, bce}: 1 shared / 3 in union
    expect(jaccard(shingleHashes('abcd', 3), shingleHashes('abce', 3))).toBeCloseTo(1 / 3, 10);
    expect(normalizeForMatch('  Hello,   WORLD! ')).toBe('hello world');
  });
});

describe('assertNoLeakageByConfig', () => {
  it('throws E_LEAKAGE naming the split and the path', () => {
    let error: unknown;
    try {
      assertNoLeakageByConfig({ augmentSplits: ['train', 'Test'], path: 'augment.splits' });
    } catch (caught) {
      error = caught;
    }
    expect(SampleForgeError.is(error, 'E_LEAKAGE')).toBe(true);
    expect((error as Error).message).toMatch(/augment\.splits: \["Test"\] is a held-out split/);
  });

  it('passes training-only configs and warns when failOnConfig is off', () => {
    expect(assertNoLeakageByConfig({ augmentSplits: ['train'] })).toEqual([]);
    expect(assertNoLeakageByConfig({ augmentSplits: ['valid'], leakage: { failOnConfig: false } })[0].code).toBe('W_LEAKAGE_CONFIG');
  });
});

describe('align and leakage config', () => {
  it('fills every default', () => {
    const align = parseConfig(alignConfigSchema, {});
    expect(align.thresholds.jsd).toBe(0.05);
    expect(align.importanceWeights).toEqual({ enabled: false, min: 0.1, max: 10 });
    expect(align.budget.power).toBe(1);
    expect(parseConfig(leakageConfigSchema, {}).nearDuplicateThreshold).toBe(0.8);
  });

  it('names the path and the value in errors', () => {
    expect(() => parseConfig(alignConfigSchema, { thresholds: { jsd: 1.5 } }, 'align')).toThrow(/thresholds\.jsd: .*got 1\.5/);
    expect(() => parseConfig(leakageConfigSchema, { hashes: 100, bands: 32 }, 'leakage')).toThrow(/hashes: leakage\.hashes must be a multiple of leakage\.bands, got 100/);
    expect(() => parseConfig(alignConfigSchema, { importanceWeights: { min: 5, max: 1 } }, 'align')).toThrow(/importanceWeights\.min: .*got 5/);
  });
});
