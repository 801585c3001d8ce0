/**
 * `buildItemFeatures`, the one verb of item features: the configured blocks computed from the
 * catalog's items and the training interactions, then fused. Row k of the result belongs to
 * `items[k]`.
 */
import { resolve } from 'node:path';
import type { ItemFeaturesConfig } from '../config/item-features.js';
import { SampleForgeError } from '../errors.js';
import type { EmbeddingModel } from '../llm/spec.js';
import type { Item } from '../types.js';
import { behaviourBlock, type TrainingInteraction } from './behaviour/behaviour-block.js';
import type { FeatureBlock } from './feature-block.js';
import { fuseFeatures, type FusedFeatures } from './fusion/fuse-features.js';
import { colorHistogramBlock } from './image/color-histogram-block.js';
import { onnxImageBlock } from './image/onnx-image-block.js';
import { attributeBlock } from './item/attribute-block.js';
import { embeddingBlock } from './text/embedding-block.js';
import { hashedNgramBlock } from './text/ngram-block.js';
import { tfidfBlock } from './text/tfidf-block.js';

/** What some blocks need besides the data. */
export interface ItemFeatureResources {
  /** For the `embedding` block, e.g. `createLlmFromConfig(llm).gateway.embeddingModel`. */
  embeddingModel?: EmbeddingModel;
  /** Folder relative image paths resolve against when the block names none (the working directory). */
  imageRoot?: string;
  /** Where the config sits, for error messages (`train.itemFeatures`). */
  path?: string;
  signal?: AbortSignal;
}

/** The fused features and the blocks they were made of. */
export interface BuiltItemFeatures extends FusedFeatures {
  /** Each block as computed, before fusion (their `info` describes how). */
  parts: FeatureBlock[];
}

/**
 * Computes `config.blocks` for `items` and fuses them. `interactions` must be training
 * interactions only: the behaviour block reads them, and validation or test interactions would
 * leak the targets into the features.
 */
export async function buildItemFeatures(items: readonly Item[], interactions: readonly TrainingInteraction[], config: ItemFeaturesConfig, resources: ItemFeatureResources = {}): Promise<BuiltItemFeatures> {
  const path = resources.path ?? 'itemFeatures';
  const parts: FeatureBlock[] = [];
  for (const [index, block] of config.blocks.entries()) {
    switch (block.block) {
      case 'tfidf':
        parts.push(tfidfBlock(items, block));
        break;
      case 'ngrams':
        parts.push(hashedNgramBlock(items, block));
        break;
      case 'embedding': {
        if (resources.embeddingModel === undefined) {
          throw new SampleForgeError('E_CONFIG', `${path}.blocks[${index}]: the embedding block needs an embedding model; set llm.provider.embeddingModel (openai-compatible) or use a llama-cpp provider, or drop the block`, {
            details: { path: `${path}.blocks[${index}]`, value: 'embedding' },
          });
        }
        parts.push(await embeddingBlock(items, { model: resources.embeddingModel, batchSize: block.batchSize, normalize: block.normalize, signal: resources.signal }));
        break;
      }
      case 'color-histogram':
        parts.push(await colorHistogramBlock(items, { space: block.space, bins: block.bins, size: block.size, root: block.imageDirectory ?? resources.imageRoot }));
        break;
      case 'onnx-image': {
        const root = block.imageDirectory ?? resources.imageRoot;
        parts.push(await onnxImageBlock(items, { model: resolve(block.model), input: block.input, output: block.output, size: block.size, mean: block.mean, std: block.std, threads: block.threads, root, signal: resources.signal }));
        break;
      }
      case 'attributes':
        parts.push(attributeBlock(items, block));
        break;
      case 'behaviour':
        parts.push(behaviourBlock(items, interactions, block));
        break;
    }
  }
  const weights = Object.fromEntries(config.blocks.map((block) => [block.block, block.weight]));
  const fused = fuseFeatures(parts, { fusion: config.fusion, weights, standardize: config.standardize });
  return { ...fused, parts };
}
