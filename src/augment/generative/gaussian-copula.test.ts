import { describe, expect, it } from 'vitest';
import { SampleForgeError } from '../../errors.js';
import { createRng } from '../../internal/rng.js';
import { evaluateTableQuality } from '../../quality/table/table-quality.js';
import { fitGaussianCopula } from './gaussian-copula.js';
import { smoteOversample } from './smote.js';
import type { TabularColumn, TabularRow } from './tabular.js';

/** A small user table with known structure: income rises with age, channel and age depend on segment. */
function makeUsers(count: number, seed: number): TabularRow[] {
  const rng = createRng(seed);
  return Array.from({ length: count }, () => {
    const roll = rng.float();
    const segment = roll < 0.5 ? 'budget' : roll < 0.85 ? 'mid' : 'premium';
    const age = Math.round(Math.min(80, Math.max(18, (segment === 'premium' ? 45 : segment === 'mid' ? 35 : 28) + 8 * rng.normal())));
    const income = Math.round(1000 * (20 + 0.8 * age + 6 * rng.normal())) / 1000;
    const channel = rng.chance(segment === 'budget' ? 0.7 : 0.3) ? 'app' : rng.chance(0.5) ? 'web' : 'store';
    return { segment, age, income, channel };
  });
}

const columns: TabularColumn[] = [
  { name: 'segment', kind: 'categorical' },
  { name: 'age', kind: 'numeric', integer: true },
  { name: 'income', kind: 'numeric' },
  { name: 'channel', kind: 'categorical' },
];
const real = makeUsers(600, 1);
const context = (seed: number) => ({ rng: createRng(seed), seed });

describe('fitGaussianCopula', () => {
  it('is seeded: the same seeds give the same rows', () => {
    const a = fitGaussianCopula(real, { columns, seed: 3 }).sample(50, context(4));
    const b = fitGaussianCopula(real, { columns, seed: 3 }).sample(50, context(4));
    const c = fitGaussianCopula(real, { columns, seed: 3 }).sample(50, context(5));
    expect(b.rows).toEqual(a.rows);
    expect(c.rows.map((row) => row.sample)).not.toEqual(a.rows.map((row) => row.sample));
  });

  it('keeps shapes and trends, beats independent marginals on pair trends, and copies no real row', () => {
    const copula = fitGaussianCopula(real, { columns, seed: 1 }).sample(real.length, context(2));
    const independent = fitGaussianCopula(real, { columns, seed: 1, independent: true }).sample(real.length, context(2));
    const rows = copula.rows.map((row) => row.sample);
    const quality = evaluateTableQuality(real, rows, { columns, seed: 1 });
    const baseline = evaluateTableQuality(real, independent.rows.map((row) => row.sample), { columns, seed: 1 });
    expect(quality.columnShapes).toBeGreaterThan(0.9);
    expect(quality.pairTrends).toBeGreaterThan(baseline.pairTrends + 0.03);
    expect(quality.detectionAuc).toBeLessThan(0.7);
    expect(quality.privacy.copies).toBe(0);
    const ageIncome = quality.details.pairs.find((pair) => pair.columns.join() === 'age,income');
    expect(ageIncome?.real).toBeGreaterThan(0.6);
    expect(Math.abs((ageIncome?.real ?? 0) - (ageIncome?.synthetic ?? 0))).toBeLessThan(0.1);
  });

  it('samples users of one segment, exactly, with that segment\'s ages', () => {
    const model = fitGaussianCopula(real, { columns, seed: 1 });
    const { rows } = model.sample(300, context(3), { conditions: { segment: 'premium' } });
    expect(rows).toHaveLength(300);
    expect(rows.every((row) => row.sample.segment === 'premium')).toBe(true);
    const mean = (values: number[]) => values.reduce((a, b) => a + b, 0) / values.length;
    const realPremium = mean(real.filter((row) => row.segment === 'premium').map((row) => Number(row.age)));
    const realAll = mean(real.map((row) => Number(row.age)));
    const synthetic = mean(rows.map((row) => Number(row.sample.age)));
    expect(Math.abs(synthetic - realPremium)).toBeLessThan(Math.abs(realAll - realPremium) / 2);
    expect(rows[0].lineage).toMatchObject({ augmenter: 'generative/gaussian-copula', seed: 3, params: { conditions: { segment: 'premium' } } });
  });

  it('refuses rows that copy a training row when the space is small', () => {
    const tiny = Array.from({ length: 200 }, (_, i) => ({ a: i % 3, b: i % 2 === 0 ? 'x' : 'y' }));
    const result = fitGaussianCopula(tiny, { seed: 1 }).sample(20, context(1));
    // Every combination of a in {0, 1, 2} and b in {x, y} is a training row: nothing new can be drawn.
    expect(result.rows).toHaveLength(0);
    expect(result.refusedCopies).toBeGreaterThan(0);
    expect(result.warnings[0].code).toBe('W_SYNTHESIS_SHORT');
  });

  it('deals strata in exact proportion and conditions on a stratum', () => {
    const model = fitGaussianCopula(real, { columns, seed: 1, stratifyBy: 'segment', minStratumRows: 50 });
    expect(model.strata).toEqual(['budget', 'mid', 'premium']);
    const { rows } = model.sample(real.length, context(6));
    for (const segment of ['budget', 'mid', 'premium']) {
      expect(rows.filter((row) => row.sample.segment === segment).length).toBe(real.filter((row) => row.segment === segment).length);
    }
    const premium = model.sample(40, context(7), { conditions: { segment: 'premium' } }).rows;
    expect(premium.every((row) => row.sample.segment === 'premium')).toBe(true);
  });

  it('names the column and the values seen when a condition cannot hold', () => {
    const model = fitGaussianCopula(real, { columns, seed: 1 });
    expect(() => model.sample(1, context(1), { conditions: { segment: 'vip' } })).toThrow(/segment = "vip".*seen: "budget", "mid", "premium"/);
    expect(() => model.sample(1, context(1), { conditions: { colour: 'red' } })).toThrow(/unknown column "colour"/);
    try {
      model.sample(1, context(1), { conditions: { age: 30 } });
      expect.unreachable();
    } catch (error) {
      expect(SampleForgeError.is(error, 'E_USAGE')).toBe(true);
    }
  });
});

