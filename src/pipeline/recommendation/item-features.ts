/**
 * `train.itemFeatures` in a recommendation run: the feature blocks computed from the split stage's
 * `items` table and `interactions_train` — never `interactions_validation` or `interactions_test`,
 * which are not even loaded — fused, and packed for SASRec in dense item order. The record says
 * which blocks were used, their widths and how they were built, for `run.json`, `metrics.json` and
 * the train stage's `item-features.json`.
 */
import type { ItemFeaturesConfig } from '../../config/item-features.js';
import { readCatalogItems, readTrainingInteractions } from '../../data/split/catalog-items.js';
import type { Warning } from '../../errors.js';
import { buildItemFeatures, type ItemFeatureResources } from '../../features/build-item-features.js';
import { withDatabase } from '../../internal/duckdb.js';
import { createItemFeatures, type ItemFeatures } from '../../models/sasrec/item-features.js';
import { loadStageTables } from '../stage-tables.js';

/** One block as recorded with the run. */
export interface ItemFeatureBlockRecord {
  name: string;
  dim: number;
  /** Fixed fusion weight. */
  weight: number;
  /** Standardisation scale (1 / RMS row norm). */
  scale: number;
  /** How the block was built (vocabulary size, missing images, model id, ...). */
  info: Record<string, number | string | boolean>;
}

/** What `train.itemFeatures` used, as written to the run files. */
export interface ItemFeaturesRecord {
  fusion: 'concatenate' | 'learned';
  standardize: boolean;
  /** Width of the fused vector f_i. */
  dim: number;
  items: number;
  /** Items found in the split's items table. */
  itemsInCatalog: number;
  /** Rows of interactions_train the behaviour block read (the only interactions read). */
  trainingInteractions: number;
  blocks: ItemFeatureBlockRecord[];
  /** Learned block weights per variant, mean over seeds (learned fusion only; filled by the train stage). */
  learnedWeights?: Record<string, Record<string, number>>;
}

/** The split's item features for SASRec, their record, and the warnings of their blocks. */
export interface SplitItemFeatures {
  features: ItemFeatures;
  record: ItemFeaturesRecord;
  warnings: Warning[];
}

/** Computes `config` for the dense items `itemIds` (`itemIds[0]` is padding) from the split stage's folder. */
export async function readSplitItemFeatures(splitFolder: string, itemIds: readonly string[], config: ItemFeaturesConfig, resources: ItemFeatureResources = {}): Promise<SplitItemFeatures> {
  const { catalog, interactions } = await withDatabase(':memory:', async (db) => {
    await loadStageTables(db, splitFolder, ['items', 'interactions_train']);
    return { catalog: await readCatalogItems(db, itemIds), interactions: await readTrainingInteractions(db) };
  });
  const built = await buildItemFeatures(catalog.items, interactions, config, { path: 'train.itemFeatures', ...resources });
  const features = createItemFeatures(catalog.items.length, built.dim, built.values, {
    blocks: built.blocks.map((block) => ({ name: block.name, offset: block.offset, dim: block.dim })),
    learnedWeights: config.fusion === 'learned',
  });
  const warnings: Warning[] = [...built.warnings];
  if (catalog.found === 0 && config.blocks.some((block) => block.block !== 'behaviour')) {
    warnings.push({ code: 'W_FEATURE_NO_CATALOG', message: 'train.itemFeatures: the split has no items table (or none of its items), so every catalog block is empty; load a catalog or keep only the behaviour block' });
  }
  return {
    features,
    record: {
      fusion: config.fusion,
      standardize: config.standardize,
      dim: built.dim,
      items: catalog.items.length,
      itemsInCatalog: catalog.found,
      trainingInteractions: interactions.length,
      blocks: built.blocks.map((block, index) => ({ name: block.name, dim: block.dim, weight: block.weight, scale: block.scale, info: { ...built.parts[index].info } })),
    },
    warnings,
  };
}
