/**
 * Hashed n-gram counts of item titles: the classifier's fastText features (`appendNgramFeatures`,
 * Joulin et al. 2017) without a vocabulary, so every word, word n-gram and character n-gram lands
 * in one of `dim` buckets. Needs no fitting; rows are l2-normalised counts.
 */
import { hashString32 } from '../../internal/rng.js';
import type { Item } from '../../types.js';
import { countZeroRows, createFeatureBlock, l2NormalizeRows, type FeatureBlock } from '../feature-block.js';
import { appendNgramFeatures } from './hashed-ngrams.js';
import { tokenizeText } from './tokenize-text.js';

/** Options of {@link hashedNgramBlock}. */
export interface HashedNgramBlockOptions {
  /** Buckets (128). */
  dim?: number;
  /** Longest word n-gram (2). */
  wordNgrams?: number;
  /** Shortest character n-gram; 0 = none (3). */
  charNgramMin?: number;
  /** Longest character n-gram (5). */
  charNgramMax?: number;
  /** The text of an item (its title). */
  text?: (item: Item) => string;
}

const NO_VOCABULARY: ReadonlyMap<string, number> = new Map();

/** The `ngrams` block of `items`. */
export function hashedNgramBlock(items: readonly Item[], options: HashedNgramBlockOptions = {}): FeatureBlock {
  const dim = options.dim ?? 128;
  const ngramOptions = { wordNgrams: options.wordNgrams ?? 2, charNgramMin: options.charNgramMin ?? 3, charNgramMax: options.charNgramMax ?? 5, buckets: dim };
  const text = options.text ?? ((item: Item) => item.title ?? '');
  const values = new Float32Array(items.length * dim);
  const ids: number[] = [];
  for (const [row, item] of items.entries()) {
    const tokens = tokenizeText(text(item));
    ids.length = 0;
    // Without a vocabulary appendNgramFeatures emits no unigrams; words are hashed here instead.
    for (const token of tokens) ids.push(hashString32(token) % dim);
    appendNgramFeatures(tokens, NO_VOCABULARY, ngramOptions, ids);
    for (const id of ids) values[row * dim + id] += 1;
  }
  l2NormalizeRows(values, items.length, dim);
  return createFeatureBlock({ name: 'ngrams', rows: items.length, dim, values, info: { emptyRows: countZeroRows(values, items.length, dim), ...ngramOptions }, warnings: [] });
}
