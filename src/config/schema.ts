/**
 * The whole SampleForge config: one zod schema, validated once at the edge. Each section's fields,
 * defaults and one-line meanings live in its own file; this one joins them per task.
 *
 * `task: recommendation` trains sequential recommenders on interactions (leave-one-out split,
 * behaviour-sequence augmentation); `task: intent` trains a text classifier on labelled texts
 * (k-shot split, text augmentation and filters).
 */
import { z } from 'zod';
import { alignConfigSchema, leakageConfigSchema } from './align.js';
import { sequenceAugmentStepSchema } from './augment-sequence.js';
import { isLlmTextStep, textAugmentStepSchema } from './augment-text.js';
import { classifierConfigSchema } from './classifier.js';
import { cleanConfigSchema } from './clean.js';
import { evaluateConfigSchema } from './evaluate.js';
import { datasetSourceSchema, filesSourceSchema } from './ingest.js';
import { labelConfigSchema } from './label.js';
import { llmConfigSchema } from './llm.js';
import { splitConfigSchema } from './split.js';
import { syntheticSourceSchema } from './synthetic.js';
import { tablesConfigSchema } from './tables.js';
import { trainSchema } from './train.js';

/** `data`: exactly one of a synthetic shop, files, or a known dataset. */
export const dataConfigSchema = z
  .strictObject({
    synthetic: syntheticSourceSchema.optional().describe('generate the bundled example shop (no files needed)'),
    files: filesSourceSchema.optional().describe('files mapped onto the canonical tables'),
    dataset: datasetSourceSchema.optional().describe('a known public dataset read from a local folder (sampleforge datasets)'),
  })
  .refine((value) => [value.synthetic, value.files, value.dataset].filter((entry) => entry !== undefined).length === 1, {
    message: 'set exactly one of synthetic, files, dataset',
  })
  .describe('where the data comes from');

/** `output`: where the run directory goes. */
export const outputConfigSchema = z
  .strictObject({
    dir: z.string().min(1).default('runs').describe('folder holding run directories; the run goes to <dir>/<name> (relative to the working directory)'),
  })
  .prefault({})
  .describe('where results are written');

/** `queue`: run augmentation shards on `sampleforge worker` processes through Redis. */
export const queueConfigSchema = z
  .strictObject({
    redis: z.string().min(1).optional().describe('Redis URL (redis://host:port); absent = run everything in this process. Workers write shard outputs into the run directory, so workers on other machines need it on a shared filesystem at the same path'),
    name: z.string().min(1).default('sampleforge-shards').describe('BullMQ queue name; one run at a time per name'),
    shardSize: z.number().int().positive().default(2000).describe('records per shard (the same for local and distributed runs, so both give the same samples)'),
    attempts: z.number().int().positive().default(3).describe('tries per shard before it counts as failed'),
  })
  .prefault({})
  .describe('distributed augmentation (issue 7); absent redis = in-process');

const common = {
  name: z
    .string()
    .regex(/^[A-Za-z0-9][A-Za-z0-9._-]*$/, 'expected letters, digits, ".", "_" or "-"')
    .describe('run name; the run directory is <output.dir>/<name>. Required.'),
  seed: z.number().int().nonnegative().default(42).describe('seed of data generation, splits and augmentation; training seeds are listed separately'),
  data: dataConfigSchema,
  clean: cleanConfigSchema.prefault({}).describe('cleaning rules, each counted with its reason'),
  label: labelConfigSchema.prefault({}).describe('labels derived from behaviour, attributes and rules'),
  align: alignConfigSchema.prefault({}).describe('distribution shift measured between real and synthetic samples, and corrections'),
  leakage: leakageConfigSchema.prefault({}).describe('guards that keep synthetic samples away from validation and test data'),
  tables: tablesConfigSchema,
  llm: llmConfigSchema.optional().describe('a language model for LLM augmenters; absent = classical augmenters only'),
  queue: queueConfigSchema,
  output: outputConfigSchema,
};

/** Config of a recommendation run: sequences, augmentation, SASRec or baselines, ranking metrics. */
export const recommendationConfigSchema = z.strictObject({
  task: z.literal('recommendation').describe('sequential recommendation on interactions'),
  ...common,
  split: splitConfigSchema.prefault({ method: 'leave-one-out' }).describe('how interactions are split (default leave-one-out, the S3-Rec/ICLRec protocol)'),
  augment: z
    .strictObject({
      steps: z.array(sequenceAugmentStepSchema).default([]).describe('augmentation steps applied to the training sequences; empty = baseline only'),
      ablation: z.boolean().default(true).describe('also train one variant per step alone, next to all steps together'),
    })
    .prefault({})
    .describe('behaviour-sequence augmentation'),
  train: trainSchema.prefault({}).describe('the model and its training'),
  evaluate: evaluateConfigSchema.prefault({}).describe('ranking evaluation'),
}).superRefine((config, context) => {
  if (config.align.budget.enabled && !(['activity', 'lastItemPopularity'] as string[]).includes(config.align.budget.sliceField)) {
    context.addIssue({
      code: 'custom',
      path: ['align', 'budget', 'sliceField'],
      message: `"${config.align.budget.sliceField}" is not a slice of training sequences; use activity (short histories) or lastItemPopularity (cold items)`,
    });
  }
  // Only SASRec takes sample weights; failing here saves the stages before training.
  if (config.align.importanceWeights.enabled && config.train.model !== 'sasrec') {
    context.addIssue({
      code: 'custom',
      path: ['align', 'importanceWeights', 'enabled'],
      message: `train.model ${config.train.model} takes no sample weights; use train.model: sasrec, or align.resample / align.ratioCaps`,
    });
  }
});

