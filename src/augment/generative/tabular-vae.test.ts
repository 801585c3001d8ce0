import { describe, expect, it } from 'vitest';
import { SampleForgeError } from '../../errors.js';
import { createRng } from '../../internal/rng.js';
import { evaluateTableQuality } from '../../quality/table/table-quality.js';
import type { TabularColumn, TabularRow } from './tabular.js';
import { fitTabularEncoding } from './tabular-encoding.js';
import { createVaeNetwork, fitTabularVae, tabularVaeAugmenter, vaeBatchLoss } from './tabular-vae.js';

/** Users with known structure: income rises with age, age and channel depend on segment, some incomes missing. */
function makeUsers(count: number, seed: number): TabularRow[] {
  const rng = createRng(seed);
  return Array.from({ length: count }, () => {
    const roll = rng.float();
    const segment = roll < 0.5 ? 'budget' : roll < 0.85 ? 'mid' : 'premium';
    const age = Math.round(Math.min(80, Math.max(18, (segment === 'premium' ? 50 : segment === 'mid' ? 36 : 26) + 6 * rng.normal())));
    const income = rng.chance(0.05) ? null : Math.round(1000 * (20 + 0.8 * age + 5 * rng.normal())) / 1000;
    const channel = rng.chance(segment === 'budget' ? 0.8 : 0.2) ? 'app' : rng.chance(0.5) ? 'web' : 'store';
    return { segment, age, income, channel };
  });
}

const columns: TabularColumn[] = [
  { name: 'segment', kind: 'categorical' },
  { name: 'age', kind: 'numeric', integer: true },
  { name: 'income', kind: 'numeric' },
  { name: 'channel', kind: 'categorical' },
];
const real = makeUsers(400, 1);
const context = (seed: number) => ({ rng: createRng(seed), seed });
/** Small and quick: enough to learn the table above in well under a second. */
const quick = { columns, epochs: 60, batchSize: 64, hidden: [32, 32], latent: 4, learningRate: 3e-3 };

describe('tabular encoding', () => {
  it('standardises numbers, one-hots categories and flags missing values', () => {
    const encoding = fitTabularEncoding([{ a: 1, b: 'x' }, { a: 3, b: 'y' }, { a: null, b: 'x' }], [{ name: 'a', kind: 'numeric' }, { name: 'b', kind: 'categorical' }]);
    // a: mean 2, std 1 over the present values; then present/missing; then b's x, y.
    expect(encoding.width).toBe(5);
    const out = new Float32Array(5);
    encoding.encode({ a: 3, b: 'y' }, out, 0);
    expect([...out]).toEqual([1, 1, 0, 0, 1]);
    const missing = new Float32Array(5);
    encoding.encode({ a: null, b: 'x' }, missing, 0);
    expect([...missing]).toEqual([0, 0, 1, 1, 0]);
  });
});

describe('vaeBatchLoss', () => {
  it('matches finite differences of the loss for every kind of parameter', () => {
    const rows = real.slice(0, 6);
    const encoding = fitTabularEncoding(rows, columns);
    const network = createVaeNetwork(encoding, 3, [5], 2, createRng(4));
    // Move the log sigmas inside their clamp, so their gradient is not cut off.
    network.parameters.fill(Math.log(0.5), network.logSigma);
    const target = new Float32Array(rows.length * encoding.width);
    rows.forEach((row, r) => encoding.encode(row, target, r * encoding.width));
    const conditions = new Float32Array(rows.length * 3);
    rows.forEach((row, r) => (conditions[r * 3 + ['budget', 'mid', 'premium'].indexOf(row.segment as string)] = 1));
    const noiseRng = createRng(5);
    const noise = Float32Array.from({ length: rows.length * 2 }, () => noiseRng.normal());
    const gradients = new Float32Array(network.parameters.length);
    vaeBatchLoss(network, encoding, target, conditions, noise, rows.length, 2, gradients);
    const lossAt = (): number => vaeBatchLoss(network, encoding, target, conditions, noise, rows.length, 2, new Float32Array(network.parameters.length));
    // An encoder weight, an encoder bias, the posterior layer, a live decoder input weight (its
    // gradient flows through the reparameterised code), decoder output weight and bias, a log sigma.
    let live = network.decoder[0].weights;
    while (gradients[live] === 0) live++;
    const probes = [0, network.encoder[0].bias + 1, network.encoder[1].weights + 3, live, network.decoder[1].weights + 7, network.decoder[1].bias + 4, network.logSigma + 1];
    // Central differences in float32: a step of 1e-3 stays clear of ReLU kinks and of rounding.
    const step = 1e-3;
    for (const index of probes) {
      const saved = network.parameters[index];
      network.parameters[index] = saved + step;
      const up = lossAt();
      network.parameters[index] = saved - step;
      const down = lossAt();
      network.parameters[index] = saved;
      const numeric = (up - down) / (2 * step);
      expect(Math.abs(numeric - gradients[index])).toBeLessThan(0.005 + 0.005 * Math.abs(numeric));
    }
  });
});

