import type { Recommender } from '../recommender.js';
import { computeCooccurrenceNeighbours, type CooccurrenceOptions, type ItemNeighbours } from './item-similarity.js';

/** Options of {@link createItemKnnRecommender}. */
export interface ItemKnnOptions extends CooccurrenceOptions {
  /**
   * Weight of a history item `age` steps before the last one: `recencyDecay ** age`; default 1 (all
   * history items count alike). Below 1 favours the recent items, as a sequential model does.
   */
  recencyDecay?: number;
  /** Precomputed neighbours (e.g. shared with the augmenters); otherwise computed from `train`. */
  neighbours?: ItemNeighbours;
}

/**
 * ItemKNN (Sarwar et al. 2001; Deshpande & Karypis 2004): score(j) = sum over history items h of
 * w(h) * sim(h, j), with cosine similarity on item co-occurrence, shrinkage and the top-k
 * neighbours of each item (defaults: top 50, shrinkage 0). Items outside every neighbour list
 * score 0.
 */
export function createItemKnnRecommender(train: readonly Int32Array[], numItems: number, options: ItemKnnOptions = {}): Recommender {
  const neighbours = options.neighbours ?? computeCooccurrenceNeighbours(train, numItems, options);
  const decay = options.recencyDecay ?? 1;
  return {
    name: 'item-knn',
    numItems,
    scoreBatch(_users, histories, out) {
      const width = numItems + 1;
      out.fill(0);
      histories.forEach((history, row) => {
        let weight = 1;
        for (let position = history.length - 1; position >= 0; position--, weight *= decay) {
          const item = history[position];
          if (item <= 0 || item > numItems) continue;
          const items = neighbours.items[item];
          const weights = neighbours.weights[item];
          for (let n = 0; n < items.length; n++) out[row * width + items[n]] += weight * weights[n];
        }
      });
    },
  };
}