const plainTrainingSize = z.union([
  z.number().int().positive().describe('k labelled examples per label'),
  z.literal('all').describe('the whole train split'),
  z.strictObject({ fraction: z.number().gt(0).max(1).describe('fraction of each label, at least one example') }),
]);

/**
 * One training-set size of an intent run: `10` (k per label), `all`, `{ fraction: 0.01 }`, or
 * `{ size: <one of those>, epochs, maxOutputsPerInput }` to train that size longer or shorter and
 * to cap augmentation outputs (the EDA paper uses 16 outputs for 500 examples, 4 for 5,000 and more).
 */
export const trainingSizeSchema = z.union([
  plainTrainingSize,
  z.strictObject({
    size: plainTrainingSize,
    epochs: z.number().int().min(1).max(10_000).optional().describe('classifier epochs for this size; default classifier.epochs'),
    maxOutputsPerInput: z.number().int().min(1).optional().describe('caps every step\'s outputsPerInput for this size'),
  }),
]);

/** A training-set size as configured. */
export type TrainingSizeEntry = z.output<typeof trainingSizeSchema>;
/** The subset a size draws: k per label, a fraction, or all. */
export type TrainingSize = z.output<typeof plainTrainingSize>;

/** Config of an intent run: labelled texts, text augmentation and filters, a fast classifier. */
export const intentConfigSchema = z.strictObject({
  task: z.literal('intent').describe('customer-service intent (or any text label) classification'),
  ...common,
  split: splitConfigSchema.prefault({ method: 'k-shot' }).describe('how texts are split (default k-shot: k examples per label, the rest a pool; the dataset test split is kept)'),
  augment: z
    .strictObject({
      steps: z.array(textAugmentStepSchema).default([]).describe('text augmentation steps applied to the training texts; empty = baseline only'),
      ablation: z.boolean().default(true).describe('also train one variant per step alone, next to all steps together'),
    })
    .prefault({})
    .describe('text augmentation'),
  filter: z
    .strictObject({
      exactDuplicate: z.boolean().default(true).describe('drop a synthetic text equal (after case and space folding) to a real one or to an earlier synthetic one'),
      nearDuplicate: z.boolean().default(true).describe('drop near-duplicate synthetic texts (MinHash estimate of character-shingle Jaccard)'),
      minSimilarity: z.number().min(0).max(1).default(0.2).describe('drop a synthetic text less similar than this to its parent (meaning may have changed)'),
      maxSimilarity: z.number().min(0).max(1).default(0.95).describe('drop a synthetic text more similar than this to its parent (adds nothing)'),
      labelConsistency: z.boolean().default(true).describe('drop a synthetic text a teacher trained on the real data does not assign its label'),
      minConfidence: z.number().min(0).max(1).default(0.2).describe('teacher probability the label needs to be kept'),
    })
    .prefault({})
    .describe('quality filters on synthetic texts; each dropped sample keeps its reason'),
  sizes: z
    .array(trainingSizeSchema)
    .min(1)
    .default(['all'])
    .describe('training-set sizes compared: k examples per label, { fraction } of each label, or all of the train split; each seed draws its own subset'),
  classifier: classifierConfigSchema.prefault({}).describe('the text classifier'),
  seeds: z.array(z.number().int()).min(1).default([1, 2, 3, 4, 5]).describe('training seeds; results are mean and spread over them'),
}).superRefine((config, context) => {
  // Intent texts have one slice field; failing here saves the stages before augmentation.
  const budget = config.align.budget;
  if (budget.enabled && budget.sliceField !== 'label') {
    context.addIssue({
      code: 'custom',
      path: ['align', 'budget', 'sliceField'],
      message: 'an intent run budgets per label only (its texts have no other slice field); use sliceField: label, the default',
    });
  }
  // Settings an intent run has no field for are refused rather than ignored.
  const caps = config.align.ratioCaps;
  if (caps.perClass !== null && caps.classField !== 'label') {
    context.addIssue({ code: 'custom', path: ['align', 'ratioCaps', 'classField'], message: `an intent run caps per label only, got "${caps.classField}"; use classField: label, the default` });
  }
  if (Object.keys(caps.perSlice).length > 0) {
    context.addIssue({ code: 'custom', path: ['align', 'ratioCaps', 'perSlice'], message: 'an intent run has no slice field besides the label; cap per label with align.ratioCaps.perClass' });
  }
  const slices = config.align.slices.filter((slice) => slice !== 'label');
  if (slices.length > 0) {
    context.addIssue({ code: 'custom', path: ['align', 'slices'], message: `an intent run measures shift per label only; ${slices.join(', ')} is not a field of its texts` });
  }
  if (config.llm !== undefined) return;
  config.augment.steps.forEach((step, index) => {
    if (!isLlmTextStep(step)) return;
    context.addIssue({
      code: 'custom',
      path: ['augment', 'steps', index, 'augmenter'],
      message: `${step.augmenter} needs a language model, and the config has no llm section: add one, e.g. "llm: { provider: { type: openai-compatible, baseUrl: http://127.0.0.1:8080/v1, model: MODEL } }" or "llm: { provider: { type: llama-cpp, modelPath: FILE.gguf } }"`,
    });
  });
});

/** A SampleForge config, for either task. */
export const configSchema = z.discriminatedUnion('task', [recommendationConfigSchema, intentConfigSchema]).describe('a SampleForge run');

export type SampleForgeConfig = z.output<typeof configSchema>;
export type SampleForgeConfigInput = z.input<typeof configSchema>;
export type RecommendationConfig = z.output<typeof recommendationConfigSchema>;
export type IntentConfig = z.output<typeof intentConfigSchema>;
