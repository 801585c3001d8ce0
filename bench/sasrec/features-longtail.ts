/**
 * Issue 8, item 4 bar: on Amazon Beauty, SASRec with fused item feature vectors projected into the
 * item representation (`itemFeatures`: `e'_i = e_i + W f_i`) against SASRec without them, same
 * seeds, same options, early stopping on validation NDCG@10; reported on the evaluator's
 * `long-tail` slice (test targets with fewer than 10 training interactions) and overall, as mean ±
 * spread over seeds with a paired t-test.
 *
 * The fused blocks are attribute multi-hot + behaviour features: the S3-Rec files hold no item
 * titles (../shared/data/amazon-seqrec-s3rec/SOURCE.md: "No attribute names and no item titles"),
 * so there is no text to fuse on this data. Attributes are S3-Rec's brand/category ids
 * (`Beauty_item2attributes.json`); behaviour features (log popularity, recency by position, since
 * the file has no timestamps, co-occurrence degree) come from the training sequences only.
 * Research-only files are read in place; nothing is copied.
 *
 *   npx vite-node bench/sasrec/features-longtail.ts -- --seeds 1,2,3
 *
 * Options: --seeds (1,2,3), --epochs (200), --patience (10 validations), --valid-every (2),
 * --loss (bce), --fusion (concatenate | learned), --window (3, co-occurrence). The trainings run
 * one after another (hours). To use both cores, run each variant in its own process and combine
 * their result files:
 *
 *   npx vite-node bench/sasrec/features-longtail.ts -- --only baseline --results /tmp/a.json &
 *   npx vite-node bench/sasrec/features-longtail.ts -- --only features --results /tmp/b.json
 *   npx vite-node bench/sasrec/features-longtail.ts -- --combine /tmp/a.json,/tmp/b.json
 */
