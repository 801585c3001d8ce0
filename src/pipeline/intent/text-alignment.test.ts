import { describe, expect, it } from 'vitest';
import { alignConfigSchema } from '../../config/align.js';
import { createRng } from '../../internal/rng.js';
import { alignTextSamples } from './text-alignment.js';

const WORDS = ['card', 'money', 'account', 'transfer', 'refund', 'arrive', 'limit', 'pin', 'fee', 'app'];

/** `count` texts of `label`, each a seeded pick of 3 to 5 words, or of 12 to 16 words when `long`. */
function texts(count: number, label: string, long: boolean, seed: number) {
  const rng = createRng(seed);
  return Array.from({ length: count }, () => ({
    text: Array.from({ length: (long ? 12 : 3) + rng.int(5) }, () => rng.pick(WORDS)).join(' '),
    label,
  }));
}

// Real texts are short; a third of the synthetic ones are planted long, which no real text is.
const real = [...texts(30, 'a', false, 1), ...texts(30, 'b', false, 2)];
const synthetic = [...texts(40, 'a', false, 3), ...texts(20, 'a', true, 4), ...texts(40, 'b', false, 5), ...texts(20, 'b', true, 6)];
const isLong = (index: number) => synthetic[index].text.split(' ').length >= 12;

describe('alignTextSamples with importance weights', () => {
  const config = alignConfigSchema.parse({ importanceWeights: { enabled: true }, ratioCaps: { perClass: 1.5 }, classifier: { folds: 3, steps: 200 } });

  it('weights the kept texts (0 where left out, mean 1 over the multiset), down-weights the planted ones and measures the shift left', () => {
    const alignment = alignTextSamples(real, synthetic, config, 7);
    expect(alignment.applied).toEqual(['cap(label<=1.5x real)', 'weights(0.1..10)']);
    expect(alignment.weights).toHaveLength(synthetic.length);
    let mass = 0;
    let count = 0;
    for (let i = 0; i < synthetic.length; i++) {
      if (alignment.copies[i] === 0) expect(alignment.weights[i]).toBe(0);
      else expect(alignment.weights[i]).toBeGreaterThan(0);
      mass += alignment.copies[i] * alignment.weights[i];
      count += alignment.copies[i];
    }
    // The cap keeps 45 of 60 per class.
    expect(count).toBe(90);
    expect(mass / count).toBeCloseTo(1, 10);
    const meanWeight = (long: boolean) => {
      const kept = synthetic.map((_, i) => i).filter((i) => alignment.copies[i] > 0 && isLong(i) === long);
      return kept.reduce((total, i) => total + alignment.weights[i], 0) / kept.length;
    };
    expect(meanWeight(true)).toBeLessThan(meanWeight(false) / 3);
    // `after` is measured on the draw by weight: as many texts as the multiset, the length shift mostly gone.
    const before = alignment.before.fields.find((field) => field.field === 'length');
    const after = alignment.after?.fields.find((field) => field.field === 'length');
    expect(alignment.after?.syntheticCount).toBe(90);
    expect(before?.flagged).toBe(true);
    expect(after?.wassersteinNormalized ?? Infinity).toBeLessThan((before?.wassersteinNormalized ?? 0) / 3);
    expect(alignment.after?.classifier?.auc ?? 1).toBeLessThan(alignment.before.classifier?.auc ?? 0);
  });

  it('is deterministic per seed', () => {
    const first = alignTextSamples(real, synthetic, config, 7);
    const again = alignTextSamples(real, synthetic, config, 7);
    const other = alignTextSamples(real, synthetic, config, 8);
    expect(Array.from(again.weights)).toEqual(Array.from(first.weights));
    expect(Array.from(again.copies)).toEqual(Array.from(first.copies));
    expect(again.after).toEqual(first.after);
    expect(Array.from(other.weights)).not.toEqual(Array.from(first.weights));
  });

  it('gives weight 1 everywhere with weighting off, and warns when too few texts are left for the classifier', () => {
    const off = alignTextSamples(real, synthetic, alignConfigSchema.parse({ ratioCaps: { perClass: 1.5 }, classifier: { folds: 3, steps: 200 } }), 7);
    expect(Array.from(off.weights)).toEqual(Array(synthetic.length).fill(1));
    expect(off.applied).toEqual(['cap(label<=1.5x real)']);
    const few = alignTextSamples(real.slice(0, 2), synthetic.slice(0, 4), alignConfigSchema.parse({ importanceWeights: { enabled: true } }), 7);
    expect(Array.from(few.weights)).toEqual([1, 1, 1, 1]);
    expect(few.warnings.map((warning) => warning.code)).toEqual(['W_WEIGHTS_SKIPPED']);
  });
});
