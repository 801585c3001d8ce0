/**
 * Evaluates the best weights saved so far in a SASRec checkpoint folder of bench/sasrec/beauty.ts
 * (default shape: hidden 64, 2 blocks, 2 heads, length 50) on Beauty: validation and test NDCG@10 /
 * HR@10 with full ranking, training (+ validation for test) items masked. Works while training runs.
 *
 *   npx vite-node bench/sasrec/evaluate-checkpoint.ts -- /tmp/sasrec-runs/ckpt-bce-1
 */
import { createSasrecModel } from '../../src/models/sasrec/sasrec-model.js';
import { sasrecParameterCount } from '../../src/models/sasrec/sasrec-parameters.js';
import { readLatestCheckpoint } from '../../src/train/sasrec/checkpoint.js';
import { rankingSummary } from '../../src/train/sasrec/ranking-metrics.js';
import { loadBeautyLeaveOneOut } from './beauty-data.js';

const directory = process.argv.slice(2).find((argument) => argument !== '--');
if (directory === undefined) throw new Error('usage: evaluate-checkpoint.ts <checkpoint folder>');
const { data, testHistories } = loadBeautyLeaveOneOut();
const dimensions = { numItems: data.numItems, hidden: 64, blocks: 2, heads: 2, maxLength: 50 };
const checkpoint = await readLatestCheckpoint(directory, sasrecParameterCount(dimensions));
if (checkpoint === undefined) throw new Error(`no checkpoint in ${directory}`);
const model = createSasrecModel(dimensions, checkpoint.bestParameters);
const items = model.itemVectors;
const encode = (histories: readonly Int32Array[]): Float32Array => model.encode(histories);
const valid = rankingSummary(encode, items, data.numItems, dimensions.hidden, data.train, data.validTarget);
const test = rankingSummary(encode, items, data.numItems, dimensions.hidden, testHistories, data.testTarget);
const { state } = checkpoint;
console.log(
  `CHECKPOINT ${directory} seed ${state.seed} epochsDone ${state.epochsDone} bestEpoch ${state.bestEpoch} ` +
    `valid NDCG@10 ${valid.ndcg10.toFixed(4)} HR@10 ${valid.hr10.toFixed(4)} | test NDCG@10 ${test.ndcg10.toFixed(4)} HR@10 ${test.hr10.toFixed(4)} (users ${test.users})`,
);
