/** Stratified resampling of synthetic records toward the real (or a given) distribution of some fields. */
import { SampleForgeError, type Warning } from '../../errors.js';
import type { Rng } from '../../internal/rng.js';
import { categoryOf, numberOf, type FieldSpec, type ShiftRecord } from '../shift/shift-features.js';

/** Options of {@link stratifiedResample}. */
export interface StratifiedResampleOptions {
  /** Fields whose joint distribution is matched; numeric fields are cut at real quantiles. */
  fields: readonly FieldSpec[];
  rng: Rng;
  /** Real records: the target distribution. Required unless `target` is given. */
  real?: readonly ShiftRecord[];
  /** A user target (value -> weight, need not sum to 1) for a single categorical field, instead of `real`. */
  target?: Readonly<Record<string, number>>;
  /** Records to return. Default: as many as the synthetic input. */
  size?: number;
  /** Quantile bins for numeric fields. Default 10. */
  bins?: number;
  /**
   * Pseudo-counts of the synthetic distribution added to the real counts (a Dirichlet prior
   * centred on the synthetic shares): the target share of stratum s is
   * (n_real(s) + smoothing * q_syn(s)) / (n_real + smoothing). With few real samples per stratum
   * (k-shot sets: a few per class times length bins) the raw real histogram is mostly noise, and
   * matching it exactly throws away synthetic variety for nothing; the prior keeps thin strata near
   * their synthetic share while well-populated ones follow the real data. 0 (default) = the real
   * histogram as it is. Ignored with `target`.
   */
  smoothing?: number;
}

/** How many records one stratum was meant to get and got. */
export interface StratumDraw {
  /** Joint bucket of the fields, e.g. `skin care|price<12.5`. */
  stratum: string;
  /** Target share in [0, 1]. */
  targetShare: number;
  available: number;
  drawn: number;
}

/** The resampled records with the per-stratum accounting and warnings. */
export interface StratifiedResampleResult<T> {
  samples: T[];
  /** Index into the input of each returned sample (repeats when drawn with replacement), ascending. */
  indices: number[];
  strata: StratumDraw[];
  warnings: Warning[];
}

/**
 * Draws synthetic records so that the joint buckets of `fields` follow the target shares (largest
 * remainder rounding); a stratum is drawn without replacement while it has enough records, then
 * with replacement. Target strata with no synthetic records are reported as warnings and their
 * share is spread over the rest.
 */
export function stratifiedResample<T extends ShiftRecord>(synthetic: readonly T[], options: StratifiedResampleOptions): StratifiedResampleResult<T> {
  const size = options.size ?? synthetic.length;
  if (options.fields.length === 0) throw new SampleForgeError('E_CONFIG', 'stratifiedResample: align.resample.fields is empty; name at least one field to stratify on');
  const bucketOf = createBucketer(options);
  const targetCounts = new Map<string, number>();
  if (options.target) {
    if (options.fields.length !== 1) throw new SampleForgeError('E_CONFIG', `align.resample.target describes one field, but ${options.fields.length} fields were given; list a single field`);
    for (const [value, weight] of Object.entries(options.target)) targetCounts.set(value, weight);
  } else if (options.real) {
    for (const record of options.real) {
      const key = bucketOf(record);
      targetCounts.set(key, (targetCounts.get(key) ?? 0) + 1);
    }
  } else {
    throw new SampleForgeError('E_CONFIG', 'stratifiedResample needs real records or align.resample.target');
  }
  const members = new Map<string, number[]>();
  synthetic.forEach((record, index) => {
    const key = bucketOf(record);
    const list = members.get(key);
    if (list) list.push(index);
    else members.set(key, [index]);
  });
  const smoothing = options.target ? 0 : (options.smoothing ?? 0);
  if (smoothing > 0 && synthetic.length > 0) {
    // Real counts are scaled to shares of (n_real + smoothing) below; adding the prior as counts
    // keeps the arithmetic in one place.
    for (const [key, pool] of members) targetCounts.set(key, (targetCounts.get(key) ?? 0) + (smoothing * pool.length) / synthetic.length);
  }
  const warnings: Warning[] = [];
  const usable = [...targetCounts.entries()].filter(([key, weight]) => {
    if (weight <= 0) return false;
    if (members.has(key)) return true;
    warnings.push({ code: 'W_EMPTY_STRATUM', message: `no synthetic samples in stratum ${JSON.stringify(key)}; its target share goes to the other strata`, details: { stratum: key } });
    return false;
  });
  const totalWeight = usable.reduce((total, [, weight]) => total + weight, 0);
  if (totalWeight === 0) throw new SampleForgeError('E_DATA', 'stratifiedResample: no synthetic samples fall in any target stratum; check align.resample.fields and target');
  const counts = largestRemainder(usable.map(([, weight]) => (weight / totalWeight) * size));
  const indices: number[] = [];
  const strata: StratumDraw[] = [];
  usable.forEach(([key, weight], position) => {
    const pool = members.get(key) ?? [];
    const want = counts[position];
    const rng = options.rng.fork(key);
    const drawn = want <= pool.length ? rng.sample(pool.length, want).map((i) => pool[i]) : [...pool, ...Array.from({ length: want - pool.length }, () => pool[rng.int(pool.length)])];
    indices.push(...drawn);
    strata.push({ stratum: key, targetShare: weight / totalWeight, available: pool.length, drawn: want });
  });
  indices.sort((a, b) => a - b);
  return { samples: indices.map((index) => synthetic[index]), indices, strata, warnings };
}

/** Rounds non-negative reals to integers with the same (rounded) sum, giving leftovers to the largest fractions first. */
export function largestRemainder(shares: readonly number[]): number[] {
  const floors = shares.map((share) => Math.floor(share));
  let left = Math.round(shares.reduce((total, share) => total + share, 0)) - floors.reduce((total, value) => total + value, 0);
  const order = shares.map((share, index) => ({ index, fraction: share - Math.floor(share) })).sort((a, b) => b.fraction - a.fraction || a.index - b.index);
  for (const { index } of order) {
    if (left <= 0) break;
    floors[index]++;
    left--;
  }
  return floors;
}

function createBucketer(options: StratifiedResampleOptions): (record: ShiftRecord) => string {
  const bins = options.bins ?? 10;
  const parts = options.fields.map((field) => {
    if (field.kind !== 'numeric') return (record: ShiftRecord) => categoryOf(record, field.name);
    const values = (options.real ?? [])
      .map((record) => numberOf(record, field.name))
      .filter((value) => !Number.isNaN(value))
      .sort((a, b) => a - b);
    if (values.length === 0) throw new SampleForgeError('E_DATA', `stratifiedResample: numeric field "${field.name}" has no real values to cut into bins`);
    const cuts = [...new Set(Array.from({ length: bins - 1 }, (_, k) => values[Math.floor(((k + 1) * values.length) / bins)]))];
    return (record: ShiftRecord) => {
      const value = numberOf(record, field.name);
      if (Number.isNaN(value)) return `${field.name}:missing`;
      let bucket = 0;
      while (bucket < cuts.length && value >= cuts[bucket]) bucket++;
      return `${field.name}#${bucket}`;
    };
  });
  return (record) => parts.map((part) => part(record)).join('|');
}
