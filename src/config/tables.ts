/**
 * The `tables` section: synthetic rows of the users and items feature tables (issue 8), each entry
 * one synthesizer fitted on one table, its rows written with lineage and scored for quality (column
 * shapes, pair trends, detection AUC, distance to the closest real record). Every default is
 * defined and described here; whether a column exists is checked against the data by the stage.
 */
import { z } from 'zod';

/** The tables a synthesizer can be fitted on. */
export const SYNTHESIS_TABLES = ['users', 'items'] as const;

/** The synthesizers, by config name. */
export const TABLE_SYNTHESIZERS = ['copula', 'vae', 'gan', 'smote'] as const;

const shared = {
  name: z
    .string()
    .regex(/^[A-Za-z0-9][A-Za-z0-9._/-]*$/, 'expected letters, digits, ".", "_", "-" or "/"')
    .optional()
    .describe('key of this entry in metrics.tableQuality and the report; default "<table>/<synthesizer>"'),
  table: z
    .enum(SYNTHESIS_TABLES)
    .describe('users (e.g. MovieLens demographics) or items (price, category levels category.1.., attribute keys attributes.<key>). When split.table is this table, only its train split is read'),
  rows: z.number().int().positive().optional().describe('synthetic rows to sample; default as many as the real rows (those matching conditions)'),
  columns: z
    .array(z.string().min(1))
    .min(1)
    .optional()
    .describe('feature columns to model, e.g. [age, gender] or [price, category.1, attributes.brand]; default every feature column present on at least 5% of rows, without ids, constant columns and near-unique text (more distinct values than half the rows)'),
  generalize: z
    .record(z.string(), z.number().int().min(1))
    .optional()
    .describe('keep only the first N characters of these categorical columns, e.g. { zip: 1 } (the US zip zone): a quasi-identifier generalised, as k-anonymity does, instead of left out as near-unique; default none'),
  conditionOn: z
    .string()
    .min(1)
    .optional()
    .describe('a categorical column to condition on: the copula fits one copula per value (strata), the VAE and GAN take it as their condition, SMOTE grows its thin classes; default none'),
  conditions: z
    .record(z.string(), z.union([z.string(), z.number()]))
    .optional()
    .describe('fixed values of categorical columns for every sampled row, e.g. { occupation: student } for "users of this segment"; quality is then measured against the real rows that match; default none'),
  qualityRows: z
    .number()
    .int()
    .min(50)
    .default(5_000)
    .describe('rows per side the quality metrics read, a seeded sample when a side has more (detection and distance to closest record grow with the product of the sides) (5000)'),
};

const copulaEntry = z.strictObject({
  ...shared,
  synthesizer: z.literal('copula').describe('Gaussian copula (Patki et al. 2016): marginals plus the correlation of normal scores; the default choice'),
  minStratumRows: z.number().int().min(2).default(20).describe('with conditionOn: rows a value needs for a copula of its own; thinner values use the pooled copula conditioned on them (20)'),
  smoothing: z.number().min(0).default(0).describe('Gaussian kernel on numeric marginals, in Silverman bandwidths (a smoothed bootstrap); 0 = the empirical marginal (0)'),
});

const hidden = (value: number[]) => z.array(z.number().int().positive()).min(1).default(value);

const vaeEntry = z.strictObject({
  ...shared,
  synthesizer: z.literal('vae').describe('tabular VAE (TVAE, Xu et al. 2019); conditional with conditionOn'),
  epochs: z.number().int().min(1).max(100_000).default(300).describe('passes over the rows (300, TVAE\'s)'),
  batchSize: z.number().int().min(1).default(128).describe('rows per Adam step (128)'),
  hidden: hidden([128, 128]).describe('hidden widths of encoder and decoder ([128, 128], TVAE\'s)'),
  latent: z.number().int().min(1).default(16).describe('latent dimensions (16)'),
});

const ganEntry = z.strictObject({
  ...shared,
  synthesizer: z.literal('gan').describe('conditional tabular GAN (CTGAN, Xu et al. 2019) with WGAN-GP; slow, and behind the copula on the MovieLens tables (README)'),
  epochs: z.number().int().min(1).max(100_000).default(300).describe('passes over the rows (300, CTGAN\'s)'),
  batchSize: z.number().int().min(1).default(500).describe('rows per step, rounded down to a multiple of pac (500, CTGAN\'s)'),
  pac: z.number().int().min(1).default(10).describe('rows per critic input, PacGAN (10)'),
  hidden: hidden([256, 256]).describe('hidden widths of generator and critic ([256, 256], CTGAN\'s)'),
});

const smoteEntry = z.strictObject({
  ...shared,
  synthesizer: z.literal('smote').describe('SMOTE(-NC) interpolation (Chawla et al. 2002) that grows the thin classes of conditionOn; each row names its two real parents'),
  k: z.number().int().min(1).default(5).describe('nearest neighbours within the class to interpolate towards (5)'),
  targetCount: z.number().int().min(2).optional().describe('rows every class is grown to; default the size of the largest class'),
});

/** One entry of `tables`. */
export const tableSynthesisSchema = z.discriminatedUnion('synthesizer', [copulaEntry, vaeEntry, ganEntry, smoteEntry]);

/** The name an entry is reported under: its `name`, else `<table>/<synthesizer>`. */
export function tableEntryName(entry: { name?: string; table: string; synthesizer: string }): string {
  return entry.name ?? `${entry.table}/${entry.synthesizer}`;
}

/** Schema of `tables`: a list of entries, empty (the default) = no table synthesis. */
export const tablesConfigSchema = z
  .array(tableSynthesisSchema)
  .default([])
  .superRefine((entries, context) => {
    const seen = new Map<string, number>();
    entries.forEach((entry, index) => {
      const name = tableEntryName(entry);
      const earlier = seen.get(name);
      if (earlier !== undefined) {
        context.addIssue({ code: 'custom', path: [index, 'name'], message: `"${name}" is also the name of tables[${earlier}]; give one of them a name of its own` });
      } else {
        seen.set(name, index);
      }
      if (entry.synthesizer === 'smote') {
        if (entry.conditionOn === undefined) {
          context.addIssue({ code: 'custom', path: [index, 'conditionOn'], message: 'smote needs conditionOn: the categorical column whose thin classes it grows' });
        }
        if (entry.rows !== undefined) {
          context.addIssue({ code: 'custom', path: [index, 'rows'], message: 'smote grows every class thinner than targetCount up to it, so rows does not apply; set targetCount' });
        }
        if (entry.conditions !== undefined) {
          context.addIssue({ code: 'custom', path: [index, 'conditions'], message: 'smote interpolates within the classes of conditionOn and cannot fix values; use copula, vae or gan' });
        }
      }
      if (entry.columns !== undefined) {
        const repeated = entry.columns.find((column, position) => entry.columns?.indexOf(column) !== position);
        if (repeated !== undefined) context.addIssue({ code: 'custom', path: [index, 'columns'], message: `"${repeated}" is listed twice` });
      }
    });
  })
  .describe('synthetic users/items tables and their quality in the report (issue 8); empty = off');

/** The validated `tables` section. */
export type TablesConfig = z.output<typeof tablesConfigSchema>;
/** One validated entry. */
export type TableSynthesisConfig = z.output<typeof tableSynthesisSchema>;
