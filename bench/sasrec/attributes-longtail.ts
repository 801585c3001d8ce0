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
 * --loss (bce), --results FILE (each finished seed is saved there; a rerun skips them). The trainings
 * run one after another (about 11 s an epoch here: hours). To use both cores, run each variant in
 * its own process and combine their result files (see `longtail-harness.ts`):
 *
 *   npx vite-node bench/sasrec/attributes-longtail.ts -- --only baseline --results /tmp/a.json &
 *   npx vite-node bench/sasrec/attributes-longtail.ts -- --only attributes --results /tmp/b.json
 *   npx vite-node bench/sasrec/attributes-longtail.ts -- --combine /tmp/a.json,/tmp/b.json
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { sha256 } from '../../src/internal/fingerprint.js';
import { createItemAttributes, itemsWithAttributes } from '../../src/models/sasrec/item-attributes.js';
import { BEAUTY_PATH, loadBeautyLeaveOneOut } from './beauty-data.js';
import { runLongTailComparison } from './longtail-harness.js';

await runLongTailComparison({
  treatment: 'attributes',
  barText: 'long-tail NDCG@10 with attributes above the baseline',
  async setup() {
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
    return { data, treatment: { itemAttributes } };
  },
});
