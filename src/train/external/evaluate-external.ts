import { SampleForgeError } from '../../errors.js';
import { splitHistories, summarizeRanks, type EvaluateRankingOptions, type RankingEvaluation } from '../../eval/ranking/evaluate-ranking.js';
import { rankTargets } from '../../eval/ranking/rank-targets.js';
import { rankTopKLists } from '../../eval/ranking/rank-top-k-lists.js';
import type { LeaveOneOutData, Recommender } from '../../models/recommender.js';
import type { ExternalTrainerResult } from './run-external-trainer.js';

/**
 * Evaluates an external trainer's output with the same metrics and slices as the built-in models:
 * top-K lists by the target's place in the list (known items dropped; outside the list is a miss),
 * scores by the full-ranking protocol.
 */
export async function evaluateExternal(result: ExternalTrainerResult, data: LeaveOneOutData, options: Omit<EvaluateRankingOptions, 'split'> = {}): Promise<RankingEvaluation> {
  const started = performance.now();
  const { histories, targets } = splitHistories(data, result.split);
  let ranks: Float64Array;
  if (result.lists !== undefined) {
    ranks = rankTopKLists(result.lists, targets, histories);
  } else if (result.scores !== undefined) {
    const { users, values } = result.scores;
    const width = data.numItems + 1;
    const rowOf = new Int32Array(data.train.length).fill(-1);
    users.forEach((user, row) => {
      rowOf[user] = row;
    });
    const model: Recommender = {
      name: 'external-scores',
      numItems: data.numItems,
      scoreBatch(batchUsers, _histories, out) {
        batchUsers.forEach((user, index) => {
          const row = rowOf[user];
          if (row < 0) out.fill(0, index * width, (index + 1) * width);
          else out.set(values.subarray(row * width, (row + 1) * width), index * width);
        });
      },
    };
    ranks = await rankTargets(model, { users: Int32Array.from(histories.keys()), histories, targets, masks: histories, ties: options.ties, batchSize: options.batchSize });
  } else {
    throw new SampleForgeError('E_USAGE', 'evaluateExternal: the result has neither lists nor scores');
  }
  return { ...summarizeRanks(ranks, data, { ...options, split: result.split }), protocol: result.lists ? 'top-k' : 'full', seconds: (performance.now() - started) / 1000 };
}
