/**
 * The `data.synthetic` section: the seeded example shop that lets the quickstart and the tests run
 * without third-party data. Counts left out come from the preset.
 */
import { z } from 'zod';

/** Record counts of a generated world. */
export interface SyntheticSizes {
  users: number;
  items: number;
  interactions: number;
  utterances: number;
  queries: number;
}

/**
 * Named sizes. `quickstart` runs end to end in seconds; `large` is for benchmarks and
 * models that need more signal (about 1 million interactions).
 */
export const SYNTHETIC_PRESETS = Object.freeze({
  quickstart: Object.freeze({ users: 600, items: 400, interactions: 15_000, utterances: 1_500, queries: 1_000 }),
  large: Object.freeze({ users: 20_000, items: 8_000, interactions: 1_000_000, utterances: 20_000, queries: 30_000 }),
} as const satisfies Record<string, SyntheticSizes>);

export type SyntheticPreset = keyof typeof SYNTHETIC_PRESETS;

const count = (meaning: string) => z.number().int().positive().optional().describe(`${meaning}; defaults to the preset's`);
const probability = (value: number, meaning: string) => z.number().min(0).max(1).default(value).describe(meaning);

/** Schema of `data.synthetic`. Every field has a default; counts default to the preset. */
export const syntheticSourceSchema = z
  .strictObject({
    preset: z
      .enum(['quickstart', 'large'])
      .default('quickstart')
      .describe('named sizes: quickstart (600 users, 400 items, 15k interactions) or large (20k users, 8k items, 1M interactions)'),
    seed: z.number().int().optional().describe('seed of the world; defaults to the seed the caller passes (the run seed)'),
    users: count('number of users'),
    items: count('number of catalog items'),
    interactions: count('number of interaction events (view, click, cart, purchase), exactly'),
    utterances: count('number of customer-service utterances, spread over the languages'),
    queries: count('number of search queries derived from clicked items'),
    languages: z
      .array(z.enum(['en', 'zh']))
      .min(1)
      .default(['en', 'zh'])
      .describe('languages of the utterances (and of a share of the queries): en, zh'),
    interestsPerUser: z
      .tuple([z.number().int().min(1), z.number().int().min(1)])
      .refine(([low, high]) => low <= high, 'expected [min, max] with min <= max')
      .default([2, 4])
      .describe('[min, max] number of interest categories (second catalog level) per user'),
    chainProbability: probability(0.5, 'chance that the next item in a session follows the previous one (complementary / co-purchase chain)'),
    explorationProbability: probability(0.08, 'chance that an item is drawn by popularity alone, outside the user\'s interests'),
    searchProbability: probability(0.3, 'chance that a session starts with a search query'),
    typoProbability: probability(0.08, 'chance that a query carries a typo (the long tail of query variants)'),
    chineseQueryShare: probability(0.2, 'share of queries written in Chinese when languages include zh'),
    startTime: z
      .number()
      .int()
      .nonnegative()
      .default(Date.UTC(2025, 0, 1))
      .describe('earliest event time, ms since the Unix epoch (default 2025-01-01T00:00:00Z)'),
  })
  .describe('a seeded synthetic shop: users, items, interactions, queries and customer-service utterances');

export type SyntheticSourceInput = z.input<typeof syntheticSourceSchema>;
export type SyntheticSourceConfig = z.output<typeof syntheticSourceSchema>;

/** A validated `data.synthetic` with every count filled in from its preset. */
export type ResolvedSyntheticOptions = Omit<SyntheticSourceConfig, keyof SyntheticSizes> & SyntheticSizes;

/** Fills the counts a config leaves out from its preset. */
export function resolveSyntheticOptions(config: SyntheticSourceConfig): ResolvedSyntheticOptions {
  const preset = SYNTHETIC_PRESETS[config.preset];
  return {
    ...config,
    users: config.users ?? preset.users,
    items: config.items ?? preset.items,
    interactions: config.interactions ?? preset.interactions,
    utterances: config.utterances ?? preset.utterances,
    queries: config.queries ?? preset.queries,
  };
}
