/**
 * Near-duplicate removal with MinHash (Broder 1997) and LSH banding (Indyk and Motwani 1998; as in
 * Leskovec, Rajaraman and Ullman, "Mining of Massive Datasets", ch. 3): signatures over character
 * shingles, bands hashed into buckets, and candidates in a shared bucket checked by their
 * signature agreement (the Jaccard estimate). A sample's own parents are never counted against it;
 * closeness to the parent is the similarity-bounds filter's job.
 */
import { deriveSeed } from '../../internal/rng.js';
import type { TextSample } from '../../types.js';
import { charShingles } from './char-shingles.js';
import { recordVerdict, type FilterOutcome, type SampleFilter } from './sample-filter.js';

/** Options of {@link nearDuplicateFilter}. */
export interface NearDuplicateOptions {
  name?: string;
  /** Estimated Jaccard at or above which two texts are near duplicates; default 0.8. */
  threshold?: number;
  /** Character shingle length; default 4. */
  shingleSize?: number;
  /** LSH bands; default 16. */
  bands?: number;
  /** Rows per band; default 4 (64 hash functions). */
  rows?: number;
  /** Also compare with the real samples; default true. */
  compareWithReal?: boolean;
}

function mix(value: number, seed: number): number {
  let z = (value ^ seed) >>> 0;
  z = Math.imul(z ^ (z >>> 16), 0x85ebca6b);
  z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35);
  return (z ^ (z >>> 16)) >>> 0;
}

/** The MinHash signature of a shingle set under `seeds.length` hash functions. */
export function minHashSignature(shingles: Uint32Array, seeds: Uint32Array): Uint32Array {
  const signature = new Uint32Array(seeds.length).fill(0xffffffff);
  for (const shingle of shingles) {
    for (let i = 0; i < seeds.length; i++) {
      const value = mix(shingle, seeds[i]);
      if (value < signature[i]) signature[i] = value;
    }
  }
  return signature;
}

/** Near-duplicate removal; the reason names the matched sample and the estimated Jaccard. */
export function nearDuplicateFilter(options: NearDuplicateOptions = {}): SampleFilter<TextSample> {
  const name = options.name ?? 'filter/near-duplicate';
  const threshold = options.threshold ?? 0.8;
  const shingleSize = options.shingleSize ?? 4;
  const bands = options.bands ?? 16;
  const rows = options.rows ?? 4;
  return {
    name,
    async apply(samples, context) {
      const seeds = Uint32Array.from({ length: bands * rows }, (_, i) => deriveSeed(context.seed, name, i));
      const buckets = new Map<string, number[]>();
      const signatures: Uint32Array[] = [];
      const ids: string[] = [];
      const add = (id: string, signature: Uint32Array): void => {
        const index = signatures.length;
        signatures.push(signature);
        ids.push(id);
        for (let band = 0; band < bands; band++) {
          const key = `${band}:${signature.subarray(band * rows, band * rows + rows).join(',')}`;
          const bucket = buckets.get(key);
          if (bucket === undefined) buckets.set(key, [index]);
          else bucket.push(index);
        }
      };
      if (options.compareWithReal !== false) for (const real of context.real) add(real.id, minHashSignature(charShingles(real.text, shingleSize), seeds));
      const outcome: FilterOutcome<TextSample> = { kept: [], dropped: [] };
      for (const sample of samples) {
        const signature = minHashSignature(charShingles(sample.sample.text, shingleSize), seeds);
        const parents = new Set(sample.lineage.parentIds);
        let best = -1;
        let bestScore = 0;
        for (let band = 0; band < bands; band++) {
          const bucket = buckets.get(`${band}:${signature.subarray(band * rows, band * rows + rows).join(',')}`);
          if (bucket === undefined) continue;
          for (const other of bucket) {
            if (parents.has(ids[other])) continue;
            let agree = 0;
            for (let i = 0; i < signature.length; i++) if (signature[i] === signatures[other][i]) agree++;
            const score = agree / signature.length;
            if (score > bestScore) {
              bestScore = score;
              best = other;
            }
          }
        }
        if (best >= 0 && bestScore >= threshold) {
          recordVerdict(sample, { filter: name, kept: false, reason: `near duplicate of ${ids[best]} (estimated Jaccard ${bestScore.toFixed(2)} >= ${threshold})`, score: bestScore }, outcome);
        } else {
          recordVerdict(sample, { filter: name, kept: true, score: bestScore }, outcome);
          add(sample.id, signature);
        }
      }
      return outcome;
    },
  };
}
