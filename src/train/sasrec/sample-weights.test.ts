import { describe, expect, it } from 'vitest';
import { SampleForgeError } from '../../errors.js';
import { createRng } from '../../internal/rng.js';
import type { LeaveOneOutData } from '../../models/recommender.js';
import { binaryCrossEntropyLoss, createSoftmaxWorkspace, softmaxCrossEntropyLoss, type ScoringTable } from './losses.js';
import { trainSasrec, type TrainSasrecOptions } from './train-sasrec.js';

const h = 4;
const numItems = 6;

function randomArray(length: number, seed: number): Float32Array {
  const rng = createRng(seed);
  return Float32Array.from({ length }, () => rng.float() - 0.5);
}

/** Loss and gradients of one loss call over the given tokens (rows of `hidden`). */
function run(
  loss: 'bce' | 'ce',
  hidden: Float32Array,
  targets: Int32Array,
  negatives: Int32Array,
  weights?: Float32Array,
): { value: number; dHidden: Float32Array; dItems: Float32Array } {
  const tokens = targets.length;
  const table: ScoringTable = { itemEmbedding: randomArray((numItems + 1) * h, 99), itemGradient: new Float32Array((numItems + 1) * h), numItems, hidden: h };
  const dHidden = new Float32Array(tokens * h);
  const value =
    loss === 'bce'
      ? binaryCrossEntropyLoss(hidden, tokens, targets, negatives, 2, table, dHidden, weights)
      : softmaxCrossEntropyLoss(hidden, tokens, targets, table, dHidden, createSoftmaxWorkspace(), weights);
  return { value, dHidden, dItems: table.itemGradient };
}

function expectClose(actual: Float32Array, expected: Float32Array): void {
  expect(actual.length).toBe(expected.length);
  for (let i = 0; i < actual.length; i++) expect(actual[i]).toBeCloseTo(expected[i], 6);
}

describe('weighted SASRec losses', () => {
  const hidden = randomArray(3 * h, 1);
  const targets = Int32Array.of(1, 4, 2);
  const negatives = Int32Array.of(3, 5, 6, 1, 5, 3);

  it.each(['bce', 'ce'] as const)('%s: weight 1 everywhere is the unweighted loss, bit for bit', (loss) => {
    const plain = run(loss, hidden, targets, negatives);
    const ones = run(loss, hidden, targets, negatives, new Float32Array(3).fill(1));
    expect(ones.value).toBe(plain.value);
    expect(ones.dHidden).toEqual(plain.dHidden);
    expect(ones.dItems).toEqual(plain.dItems);
  });

  it.each(['bce', 'ce'] as const)('%s: weight 2 equals the token twice, weight 0 equals the token left out', (loss) => {
    // Token 1 doubled: tokens 0, 1, 1, 2 unweighted.
    const weighted = run(loss, hidden, targets, negatives, Float32Array.of(1, 2, 1));
    const duplicatedHidden = Float32Array.from([...hidden.subarray(0, 2 * h), ...hidden.subarray(h, 2 * h), ...hidden.subarray(2 * h)]);
    const duplicated = run(loss, duplicatedHidden, Int32Array.of(1, 4, 4, 2), Int32Array.of(3, 5, 6, 1, 6, 1, 5, 3));
    expect(weighted.value).toBeCloseTo(duplicated.value, 6);
    expectClose(weighted.dItems, duplicated.dItems);
    // dHidden of the doubled token is the sum of its two copies' gradients.
    const copies = Float32Array.from({ length: h }, (_, j) => duplicated.dHidden[h + j] + duplicated.dHidden[2 * h + j]);
    expectClose(weighted.dHidden.subarray(h, 2 * h), copies);

    const dropped = run(loss, hidden, targets, negatives, Float32Array.of(1, 0, 1));
    const without = run(loss, Float32Array.from([...hidden.subarray(0, h), ...hidden.subarray(2 * h)]), Int32Array.of(1, 2), Int32Array.of(3, 5, 5, 3));
    expect(dropped.value).toBeCloseTo(without.value, 6);
    expectClose(dropped.dItems, without.dItems);
    expectClose(dropped.dHidden.subarray(h, 2 * h), new Float32Array(h));
  });
});

describe('trainSasrec extraSequenceWeights', () => {
  const rng = createRng(5);
  const train = Array.from({ length: 24 }, () => Int32Array.from({ length: 7 }, () => rng.int(20) + 1));
  const data: LeaveOneOutData = { numItems: 20, train, validTarget: Int32Array.from(train, () => rng.int(20) + 1), testTarget: Int32Array.from(train, () => rng.int(20) + 1) };
  const extra = Array.from({ length: 10 }, () => Int32Array.from({ length: 5 }, () => rng.int(20) + 1));
  const options: TrainSasrecOptions = { seed: 3, hidden: 8, blocks: 1, heads: 2, maxLength: 6, batchSize: 8, epochs: 2, patience: 10, extraSequences: extra };

  async function scores(extraSequenceWeights?: number[]): Promise<Float32Array> {
    const { model } = await trainSasrec(data, { ...options, extraSequenceWeights });
    const out = new Float32Array(train.length * 21);
    model.scoreBatch(Int32Array.from(train.keys()), train, out);
    return out;
  }

  it('trains exactly as unweighted with weights of 1, differently with other weights', async () => {
    const plain = await scores();
    expect(await scores(extra.map(() => 1))).toEqual(plain);
    expect(await scores(extra.map((_, i) => (i % 2 === 0 ? 0.2 : 1.8)))).not.toEqual(plain);
  });

  it('refuses a weight count that does not match the extra sequences, and negative or non-finite weights', async () => {
    await expect(trainSasrec(data, { ...options, extraSequenceWeights: [1, 2] })).rejects.toThrow(/2 entries for 10 extra sequences/);
    await expect(trainSasrec(data, { ...options, extraSequenceWeights: extra.map((_, i) => (i === 3 ? -1 : 1)) })).rejects.toThrow(SampleForgeError);
    await expect(trainSasrec(data, { ...options, extraSequenceWeights: extra.map((_, i) => (i === 4 ? Number.NaN : 1)) })).rejects.toThrow(/extraSequenceWeights\[4\]/);
  });
});
