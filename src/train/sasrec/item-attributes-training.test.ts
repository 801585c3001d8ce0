import { describe, expect, it } from 'vitest';
import { SampleForgeError } from '../../errors.js';
import { createRng } from '../../internal/rng.js';
import { createItemAttributes } from '../../models/sasrec/item-attributes.js';
import { createSasrecModel } from '../../models/sasrec/sasrec-model.js';
import { createSasrecTensors, initialiseSasrecParameters, sasrecParameterCount, type SasrecDimensions } from '../../models/sasrec/sasrec-parameters.js';
import type { LeaveOneOutData } from '../../models/recommender.js';
import { trainSasrec, type TrainSasrecOptions } from './train-sasrec.js';
import { createTrainingStep } from './training-step.js';

// Items 1..7; attributes 0..3 (say a brand and three categories); item 7 has none.
const lists = [undefined, [0, 1], [1], [2, 0], [3], [0, 2, 3], [1, 1, 2], []];
const itemAttributes = createItemAttributes(7, 4, lists);

describe('item attributes in SASRec training', () => {
  it('packs attribute lists in compressed rows without repeats', () => {
    expect([...itemAttributes.offsets]).toEqual([0, 0, 2, 3, 5, 6, 9, 11, 11]);
    expect([...itemAttributes.attributes.subarray(9, 11)]).toEqual([1, 2]);
    expect(() => createItemAttributes(7, 4, [undefined, [4]])).toThrow(SampleForgeError);
  });

  it.each(['bce', 'ce'] as const)('gives loss gradients that match finite differences for item, attribute and network parameters (%s)', (loss) => {
    const dimensions: SasrecDimensions = { numItems: 7, hidden: 8, blocks: 1, heads: 2, maxLength: 5, attributes: 4 };
    const count = sasrecParameterCount(dimensions);
    const parameters = createSasrecTensors(dimensions, new Float32Array(count));
    const gradients = createSasrecTensors(dimensions, new Float32Array(count));
    // A wide init makes gradients large enough to stand out of float32 rounding.
    initialiseSasrecParameters(parameters, createRng(1), 0.4);
    const step = createTrainingStep(dimensions, parameters, gradients, { loss, negatives: 2, dropout: 0, attentionDropout: 0, activation: 'gelu', itemAttributes });
    const samples = [Int32Array.of(1, 2, 3, 4, 5), Int32Array.of(6, 2, 7), Int32Array.of(3, 5)];
    // Fresh streams per evaluation, so every call draws the same negatives.
    const random = () => ({ negatives: createRng(2), dropout: createRng(3), views: createRng(4) });
    gradients.buffer.fill(0);
    step(samples, random());
    const analytic = Float32Array.from(gradients.buffer);
    const lossAt = (): number => step(samples, random()).main;
    const attributeStart = count - 4 * dimensions.hidden;
    const sampler = createRng(5);
    const probes = [
      // Every attribute row, including attribute 3 (items 4 and 5 only).
      ...Array.from({ length: 12 }, () => attributeStart + sampler.int(4 * dimensions.hidden)),
      // Item rows: with attributes (2, 5), without (7), and a network weight after the tables.
      ...[2, 5, 7].map((item) => item * dimensions.hidden + sampler.int(dimensions.hidden)),
      (dimensions.numItems + 1 + dimensions.maxLength) * dimensions.hidden + 2 * dimensions.hidden + 5,
    ];
    const h = 1e-2;
    for (const index of probes) {
      const saved = parameters.buffer[index];
      parameters.buffer[index] = saved + h;
      const up = lossAt();
      parameters.buffer[index] = saved - h;
      const down = lossAt();
      parameters.buffer[index] = saved;
      const numeric = (up - down) / (2 * h);
      expect(Math.abs(numeric - analytic[index]), `parameter ${index}: numeric ${numeric}, analytic ${analytic[index]}`).toBeLessThan(2e-3 + 3e-2 * Math.abs(numeric));
    }
    expect(analytic.subarray(attributeStart).some((value) => value !== 0)).toBe(true);
  });

  it('trains deterministically by seed, differently from the model without attributes', async () => {
    const rng = createRng(6);
    const train = Array.from({ length: 30 }, () => Int32Array.from({ length: 6 }, () => 1 + rng.int(7)));
    const data: LeaveOneOutData = { numItems: 7, train, validTarget: Int32Array.from(train, () => 1 + rng.int(7)), testTarget: Int32Array.from(train, () => 1 + rng.int(7)) };
    const options: TrainSasrecOptions = { seed: 3, hidden: 8, blocks: 1, heads: 2, maxLength: 6, batchSize: 8, epochs: 2, patience: 10, dropout: 0.2, attentionDropout: 0.2 };
    const scores = async (extra: Partial<TrainSasrecOptions>): Promise<Float32Array> => {
      const { model } = await trainSasrec(data, { ...options, ...extra });
      const out = new Float32Array(train.length * 8);
      model.scoreBatch(Int32Array.from(train.keys()), train, out);
      return out;
    };
    const first = await scores({ itemAttributes });
    expect(await scores({ itemAttributes })).toEqual(first);
    expect(await scores({ itemAttributes, seed: 4 })).not.toEqual(first);
    expect(await scores({})).not.toEqual(first);
  });

  it('asks for the attribute table when a model was trained with one', () => {
    const dimensions: SasrecDimensions = { numItems: 7, hidden: 8, blocks: 1, heads: 2, maxLength: 5, attributes: 4 };
    const parameters = new Float32Array(sasrecParameterCount(dimensions));
    expect(() => createSasrecModel(dimensions, parameters)).toThrow(/trained with 4 item attributes; pass the same item-attribute table/);
    const model = createSasrecModel(dimensions, parameters, 'gelu', { attributes: itemAttributes });
    expect(model.itemVectors).toHaveLength(8 * 8);
  });
});
