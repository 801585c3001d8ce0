/**
 * Issue 8 bar: on Amazon Beauty, SASRec with item attributes fused into the item representation
 * (S3-Rec's brand and category attributes, `itemAttributes`) against SASRec without them, same
 * seeds, same options, early stopping on validation NDCG@10; reported on the evaluator's
 * `long-tail` slice (test targets with fewer than 10 training interactions) and overall, as mean ±
 * spread over seeds with a paired t-test. Reads the research-only files in place from
 * ../shared/data/amazon-seqrec-s3rec (see SOURCE.md there); nothing is copied.
 *
 *   npx vite-node bench/sasrec/attributes-longtail.ts -- --seeds 1,2,3
 *
 * Options: --seeds (1,2,3), --epochs (200), --patience (10 validations), --valid-every (2),
 * --loss (bce). The trainings run one after another (about 11 s an epoch here: hours). To use both
 * cores, run each variant in its own process and combine their result files:
 *
 *   npx vite-node bench/sasrec/attributes-longtail.ts -- --only baseline --results /tmp/a.json &
 *   npx vite-node bench/sasrec/attributes-longtail.ts -- --only attributes --results /tmp/b.json
 *   npx vite-node bench/sasrec/attributes-longtail.ts -- --combine /tmp/a.json,/tmp/b.json
 */
import { readFileSync, renameSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { evaluateRanking } from '../../src/eval/ranking/evaluate-ranking.js';
import { pairedTTest } from '../../src/eval/stats/paired-t-test.js';
import { summarize } from '../../src/eval/stats/summarize.js';
import { sha256 } from '../../src/internal/fingerprint.js';
import { createItemAttributes, itemsWithAttributes } from '../../src/models/sasrec/item-attributes.js';
import { trainSasrec, type TrainSasrecOptions } from '../../src/train/sasrec/train-sasrec.js';
import { BEAUTY_PATH, loadBeautyLeaveOneOut } from './beauty-data.js';

const { values } = parseArgs({
  options: {
    seeds: { type: 'string', default: '1,2,3' },
    epochs: { type: 'string', default: '200' },
    patience: { type: 'string', default: '10' },
    'valid-every': { type: 'string', default: '2' },
    loss: { type: 'string', default: 'bce' },
    only: { type: 'string' },
    results: { type: 'string' },
    combine: { type: 'string' },
  },
  allowPositionals: true,
});

type Results = Record<string, { tail: number[]; overall: number[]; overallHr: number[]; tailUsers: number; seeds: number[] }>;
const variantNames = ['baseline', 'attributes'] as const;
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

async function train(): Promise<Results> {
  const attributesPath = path.resolve(process.cwd(), '../shared/data/amazon-seqrec-s3rec/Beauty_item2attributes.json');
  const { data, interactions } = loadBeautyLeaveOneOut();
  const attributeText = readFileSync(attributesPath, 'utf8');
  // `{ "<item id>": [attribute id, ...] }`, ids 1-based in the file; dense rows 0..max-1 here.
  const raw = JSON.parse(attributeText) as Record<string, number[]>;
  const lists: number[][] = Array.from({ length: data.numItems + 1 }, () => []);
  let maxAttribute = 0;
  for (const [item, attributes] of Object.entries(raw)) {
    const id = Number(item);
    if (id >= 1 && id <= data.numItems) lists[id] = attributes.map((attribute) => attribute - 1);
    for (const attribute of attributes) maxAttribute = Math.max(maxAttribute, attribute);
}
const itemAttributes = createItemAttributes(data.numItems, maxAttribute, lists);
console.log(
  `Beauty: ${data.train.length} users, ${data.numItems} items, ${interactions} interactions (sha256 ${sha256(readFileSync(BEAUTY_PATH, 'utf8')).slice(0, 16)}…); ` +
    `attributes ${itemAttributes.numAttributes}, ${itemAttributes.attributes.length} item-attribute links, ${itemsWithAttributes(itemAttributes)} items with attributes (sha256 ${sha256(attributeText).slice(0, 16)}…)`,
);

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
    ['attributes', { itemAttributes }],
  ] as const
).filter(([name]) => values.only === undefined || values.only === name);
if (variants.length === 0) throw new Error(`--only ${values.only}: expected one of ${variantNames.join(', ')}`);
const results: Results = {};
for (const seed of seeds) {
  for (const [name, extra] of variants) {
    const started = performance.now();
    const { model, bestEpoch, history } = await trainSasrec(data, { ...common, ...extra, seed });
    const test = await evaluateRanking(model, data, { split: 'test', ks: [10], slices: { longTailBelow: 10 } });
    const tail = test.slices['long-tail'];
    const entry = (results[name] ??= { tail: [], overall: [], overallHr: [], tailUsers: tail.users, seeds: [] });
    entry.seeds.push(seed);
    entry.tail.push(tail.metrics['ndcg@10']);
    entry.overall.push(test.metrics['ndcg@10']);
      entry.overallHr.push(test.metrics['hr@10']);
    console.log(
      `seed ${seed} ${name.padEnd(10)} best epoch ${bestEpoch} of ${history.length}, ${((performance.now() - started) / 60000).toFixed(1)} min ` +
        `(${(history.reduce((sum, record) => sum + record.seconds, 0) / history.length).toFixed(1)} s per epoch): ` +
        `test NDCG@10 ${test.metrics['ndcg@10'].toFixed(4)}, HR@10 ${test.metrics['hr@10'].toFixed(4)}, long-tail NDCG@10 ${tail.metrics['ndcg@10'].toFixed(4)} (${tail.users} users)`,
    );
  }
}
return results;
}

function report(results: Results): void {
  const line = (values: number[]): string => {
    const summary = summarize(values);
    return `${summary.mean.toFixed(4)} ± ${summary.std.toFixed(4)}`;
  };
  const present = variantNames.filter((name) => results[name]);
  for (const name of present) {
    console.log(`mean of ${results[name].seeds.length} seeds, ${name.padEnd(10)} long-tail NDCG@10 ${line(results[name].tail)} (${results[name].tailUsers} users); overall NDCG@10 ${line(results[name].overall)}, HR@10 ${line(results[name].overallHr)}`);
}
if (present.length < 2) return;
const seeds = results.baseline.seeds;
if (results.attributes.seeds.join(',') !== seeds.join(',')) throw new Error(`the variants ran different seeds (${seeds.join(',')} vs ${results.attributes.seeds.join(',')}); a paired test needs the same seeds`);
const tailTest = pairedTTest(results.baseline.tail, results.attributes.tail);
const overallTest = pairedTTest(results.baseline.overall, results.attributes.overall);
console.log(
  `attributes - baseline: long-tail ${tailTest.meanDifference >= 0 ? '+' : ''}${tailTest.meanDifference.toFixed(4)} (paired t p = ${Number.isNaN(tailTest.pValue) ? 'n/a' : tailTest.pValue.toFixed(4)}), ` +
    `overall ${overallTest.meanDifference >= 0 ? '+' : ''}${overallTest.meanDifference.toFixed(4)} (p = ${Number.isNaN(overallTest.pValue) ? 'n/a' : overallTest.pValue.toFixed(4)})`,
);
const verdict = seeds.length < 3 ? `not decided (${seeds.length} seed${seeds.length === 1 ? '' : 's'}; the bar asks for 3)` : tailTest.meanDifference > 0 ? 'met' : 'NOT met';
console.log(`bar: long-tail NDCG@10 with attributes above the baseline, mean of 3 seeds -> ${verdict}`);
}
