import type { EvaluateConfig } from '../../config/evaluate.js';
import type { LeaveOneOutData, Recommender } from '../../models/recommender.js';
import { rankAmongCandidates, rankTargets } from './rank-targets.js';
import { averageMetrics, createRankingMetrics } from './ranking-metrics.js';
import { createRankingSlices } from './ranking-slices.js';
import { sampleEvaluationNegatives } from './sampled-negatives.js';

/** Options of {@link evaluateRanking}: the evaluation config (defaults as in `config/evaluate.ts`) and the split. */
export interface EvaluateRankingOptions extends Partial<Omit<EvaluateConfig, 'slices'>> {
  split: 'valid' | 'test';
  slices?: Partial<EvaluateConfig['slices']>;
  /** Sampled-protocol candidates to reuse (from `sampleEvaluationNegatives`), so every model sees the same. */
  candidates?: readonly Int32Array[];
  /** Use the model's `embed` fast path when it has one; default true. */
  useEmbeddings?: boolean;
  /** Users per `scoreBatch` call on the generic path; default 256. */
  batchSize?: number;
}

/** Users evaluated and metric means of one slice. */
export interface SliceEvaluation {
  users: number;
  metrics: Record<string, number>;
}

/** The result of one evaluation. */
export interface RankingEvaluation {
  split: 'valid' | 'test';
  /** `top-k` for ranks read from recommended lists (external trainers). */
  protocol: 'full' | 'sampled' | 'top-k';
  /** Users with a target. */
  users: number;
  /** Metric means over users, e.g. `metrics['ndcg@10']`. */
  metrics: Record<string, number>;
  slices: Record<string, SliceEvaluation>;
  /** 0-based target rank per user (NaN without a target). */
  ranks: Float64Array;
  /** Wall time of scoring, ranking and metrics. */
  seconds: number;
}

/** Histories of the split: validation sees the training items, test also the validation item. */
export function splitHistories(data: LeaveOneOutData, split: 'valid' | 'test'): { histories: Int32Array[]; targets: Int32Array } {
  if (split === 'valid') return { histories: data.train, targets: data.validTarget };
  const histories = data.train.map((train, user) => {
    const valid = data.validTarget[user];
    if (valid <= 0) return train;
    const history = new Int32Array(train.length + 1);
    history.set(train);
    history[train.length] = valid;
    return history;
  });
  return { histories, targets: data.testTarget };
}

/**
 * Evaluates a recommender on the leave-one-out split with the S3-Rec / ICLRec protocol: each user's
 * target is ranked against all items except the ones the user is known to have (training items,
 * and for test also the validation item), or against sampled negatives; HR@K, NDCG@K and MRR
 * averaged over users, overall and per slice. Masked items are left out of the ranking (ICLRec's
 * code sets their scores to 0 instead, which can still rank them above a negative-scored target).
 */
export async function evaluateRanking(model: Recommender, data: LeaveOneOutData, options: EvaluateRankingOptions): Promise<RankingEvaluation> {
  const started = performance.now();
  const protocol = options.protocol ?? 'full';
  const { histories, targets } = splitHistories(data, options.split);
  const users = Int32Array.from(histories.keys());
  const common = { users, histories, targets, ties: options.ties, threads: options.threads, batchSize: options.batchSize, useEmbeddings: options.useEmbeddings };
  const ranks =
    protocol === 'full'
      ? await rankTargets(model, { ...common, masks: histories })
      : rankAmongCandidates(model, {
          ...common,
          candidates: options.candidates ?? sampleEvaluationNegatives(data, { negatives: options.negatives, sampler: options.negativeSampler, seed: options.seed }),
        });
  return { ...summarizeRanks(ranks, data, options), protocol, seconds: (performance.now() - started) / 1000 };
}

/** Metrics over users and per slice from ranks already computed (the same for built-in and external models). */
export function summarizeRanks(
  ranks: Float64Array,
  data: LeaveOneOutData,
  options: Pick<EvaluateRankingOptions, 'split' | 'ks' | 'slices'>,
): Pick<RankingEvaluation, 'split' | 'users' | 'metrics' | 'slices' | 'ranks'> {
  const { targets } = splitHistories(data, options.split);
  const metrics = createRankingMetrics(options.ks);
  const overall = averageMetrics(ranks, metrics);
  const slices: Record<string, SliceEvaluation> = {};
  for (const [name, include] of Object.entries(createRankingSlices(data, targets, options.slices))) {
    const result = averageMetrics(ranks, metrics, include);
    slices[name] = { users: result.users, metrics: result.values };
  }
  return { split: options.split, users: overall.users, metrics: overall.values, slices, ranks };
}
