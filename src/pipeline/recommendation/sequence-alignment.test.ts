import { describe, expect, it } from 'vitest';
import { alignConfigSchema } from '../../config/align.js';
import { SampleForgeError } from '../../errors.js';
import { createRng } from '../../internal/rng.js';
import type { Sequence } from '../../types.js';
import { alignSequenceSamples, sequenceAlignmentEnabled } from './sequence-alignment.js';

/** Real sequences of 3-20 items over 200 items; synthetic ones are random crops to 1-3 items (a planted length shift). */
function planted(): { real: Sequence[]; synthetic: Sequence[] } {
  const rng = createRng(7);
  const real: Sequence[] = [];
  for (let user = 0; user < 600; user++) {
    const length = 3 + rng.int(18);
    real.push({ userId: `u${user}`, items: Array.from({ length }, () => `i${rng.int(200)}`) });
  }
  const synthetic: Sequence[] = real.map((sequence, index) => {
    // A third of the crops keep the whole sequence, so the real length distribution stays reachable.
    const keep = index % 3 === 0 ? sequence.items.length : 1 + rng.int(3);
    return { userId: sequence.userId, items: sequence.items.slice(0, keep) };
  });
  return { real, synthetic };
}

describe('alignSequenceSamples', () => {
  it('measures only when no correction is configured', () => {
    const { real, synthetic } = planted();
    const config = alignConfigSchema.parse({});
    expect(sequenceAlignmentEnabled(config)).toBe(false);
    const result = alignSequenceSamples(real, synthetic, config, 1);
    expect(result.after).toBeUndefined();
    expect(Array.from(result.copies).every((copies) => copies === 1)).toBe(true);
    expect(result.before.flaggedFields).toContain('length');
  });

  it('resamples a planted length shift toward the real lengths, keeping the count', () => {
    const { real, synthetic } = planted();
    const config = alignConfigSchema.parse({ resample: { enabled: true, fields: ['length'] } });
    const result = alignSequenceSamples(real, synthetic, config, 1);
    expect(result.applied).toEqual(['resample(length)']);
    expect(result.copies.reduce((total, copies) => total + copies, 0)).toBe(synthetic.length);
    const ks = (report: typeof result.before) => report.fields.find((field) => field.field === 'length')?.ks?.statistic ?? Number.NaN;
    expect(ks(result.before)).toBeGreaterThan(0.3);
    expect(ks(result.after ?? result.before)).toBeLessThan(0.1);
    // Long sequences are the thin stratum: drawn more than once.
    const longCopies = synthetic.flatMap((sequence, index) => (sequence.items.length >= 10 ? [result.copies[index]] : []));
    expect(Math.max(...longCopies)).toBeGreaterThan(1);
    // Seeded: the same seed gives the same copies.
    expect(Array.from(alignSequenceSamples(real, synthetic, config, 1).copies)).toEqual(Array.from(result.copies));
  });

  it('caps synthetic sequences per activity bucket', () => {
    const { real, synthetic } = planted();
    const config = alignConfigSchema.parse({ ratioCaps: { classField: 'activity', perClass: 0.5 } });
    const result = alignSequenceSamples(real, synthetic, config, 1);
    const realShort = real.filter((sequence) => sequence.items.length <= 5).length;
    const keptShort = synthetic.filter((sequence, index) => sequence.items.length <= 5 && result.copies[index] > 0).length;
    expect(keptShort).toBe(Math.floor(0.5 * realShort));
    expect(result.applied).toEqual(['cap(activity<=0.5x real)']);
  });

  it('weights the planted crops by the real-vs-synthetic classifier: short crops down, whole sequences up, the weighted draw closer to real', () => {
    const { real, synthetic } = planted();
    const config = alignConfigSchema.parse({ importanceWeights: { enabled: true, min: 0.05, max: 20 } });
    expect(sequenceAlignmentEnabled(config)).toBe(true);
    const result = alignSequenceSamples(real, synthetic, config, 1);
    const weights = result.weights ?? new Float64Array(0);
    expect(weights).toHaveLength(synthetic.length);
    expect(Array.from(result.copies).every((copies) => copies === 1)).toBe(true);
    expect(weights.reduce((total, weight) => total + weight, 0) / weights.length).toBeCloseTo(1, 10);
    const mean = (keep: (length: number) => boolean) => {
      const chosen = synthetic.flatMap((sequence, index) => (keep(sequence.items.length) ? [weights[index]] : []));
      return chosen.reduce((total, weight) => total + weight, 0) / chosen.length;
    };
    expect(mean((length) => length <= 3)).toBeLessThan(0.8);
    expect(mean((length) => length >= 10)).toBeGreaterThan(1.5);
    expect(result.applied[0]).toMatch(/^weights\(p\/\(1-p\) clipped to \[0\.05, 20\], classifier AUC 0\.\d{3}\)$/);
    const ks = (report: typeof result.before) => report.fields.find((field) => field.field === 'length')?.ks?.statistic ?? Number.NaN;
    expect(ks(result.after ?? result.before)).toBeLessThan(ks(result.before) / 2);
    expect(Array.from(alignSequenceSamples(real, synthetic, config, 1).weights ?? [])).toEqual(Array.from(weights));
  });

  it('weights only what resampling kept when both are on', () => {
    const { real, synthetic } = planted();
    const config = alignConfigSchema.parse({ resample: { enabled: true, fields: ['length'] }, importanceWeights: { enabled: true } });
    const result = alignSequenceSamples(real, synthetic, config, 1);
    const weights = result.weights ?? new Float64Array(0);
    expect(result.applied[0]).toBe('resample(length)');
    expect(result.applied[1]).toMatch(/^weights/);
    let mass = 0;
    let count = 0;
    synthetic.forEach((_, index) => {
      if (result.copies[index] === 0) expect(weights[index]).toBe(0);
      mass += weights[index] * result.copies[index];
      count += result.copies[index];
    });
    expect(mass / count).toBeCloseTo(1, 10);
  });

  it('leaves a shift the augmenter makes by design uncorrected unless the config names the field or asks to correct it', () => {
    const { real, synthetic } = planted();
    const designed = { length: ['crop'] };
    const ks = (report: { fields: { field: string; ks?: { statistic: number } }[] }) => report.fields.find((field) => field.field === 'length')?.ks?.statistic ?? Number.NaN;
    const kept = alignSequenceSamples(real, synthetic, alignConfigSchema.parse({ resample: { enabled: true } }), 1, designed);
    expect(kept.before.flaggedFields).toContain('length');
    // Only the side-effect shift of these crops (their mean item popularity) is resampled.
    expect(kept.applied).toEqual(['length: shifted by design (crop), not corrected', 'resample(meanLogPopularity)']);
    expect(ks(kept.after ?? kept.before)).toBeGreaterThan(0.3);
    const corrected = alignSequenceSamples(real, synthetic, alignConfigSchema.parse({ resample: { enabled: true }, designedShifts: 'correct' }), 1, designed);
    expect(corrected.applied).toEqual(['resample(length,meanLogPopularity)']);
    expect(ks(corrected.after ?? corrected.before)).toBeLessThan(0.1);
    const named = alignSequenceSamples(real, synthetic, alignConfigSchema.parse({ resample: { enabled: true, fields: ['length', 'meanLogPopularity'] } }), 1, designed);
    expect(named.applied).toEqual(['resample(length,meanLogPopularity)']);
    expect(Array.from(named.copies)).toEqual(Array.from(corrected.copies));
    // The weights' classifier does not see the length either: the short crops keep about the weight of the rest.
    const weights = alignSequenceSamples(real, synthetic, alignConfigSchema.parse({ importanceWeights: { enabled: true, min: 0.05, max: 20 } }), 1, designed).weights ?? new Float64Array(0);
    const meanOf = (keep: (length: number) => boolean) => {
      const chosen = synthetic.flatMap((sequence, index) => (keep(sequence.items.length) ? [weights[index]] : []));
      return chosen.reduce((total, weight) => total + weight, 0) / chosen.length;
    };
    expect(meanOf((length) => length <= 3) / meanOf((length) => length >= 10)).toBeGreaterThan(0.6);
  });

  it('names the field when the config asks for what sequences do not have', () => {
    const { real, synthetic } = planted();
    const cases: [Record<string, unknown>, RegExp][] = [
      [{ resample: { enabled: true, fields: ['label'] } }, /align\.resample\.fields: label is not a sequence feature/],
      [{ ratioCaps: { perClass: 2 } }, /align\.ratioCaps: label is not a categorical sequence feature/],
    ];
    for (const [section, message] of cases) {
      const run = () => alignSequenceSamples(real, synthetic, alignConfigSchema.parse(section), 1);
      expect(run).toThrow(SampleForgeError);
      expect(run).toThrow(message);
    }
  });
});
