import { describe, expect, it } from 'vitest';
import type { Augmented, TextSample } from '../../types.js';
import { exactDuplicateFilter } from './exact-duplicate.js';
import { labelConsistencyFilter } from './label-consistency.js';
import { nearDuplicateFilter } from './near-duplicate.js';
import { applyFilters } from './sample-filter.js';
import { similarityBoundsFilter } from './similarity-bounds.js';

const real: TextSample[] = [
  { id: 'r1', text: 'where is my new card', label: 'card_arrival', language: 'en' },
  { id: 'r2', text: 'my card has still not arrived', label: 'card_arrival', language: 'en' },
  { id: 'r3', text: 'how do I top up my account', label: 'top_up', language: 'en' },
  { id: 'r4', text: 'can I add money with a bank transfer', label: 'top_up', language: 'en' },
];

function synthetic(id: string, parent: string, text: string, label: string): Augmented<TextSample> {
  return { id, sample: { id, text, label, language: 'en' }, lineage: { parentIds: [parent], augmenter: 'test', params: {}, seed: 1, verdicts: [] } };
}

describe('exactDuplicateFilter', () => {
  it('drops copies of real and earlier synthetic texts, naming the match', async () => {
    const samples = [
      synthetic('s1', 'r1', 'Where is my  new card', 'card_arrival'),
      synthetic('s2', 'r1', 'where is my brand new card', 'card_arrival'),
      synthetic('s3', 'r1', 'where is my brand new card', 'card_arrival'),
    ];
    const { kept, dropped } = await exactDuplicateFilter().apply(samples, { real, seed: 1 });
    expect(kept.map((s) => s.id)).toEqual(['s2']);
    expect(dropped.map((s) => s.lineage.verdicts[0].reason)).toEqual(['exact duplicate of r1', 'exact duplicate of s2']);
    expect(kept[0].lineage.verdicts).toEqual([{ filter: 'filter/exact-duplicate', kept: true }]);
  });
});

describe('nearDuplicateFilter', () => {
  it('drops a near copy of another sample but not of its own parent', async () => {
    const samples = [
      synthetic('s1', 'r1', 'where is my new card please', 'card_arrival'),
      synthetic('s2', 'r3', 'where is my new card please!', 'card_arrival'),
      synthetic('s3', 'r3', 'how can I top up my account', 'top_up'),
    ];
    const { kept, dropped } = await nearDuplicateFilter({ threshold: 0.7 }).apply(samples, { real, seed: 1 });
    expect(kept.map((s) => s.id)).toEqual(['s1', 's3']);
    expect(dropped[0].lineage.verdicts[0].reason).toMatch(/^near duplicate of s1 \(estimated Jaccard 0\.\d\d >= 0\.7\)$/);
  });

  it('is deterministic for a seed', async () => {
    const run = async () =>
      (await nearDuplicateFilter().apply([synthetic('s1', 'r1', 'my card has still not arrived yet', 'card_arrival')], { real, seed: 3 })).dropped.map(
        (s) => s.lineage.verdicts[0].score,
      );
    expect(await run()).toEqual(await run());
  });
});

describe('similarityBoundsFilter', () => {
  it('drops samples too close to or too far from their parent, with the measure in the reason', async () => {
    const samples = [
      synthetic('close', 'r2', 'my card has still not arrived.', 'card_arrival'),
      synthetic('fine', 'r2', 'my card has not arrived yet', 'card_arrival'),
      synthetic('far', 'r2', 'what is the exchange rate today', 'card_arrival'),
      synthetic('orphan', 'unknown', 'anything', 'card_arrival'),
    ];
    const { kept, dropped } = await similarityBoundsFilter({ min: 0.3, max: 0.9 }).apply(samples, { real, seed: 1 });
    expect(kept.map((s) => s.id)).toEqual(['fine', 'orphan']);
    expect(dropped[0].lineage.verdicts[0].reason).toMatch(/^too close to parent r2 \(jaccard 0\.9\d+ > max 0\.9\)$/);
    expect(dropped[1].lineage.verdicts[0].reason).toMatch(/^too far from parent r2 \(jaccard 0(\.\d+)? < min 0\.3\)$/);
    expect(kept[1].lineage.verdicts[0].reason).toContain('no parent');
    const cosine = await similarityBoundsFilter({ measure: 'cosine', min: 0, max: 1 }).apply(samples.slice(1, 2), { real, seed: 1 });
    expect(cosine.kept[0].lineage.verdicts[0].score).toBeGreaterThan(0.5);
  });
});

describe('labelConsistencyFilter', () => {
  it('keeps samples the teacher trained on real data labels the same, and explains the rest', async () => {
    const samples = [
      synthetic('ok', 'r1', 'where is my card', 'card_arrival'),
      synthetic('flipped', 'r3', 'top up my account', 'card_arrival'),
      synthetic('unknown', 'r3', 'top up my account', 'refund'),
    ];
    const { kept, dropped } = await labelConsistencyFilter({ minConfidence: 0.6, teacherConfig: { epochs: 50 } }).apply(samples, { real, seed: 1 });
    expect(kept.map((s) => s.id)).toEqual(['ok']);
    expect(dropped.map((s) => s.lineage.verdicts[0].reason)).toEqual([
      expect.stringMatching(/^teacher predicts "top_up" \(0\.\d+\), not "card_arrival" \(0\.\d+\)$/),
      'label "refund" unknown to the teacher',
    ]);
  });
});

describe('applyFilters', () => {
  it('chains filters and keeps every dropped sample with its reason', async () => {
    const samples = [synthetic('a', 'r1', 'where is my new card', 'card_arrival'), synthetic('b', 'r1', 'where is my new bank card', 'card_arrival')];
    const { kept, dropped } = await applyFilters(samples, [exactDuplicateFilter(), similarityBoundsFilter({ max: 0.99 })], { real, seed: 1 });
    expect(kept.map((s) => s.id)).toEqual(['b']);
    expect(kept[0].lineage.verdicts.map((v) => v.filter)).toEqual(['filter/exact-duplicate', 'filter/similarity-bounds']);
    expect(dropped[0].lineage.verdicts).toEqual([{ filter: 'filter/exact-duplicate', kept: false, reason: 'exact duplicate of r1', score: 1 }]);
  });
});
