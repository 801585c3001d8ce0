/** Removes synthetic samples that copy, nearly copy, or derive from validation and test samples. */
import { leakageConfigSchema, type LeakageConfig } from '../../config/align.js';
import { createMinHashIndex, normalizeForMatch } from './min-hash.js';

/** What the leakage check needs of a synthetic sample. */
export interface LeakageCandidate {
  id: string;
  text: string;
  /** Lineage parents; every one must be a training id. */
  parentIds: readonly string[];
}

/** A validation or test sample. */
export interface HeldOutSample {
  id: string;
  text: string;
  split?: string;
}

/** Why a synthetic sample was removed by the leakage guard. */
export type LeakageReason = 'derived-from-held-out' | 'parent-not-in-training' | 'exact-duplicate' | 'near-duplicate';

/** One removed synthetic sample, with its reason and match. */
export interface LeakageRemoval {
  id: string;
  reason: LeakageReason;
  /** The held-out sample (or parent id) it matched. */
  matchId: string;
  /** Shingle Jaccard for near duplicates, 1 for exact ones. */
  similarity?: number;
  message: string;
}

/** The kept synthetic samples and what was removed, with counts by reason. */
export interface LeakageResult<T> {
  kept: T[];
  removed: LeakageRemoval[];
  /** Removed counts by reason (every reason present, 0 when none). */
  counts: Record<LeakageReason, number>;
}

/** Options of {@link checkLeakage}. */
export interface CheckLeakageOptions {
  heldOut: readonly HeldOutSample[];
  /** Ids of the training samples; a parent outside this set is a leak risk. */
  trainIds: Iterable<string>;
  /** `leakage` config; defaults from src/config/align.ts. */
  config?: Partial<LeakageConfig>;
  /** Seed of the MinHash functions. Default 0. */
  seed?: number;
}

/**
 * Checks each synthetic sample in order: every lineage parent must be a training id (not a held-out
 * one), its normalised text must not equal a held-out text, and its character-shingle Jaccard with
 * every held-out text must stay below `nearDuplicateThreshold`. Returns the kept samples and, for
 * each removed one, the reason and the match.
 */
export function checkLeakage<T extends LeakageCandidate>(synthetic: readonly T[], options: CheckLeakageOptions): LeakageResult<T> {
  const config = leakageConfigSchema.parse(options.config ?? {});
  const trainIds = options.trainIds instanceof Set ? (options.trainIds as Set<string>) : new Set(options.trainIds);
  const heldOutIds = new Set(options.heldOut.map((sample) => sample.id));
  const normalizedHeldOut = options.heldOut.map((sample) => normalizeForMatch(sample.text));
  const exact = new Map<string, string>();
  normalizedHeldOut.forEach((text, index) => {
    if (text !== '' && !exact.has(text)) exact.set(text, options.heldOut[index].id);
  });
  const index = createMinHashIndex(normalizedHeldOut, { shingleSize: config.shingleSize, hashes: config.hashes, bands: config.bands, seed: options.seed ?? 0 });
  const kept: T[] = [];
  const removed: LeakageRemoval[] = [];
  const counts: Record<LeakageReason, number> = { 'derived-from-held-out': 0, 'parent-not-in-training': 0, 'exact-duplicate': 0, 'near-duplicate': 0 };
  const remove = (removal: LeakageRemoval): void => {
    removed.push(removal);
    counts[removal.reason]++;
  };
  for (const sample of synthetic) {
    const heldOutParent = sample.parentIds.find((id) => heldOutIds.has(id));
    if (heldOutParent !== undefined) {
      remove({ id: sample.id, reason: 'derived-from-held-out', matchId: heldOutParent, message: `synthetic ${sample.id} derives from held-out sample ${heldOutParent}` });
      continue;
    }
    const strayParent = sample.parentIds.find((id) => !trainIds.has(id));
    if (strayParent !== undefined) {
      remove({ id: sample.id, reason: 'parent-not-in-training', matchId: strayParent, message: `synthetic ${sample.id} has parent ${strayParent}, which is not a training id` });
      continue;
    }
    const normalized = normalizeForMatch(sample.text);
    const same = exact.get(normalized);
    if (same !== undefined) {
      remove({ id: sample.id, reason: 'exact-duplicate', matchId: same, similarity: 1, message: `synthetic ${sample.id} equals held-out sample ${same} after normalisation` });
      continue;
    }
    const near = index.query(normalized, config.nearDuplicateThreshold);
    if (near) {
      const matchId = options.heldOut[near.index].id;
      remove({
        id: sample.id,
        reason: 'near-duplicate',
        matchId,
        similarity: near.similarity,
        message: `synthetic ${sample.id} has shingle Jaccard ${near.similarity.toFixed(3)} >= ${config.nearDuplicateThreshold} with held-out sample ${matchId}`,
      });
      continue;
    }
    kept.push(sample);
  }
  return { kept, removed, counts };
}
