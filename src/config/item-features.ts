/**
 * `train.itemFeatures`: item feature blocks computed from the split's items table and training
 * interactions, fused into one vector per item and projected into SASRec's item representation
 * (`e'_i = e_i + W f_i`). Every default is defined and described here.
 */
import { z } from 'zod';

const weight = z.number().min(0).default(1).describe('fixed multiplier of the standardised block (1); learned fusion learns a softmax weight on top of it');

const tfidfBlockSchema = z.strictObject({
  block: z.literal('tfidf').describe('TF-IDF of item titles, fit on the catalog, l2-normalised, signed feature hashing to dim columns'),
  dim: z.number().int().min(1).max(4096).default(64).describe('columns after hashing (64)'),
  minDocumentFrequency: z.number().int().min(1).default(2).describe('terms in fewer items are dropped (2)'),
  sublinearTf: z.boolean().default(true).describe('term frequency 1 + ln(tf) instead of tf (true)'),
  hashes: z.number().int().min(1).max(16).default(1).describe('signed columns per term; 1 = plain feature hashing, more = sparse random projection (1)'),
  seed: z.number().int().default(0).describe('seed of the hash functions (0)'),
  weight,
});

const ngramBlockSchema = z.strictObject({
  block: z.literal('ngrams').describe('hashed word, word n-gram and character n-gram counts of item titles (fastText features without a vocabulary), l2-normalised'),
  dim: z.number().int().min(1).max(65536).default(128).describe('hash buckets (128)'),
  wordNgrams: z.number().int().min(1).max(5).default(2).describe('longest word n-gram (2)'),
  charNgramMin: z.number().int().min(0).default(3).describe('shortest character n-gram; 0 = none (3)'),
  charNgramMax: z.number().int().min(0).default(5).describe('longest character n-gram (5)'),
  weight,
});

const embeddingBlockSchema = z.strictObject({
  block: z.literal('embedding').describe('embeddings of item titles from the llm section\'s embedding model (llm.provider.embeddingModel, or the llama-cpp model); cached like every LLM call'),
  batchSize: z.number().int().min(1).max(2048).default(64).describe('titles per request (64)'),
  normalize: z.boolean().default(true).describe('scale each embedding to unit length (true)'),
  weight,
});

const colorHistogramBlockSchema = z.strictObject({
  block: z.literal('color-histogram').describe('colour histogram of each item image (items.image_path), l1-normalised; items without a readable image get zeros'),
  space: z.enum(['hsv', 'rgb']).default('hsv').describe('colour space of the bins (hsv)'),
  bins: z.tuple([z.number().int().min(1).max(64), z.number().int().min(1).max(64), z.number().int().min(1).max(64)]).optional().describe('bins per channel; default [8, 3, 3] for hsv, [4, 4, 4] for rgb'),
  size: z.number().int().min(0).default(64).describe('images are shrunk to at most this many pixels a side before counting; 0 = full size (64)'),
  imageDirectory: z.string().min(1).optional().describe('folder relative image paths resolve against; default the working directory'),
  weight,
});

const channels = z.tuple([z.number(), z.number(), z.number()]);

const onnxImageBlockSchema = z.strictObject({
  block: z.literal('onnx-image').describe('features of each item image (items.image_path) from a local ONNX image model run with onnxruntime; items without a readable image get zeros'),
  model: z.string().min(1).describe('path of the .onnx file (required; relative to the working directory); nothing is downloaded'),
  input: z.string().min(1).optional().describe('input tensor name; default the model\'s first input, fed [1, 3, size, size] floats'),
  output: z.string().min(1).optional().describe('output tensor name; default the model\'s first output; [1, D] is used as is, [1, C, h, w] averaged over positions'),
  size: z.number().int().min(1).max(1024).default(224).describe('side of the square input: images are resized to cover it and centre-cropped (224)'),
  mean: channels.default([0.485, 0.456, 0.406]).describe('per-channel mean subtracted from [0, 1] RGB pixels (ImageNet\'s [0.485, 0.456, 0.406])'),
  std: channels.default([0.229, 0.224, 0.225]).describe('per-channel standard deviation (ImageNet\'s [0.229, 0.224, 0.225])'),
  imageDirectory: z.string().min(1).optional().describe('folder relative image paths resolve against; default the working directory'),
  threads: z.number().int().min(1).max(64).default(1).describe('onnxruntime intra-op threads (1)'),
  weight,
});

const attributeBlockSchema = z.strictObject({
  block: z.literal('attributes').describe('multi-hot of the items\' attribute tokens (key=value) and category levels (category=<level>)'),
  minCount: z.number().int().min(1).default(1).describe('tokens in fewer items are dropped (1)'),
  maxAttributes: z.number().int().min(1).default(1000).describe('most columns; the most frequent tokens are kept (1000)'),
  category: z.boolean().default(true).describe('include the category path\'s levels (true)'),
  weight,
});

const behaviourBlockSchema = z.strictObject({
  block: z.literal('behaviour').describe('log popularity, recency and co-occurrence degree of each item, from training interactions only'),
  recency: z.enum(['time', 'position']).default('time').describe('time: last-seen time over the training span; position: mean relative position in users\' training sequences, for logs without real time such as S3-Rec\'s (time)'),
  window: z.number().int().min(1).default(3).describe('positions either side that count as co-occurring (3)'),
  weight,
});

/** One feature block of `train.itemFeatures.blocks`. */
export const itemFeatureBlockSchema = z.discriminatedUnion('block', [tfidfBlockSchema, ngramBlockSchema, embeddingBlockSchema, colorHistogramBlockSchema, onnxImageBlockSchema, attributeBlockSchema, behaviourBlockSchema]);

/** The block kinds, also the blocks' names in fusion and run records. */
export const ITEM_FEATURE_BLOCKS = ['tfidf', 'ngrams', 'embedding', 'color-histogram', 'onnx-image', 'attributes', 'behaviour'] as const;

/** Schema of `train.itemFeatures`. */
export const itemFeaturesConfigSchema = z
  .strictObject({
    blocks: z.array(itemFeatureBlockSchema).min(1).describe('feature blocks, each kind at most once: tfidf, ngrams, embedding, color-histogram, onnx-image, attributes, behaviour'),
    fusion: z
      .enum(['concatenate', 'learned'])
      .default('concatenate')
      .describe('concatenate: standardised blocks side by side with their fixed weights; learned: SASRec also learns one softmax-normalised weight per block, alpha = B * softmax(a), starting at 1 each (concatenate)'),
    standardize: z.boolean().default(true).describe('centre each column and scale each block to unit mean squared row norm before fusion, so blocks weigh the same whatever their width (true)'),
  })
  .refine((value) => new Set(value.blocks.map((block) => block.block)).size === value.blocks.length, { message: 'give each block kind at most once', path: ['blocks'] });

/** The validated `train.itemFeatures`. */
export type ItemFeaturesConfig = z.output<typeof itemFeaturesConfigSchema>;
/** One validated block. */
export type ItemFeatureBlockConfig = z.output<typeof itemFeatureBlockSchema>;
