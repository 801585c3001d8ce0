/** Users of the synthetic shop: latent interests over second-level categories, a price segment, an activity level. */
import type { Rng } from '../../internal/rng.js';
import type { SyntheticCatalog } from './generate-catalog.js';
import { dirichlet, logNormal } from './sampling.js';

export const PRICE_SEGMENTS = Object.freeze(['budget', 'mid', 'premium'] as const);
export type PriceSegment = (typeof PRICE_SEGMENTS)[number];

/** A user's latent profile; interests are what their events are drawn from. */
export interface SyntheticUser {
  userId: string;
  /** The price band this user leans to. */
  segment: PriceSegment;
  /** Interest categories (`'beauty > skin care'`) with Dirichlet weights summing to 1, strongest first. */
  interests: { category: string; weight: number }[];
  /** Relative activity (log-normal); shares of the interaction budget follow it. */
  activity: number;
}

/** Users with `interestsPerUser[0]..[1]` interests each, drawn by category size without replacement. */
export function generateUsers(rng: Rng, count: number, catalog: SyntheticCatalog, interestsPerUser: readonly [number, number]): SyntheticUser[] {
  const width = Math.max(5, String(count).length);
  const categories = catalog.interestCategories;
  const sizes = catalog.itemsByInterest.map((members) => members.length);
  const available = categories.map((_, index) => index).filter((index) => sizes[index] > 0);
  const low = Math.min(interestsPerUser[0], available.length);
  const high = Math.max(low, Math.min(interestsPerUser[1], available.length));
  return Array.from({ length: count }, (_, index) => {
    const k = low + rng.int(high - low + 1);
    const pool = [...available];
    const chosen: number[] = [];
    while (chosen.length < k) {
      const total = pool.reduce((sum, category) => sum + Math.sqrt(sizes[category]), 0);
      let target = rng.float() * total;
      let position = 0;
      while (position < pool.length - 1 && target >= Math.sqrt(sizes[pool[position]])) target -= Math.sqrt(sizes[pool[position++]]);
      chosen.push(pool[position]);
      pool.splice(position, 1);
    }
    const weights = dirichlet(rng, k, 1);
    const interests = chosen
      .map((category, position) => ({ category: categories[category], weight: weights[position] }))
      .sort((a, b) => b.weight - a.weight || a.category.localeCompare(b.category));
    const roll = rng.float();
    const segment: PriceSegment = roll < 0.35 ? 'budget' : roll < 0.8 ? 'mid' : 'premium';
    return { userId: `u${String(index + 1).padStart(width, '0')}`, segment, interests, activity: logNormal(rng, 1, 0.8) };
  });
}
