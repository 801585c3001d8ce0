import { describe, expect, it } from 'vitest';
import { parseConfig } from '../../config/load.js';
import { augmentSequenceConfigSchema } from '../../config/augment-sequence.js';
import { createRng } from '../../internal/rng.js';
import type { Sequence } from '../../types.js';
import { createSequenceAugmenter, createSequenceTransform } from './create-sequence-augmenter.js';
import { createCropAugmenter, cropSequence } from './crop.js';
import { createPrefixExpansion, expandPrefixes, expandSlidingWindows } from './expand-sequences.js';
import { createInsertAugmenter, insertSequence } from './insert.js';
import type { ItemCorrelation } from './item-correlation.js';
import { createMaskAugmenter, maskSequence } from './mask.js';
import { createRandomSequenceAugmentation } from './random-augmentation.js';
import { reorderSequence } from './reorder.js';
import { createSequenceVocabulary } from './sequence-vocabulary.js';
import { createSubstituteAugmenter, substituteSequence } from './substitute.js';

const ten = Int32Array.from({ length: 10 }, (_, i) => i + 1);
/** item i correlates with 100 + i; items above 50 have no neighbour. */
const plusHundred: ItemCorrelation = { source: 'cooccurrence', correlated: (item) => (item <= 50 ? 100 + item : 0) };

describe('fast sequence functions', () => {
  it('crop keeps a contiguous run of floor(eta * n) items', () => {
    // n = 10, eta = .6 -> 6 items; start in [0, 4]
    const out = cropSequence(ten, 0.6, createRng(1));
    expect(out.length).toBe(6);
    for (let i = 1; i < out.length; i++) expect(out[i]).toBe(out[i - 1] + 1);
    // at least one item even when floor(eta * n) is 0
    expect(cropSequence(Int32Array.of(7, 8), 0.3, createRng(1)).length).toBe(1);
  });

  it('mask replaces floor(gamma * n) distinct positions with the token', () => {
    // n = 10, gamma = .3 -> 3 masked
    const out = maskSequence(ten, 0.3, 99, createRng(2));
    expect(out.filter((item) => item === 99).length).toBe(3);
    out.forEach((item, i) => expect(item === 99 || item === i + 1).toBe(true));
  });

  it('reorder shuffles one contiguous span and keeps the multiset', () => {
    const out = reorderSequence(ten, 0.6, createRng(3));
    expect([...out].sort((a, b) => a - b)).toEqual([...ten]);
    const moved = [...out.keys()].filter((i) => out[i] !== i + 1);
    if (moved.length > 0) expect(moved[moved.length - 1] - moved[0]).toBeLessThan(6);
  });

  it('substitute and insert use the correlated items', () => {
    // n = 10, rate .2 -> 2 positions substituted by item + 100
    const substituted = substituteSequence(ten, 0.2, plusHundred, createRng(4));
    expect(substituted.filter((item, i) => item === 100 + i + 1).length).toBe(2);
    // rate .3 -> 3 insertions, each correlated item right before its source
    const inserted = insertSequence(ten, 0.3, plusHundred, createRng(4));
    expect(inserted.length).toBe(13);
    expect([...inserted.filter((item) => item <= 10)]).toEqual([...ten]);
    inserted.forEach((item, i) => {
      if (item > 100) expect(inserted[i + 1]).toBe(item - 100);
    });
    // no neighbour -> unchanged
    expect([...substituteSequence(Int32Array.of(60, 61), 1, plusHundred, createRng(4))]).toEqual([60, 61]);
  });

  it('gives the same output for the same seed, into a reused buffer', () => {
    const buffer = new Int32Array(32);
    const first = [...maskSequence(ten, 0.3, 0, createRng(11), buffer)];
    const second = [...maskSequence(ten, 0.3, 0, createRng(11), buffer)];
    const other = [...maskSequence(ten, 0.3, 0, createRng(12), buffer)];
    expect(second).toEqual(first);
    expect(other).not.toEqual(first);
  });

  it('random mode gives short sequences only substitute or insert', () => {
    const augmentation = createRandomSequenceAugmentation({ maskToken: 0, correlation: plusHundred, shortThreshold: 4 });
    const rng = createRng(5);
    const short = new Set<string>();
    const long = new Set<string>();
    for (let i = 0; i < 200; i++) {
      short.add(augmentation(Int32Array.of(1, 2, 3), rng).operation);
      long.add(augmentation(ten, rng).operation);
    }
    expect([...short].sort()).toEqual(['insert', 'substitute']);
    expect(long.size).toBe(5);
  });

  it('expands prefixes and sliding windows with their positions', () => {
    // [1..5], minLength 2 -> ends 2, 3, 4, 5
    const prefixes = expandPrefixes([ten.subarray(0, 5)], { minLength: 2 });
    expect(prefixes.sequences.map((s) => [...s])).toEqual([[1, 2], [1, 2, 3], [1, 2, 3, 4], [1, 2, 3, 4, 5]]);
    expect([...prefixes.ends]).toEqual([2, 3, 4, 5]);
    // n = 10, window 4, stride 3 -> starts 0, 3, then the last window 6..10
    const windows = expandSlidingWindows([ten], { window: 4, stride: 3 });
    expect([...windows.starts]).toEqual([0, 3, 6]);
    expect([...windows.sequences[2]]).toEqual([7, 8, 9, 10]);
  });
});

