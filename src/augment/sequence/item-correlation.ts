import type { Rng } from '../../internal/rng.js';
import { computeCooccurrenceNeighbours, computeEmbeddingNeighbours, type ItemNeighbours } from '../../models/baselines/item-similarity.js';

/** Picks an item correlated with a given one, for CoSeRec's substitute and insert. */
export interface ItemCorrelation {
  readonly source: 'cooccurrence' | 'embeddings';
  /** A correlated item id, or 0 when the item has no neighbour. */
  correlated(item: number, rng: Rng): number;
}

/** Options of the correlation factories. */
export interface ItemCorrelationOptions {
  /** Neighbours kept per item; default 20. */
  topK?: number;
  /** `top`: always the most similar item (CoSeRec); `sample`: uniform among the top-k; default `top`. */
  pick?: 'top' | 'sample';
}

function fromNeighbours(source: ItemCorrelation['source'], neighbours: ItemNeighbours, pick: 'top' | 'sample'): ItemCorrelation {
  return {
    source,
    correlated(item, rng) {
      const list = item > 0 && item <= neighbours.numItems ? neighbours.items[item] : undefined;
      if (list === undefined || list.length === 0) return 0;
      return pick === 'top' ? list[0] : list[rng.int(list.length)];
    },
  };
}

/**
 * Correlation from item co-occurrence in the training sequences: ItemCF-IUF cosine (CoSeRec's
 * default similarity model, Liu et al. 2021), top-k neighbours per item.
 */
export function createCooccurrenceCorrelation(sequences: readonly Int32Array[], numItems: number, options: ItemCorrelationOptions = {}): ItemCorrelation {
  const neighbours = computeCooccurrenceNeighbours(sequences, numItems, { topK: options.topK ?? 20, inverseUserFrequency: true });
  return fromNeighbours('cooccurrence', neighbours, options.pick ?? 'top');
}

/**
 * Correlation from learned item embeddings (`(numItems + 1) * dim`, row 0 padding): cosine top-k
 * neighbours, e.g. from a trained SASRec (CoSeRec's online similarity).
 */
export function createEmbeddingCorrelation(embeddings: Float32Array, dim: number, options: ItemCorrelationOptions = {}): ItemCorrelation {
  return fromNeighbours('embeddings', computeEmbeddingNeighbours(embeddings, dim, { topK: options.topK ?? 20 }), options.pick ?? 'top');
}
