/**
 * Ranking metrics as small declarative objects: each maps the 0-based rank of a user's single
 * target to a value, and a metric's score is the mean over users. A rank may be fractional (half
 * ties, see `rank-targets.ts`) or `Infinity` (a miss, e.g. outside an external top-K list).
 */

/** One per-user metric of a single-target ranking. */
export interface RankingMetric {
  /** Key in results, e.g. `ndcg@10`. */
  readonly name: string;
  /** Cut-off, when the metric has one. */
  readonly k?: number;
  /** The user's value for a 0-based target rank. */
  value(rank: number): number;
}

/** HR@K: 1 when the target ranks in the top K (rank < K), else 0. Equals Recall@K with one target. */
export function hitRate(k: number): RankingMetric {
  return { name: `hr@${k}`, k, value: (rank) => (rank < k ? 1 : 0) };
}

/** NDCG@K for one relevant item: 1 / log2(rank + 2) when rank < K, else 0 (the ideal DCG is 1). */
export function ndcg(k: number): RankingMetric {
  return { name: `ndcg@${k}`, k, value: (rank) => (rank < k ? 1 / Math.log2(rank + 2) : 0) };
}

/** MRR: 1 / (rank + 1) over the full ranking (0 for a miss); with a cut-off K, 0 past K. */
export function mrr(k?: number): RankingMetric {
  return {
    name: k === undefined ? 'mrr' : `mrr@${k}`,
    k,
    value: (rank) => (k !== undefined && !(rank < k) ? 0 : 1 / (rank + 1)),
  };
}

/** HR, NDCG at each K and full MRR, the set reported by S3-Rec and ICLRec; default K 5, 10, 20. */
export function createRankingMetrics(ks: readonly number[] = [5, 10, 20]): RankingMetric[] {
  return [...ks.flatMap((k) => [hitRate(k), ndcg(k)]), mrr()];
}

/** Mean of each metric over the given ranks (NaN ranks, i.e. users without a target, are skipped). */
export function averageMetrics(ranks: ArrayLike<number>, metrics: readonly RankingMetric[], include?: (index: number) => boolean): { users: number; values: Record<string, number> } {
  const sums = new Float64Array(metrics.length);
  let users = 0;
  for (let index = 0; index < ranks.length; index++) {
    const rank = ranks[index];
    if (Number.isNaN(rank) || (include !== undefined && !include(index))) continue;
    users++;
    for (let m = 0; m < metrics.length; m++) sums[m] += metrics[m].value(rank);
  }
  const values: Record<string, number> = {};
  metrics.forEach((metric, m) => {
    values[metric.name] = users === 0 ? Number.NaN : sums[m] / users;
  });
  return { users, values };
}
