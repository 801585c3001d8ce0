/** Caps on the number of synthetic samples per real sample, per class or per slice. */
import type { Rng } from '../../internal/rng.js';
import { categoryOf, type ShiftRecord } from '../shift/shift-features.js';

/** Options of {@link capSyntheticRatio}. */
export interface RatioCapOptions {
  /** Field holding the class or slice value. */
  field: string;
  /** At most `maxRatio * realCount(value)` synthetic samples per value. */
  maxRatio: number;
  /** Per-value overrides of `maxRatio`. */
  perValue?: Readonly<Record<string, number>>;
  /** Which synthetic samples survive a cap (seeded). */
  rng: Rng;
}

/** What {@link capSyntheticRatio} kept and removed. */
export interface RatioCapResult<T> {
  kept: T[];
  /** Indices of the kept records in the input, ascending. */
  keptIndices: number[];
  /** Removed counts by value, only values that hit their cap. */
  removed: Record<string, number>;
}

/** Keeps at most `floor(maxRatio * real count)` synthetic samples per value of `field`, chosen at random (seeded). */
export function capSyntheticRatio<T extends ShiftRecord>(real: readonly ShiftRecord[], synthetic: readonly T[], options: RatioCapOptions): RatioCapResult<T> {
  const realCounts = new Map<string, number>();
  for (const record of real) {
    const key = categoryOf(record, options.field);
    realCounts.set(key, (realCounts.get(key) ?? 0) + 1);
  }
  const groups = new Map<string, number[]>();
  synthetic.forEach((record, index) => {
    const key = categoryOf(record, options.field);
    const list = groups.get(key);
    if (list) list.push(index);
    else groups.set(key, [index]);
  });
  const keptIndices: number[] = [];
  const removed: Record<string, number> = {};
  for (const [key, members] of groups) {
    const ratio = options.perValue?.[key] ?? options.maxRatio;
    const cap = Math.floor(ratio * (realCounts.get(key) ?? 0));
    if (members.length <= cap) {
      keptIndices.push(...members);
      continue;
    }
    keptIndices.push(...options.rng.fork(key).sample(members.length, cap).map((i) => members[i]));
    removed[key] = members.length - cap;
  }
  keptIndices.sort((a, b) => a - b);
  return { kept: keptIndices.map((index) => synthetic[index]), keptIndices, removed };
}
