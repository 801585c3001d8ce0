/**
 * Trains SASRec on Amazon Beauty (S3-Rec/ICLRec protocol) and prints validation and test NDCG@10 /
 * HR@10 with full ranking (training + validation items masked for the test).
 *
 *   npx vite-node bench/sasrec/beauty.ts -- --seed 1 --loss bce --epochs 200 --patience 20 --valid-every 2
 *
 * Options: --seed, --loss bce|ce, --epochs, --patience, --valid-every, --dropout, --attention-dropout,
 * --lr, --batch-size, --heads, --checkpoint <folder> (resumes from it), --views crop,reorder,...
 * (CL4SRec/CoSeRec contrastive views with the config defaults; one drawn per view), --cl-weight,
 * --cl-temperature, --negatives N (BCE negatives per target).
 */
import { parseArgs } from 'node:util';
import { createSequenceTransform } from '../../src/augment/sequence/create-sequence-augmenter.js';
import { sequenceAugmentStepSchema } from '../../src/config/augment-sequence.js';
import { rankingSummary } from '../../src/train/sasrec/ranking-metrics.js';
import { trainSasrec } from '../../src/train/sasrec/train-sasrec.js';
import { loadBeautyLeaveOneOut } from './beauty-data.js';

const { values } = parseArgs({
  options: {
    seed: { type: 'string', default: '1' },
    loss: { type: 'string', default: 'bce' },
    epochs: { type: 'string', default: '200' },
    patience: { type: 'string', default: '20' },
    'valid-every': { type: 'string', default: '1' },
    dropout: { type: 'string', default: '0.5' },
    'attention-dropout': { type: 'string', default: '0.5' },
    lr: { type: 'string', default: '0.001' },
    'batch-size': { type: 'string', default: '128' },
    heads: { type: 'string', default: '2' },
    checkpoint: { type: 'string' },
    views: { type: 'string', default: '' },
    negatives: { type: 'string', default: '1' },
    'cl-weight': { type: 'string', default: '0.1' },
    'cl-temperature': { type: 'string', default: '1' },
  },
  allowPositionals: true,
});

const { data, testHistories, interactions } = loadBeautyLeaveOneOut();
console.log(`Beauty: ${data.train.length} users, ${data.numItems} items, ${interactions} interactions`);
const viewNames = values.views.split(',').filter((name) => name !== '');
const views = viewNames.map((augmenter) => createSequenceTransform(sequenceAugmentStepSchema.parse({ augmenter }), { numItems: data.numItems, trainSequences: data.train }));
const options = {
  seed: Number(values.seed),
  loss: values.loss as 'bce' | 'ce',
  epochs: Number(values.epochs),
  patience: Number(values.patience),
  validEvery: Number(values['valid-every']),
  dropout: Number(values.dropout),
  attentionDropout: Number(values['attention-dropout']),
  lr: Number(values.lr),
  batchSize: Number(values['batch-size']),
  heads: Number(values.heads),
  negatives: Number(values.negatives),
  contrastive:
    views.length === 0
      ? undefined
      : {
          weight: Number(values['cl-weight']),
          temperature: Number(values['cl-temperature']),
          augment: (items: Int32Array, rng: Parameters<(typeof views)[number]>[1]) => views[views.length === 1 ? 0 : rng.int(views.length)](items, rng) ?? items,
        },
};
console.log(`options ${JSON.stringify({ ...options, views: viewNames })}`);
const started = performance.now();
const result = await trainSasrec(data, options, {
  checkpointDirectory: values.checkpoint,
  onEpoch: (record) => {
    const valid = record.validNdcg10 === null ? '' : ` validNdcg10 ${record.validNdcg10.toFixed(4)}`;
    console.log(`epoch ${record.epoch} loss ${record.loss.toFixed(4)} ${record.seconds.toFixed(1)} s${valid}`);
  },
});
const minutes = (performance.now() - started) / 60000;
const h = result.model.dimensions.hidden;
const items = result.model.itemVectors;
const encode = (histories: readonly Int32Array[]): Float32Array => result.model.encode(histories);
const valid = rankingSummary(encode, items, data.numItems, h, data.train, data.validTarget);
const test = rankingSummary(encode, items, data.numItems, h, testHistories, data.testTarget);
console.log(
  `RESULT seed ${options.seed} loss ${options.loss} views ${viewNames.join('+') || 'none'} negatives ${options.negatives} bestEpoch ${result.bestEpoch} epochsRun ${result.history.length} minutes ${minutes.toFixed(1)} ` +
    `valid NDCG@10 ${valid.ndcg10.toFixed(4)} HR@10 ${valid.hr10.toFixed(4)} | test NDCG@10 ${test.ndcg10.toFixed(4)} HR@10 ${test.hr10.toFixed(4)} (users ${test.users})`,
);
