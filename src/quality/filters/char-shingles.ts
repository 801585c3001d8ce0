/** Character n-gram shingles of normalised text, hashed to 32-bit integers, and set similarities over them. */
import { hashString32 } from '../../internal/rng.js';
import { normalizeForComparison } from './sample-filter.js';

/** Distinct hashed character n-grams of the normalised text (the whole text when shorter than `size`). */
export function charShingles(text: string, size: number): Uint32Array {
  const normalized = normalizeForComparison(text);
  const set = new Set<number>();
  if (normalized.length <= size) set.add(hashString32(normalized));
  else for (let i = 0; i + size <= normalized.length; i++) set.add(hashString32(normalized.slice(i, i + size)));
  return Uint32Array.from(set).sort();
}

/** Jaccard similarity |A ∩ B| / |A ∪ B| of two sorted shingle arrays; 1 for two empty sets. */
export function jaccard(a: Uint32Array, b: Uint32Array): number {
  let i = 0;
  let j = 0;
  let shared = 0;
  while (i < a.length && j < b.length) {
    if (a[i] === b[j]) {
      shared++;
      i++;
      j++;
    } else if (a[i] < b[j]) i++;
    else j++;
  }
  const union = a.length + b.length - shared;
  return union === 0 ? 1 : shared / union;
}

/** Cosine similarity of two sorted shingle sets as binary vectors: |A ∩ B| / sqrt(|A| |B|). */
export function cosine(a: Uint32Array, b: Uint32Array): number {
  if (a.length === 0 || b.length === 0) return a.length === b.length ? 1 : 0;
  const overlap = jaccard(a, b);
  // |A ∩ B| from Jaccard: J (|A| + |B|) / (1 + J).
  const shared = (overlap * (a.length + b.length)) / (1 + overlap);
  return shared / Math.sqrt(a.length * b.length);
}
