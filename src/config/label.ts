/** The `label` section: graded labels from implicit feedback, user interests, item categories, labelling functions. */
import { z } from 'zod';

const DEFAULT_GRADES = { purchase: 3, cart: 2, click: 1, view: 0 };

/** One rating threshold: ratings of at least `min` get `grade`. */
export const ratingThresholdSchema = z.object({
  min: z.number().describe('a rating of at least this value...'),
  grade: z.number().int().describe('...gets this grade (the first matching threshold, highest min first)'),
});

/** The `label.graded` section. */
export const gradedLabelsConfigSchema = z
  .object({
    enabled: z.boolean().default(true).describe('write one graded label per (user, item)'),
    grades: z
      .record(z.string(), z.number().int())
      .default(DEFAULT_GRADES)
      .describe('grade of each event; a pair keeps the highest grade of its events (default purchase 3, cart 2, click 1, view 0)'),
    ratingThresholds: z
      .array(ratingThresholdSchema)
      .default([
        { min: 4, grade: 2 },
        { min: 3, grade: 1 },
      ])
      .describe('grades of `rating` events by value (default >= 4 -> 2, >= 3 -> 1)'),
    ratingBelowGrade: z.number().int().default(0).describe('grade of a rating below every threshold'),
    table: z.string().min(1).default('grades').describe('output table (user_id, item_id, grade)'),
  })
  .describe('implicit feedback -> graded labels');

/** The `label.userInterests` section. */
export const userInterestsConfigSchema = z
  .object({
    enabled: z.boolean().default(true).describe('write the top categories of each user'),
    topN: z.number().int().positive().default(3).describe('categories kept per user'),
    level: z.number().int().positive().default(1).describe('category path level (1 = top level; deeper paths fall back to their last level)'),
    weights: z
      .record(z.string(), z.number().min(0))
      .default({ view: 1, click: 2, cart: 3, purchase: 4, rating: 2 })
      .describe('weight of each event; unknown events weigh 1'),
    table: z.string().min(1).default('user_interests').describe('output table (user_id, category, score, rank)'),
  })
  .describe('user-interest labels');

/** One rule of `label.itemCategories.rules`. */
export const itemCategoryRuleSchema = z.object({
  key: z.string().min(1).describe('attribute key to read'),
  pattern: z.string().optional().describe('RE2 regular expression the value must match (case-insensitive); absent = any non-empty value'),
  category: z.string().optional().describe('category to assign; absent = the attribute value itself'),
});

/** The `label.itemCategories` section. */
export const itemCategoriesConfigSchema = z
  .object({
    enabled: z.boolean().default(false).describe('derive item category labels from attributes (needs rules)'),
    rules: z.array(itemCategoryRuleSchema).default([]).describe('tried in order; the first matching rule labels the item'),
    table: z.string().min(1).default('item_categories').describe('output table (item_id, category, rule)'),
  })
  .describe('item category labels from attributes');

/** One labelling function of `label.weak.functions`; needs keywords or a pattern. */
export const labelingFunctionSchema = z
  .object({
    name: z.string().min(1).describe('unique name shown in the LF summary'),
    label: z.string().min(1).describe('label voted when the function fires'),
    keywords: z.array(z.string().min(1)).optional().describe('fires when the text contains any keyword (case-insensitive substring)'),
    pattern: z.string().optional().describe('fires when the RE2 regular expression matches (case-insensitive)'),
  })
  .refine((value) => (value.keywords?.length ?? 0) > 0 || value.pattern !== undefined, { message: 'give keywords or a pattern' });

/** The `label.weak` section. */
export const weakLabelsConfigSchema = z
  .object({
    enabled: z.boolean().default(false).describe('label texts by majority vote of labelling functions'),
    functions: z.array(labelingFunctionSchema).default([]).describe('keyword / regex labelling functions; each votes its label or abstains'),
    fillMissing: z.boolean().default(true).describe('copy the voted label into texts.label where it is null'),
    table: z.string().min(1).default('weak_labels').describe('output table (id, label, votes, status)'),
  })
  .describe('weak supervision for texts');

/** The `label` section. */
export const labelConfigSchema = z
  .object({
    graded: gradedLabelsConfigSchema.prefault({}),
    userInterests: userInterestsConfigSchema.prefault({}),
    itemCategories: itemCategoriesConfigSchema.prefault({}),
    weak: weakLabelsConfigSchema.prefault({}),
  })
  .describe('labelling without people');

/** The validated `label` section. */
export type LabelConfig = z.output<typeof labelConfigSchema>;
/** The validated `label.graded` section. */
export type GradedLabelsConfig = z.output<typeof gradedLabelsConfigSchema>;
/** The validated `label.userInterests` section. */
export type UserInterestsConfig = z.output<typeof userInterestsConfigSchema>;
/** The validated `label.itemCategories` section. */
export type ItemCategoriesConfig = z.output<typeof itemCategoriesConfigSchema>;
/** The validated `label.weak` section. */
export type WeakLabelsConfig = z.output<typeof weakLabelsConfigSchema>;
/** A validated labelling function. */
export type LabelingFunction = z.output<typeof labelingFunctionSchema>;
