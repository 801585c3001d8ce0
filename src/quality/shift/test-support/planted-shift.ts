/** A synthetic table with a known shift in exactly two fields (`category` and `price`), for tests and benches. */
import { createRng, type Rng } from '../../../internal/rng.js';
import type { FieldKind } from '../shift-features.js';

/** One record of the planted table. */
export interface PlantedRecord {
  category: string;
  label: string;
  userActivity: string;
  itemPopularity: string;
  price: number;
  rating: number;
  query: string;
  [field: string]: unknown;
}

/** The fields of a planted record and how they are compared. */
export const PLANTED_FIELDS: Readonly<Record<string, FieldKind>> = Object.freeze({
  category: 'categorical',
  label: 'categorical',
  userActivity: 'categorical',
  itemPopularity: 'categorical',
  price: 'numeric',
  rating: 'numeric',
  query: 'text',
});

/** The two fields whose synthetic distribution is shifted. */
export const PLANTED_SHIFTED_FIELDS: readonly string[] = Object.freeze(['category', 'price']);

const CATEGORIES = ['serum', 'toner', 'mask', 'cleanser', 'lipstick', 'mascara', 'shampoo', 'perfume', 'nail polish', 'sunscreen'];
const LABELS = ['refund', 'shipping', 'size', 'availability', 'payment'];
const WORDS = ['cheap', 'organic', 'travel', 'size', 'best', 'for', 'dry', 'skin', 'gift', 'set', 'men', 'women', 'vegan', 'long', 'lasting', 'matte', 'spf', 'daily', 'night', 'repair'];

function record(rng: Rng, shifted: boolean): PlantedRecord {
  // Synthetic categories lean heavily toward the first few; real ones are uniform.
  const category = shifted ? CATEGORIES[Math.min(CATEGORIES.length - 1, Math.floor(rng.float() ** 2.5 * CATEGORIES.length))] : rng.pick(CATEGORIES);
  const basePrice = Math.exp(3 + 0.5 * rng.normal());
  return {
    category,
    label: rng.pick(LABELS),
    userActivity: rng.pick(['cold', 'light', 'medium', 'heavy']),
    itemPopularity: rng.chance(0.2) ? 'head' : rng.chance(0.5) ? 'torso' : 'tail',
    price: Math.round((shifted ? basePrice * 1.6 : basePrice) * 100) / 100,
    rating: Math.min(5, Math.max(1, Math.round(4 + rng.normal()))),
    query: Array.from({ length: 2 + rng.int(5) }, () => rng.pick(WORDS)).join(' '),
  };
}

/** `realCount` real and `syntheticCount` synthetic records; only `category` and `price` differ in distribution. */
export function createPlantedShift(seed: number, realCount = 2000, syntheticCount = 4000): { real: PlantedRecord[]; synthetic: PlantedRecord[] } {
  const rng = createRng(seed);
  const realRng = rng.fork('real');
  const syntheticRng = rng.fork('synthetic');
  return {
    real: Array.from({ length: realCount }, () => record(realRng, false)),
    synthetic: Array.from({ length: syntheticCount }, () => record(syntheticRng, true)),
  };
}
