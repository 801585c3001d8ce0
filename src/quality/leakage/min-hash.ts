/** Character-shingle MinHash with banded LSH, for near-duplicate lookups against a fixed set of texts. */
import { deriveSeed, hashString32 } from '../../internal/rng.js';

/** NFKC, lowercase, punctuation and symbols dropped, whitespace collapsed: equal after this = exact duplicate. */
export function normalizeForMatch(text: string): string {
  return text.normalize('NFKC').toLowerCase().replace(/[\p{P}\p{S}]+/gu, ' ').replace(/\s+/gu, ' ').trim();
}

/** Hashes of the character k-shingles of an already normalised text; a text shorter than k is one shingle. */
export function shingleHashes(normalized: string, size: number): Set<number> {
  const out = new Set<number>();
  if (normalized.length <= size) {
    if (normalized.length > 0) out.add(hashString32(normalized));
    return out;
  }
  for (let i = 0; i + size <= normalized.length; i++) out.add(hashString32(normalized.slice(i, i + size)));
  return out;
}

/** Exact Jaccard similarity |A ∩ B| / |A ∪ B| of two shingle sets; 0 when both are empty. */
export function jaccard(first: ReadonlySet<number>, second: ReadonlySet<number>): number {
  const [small, large] = first.size <= second.size ? [first, second] : [second, first];
  let shared = 0;
  for (const value of small) if (large.has(value)) shared++;
  const union = first.size + second.size - shared;
  return union === 0 ? 0 : shared / union;
}

/** Shingle size, number of MinHash functions, LSH bands, and the seed of the hash functions. */
export interface MinHashIndexOptions {
  shingleSize: number;
  hashes: number;
  bands: number;
  seed: number;
}

/** The index of the best indexed text and its exact shingle Jaccard. */
export interface MinHashMatch {
  index: number;
  similarity: number;
}

/** A MinHash LSH index over texts; `query` returns the most similar indexed text at or above a Jaccard threshold. */
export interface MinHashIndex {
  query(normalized: string, threshold: number): MinHashMatch | undefined;
}

/**
 * Builds a banded MinHash index (Broder, "On the resemblance and containment of documents", 1997;
 * Leskovec, Rajaraman and Ullman, "Mining of Massive Datasets", ch. 3). Candidates are confirmed
 * with the exact shingle Jaccard, so there are no false positives, only rare misses.
 */
export function createMinHashIndex(normalizedTexts: readonly string[], options: MinHashIndexOptions): MinHashIndex {
  const seeds = Uint32Array.from({ length: options.hashes }, (_, i) => deriveSeed(options.seed, 'minhash', i));
  const rows = Math.max(1, Math.floor(options.hashes / options.bands));
  const signature = (shingles: ReadonlySet<number>): Uint32Array => {
    const out = new Uint32Array(options.hashes).fill(0xffffffff);
    for (const shingle of shingles) {
      for (let h = 0; h < options.hashes; h++) {
        let z = (shingle ^ seeds[h]) >>> 0;
        z = Math.imul(z ^ (z >>> 16), 0x85ebca6b);
        z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35);
        z = (z ^ (z >>> 16)) >>> 0;
        if (z < out[h]) out[h] = z;
      }
    }
    return out;
  };
  const bandKeys = (values: Uint32Array): string[] =>
    Array.from({ length: options.bands }, (_, band) => `${band}:${values.subarray(band * rows, band * rows + rows).join(',')}`);
  const shingleSets = normalizedTexts.map((text) => shingleHashes(text, options.shingleSize));
  const buckets = new Map<string, number[]>();
  shingleSets.forEach((shingles, index) => {
    if (shingles.size === 0) return;
    for (const key of bandKeys(signature(shingles))) {
      const bucket = buckets.get(key);
      if (bucket) bucket.push(index);
      else buckets.set(key, [index]);
    }
  });
  return {
    query(normalized, threshold) {
      const shingles = shingleHashes(normalized, options.shingleSize);
      if (shingles.size === 0) return undefined;
      const seen = new Set<number>();
      let best: MinHashMatch | undefined;
      for (const key of bandKeys(signature(shingles))) {
        for (const index of buckets.get(key) ?? []) {
          if (seen.has(index)) continue;
          seen.add(index);
          const similarity = jaccard(shingles, shingleSets[index]);
          if (similarity >= threshold && (best === undefined || similarity > best.similarity)) best = { index, similarity };
        }
      }
      return best;
    },
  };
}
