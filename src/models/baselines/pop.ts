import type { Embeddings, Recommender } from '../recommender.js';

/**
 * Most-popular baseline: every user gets the items ranked by their training interaction count.
 * Exposes `embed` with dimension 1 (user vector 1, item vector = count), so the ranking kernel
 * handles it.
 */
export function createPopRecommender(train: readonly Int32Array[], numItems: number): Recommender {
  const counts = new Float32Array(numItems + 1);
  for (const sequence of train) for (const item of sequence) if (item > 0 && item <= numItems) counts[item]++;
  return {
    name: 'pop',
    numItems,
    scoreBatch(users, _histories, out) {
      for (let row = 0; row < users.length; row++) out.set(counts, row * (numItems + 1));
    },
    embed(users): Embeddings {
      return { dim: 1, users: new Float32Array(users.length).fill(1), items: counts };
    },
  };
}
