/**
 * Sanity of the baselines on Beauty's leave-one-out split (S3-Rec / ICLRec protocol, full ranking
 * with train + validation masked, test split): Pop, ItemKNN and BPR-MF, with the evaluation time.
 * For reference, S3-Rec's full-ranking table gives Pop on Beauty HR@10 about 0.0077, NDCG@10 about 0.0040.
 *
 *   npx vite-node bench/eval-ranking/baselines-beauty.ts
 */
import { evaluateRanking } from '../../src/eval/ranking/evaluate-ranking.js';
import { trainBprMf } from '../../src/models/baselines/bpr-mf.js';
import { createItemKnnRecommender } from '../../src/models/baselines/item-knn.js';
import { createPopRecommender } from '../../src/models/baselines/pop.js';
import type { Recommender } from '../../src/models/recommender.js';
import { leaveOneOut, readBeautySequences } from './read-beauty.js';

const { numItems, sequences } = readBeautySequences();
const data = leaveOneOut(numItems, sequences);
const format = (value: number): string => value.toFixed(4);

async function report(label: string, build: () => Recommender): Promise<void> {
  const started = performance.now();
  const model = build();
  const buildSeconds = (performance.now() - started) / 1000;
  for (const ties of ['half', 'pessimistic'] as const) {
    const result = await evaluateRanking(model, data, { split: 'test', ties });
    const m = result.metrics;
    console.log(
      `${label.padEnd(40)} ties ${ties.padEnd(11)} HR@5 ${format(m['hr@5'])} NDCG@5 ${format(m['ndcg@5'])} HR@10 ${format(m['hr@10'])} NDCG@10 ${format(m['ndcg@10'])} ` +
        `HR@20 ${format(m['hr@20'])} NDCG@20 ${format(m['ndcg@20'])} MRR ${format(m.mrr)} | short-history NDCG@10 ${format(result.slices['short-history'].metrics['ndcg@10'])} ` +
        `(${result.slices['short-history'].users} users), long-tail NDCG@10 ${format(result.slices['long-tail'].metrics['ndcg@10'])} (${result.slices['long-tail'].users}) | ` +
        `build ${buildSeconds.toFixed(1)} s, eval ${result.seconds.toFixed(2)} s`,
    );
  }
}

console.log(`Beauty: ${sequences.length} users, ${numItems} items`);
await report('Pop', () => createPopRecommender(data.train, numItems));
await report('ItemKNN (top 50, shrinkage 0)', () => createItemKnnRecommender(data.train, numItems));
await report('ItemKNN (top 100, shrinkage 10, decay .8)', () => createItemKnnRecommender(data.train, numItems, { topK: 100, shrinkage: 10, recencyDecay: 0.8 }));
await report('BPR-MF (dim 64, 10 epochs, seed 0)', () => trainBprMf(data.train, numItems, { epochs: 10, seed: 0 }));
