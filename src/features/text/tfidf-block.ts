/**
 * TF-IDF of item titles (Salton & Buckley 1988), fit on the catalog passed in, projected to a fixed
 * width by signed feature hashing (Weinberger et al. 2009, "Feature Hashing for Large Scale
 * Multitask Learning").
 *
 * Why hashing rather than a stored random projection: a sparse random projection with one
 * non-zero (+-1) per input term is exactly signed feature hashing, and hashing needs no stored
 * `vocabulary x dim` matrix, gives the same column for a term on any machine and in any worker,
 * and keeps working when the catalog grows. Signs make collisions cancel in expectation, so inner
 * products (cosine similarities of the l2-normalised TF-IDF rows) are preserved without bias; the
 * price is variance, about `1 / dim` per pair. `hashes > 1` spreads each term over that many
 * signed columns with weight `1 / sqrt(hashes)` (the sparse Johnson-Lindenstrauss transform of
 * Kane & Nelson 2014), which lowers the variance of collisions between frequent terms.
 *
 * Steps: tokens (`tokenizeText`, tokens with a letter or digit), term frequency `1 + ln(tf)`
 * (sublinear) or `tf`, smooth IDF `ln((1 + N) / (1 + df)) + 1` (scikit-learn's), terms with
 * document frequency below `minDocumentFrequency` dropped (a term of one item links it to no
 * other), row l2-normalised, projected, and l2-normalised again.
 */
import { deriveSeed } from '../../internal/rng.js';
import type { Item } from '../../types.js';
import { countZeroRows, createFeatureBlock, l2NormalizeRows, type FeatureBlock } from '../feature-block.js';
import { tokenizeText } from './tokenize-text.js';

/** Options of {@link tfidfBlock}. */
export interface TfidfBlockOptions {
  /** Width after projection (64). */
  dim?: number;
  /** Terms in fewer items are dropped (2). */
  minDocumentFrequency?: number;
  /** Term frequency `1 + ln(tf)` instead of `tf` (true). */
  sublinearTf?: boolean;
  /** Signed columns per term; 1 = plain feature hashing (1). */
  hashes?: number;
  /** Seed of the hash functions (0). */
  seed?: number;
  /** The text of an item (its title). */
  text?: (item: Item) => string;
}

const HAS_WORD_CHARACTER = /[\p{L}\p{N}]/u;

/** Tokens of a title that can be terms: no bare punctuation. */
export function titleTerms(text: string): string[] {
  return tokenizeText(text).filter((token) => HAS_WORD_CHARACTER.test(token));
}

/** The `tfidf` block of `items`; see the module doc. */
export function tfidfBlock(items: readonly Item[], options: TfidfBlockOptions = {}): FeatureBlock {
  const dim = options.dim ?? 64;
  const minDf = options.minDocumentFrequency ?? 2;
  const sublinear = options.sublinearTf ?? true;
  const hashes = options.hashes ?? 1;
  const seed = options.seed ?? 0;
  const text = options.text ?? ((item: Item) => item.title ?? '');
  const documents = items.map((item) => {
    const counts = new Map<string, number>();
    for (const term of titleTerms(text(item))) counts.set(term, (counts.get(term) ?? 0) + 1);
    return counts;
  });
  const documentFrequency = new Map<string, number>();
  for (const counts of documents) for (const term of counts.keys()) documentFrequency.set(term, (documentFrequency.get(term) ?? 0) + 1);
  const n = items.length;
  // Per kept term: its signed columns and IDF, computed once.
  const terms = new Map<string, { idf: number; columns: Int32Array; signs: Float32Array }>();
  const share = 1 / Math.sqrt(hashes);
  for (const [term, df] of documentFrequency) {
    if (df < minDf) continue;
    const columns = new Int32Array(hashes);
    const signs = new Float32Array(hashes);
    for (let k = 0; k < hashes; k++) {
      const hash = deriveSeed(seed, 'tfidf', k, term);
      columns[k] = hash % dim;
      // The top bit is independent of `hash % dim` for any width far below 2^31.
      signs[k] = (hash >>> 31 === 1 ? -1 : 1) * share;
    }
    terms.set(term, { idf: Math.log((1 + n) / (1 + df)) + 1, columns, signs });
  }
  const values = new Float32Array(n * dim);
  const weights: number[] = [];
  for (let row = 0; row < n; row++) {
    const kept: { columns: Int32Array; signs: Float32Array }[] = [];
    weights.length = 0;
    let norm = 0;
    for (const [term, count] of documents[row]) {
      const entry = terms.get(term);
      if (entry === undefined) continue;
      const weight = (sublinear ? 1 + Math.log(count) : count) * entry.idf;
      kept.push(entry);
      weights.push(weight);
      norm += weight * weight;
    }
    if (norm === 0) continue;
    const scale = 1 / Math.sqrt(norm);
    const offset = row * dim;
    for (let t = 0; t < kept.length; t++) {
      const { columns, signs } = kept[t];
      for (let k = 0; k < columns.length; k++) values[offset + columns[k]] += signs[k] * weights[t] * scale;
    }
  }
  l2NormalizeRows(values, n, dim);
  return createFeatureBlock({
    name: 'tfidf',
    rows: n,
    dim,
    values,
    info: { documents: n, vocabulary: terms.size, droppedRareTerms: documentFrequency.size - terms.size, emptyRows: countZeroRows(values, n, dim), projection: 'signed-hashing', hashes },
    warnings: [],
  });
}
