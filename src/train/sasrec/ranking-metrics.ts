/**
 * A small full-ranking evaluator for early stopping: the target's rank among all items `1..numItems`
 * by dot product, with the history's items (other than the target) excluded, as in the S3-Rec/ICLRec
 * full-sort protocol. The shared evaluator in eval/ranking replaces it through
 * `TrainSasrecOptions.validate`.
 */
import { gemm, transpose } from '../../models/kernels/gemm.js';

/** NDCG@10 and HR@10 over the users that have a target. */
export interface RankingSummary {
  ndcg10: number;
  hr10: number;
  /** Users evaluated (those with a target and a non-empty history). */
  users: number;
}

/** Users scored per matrix product; bounds the score buffer at 512 x (numItems + 1) floats. */
const CHUNK = 512;

/**
 * Ranks `targets[u]` (skipped when below 1) against all items for user vectors from `encode`.
 * The rank counts items scoring strictly higher, so ties favour the target.
 */
export function rankingSummary(
  encode: (histories: readonly Int32Array[]) => Float32Array,
  itemEmbedding: Float32Array,
  numItems: number,
  hidden: number,
  histories: readonly Int32Array[],
  targets: Int32Array,
): RankingSummary {
  const width = numItems + 1;
  const itemsTransposed = new Float32Array(hidden * width);
  transpose(itemEmbedding, itemsTransposed, width, hidden);
  const scores = new Float32Array(CHUNK * width);
  const seen = new Int32Array(width);
  let stamp = 0;
  let ndcg = 0;
  let hits = 0;
  let users = 0;
  for (let start = 0; start < histories.length; start += CHUNK) {
    const chunk: Int32Array[] = [];
    const owners: number[] = [];
    for (let u = start; u < Math.min(start + CHUNK, histories.length); u++) {
      if (targets[u] < 1 || histories[u].length === 0) continue;
      chunk.push(histories[u]);
      owners.push(u);
    }
    if (chunk.length === 0) continue;
    const vectors = encode(chunk);
    gemm(vectors, itemsTransposed, scores, chunk.length, hidden, width);
    for (let b = 0; b < chunk.length; b++) {
      const row = b * width;
      const target = targets[owners[b]];
      const targetScore = scores[row + target];
      let rank = 0;
      for (let i = 1; i < width; i++) if (scores[row + i] > targetScore) rank++;
      stamp++;
      for (const item of chunk[b]) {
        if (item === target || seen[item] === stamp) continue;
        seen[item] = stamp;
        if (scores[row + item] > targetScore) rank--;
      }
      users++;
      if (rank < 10) {
        hits++;
        ndcg += 1 / Math.log2(rank + 2);
      }
    }
  }
  return { ndcg10: users === 0 ? 0 : ndcg / users, hr10: users === 0 ? 0 : hits / users, users };
}
