/** The `clean` section: which cleaning rules run on the canonical tables, and their thresholds. */
import { z } from 'zod';

const enabled = (value: boolean, meaning: string) => z.boolean().default(value).describe(meaning);

/**
 * A strict object: an unknown key (a typo such as `kCore.k`) is an error that names the keys the
 * section takes, instead of being ignored.
 */
function section<Shape extends z.ZodRawShape>(shape: Shape) {
  const known = Object.keys(shape).join(', ');
  return z.strictObject(shape, {
    error: (issue) =>
      issue.code === 'unrecognized_keys'
        ? `unknown key${issue.keys.length > 1 ? 's' : ''} ${issue.keys.map((key) => JSON.stringify(key)).join(', ')} (this section takes ${known})`
        : undefined,
  });
}

const robustK = z
  .number()
  .positive()
  .default(3.5)
  .describe('k of the robust bound median +- k * 1.4826 * MAD (3.5 is the Iglewicz-Hoaglin modified z-score cut)');

/** The `clean.normalizeText` section. */
export const normalizeTextConfigSchema = section({
  enabled: enabled(true, 'normalise texts.text and items.title in place'),
  nfkc: enabled(true, 'apply Unicode NFKC (compatibility composition)'),
  fullWidth: enabled(true, 'map full-width ASCII forms (U+FF01..U+FF5E) and the ideographic space to half-width'),
  whitespace: enabled(true, 'collapse runs of whitespace (and control characters) to one space and trim'),
  lowercase: enabled(true, 'lowercase (locale-independent); model numbers, sizes and units keep their characters'),
})
  .describe('text normalisation; never drops rows');

/** The `clean` section; every rule has an `enabled` switch. */
export const cleanConfigSchema = section({
  missingKeys: section({ enabled: enabled(true, 'drop rows whose key (user_id, item_id, texts.id, texts.text) is null or blank') })
    .prefault({})
    .describe('missing keys'),
  normalizeText: normalizeTextConfigSchema.prefault({}),
  duplicates: section({
    enabled: enabled(true, 'drop exact duplicates: identical interactions, texts with the same normalised text and label, repeated item_id (first kept)'),
  })
    .prefault({})
    .describe('exact duplicate removal'),
  dwellOutliers: section({
    enabled: enabled(false, 'drop interactions whose log dwell time lies outside the robust bounds (off: logs differ)'),
    k: robustK,
  })
    .prefault({})
    .describe('dwell-time outliers on log(1 + dwell_ms)'),
  sessionOutliers: section({
    enabled: enabled(false, 'drop sessions whose event count or peak events per minute lies above the robust bound'),
    k: robustK,
  })
    .prefault({})
    .describe('session outliers; a session is session_id, or user_id when session_id is null'),
  bots: section({
    enabled: enabled(false, 'drop bot-like sessions'),
    maxEventsPerSession: z.number().int().positive().default(1000).describe('a session with more events is a bot'),
    maxDistinctItemsPerMinute: z.number().int().positive().default(60).describe('a session that touches more distinct items within one clock minute is a bot'),
    regularMinEvents: z.number().int().min(3).default(20).describe('sessions with at least this many events are tested for machine-regular intervals'),
    regularMaxCv: z
      .number()
      .min(0)
      .default(0.05)
      .describe('a session whose inter-event intervals have a coefficient of variation below this is machine-regular'),
  })
    .prefault({})
    .describe('bot-like sessions'),
  kCore: section({
    enabled: enabled(false, 'keep only the k-core: users and items with enough interactions, iterated to a fixed point'),
    userK: z.number().int().min(1).default(5).describe('minimum interactions per user'),
    itemK: z.number().int().min(1).default(5).describe('minimum interactions per item'),
    maxIterations: z.number().int().min(1).default(100).describe('stop (with a warning) after this many rounds'),
  })
    .prefault({})
    .describe('k-core filtering'),
  sequenceLength: section({
    enabled: enabled(false, 'bound the length of each user sequence'),
    min: z.number().int().min(0).default(0).describe('drop users with fewer interactions'),
    max: z.number().int().positive().nullable().default(null).describe('keep only the most recent max interactions per user; null = no bound'),
  })
    .refine((value) => value.max === null || value.max >= value.min, { message: 'max must be at least min', path: ['max'] })
    .prefault({})
    .describe('sequence length bounds'),
  chronological: section({
    enabled: enabled(true, 'rewrite interactions in chronological order (stable: ties keep input order)'),
    byUser: enabled(true, 'order by user_id first, then time, so each user sequence is contiguous'),
  })
    .prefault({})
    .describe('chronological ordering'),
})
  .describe('cleaning rules, run in the order missing keys, normalise, duplicates, outliers, bots, k-core, length, chronological');

/** The validated `clean` section. */
export type CleanConfig = z.output<typeof cleanConfigSchema>;
/** The validated `clean.normalizeText` section. */
export type NormalizeTextConfig = z.output<typeof normalizeTextConfigSchema>;
