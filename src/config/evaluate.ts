import { z } from 'zod';

/** Ranking evaluation: metrics cut-offs, protocol, negatives, tie rule and slice thresholds. */
export const evaluateConfigSchema = z
  .object({
    ks: z
      .array(z.number().int().positive())
      .min(1)
      .default([5, 10, 20])
      .describe('cut-offs K for HR@K and NDCG@K; MRR is always over the full ranking'),
    protocol: z
      .enum(['full', 'sampled'])
      .default('full')
      .describe('full: rank the target against every item except the user\'s known ones (S3-Rec/ICLRec); sampled: against `negatives` sampled items'),
    negatives: z.number().int().positive().default(99).describe('negatives per user in the sampled protocol (S3-Rec uses 99)'),
    negativeSampler: z.enum(['uniform', 'popularity']).default('uniform').describe('how sampled-protocol negatives are drawn: uniformly or in proportion to training popularity'),
    seed: z.number().int().default(0).describe('seed of the sampled-protocol negatives'),
    ties: z
      .enum(['half', 'pessimistic'])
      .default('half')
      .describe('items scoring exactly like the target count half (expected rank under random tie-breaking) or fully above it'),
    slices: z
      .object({
        shortHistoryMax: z.number().int().nonnegative().default(5).describe('users with at most this many training items form the short-history slice'),
        longTailBelow: z.number().int().positive().default(10).describe('targets with fewer than this many training interactions form the long-tail slice'),
      })
      .default({ shortHistoryMax: 5, longTailBelow: 10 })
      .describe('thresholds of the per-slice metrics'),
    threads: z.number().int().positive().optional().describe('threads of the ranking kernel; default the available cores, at most 2'),
  })
  .strict()
  .describe('ranking evaluation (HR@K, NDCG@K, MRR) on the leave-one-out split');

/** Parsed evaluation config. */
export type EvaluateConfig = z.output<typeof evaluateConfigSchema>;
