import { z } from 'zod';

const rate = (fallback: number, meaning: string) => z.number().min(0).max(1).default(fallback).describe(meaning);

const common = {
  count: z.number().int().positive().default(1).describe('augmented sequences produced per input sequence'),
  mode: z
    .enum(['samples', 'contrastive'])
    .default('contrastive')
    .describe('samples: add outputs to the training data; contrastive: use them as two views per sequence with an auxiliary InfoNCE loss (CL4SRec)'),
};

/** Where CoSeRec's correlated items come from. */
export const correlationConfigSchema = z
  .object({
    source: z
      .enum(['cooccurrence', 'embeddings'])
      .default('cooccurrence')
      .describe('cooccurrence: ItemCF-IUF cosine on the training sequences; embeddings: cosine of a trained model\'s item embeddings'),
    topK: z.number().int().positive().default(20).describe('neighbours kept per item'),
    pick: z.enum(['top', 'sample']).default('top').describe('top: always the most similar item (CoSeRec); sample: uniform among the top-k'),
  })
  .strict()
  .default({ source: 'cooccurrence', topK: 20, pick: 'top' })
  .describe('item correlation for substitute and insert');

const cropStep = z
  .object({
    augmenter: z.literal('crop'),
    rate: rate(0.6, 'kept fraction eta of a random contiguous crop (CL4SRec)'),
    skipShorterThan: z.number().int().nonnegative().default(0).describe('sequences with fewer items are not augmented by this step'),
    ...common,
  })
  .strict();

const maskStep = z
  .object({
    augmenter: z.literal('mask'),
    rate: rate(0.3, 'masked fraction gamma (CL4SRec)'),
    maskToken: z.number().int().positive().optional().describe('mask item id; default numItems + 1 (CL4SRec)'),
    skipShorterThan: z.number().int().nonnegative().default(0).describe('sequences with fewer items are not augmented by this step'),
    ...common,
  })
  .strict();

const reorderStep = z
  .object({
    augmenter: z.literal('reorder'),
    rate: rate(0.6, 'shuffled fraction beta of a random contiguous span (CL4SRec)'),
    skipShorterThan: z.number().int().nonnegative().default(0).describe('sequences with fewer items are not augmented by this step'),
    ...common,
  })
  .strict();

const substituteStep = z
  .object({
    augmenter: z.literal('substitute'),
    rate: rate(0.1, 'fraction of positions replaced by a correlated item (CoSeRec)'),
    correlation: correlationConfigSchema,
    ...common,
  })
  .strict();

const insertStep = z
  .object({
    augmenter: z.literal('insert'),
    rate: rate(0.4, 'fraction of positions that get a correlated item inserted before them (CoSeRec)'),
    correlation: correlationConfigSchema,
    ...common,
  })
  .strict();

const randomStep = z
  .object({
    augmenter: z.literal('random'),
    cropRate: rate(0.6, 'crop eta when crop is drawn'),
    maskRate: rate(0.3, 'mask gamma when mask is drawn'),
    reorderRate: rate(0.6, 'reorder beta when reorder is drawn'),
    substituteRate: rate(0.1, 'substitute rate when substitute is drawn'),
    insertRate: rate(0.4, 'insert rate when insert is drawn'),
    maskToken: z.number().int().positive().optional().describe('mask item id; default numItems + 1'),
    shortThreshold: z.number().int().nonnegative().default(4).describe('sequences with at most this many items only get substitute or insert (CoSeRec)'),
    operations: z
      .array(z.enum(['crop', 'mask', 'reorder', 'substitute', 'insert']))
      .min(1)
      .optional()
      .describe('operations drawn for long sequences; default all five'),
    correlation: correlationConfigSchema,
    ...common,
  })
  .strict();

const prefixStep = z
  .object({
    augmenter: z.literal('prefix'),
    minLength: z.number().int().positive().default(2).describe('shortest prefix emitted (2: one input item and its target)'),
    mode: z.literal('samples').default('samples').describe('expansions are always extra training samples'),
  })
  .strict();

const slidingWindowStep = z
  .object({
    augmenter: z.literal('sliding-window'),
    window: z.number().int().positive().default(50).describe('window length in items (SASRec maximum length)'),
    stride: z.number().int().positive().default(1).describe('items between window starts'),
    mode: z.literal('samples').default('samples').describe('expansions are always extra training samples'),
  })
  .strict();

const negativesStep = z
  .object({
    augmenter: z.literal('negatives'),
    sampler: z.enum(['uniform', 'popularity']).default('uniform').describe('uniform over the catalogue, or in proportion to training popularity ** exponent'),
    perTarget: z.number().int().min(1).max(1000).default(32).describe('sampled negatives per target position, in place of train.negatives'),
    exponent: z.number().min(0).max(2).default(0.75).describe('popularity exponent of the popularity sampler (word2vec: 0.75)'),
    mode: z.literal('training').default('training').describe('negatives are drawn afresh for every target in every epoch of training'),
  })
  .strict();

/** One sequence augmentation step: a discriminated union on `augmenter`. */
export const sequenceAugmentStepSchema = z
  .discriminatedUnion('augmenter', [cropStep, maskStep, reorderStep, substituteStep, insertStep, randomStep, prefixStep, slidingWindowStep, negativesStep])
  .describe('a sequence augmentation step (CL4SRec crop/mask/reorder, CoSeRec substitute/insert/random, prefix and sliding-window expansion, sampled negatives for training)');

/** The sequence augmentation section: steps applied to the training sequences. */
export const augmentSequenceConfigSchema = z
  .object({
    steps: z.array(sequenceAugmentStepSchema).default([]).describe('augmentation steps; empty for the baseline'),
  })
  .strict()
  .describe('behaviour-sequence augmentation for sequential recommendation');

/** Parsed sequence augmentation step. */
export type SequenceAugmentStep = z.output<typeof sequenceAugmentStepSchema>;
/** Parsed sequence augmentation section. */
export type AugmentSequenceConfig = z.output<typeof augmentSequenceConfigSchema>;