describe('Augmenter<Sequence> forms', () => {
  const samples: Sequence[] = [
    { userId: 'u1', items: ['a', 'b', 'c', 'd', 'e'] },
    { userId: 'u2', items: ['x', 'y', 'z'] },
  ];

  it('records lineage and repeats with the same seed', async () => {
    const crop = createCropAugmenter({ rate: 0.6, count: 2 });
    const first = await crop.augment(samples, { rng: createRng(3), seed: 3 });
    const again = await crop.augment(samples, { rng: createRng(3), seed: 3 });
    expect(first).toEqual(again);
    expect(first.map((output) => output.id)).toEqual(['u1~sequence/crop#0', 'u1~sequence/crop#1', 'u2~sequence/crop#0', 'u2~sequence/crop#1']);
    expect(first[0].lineage).toMatchObject({ parentIds: ['u1'], augmenter: 'sequence/crop', params: { rate: 0.6, copy: 0 }, verdicts: [] });
    // one output does not depend on the batch it was in
    const alone = await crop.augment([samples[1]], { rng: createRng(3), seed: 3 });
    expect(alone[0]).toEqual(first[2]);
  });

  it('masks with numItems + 1 by default and names the prefix in the lineage', async () => {
    const [masked] = await createMaskAugmenter({ rate: 0.4, numItems: 12 }).augment([samples[0]], { rng: createRng(1), seed: 1 });
    expect(masked.sample.items.filter((item) => item === '13').length).toBe(2);
    const prefixes = await createPrefixExpansion({ minLength: 3 }).augment([samples[1]], { rng: createRng(1), seed: 1 });
    expect(prefixes.map((output) => output.lineage.params)).toEqual([{ minLength: 3, start: 0, end: 3 }]);
  });

  it('builds steps from config with defaults and co-occurrence correlation', async () => {
    const config = parseConfig(augmentSequenceConfigSchema, { steps: [{ augmenter: 'crop' }, { augmenter: 'substitute', rate: 0.5 }, { augmenter: 'random' }] });
    expect(config.steps[0]).toEqual({ augmenter: 'crop', rate: 0.6, skipShorterThan: 0, count: 1, mode: 'contrastive' });
    // items 1 and 2 always co-occur; 3 and 4 too
    const trainSequences = [Int32Array.of(1, 2), Int32Array.of(1, 2), Int32Array.of(3, 4)];
    const resources = { numItems: 4, trainSequences };
    const substitute = createSequenceTransform(config.steps[1], resources);
    // rate .5 of 2 items -> one position replaced by its only neighbour: [2, 2] or [1, 1]
    const out = substitute(Int32Array.of(1, 2), createRng(1));
    expect([[2, 2], [1, 1]]).toContainEqual([...(out as Int32Array)]);
    const augmenter = createSequenceAugmenter(config.steps[2], resources);
    const outputs = await augmenter.augment([{ userId: 'u', items: ['3', '4'] }], { rng: createRng(1), seed: 1 });
    expect(['substitute', 'insert']).toContain(outputs[0].lineage.params.operation);
  });

  it('keeps unknown items in place through substitute and insert', async () => {
    // vocabulary: dense 1 = 'a', 2 = 'b'; 'zz' is unknown. 'a' correlates with 'b' and back.
    const correlation: ItemCorrelation = { source: 'embeddings', correlated: (item) => (item === 1 ? 2 : 1) };
    const vocabulary = createSequenceVocabulary(['', 'a', 'b']);
    const [substituted] = await createSubstituteAugmenter({ correlation, vocabulary, rate: 1 }).augment([{ userId: 'u', items: ['a', 'zz', 'b'] }], { rng: createRng(1), seed: 1 });
    // rate 1 -> every position; 'zz' has no dense id and stays
    expect(substituted.sample.items).toEqual(['b', 'zz', 'a']);
    expect(substituted.lineage.params).toMatchObject({ rate: 1, correlation: 'embeddings' });
    const [inserted] = await createInsertAugmenter({ correlation, vocabulary, rate: 1 }).augment([{ userId: 'u', items: ['a', 'zz'] }], { rng: createRng(1), seed: 1 });
    expect(inserted.sample.items).toEqual(['b', 'a', 'zz']);
  });

  it('rejects bad config with the path and the value', () => {
    expect(() => parseConfig(augmentSequenceConfigSchema, { steps: [{ augmenter: 'crop', rate: 1.5 }] })).toThrow(/steps\[0\]\.rate.*got 1\.5/);
    expect(() => parseConfig(augmentSequenceConfigSchema, { steps: [{ augmenter: 'shuffle' }] })).toThrow(/steps\[0\]\.augmenter/);
  });
});

describe('outputsPerInput (targeted generation)', () => {
  const inputs: Sequence[] = [
    { userId: 'a', items: ['1', '2', '3', '4', '5'] },
    { userId: 'b', items: ['6', '7', '8', '9'] },
    { userId: 'c', items: ['10', '11', '12'] },
  ];

  it('replaces the count per input, including 0, and an input keeps its first outputs whatever its count', async () => {
    const crop = createCropAugmenter({ rate: 0.6, count: 1 });
    const context = { rng: createRng(1), seed: 11 };
    const plain = await crop.augment(inputs, context);
    const budgeted = await crop.augment(inputs, { ...context, outputsPerInput: [3, 0, 1] });
    expect(budgeted.map((sample) => sample.id)).toEqual(['a~sequence/crop#0', 'a~sequence/crop#1', 'a~sequence/crop#2', 'c~sequence/crop#0']);
    expect(budgeted[0].sample).toEqual(plain[0].sample);
    expect(budgeted[3].sample).toEqual(plain[2].sample);
  });

  it('refuses a list that does not match the inputs', async () => {
    await expect(createCropAugmenter({}).augment(inputs, { rng: createRng(1), seed: 1, outputsPerInput: [1, 1] })).rejects.toThrow(/outputsPerInput has 2 entries for 3 inputs/);
  });
});