describe('smoteOversample', () => {
  it('grows thin classes with rows between two parents of the class', () => {
    const rows: TabularRow[] = real.map((row, index) => ({ ...row, id: `u${index}` }));
    const target = rows.filter((row) => row.segment === 'budget').length;
    const { rows: synthetic } = smoteOversample(rows, { labelColumn: 'segment', idColumn: 'id', columns }, context(8));
    const premium = synthetic.filter((row) => row.sample.segment === 'premium');
    expect(premium.length).toBe(target - rows.filter((row) => row.segment === 'premium').length);
    const byId = new Map(rows.map((row) => [row.id, row]));
    for (const row of premium.slice(0, 50)) {
      const [a, b] = row.lineage.parentIds.map((id) => byId.get(id));
      expect(a?.segment).toBe('premium');
      expect(b?.segment).toBe('premium');
      const low = Math.min(Number(a?.income), Number(b?.income));
      const high = Math.max(Number(a?.income), Number(b?.income));
      expect(Number(row.sample.income)).toBeGreaterThanOrEqual(low - 1e-9);
      expect(Number(row.sample.income)).toBeLessThanOrEqual(high + 1e-9);
    }
    expect(synthetic.some((row) => row.sample.segment === 'budget')).toBe(false);
  });
});

describe('smoteOversample copy refusal', () => {
  // Integer ages and two channels: interpolating between close neighbours often lands on a real row.
  const rows: TabularRow[] = makeUsers(300, 2).map((row, index) => ({ id: `u${index}`, segment: row.segment, age: row.age, channel: row.channel }));
  const smoteColumns: TabularColumn[] = [{ name: 'segment', kind: 'categorical' }, { name: 'age', kind: 'numeric', integer: true }, { name: 'channel', kind: 'categorical' }];
  const key = (row: TabularRow) => JSON.stringify([row.segment, row.age, row.channel]);
  const realKeys = new Set(rows.map(key));

  it('redraws rows equal to a real row, counts them, and still grows each class to the target', () => {
    const kept = smoteOversample(rows, { labelColumn: 'segment', idColumn: 'id', columns: smoteColumns }, context(3));
    const loose = smoteOversample(rows, { labelColumn: 'segment', idColumn: 'id', columns: smoteColumns, refuseCopies: false }, context(3));
    expect(loose.rows.filter((row) => realKeys.has(key(row.sample))).length).toBeGreaterThan(10);
    expect(loose.refusedCopies).toBe(0);
    expect(kept.rows.filter((row) => realKeys.has(key(row.sample)))).toEqual([]);
    expect(kept.refusedCopies).toBeGreaterThan(10);
    expect(kept.rows).toHaveLength(loose.rows.length);
    expect(kept.rows[0].lineage.verdicts).toEqual([{ filter: 'copy-refusal', kept: true, reason: 'differs from every training row' }]);
  });

  it('gives up on a class whose every interpolation is a copy, with a warning', () => {
    const twins: TabularRow[] = [
      ...Array.from({ length: 6 }, (_, index) => ({ id: `a${index}`, segment: 'a', age: 30 + index, channel: 'app' })),
      { id: 'b0', segment: 'b', age: 40, channel: 'web' },
      { id: 'b1', segment: 'b', age: 40, channel: 'web' },
    ];
    const result = smoteOversample(twins, { labelColumn: 'segment', idColumn: 'id', columns: smoteColumns }, context(1));
    expect(result.rows).toEqual([]);
    expect(result.warnings.map((warning) => warning.code)).toEqual(['W_SYNTHESIS_SHORT']);
    expect(result.refusedCopies).toBe(1001);
  });
});
