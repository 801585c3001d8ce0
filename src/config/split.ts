/** The `split` section: how interactions and texts are split into train, validation, test (and pool). */
import { z } from 'zod';

const fraction = (value: number, meaning: string) => z.number().min(0).max(1).default(value).describe(meaning);

/** The `split` section for `method: leave-one-out`. */
export const leaveOneOutConfigSchema = z
  .object({
    method: z.literal('leave-one-out'),
    table: z.string().min(1).default('interactions').describe('input table, split into <table>_train/_validation/_test'),
    minInteractions: z
      .number()
      .int()
      .min(3)
      .default(3)
      .describe('users with fewer interactions go wholly to train (they have no targets)'),
  })
  .describe('leave-one-out per user: last item test, second-last validation, rest train (S3-Rec / ICLRec)');

/** The `split` section for `method: temporal`. */
export const temporalSplitConfigSchema = z
  .object({
    method: z.literal('temporal'),
    table: z.string().min(1).default('interactions').describe('input table with a timestamp column'),
    testQuantile: fraction(0.9, 'test starts at this quantile of all timestamps (ignored when testFrom is set)'),
    validationQuantile: fraction(0.8, 'validation starts at this quantile (ignored when validationFrom is set)'),
    testFrom: z.number().int().nullable().default(null).describe('test starts at this timestamp (ms since epoch); null = use testQuantile'),
    validationFrom: z.number().int().nullable().default(null).describe('validation starts at this timestamp; null = use validationQuantile'),
  })
  .refine((value) => value.validationQuantile <= value.testQuantile, { message: 'validationQuantile must not exceed testQuantile', path: ['validationQuantile'] })
  .describe('global temporal cut: train before validationFrom, validation before testFrom, test from testFrom on');

/** The `split` section for `method: stratified`. */
export const stratifiedSplitConfigSchema = z
  .object({
    method: z.literal('stratified'),
    table: z.string().min(1).default('texts').describe('input table with id and label columns'),
    seed: z.number().int().default(0).describe('seed of the order within each label'),
    train: fraction(0.8, 'fraction of each label for train'),
    validation: fraction(0.1, 'fraction of each label for validation; the rest is test'),
    honourDatasetSplit: z.boolean().default(true).describe('rows whose split column is set keep that split'),
  })
  .refine((value) => value.train + value.validation <= 1 + 1e-9, { message: 'train + validation must be at most 1', path: ['validation'] })
  .describe('stratified random split of labelled texts; unlabelled rows go to the pool');

/** The `split` section for `method: k-shot`. */
export const kShotSplitConfigSchema = z
  .object({
    method: z.literal('k-shot'),
    table: z.string().min(1).default('texts').describe('input table with id and label columns'),
    seed: z.number().int().default(0).describe('seed of the choice of the k examples'),
    k: z.number().int().positive().default(10).describe('training examples per label'),
    validationK: z.number().int().min(0).default(0).describe('validation examples per label, taken after the k training ones'),
    testFraction: fraction(0.2, 'when no row has split = test, this fraction of each label becomes test first'),
  })
  .describe('k examples per label for train, the rest kept as an unlabelled pool; the dataset test split is honoured');

/** The `split` section: one method, chosen by `method`. */
export const splitConfigSchema = z
  .discriminatedUnion('method', [leaveOneOutConfigSchema, temporalSplitConfigSchema, stratifiedSplitConfigSchema, kShotSplitConfigSchema])
  .describe('one split method; outputs are the tables <table>_train, <table>_validation, <table>_test and <table>_pool');

/** The validated `split` section. */
export type SplitConfig = z.output<typeof splitConfigSchema>;
/** A validated leave-one-out split section. */
export type LeaveOneOutConfig = z.output<typeof leaveOneOutConfigSchema>;
/** A validated temporal split section. */
export type TemporalSplitConfig = z.output<typeof temporalSplitConfigSchema>;
/** A validated stratified split section. */
export type StratifiedSplitConfig = z.output<typeof stratifiedSplitConfigSchema>;
/** A validated k-shot split section. */
export type KShotSplitConfig = z.output<typeof kShotSplitConfigSchema>;