describe('fitTabularVae', () => {
  it('is seeded: the same seeds give the same rows, another sampling seed other rows', () => {
    const a = fitTabularVae(real, { ...quick, seed: 3 }).sample(40, context(4));
    const b = fitTabularVae(real, { ...quick, seed: 3 }).sample(40, context(4));
    const c = fitTabularVae(real, { ...quick, seed: 3 }).sample(40, context(5));
    expect(b.rows).toEqual(a.rows);
    expect(c.rows.map((row) => row.sample)).not.toEqual(a.rows.map((row) => row.sample));
    expect(a.rows[0].lineage).toMatchObject({ augmenter: 'generative/tabular-vae', seed: 4 });
  });

  it('learns: the loss falls, shapes hold, and no sampled row copies a real one', () => {
    const model = fitTabularVae(real, { ...quick, seed: 1 });
    expect(model.lossHistory.at(-1)).toBeLessThan(model.lossHistory[0] * 0.8);
    const sample = model.sample(real.length, context(2));
    const rows = sample.rows.map((row) => row.sample);
    const quality = evaluateTableQuality(real, rows, { columns, seed: 1 });
    expect(quality.columnShapes).toBeGreaterThan(0.8);
    expect(quality.privacy.copies).toBe(0);
    expect(rows.every((row) => row.age === null || (Number.isInteger(row.age) && (row.age as number) >= 18 && (row.age as number) <= 80))).toBe(true);
    expect(rows.some((row) => row.income === null)).toBe(true);
  });

  it('samples one segment by conditioning, with that segment\'s ages, and keeps proportions otherwise', () => {
    // Longer: the decoder must come to lean on the condition rather than on the code.
    const model = fitTabularVae(real, { ...quick, epochs: 150, seed: 1, conditionOn: 'segment' });
    const premium = model.sample(150, context(3), { conditions: { segment: 'premium' } }).rows.map((row) => row.sample);
    const budget = model.sample(150, context(3), { conditions: { segment: 'budget' } }).rows.map((row) => row.sample);
    expect(premium.every((row) => row.segment === 'premium')).toBe(true);
    const mean = (rows: TabularRow[]) => rows.reduce((sum, row) => sum + (row.age as number), 0) / rows.length;
    expect(mean(premium) - mean(budget)).toBeGreaterThan(12);
    const free = model.sample(real.length, context(4)).rows.map((row) => row.sample);
    const share = (rows: TabularRow[], value: string) => rows.filter((row) => row.segment === value).length / rows.length;
    expect(Math.abs(share(free, 'premium') - share(real, 'premium'))).toBeLessThan(0.01);
    const viaRejection = model.sample(30, context(5), { conditions: { channel: 'store' } }).rows;
    expect(viaRejection.every((row) => row.sample.channel === 'store')).toBe(true);
  });

  it('names the columns and values it knows when asked for others', () => {
    expect(() => fitTabularVae(real, { ...quick, epochs: 1, conditionOn: 'age' })).toThrow(/"age" is not a categorical column \(categorical columns: segment, channel\)/);
    const model = fitTabularVae(real, { ...quick, epochs: 1, conditionOn: 'segment' });
    expect(() => model.sample(5, context(1), { conditions: { segment: 'gold' } })).toThrow(SampleForgeError);
    expect(() => model.sample(5, context(1), { conditions: { segment: 'gold' } })).toThrow(/values: "budget", "mid", "premium"/);
    expect(() => fitTabularVae([], quick)).toThrow(/empty/);
  });

  it('works as an augmenter', async () => {
    const outputs = await tabularVaeAugmenter({ ...quick, epochs: 5, ratio: 0.5 }).augment(real.slice(0, 100), context(6));
    expect(outputs).toHaveLength(50);
  });
});
