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
 * --loss (bce), --fusion (concatenate | learned), --window (3, co-occurrence), --results FILE (each finished seed is
 * saved there; a rerun skips them). The trainings run one after another (hours). To use both cores,
 * run each variant in its own process and combine their result files (see `longtail-harness.ts`):
 *
 *   npx vite-node bench/sasrec/features-longtail.ts -- --only baseline --results /tmp/a.json &
 *   npx vite-node bench/sasrec/features-longtail.ts -- --only features --results /tmp/b.json
 *   npx vite-node bench/sasrec/features-longtail.ts -- --combine /tmp/a.json,/tmp/b.json
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { attributeBlock } from '../../src/features/item/attribute-block.js';
import { behaviourBlock, type TrainingInteraction } from '../../src/features/behaviour/behaviour-block.js';
import { fuseFeatures } from '../../src/features/fusion/fuse-features.js';
import { sha256 } from '../../src/internal/fingerprint.js';
import type { LeaveOneOutData } from '../../src/models/recommender.js';
import { createItemFeatures, type ItemFeatures } from '../../src/models/sasrec/item-features.js';
import type { Item } from '../../src/types.js';
import { BEAUTY_PATH, loadBeautyLeaveOneOut } from './beauty-data.js';
import { runLongTailComparison } from './longtail-harness.js';

/** Beauty's items (attribute ids as an attribute map, as the s3rec-amazon loader reads them) and the training interactions, fused into item features. */
function beautyItemFeatures(data: LeaveOneOutData, attributeText: string, fusion: 'concatenate' | 'learned', window: number): ItemFeatures {
  const raw = JSON.parse(attributeText) as Record<string, number[]>;
  const items: Item[] = Array.from({ length: data.numItems }, (_, index) => {
    const id = index + 1;
    return { itemId: String(id), title: '', category: [], attributes: Object.fromEntries((raw[String(id)] ?? []).map((attribute) => [String(attribute), '1'])) };
  });
  // Training sequences only: validation and test targets never reach the behaviour block.
  const interactions: TrainingInteraction[] = data.train.flatMap((sequence, user) => Array.from(sequence, (item) => ({ userId: String(user), itemId: String(item) })));
  const blocks = [attributeBlock(items), behaviourBlock(items, interactions, { recency: 'position', window })];
  const fused = fuseFeatures(blocks, { fusion });
  for (const [index, block] of blocks.entries()) {
    console.log(`  block ${block.name}: ${block.dim} columns, scale ${fused.blocks[index].scale.toFixed(3)}, ${JSON.stringify(block.info)}`);
  }
  for (const warning of fused.warnings) console.log(`  warning ${warning.code}: ${warning.message}`);
  return createItemFeatures(data.numItems, fused.dim, fused.values, { blocks: fused.blocks.map(({ name, offset, dim }) => ({ name, offset, dim })), learnedWeights: fusion === 'learned' });
}

await runLongTailComparison({
  treatment: 'features',
  barText: 'long-tail NDCG@10 with fused item features above the baseline',
  extraOptions: { fusion: { type: 'string', default: 'concatenate' }, window: { type: 'string', default: '3' } },
  async setup(values, treatmentRuns) {
    const fusion = values.fusion;
    if (fusion !== 'concatenate' && fusion !== 'learned') throw new Error(`--fusion ${fusion}: expected concatenate or learned`);
    const attributesPath = path.resolve(process.cwd(), '../shared/data/amazon-seqrec-s3rec/Beauty_item2attributes.json');
    const { data, interactions } = loadBeautyLeaveOneOut();
    const attributeText = readFileSync(attributesPath, 'utf8');
    console.log(
      `Beauty: ${data.train.length} users, ${data.numItems} items, ${interactions} interactions (sha256 ${sha256(readFileSync(BEAUTY_PATH, 'utf8')).slice(0, 16)}…); ` +
        `attributes sha256 ${sha256(attributeText).slice(0, 16)}…; no item titles in these files, so the fused blocks are attributes + behaviour (${fusion})`,
    );
    if (!treatmentRuns) return { data, treatment: {} };
    const itemFeatures = beautyItemFeatures(data, attributeText, fusion, Number(values.window));
    console.log(`  fused: ${itemFeatures.dim} columns per item, W is ${itemFeatures.dim} x 64`);
    return { data, treatment: { itemFeatures } };
  },
  describe: (model) => (model.featureWeights.length === 0 ? '' : `, block weights ${model.featureWeights.map((weight) => `${weight.name} ${weight.weight.toFixed(3)}`).join(', ')}`),
});
