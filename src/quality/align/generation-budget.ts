/** Targeted generation: how many synthetic samples to request per slice, more where real data is thin. */
import { SampleForgeError } from '../../errors.js';
import { largestRemainder } from './stratified-resample.js';

/** Options of {@link generationBudget}. */
export interface GenerationBudgetOptions {
  /** Synthetic samples to request in all. */
  total: number;
  /** A slice's share is proportional to 1 / (count + 1)^power. Default 1 (inverse frequency); 0 splits evenly. */
  power?: number;
  /** Every slice gets at least this many, when the total allows. Default 0. */
  minPerSlice?: number;
  /** No slice gets more than `maxRatio * max(count, 1)`. Default: no cap. */
  maxRatio?: number | null;
}

/**
 * A pure function from real counts per slice (class, item popularity bucket, history length bucket)
 * to synthetic samples to request per slice: inverse-frequency shares (the class-balanced weighting
 * of Cui et al., CVPR 2019, in its simplest form), integer by largest remainder, capped and re-spread.
 * The budgets sum to `total` unless every slice hits its cap.
 */
export function generationBudget(counts: Readonly<Record<string, number>>, options: GenerationBudgetOptions): Record<string, number> {
  const keys = Object.keys(counts).sort();
  const power = options.power ?? 1;
  const minPerSlice = options.minPerSlice ?? 0;
  if (!Number.isInteger(options.total) || options.total < 0) throw new SampleForgeError('E_CONFIG', `align.budget.total must be a non-negative integer, got ${options.total}`);
  for (const key of keys) {
    if (!(counts[key] >= 0)) throw new SampleForgeError('E_DATA', `generationBudget: count of slice "${key}" must be >= 0, got ${counts[key]}`);
  }
  const budget: Record<string, number> = Object.fromEntries(keys.map((key) => [key, 0]));
  if (keys.length === 0 || options.total === 0) return budget;
  const cap = (key: string): number => (options.maxRatio == null ? Number.POSITIVE_INFINITY : Math.floor(options.maxRatio * Math.max(counts[key], 1)));
  let left = options.total;
  const floor = Math.min(minPerSlice, Math.floor(options.total / keys.length));
  for (const key of keys) {
    budget[key] = Math.min(floor, cap(key));
    left -= budget[key];
  }
  // Slices that hit their cap drop out and their share is spread over the rest, until nothing moves.
  for (let round = 0; round < keys.length && left > 0; round++) {
    const open = keys.filter((key) => budget[key] < cap(key));
    if (open.length === 0) break;
    const weights = open.map((key) => 1 / (counts[key] + 1) ** power);
    const totalWeight = weights.reduce((total, weight) => total + weight, 0);
    const shares = largestRemainder(weights.map((weight) => (weight / totalWeight) * left));
    let given = 0;
    open.forEach((key, index) => {
      const add = Math.min(shares[index], cap(key) - budget[key]);
      budget[key] += add;
      given += add;
    });
    left -= given;
    if (given === 0) break;
  }
  return budget;
}