import { readFileSync, renameSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { evaluateRanking } from '../../src/eval/ranking/evaluate-ranking.js';
import { pairedTTest } from '../../src/eval/stats/paired-t-test.js';
import { summarize } from '../../src/eval/stats/summarize.js';
import { attributeBlock } from '../../src/features/item/attribute-block.js';
import { behaviourBlock, type TrainingInteraction } from '../../src/features/behaviour/behaviour-block.js';
import { fuseFeatures } from '../../src/features/fusion/fuse-features.js';
import { sha256 } from '../../src/internal/fingerprint.js';
import { createItemFeatures, type ItemFeatures } from '../../src/models/sasrec/item-features.js';
import type { LeaveOneOutData } from '../../src/models/recommender.js';
import { trainSasrec, type TrainSasrecOptions } from '../../src/train/sasrec/train-sasrec.js';
import type { Item } from '../../src/types.js';
import { BEAUTY_PATH, loadBeautyLeaveOneOut } from './beauty-data.js';

const { values } = parseArgs({
  options: {
    seeds: { type: 'string', default: '1,2,3' },
    epochs: { type: 'string', default: '200' },
    patience: { type: 'string', default: '10' },
    'valid-every': { type: 'string', default: '2' },
    loss: { type: 'string', default: 'bce' },
    fusion: { type: 'string', default: 'concatenate' },
    window: { type: 'string', default: '3' },
    only: { type: 'string' },
    results: { type: 'string' },
    combine: { type: 'string' },
  },
  allowPositionals: true,
});

type Results = Record<string, { tail: number[]; overall: number[]; overallHr: number[]; tailUsers: number; seeds: number[] }>;
const variantNames = ['baseline', 'features'] as const;
if (values.fusion !== 'concatenate' && values.fusion !== 'learned') throw new Error(`--fusion ${values.fusion}: expected concatenate or learned`);
const results: Results = values.combine ? combine(values.combine.split(',')) : await train();
if (values.results) {
  writeFileSync(`${values.results}.tmp`, JSON.stringify({ options: values, results }, null, 2));
  renameSync(`${values.results}.tmp`, values.results);
}
report(results);

function combine(files: string[]): Results {
  const merged: Results = {};
  for (const file of files) {
    const { results: part } = JSON.parse(readFileSync(file, 'utf8')) as { results: Results };
    for (const [name, entry] of Object.entries(part)) {
      if (merged[name]) throw new Error(`${file}: variant ${name} is in more than one result file; pass one file per variant`);
      merged[name] = entry;
    }
  }
  return merged;
}

/** Beauty's items (attribute ids as an attribute map, as the s3rec-amazon loader reads them) and the training interactions, fused into item features. */
function beautyItemFeatures(data: LeaveOneOutData, attributeText: string, fusion: 'concatenate' | 'learned'): ItemFeatures {
  const raw = JSON.parse(attributeText) as Record<string, number[]>;
  const items: Item[] = Array.from({ length: data.numItems }, (_, index) => {
    const id = index + 1;
    return { itemId: String(id), title: '', category: [], attributes: Object.fromEntries((raw[String(id)] ?? []).map((attribute) => [String(attribute), '1'])) };
  });
  // Training sequences only: validation and test targets never reach the behaviour block.
  const interactions: TrainingInteraction[] = data.train.flatMap((sequence, user) => Array.from(sequence, (item) => ({ userId: String(user), itemId: String(item) })));
  const blocks = [attributeBlock(items), behaviourBlock(items, interactions, { recency: 'position', window: Number(values.window) })];
  const fused = fuseFeatures(blocks, { fusion });
  for (const [index, block] of blocks.entries()) {
    console.log(`  block ${block.name}: ${block.dim} columns, scale ${fused.blocks[index].scale.toFixed(3)}, ${JSON.stringify(block.info)}`);
  }
  for (const warning of fused.warnings) console.log(`  warning ${warning.code}: ${warning.message}`);
  return createItemFeatures(data.numItems, fused.dim, fused.values, { blocks: fused.blocks.map(({ name, offset, dim }) => ({ name, offset, dim })), learnedWeights: fusion === 'learned' });
}

async function train(): Promise<Results> {
  const attributesPath = path.resolve(process.cwd(), '../shared/data/amazon-seqrec-s3rec/Beauty_item2attributes.json');
  const { data, interactions } = loadBeautyLeaveOneOut();
  const attributeText = readFileSync(attributesPath, 'utf8');
  console.log(
    `Beauty: ${data.train.length} users, ${data.numItems} items, ${interactions} interactions (sha256 ${sha256(readFileSync(BEAUTY_PATH, 'utf8')).slice(0, 16)}…); ` +
      `attributes sha256 ${sha256(attributeText).slice(0, 16)}…; no item titles in these files, so the fused blocks are attributes + behaviour (${values.fusion})`,
  );
  const itemFeatures = values.only === 'baseline' ? undefined : beautyItemFeatures(data, attributeText, values.fusion as 'concatenate' | 'learned');
  if (itemFeatures !== undefined) console.log(`  fused: ${itemFeatures.dim} columns per item, W is ${itemFeatures.dim} x 64`);
  const seeds = values.seeds.split(',').map(Number);
  const common: Omit<TrainSasrecOptions, 'seed'> = {
    loss: values.loss as 'bce' | 'ce',
    epochs: Number(values.epochs),
    patience: Number(values.patience),
    validEvery: Number(values['valid-every']),
  };
  const variants = (
    [
      ['baseline', {}],
      ['features', { itemFeatures }],
    ] as const
  ).filter(([name]) => values.only === undefined || values.only === name);
  if (variants.length === 0) throw new Error(`--only ${values.only}: expected one of ${variantNames.join(', ')}`);
  const out: Results = {};
  for (const seed of seeds) {
    for (const [name, extra] of variants) {
      const started = performance.now();
      const { model, bestEpoch, history } = await trainSasrec(data, { ...common, ...extra, seed });
      const test = await evaluateRanking(model, data, { split: 'test', ks: [10], slices: { longTailBelow: 10 } });
      const tail = test.slices['long-tail'];
      const entry = (out[name] ??= { tail: [], overall: [], overallHr: [], tailUsers: tail.users, seeds: [] });
      entry.seeds.push(seed);
      entry.tail.push(tail.metrics['ndcg@10']);
      entry.overall.push(test.metrics['ndcg@10']);
      entry.overallHr.push(test.metrics['hr@10']);
      const weights = model.featureWeights.length === 0 ? '' : `, block weights ${model.featureWeights.map((weight) => `${weight.name} ${weight.weight.toFixed(3)}`).join(', ')}`;
      console.log(
        `seed ${seed} ${name.padEnd(10)} best epoch ${bestEpoch} of ${history.length}, ${((performance.now() - started) / 60000).toFixed(1)} min ` +
          `(${(history.reduce((sum, record) => sum + record.seconds, 0) / history.length).toFixed(1)} s per epoch): ` +
          `test NDCG@10 ${test.metrics['ndcg@10'].toFixed(4)}, HR@10 ${test.metrics['hr@10'].toFixed(4)}, long-tail NDCG@10 ${tail.metrics['ndcg@10'].toFixed(4)} (${tail.users} users)${weights}`,
      );
    }
  }
  return out;
}

function report(results: Results): void {
  const line = (numbers: number[]): string => {
    const summary = summarize(numbers);
    return `${summary.mean.toFixed(4)} ± ${summary.std.toFixed(4)}`;
  };
  const present = variantNames.filter((name) => results[name]);
  for (const name of present) {
    console.log(`mean of ${results[name].seeds.length} seeds, ${name.padEnd(10)} long-tail NDCG@10 ${line(results[name].tail)} (${results[name].tailUsers} users); overall NDCG@10 ${line(results[name].overall)}, HR@10 ${line(results[name].overallHr)}`);
  }
  if (present.length < 2) return;
  const seeds = results.baseline.seeds;
  if (results.features.seeds.join(',') !== seeds.join(',')) throw new Error(`the variants ran different seeds (${seeds.join(',')} vs ${results.features.seeds.join(',')}); a paired test needs the same seeds`);
  const tailTest = pairedTTest(results.baseline.tail, results.features.tail);
  const overallTest = pairedTTest(results.baseline.overall, results.features.overall);
  const signed = (value: number): string => `${value >= 0 ? '+' : ''}${value.toFixed(4)}`;
  const p = (value: number): string => (Number.isNaN(value) ? 'n/a' : value.toFixed(4));
  console.log(`features - baseline: long-tail ${signed(tailTest.meanDifference)} (paired t p = ${p(tailTest.pValue)}), overall ${signed(overallTest.meanDifference)} (p = ${p(overallTest.pValue)})`);
  const verdict = seeds.length < 3 ? `not decided (${seeds.length} seed${seeds.length === 1 ? '' : 's'}; the bar asks for 3)` : tailTest.meanDifference > 0 ? 'met' : 'NOT met';
  console.log(`bar: long-tail NDCG@10 with fused item features above the baseline, mean of 3 seeds -> ${verdict}`);
}
