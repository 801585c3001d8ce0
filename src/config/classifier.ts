/** The text classifier section: a fastText-style linear model or a one-hidden-layer MLP over hashed n-grams. */
import { z } from 'zod';

/**
 * Intent/text classifier settings. Defaults follow fastText's supervised mode with word bigrams
 * (Joulin et al. 2017): dim 100, lr 0.5 decaying linearly to 0, 25 epochs as in the usual
 * `-wordNgrams 2 -epoch 25 -lr 0.5` recipe, 2,000,000 buckets, no character n-grams.
 */
export const classifierConfigSchema = z
  .object({
    model: z.enum(['fasttext', 'mlp']).default('fasttext').describe('fasttext = embedding bag + linear softmax; mlp = embedding bag + one ReLU hidden layer + softmax'),
    dim: z.number().int().min(1).max(1024).default(100).describe('embedding size of words and n-grams'),
    hiddenDim: z.number().int().min(1).max(4096).default(128).describe('hidden units of the mlp model (ignored by fasttext)'),
    epochs: z.number().int().min(1).max(10_000).default(25).describe('passes over the training data'),
    lr: z.number().positive().max(10).default(0.5).describe('initial SGD learning rate, decayed linearly to 0 over training as in fastText'),
    wordNgrams: z.number().int().min(1).max(5).default(2).describe('longest word n-gram used as a feature (1 = unigrams only)'),
    charNgramMin: z.number().int().min(0).max(10).default(0).describe('shortest character n-gram of a word; 0 disables character n-grams'),
    charNgramMax: z.number().int().min(0).max(10).default(0).describe('longest character n-gram of a word'),
    buckets: z.number().int().min(0).max(100_000_000).default(2_000_000).describe('hash buckets for word and character n-grams; only buckets seen in training take memory'),
    minCount: z.number().int().min(1).default(1).describe('minimum count for a word to enter the vocabulary'),
    seed: z.number().int().default(1).describe('seed of initialisation and example order'),
  })
  .refine((config) => config.charNgramMin === 0 || config.charNgramMax >= config.charNgramMin, {
    message: 'charNgramMax must be at least charNgramMin when character n-grams are enabled',
    path: ['charNgramMax'],
  });

/** The classifier section after defaults. */
export type ClassifierConfig = z.output<typeof classifierConfigSchema>;
/** The classifier section as a user writes it (every field optional). */
export type ClassifierConfigInput = z.input<typeof classifierConfigSchema>;
