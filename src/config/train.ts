/**
 * The `train` section: which model to train and how. Defaults follow ICLRec's SASRec on the Amazon
 * sets (Chen et al. 2022) with issue 3's batch size 128.
 */
import { z } from 'zod';
import { itemFeaturesConfigSchema } from './item-features.js';

/** Models the pipeline can train; `external` runs a user command (see the external trainer). */
export const TRAIN_MODELS = ['sasrec', 'pop', 'item-knn', 'bpr-mf', 'external'] as const;

/** Options of the CL4SRec contrastive loss (Xie et al. 2022); absent = no contrastive loss. */
export const contrastiveSchema = z
  .object({
    weight: z.number().min(0).default(0.1).describe('weight lambda of the InfoNCE loss added to the main loss (CL4SRec: 0.1)'),
    temperature: z.number().positive().default(1).describe('softmax temperature of the view similarities (CL4SRec: 1.0)'),
  })
  .strict();

/** A user command standing in for the built-in models (`train.model: external`). */
export const externalTrainerSchema = z
  .object({
    command: z.array(z.string().min(1)).min(1).describe('argv, run without a shell; {manifest} is replaced by the manifest path (appended when absent)'),
    output: z.enum(['top-k', 'scores']).default('top-k').describe('what the command writes: top-K lists (predictions.jsonl) or a float32 score matrix (scores.f32)'),
    topK: z.number().int().positive().default(100).describe('length of the top-K lists asked for; a target outside the list is a miss'),
    timeoutMs: z.number().int().positive().default(600_000).describe('milliseconds before the command is killed'),
  })
  .strict();

/** Schema of the `train` section. */
export const trainSchema = z
  .object({
    model: z.enum(TRAIN_MODELS).default('sasrec').describe('model to train: sasrec, pop, item-knn, bpr-mf or external'),
    hidden: z.number().int().positive().default(64).describe('SASRec embedding and hidden width (64)'),
    blocks: z.number().int().positive().default(2).describe('SASRec self-attention blocks (2)'),
    heads: z.number().int().positive().default(2).describe('attention heads; must divide hidden (2)'),
    maxLength: z.number().int().positive().default(50).describe('longest input sequence; older items are cut off (50)'),
    dropout: z.number().min(0).max(0.95).default(0.5).describe('hidden dropout rate on the input and both sub-layers (ICLRec Beauty: 0.5)'),
    attentionDropout: z.number().min(0).max(0.95).default(0.5).describe('dropout rate on the attention probabilities (ICLRec Beauty: 0.5)'),
    activation: z.enum(['gelu', 'relu']).default('gelu').describe('feed-forward activation: gelu (ICLRec) or relu (SASRec paper)'),
    lr: z.number().positive().default(0.001).describe('Adam learning rate; betas 0.9/0.999 and epsilon 1e-8 are PyTorch defaults'),
    weightDecay: z.number().min(0).default(0).describe('Adam L2 weight decay (0)'),
    batchSize: z.number().int().positive().default(128).describe('training sequences per step (128)'),
    epochs: z.number().int().positive().default(200).describe('maximum training epochs (200)'),
    patience: z.number().int().positive().default(40).describe('validations without a better NDCG@10 before early stopping (ICLRec: 40)'),
    validEvery: z.number().int().positive().default(1).describe('validate every this many epochs; the last epoch is always validated (1)'),
    loss: z.enum(['bce', 'ce']).default('bce').describe('bce: binary cross-entropy with sampled negatives (S3-Rec/ICLRec); ce: full softmax cross-entropy'),
    negatives: z.number().int().positive().default(1).describe('sampled negatives per target position for bce (1)'),
    itemAttributes: z
      .boolean()
      .default(false)
      .describe("SASRec only: add the mean of each item's attribute embeddings (items table: attributes and category path) to its embedding, in the input and the scores, as S3-Rec's item attributes (false)"),
    itemFeatures: itemFeaturesConfigSchema
      .optional()
      .describe('SASRec only: item feature blocks (text, image, attribute, behaviour) fused into one vector f_i per item and added as W f_i, a learned projection, to the item representation in the input and the scores; omit for none'),
    contrastive: contrastiveSchema.optional().describe('CL4SRec contrastive loss on two augmented views; omit to train without it'),
    seeds: z.array(z.number().int()).min(1).default([1, 2, 3]).describe('seeds; each trains one model, results are reported as mean and spread ([1, 2, 3])'),
    external: externalTrainerSchema.optional().describe('the command of train.model: external'),
    threads: z.number().int().min(1).max(64).default(1).describe('trainings (variant x seed) run at once, each in a worker thread on one core; results do not depend on it (1)'),
  })
  .strict()
  .refine((train) => train.model !== 'external' || train.external !== undefined, { message: 'train.model: external needs train.external.command', path: ['external'] })
  .refine((train) => !train.itemAttributes || train.model === 'sasrec', { message: 'train.itemAttributes: only train.model sasrec uses item attributes', path: ['itemAttributes'] })
  .refine((train) => train.itemFeatures === undefined || train.model === 'sasrec', { message: 'train.itemFeatures: only train.model sasrec uses item features', path: ['itemFeatures'] });

/** The validated `train` section. */
export type TrainConfig = z.output<typeof trainSchema>;
