/**
 * The `data` config section's file and dataset sources: which files go into which canonical table
 * and how their columns map, or which known dataset to load from where. Every default lives here.
 */
import { z } from 'zod';

/** Record fields (camelCase, as in `types.ts`) of each canonical table, the keys of `columns` and `defaults`. */
export const TABLE_FIELDS = Object.freeze({
  items: ['itemId', 'title', 'category', 'attributes', 'imagePath', 'price'],
  interactions: ['userId', 'itemId', 'event', 'value', 'timestamp', 'query', 'dwellMs', 'sessionId'],
  texts: ['id', 'text', 'label', 'language', 'split'],
} as const);

/** Names of the datasets the registry knows (src/data/datasets); the registry is typed against this list. */
export const DATASET_NAMES = [
  's3rec-amazon',
  'movielens-100k',
  'banking77',
  'bitext-customer-service',
  'clinc150',
  'online-shopping-10-cats',
  'wands',
  'esci',
  'esci-judgments-subset',
  'multi-cpr-ecom',
] as const;

export type DatasetName = (typeof DATASET_NAMES)[number];

type TableKey = keyof typeof TABLE_FIELDS;

const defaultValueSchema = z.union([z.string(), z.number(), z.boolean()]);

function fieldMap<T extends z.ZodType>(table: TableKey, value: T, meaning: string) {
  const shape = Object.fromEntries(TABLE_FIELDS[table].map((field) => [field, value.optional()])) as Record<(typeof TABLE_FIELDS)[TableKey][number], z.ZodOptional<T>>;
  return z.strictObject(shape).default({}).describe(meaning);
}

/** One file into one canonical table; `table` decides which fields `columns` and `defaults` accept. */
export function createFileSourceSchema(table: TableKey) {
  return z.strictObject({
    path: z.string().min(1).describe('File to read (CSV, TSV, JSONL or Parquet; .gz/.zst read directly). Required.'),
    format: z.enum(['csv', 'tsv', 'jsonl', 'parquet']).optional().describe('File format; default from the extension (.csv, .tsv/.tab, .jsonl/.ndjson/.json, .parquet/.pq).'),
    delimiter: z.string().min(1).optional().describe('CSV/TSV field delimiter; default TAB for tsv, sniffed for csv.'),
    header: z.boolean().optional().describe('CSV/TSV: whether line 1 holds column names; default true unless columnNames is set.'),
    columnNames: z.array(z.string().min(1)).min(1).optional().describe('CSV/TSV: column names of a headerless file, in order; default none.'),
    quote: z.string().max(1).optional().describe('CSV/TSV quote character; default sniffed (usually ").'),
    escape: z.string().max(1).optional().describe('CSV/TSV escape character; default sniffed.'),
    encoding: z.enum(['utf-8', 'latin-1', 'utf-16']).default('utf-8').describe('CSV/TSV text encoding; default utf-8.'),
    columns: fieldMap(table, z.string().min(1), `Record field -> column in the file, e.g. { itemId: asin }; default each field's snake_case (then camelCase) name. Fields: ${TABLE_FIELDS[table].join(', ')}.`),
    defaults: fieldMap(table, defaultValueSchema, 'Constants for fields absent from the file; default interactions event "click", value 1; texts language "en"; others null.'),
    timestampUnit: z.enum(['auto', 's', 'ms', 'us', 'iso']).default('auto').describe('Timestamp unit; default auto (seconds/ms/µs by magnitude, ISO-8601 text parsed, UTC when no offset).'),
    timestampFormat: z.string().min(1).optional().describe('CSV/TSV strptime format for non-ISO timestamp text, e.g. "%d/%m/%Y %H:%M"; default none.'),
    categoryDelimiter: z.string().min(1).default('>').describe('Separator of a category path held as text; default ">".'),
    attributesFormat: z.enum(['auto', 'json', 'pairs']).default('auto').describe('Attributes held as text: json object, pairs (k:v|k:v), or auto (json when it starts with "{"); default auto.'),
    attributePairDelimiter: z.string().min(1).default('|').describe('Separator between attribute pairs; default "|".'),
    attributeKeyValueDelimiter: z.string().min(1).default(':').describe('Separator between an attribute key and its value; default ":".'),
    generatedIdPrefix: z.string().optional().describe('Items/texts without an id column get "<prefix><row number>" as id; default none (the id column is required).'),
    eventMap: z
      .record(z.string(), z.enum(['view', 'click', 'cart', 'purchase', 'rating']))
      .optional()
      .describe('Interactions: event names in the log -> canonical events, e.g. { addtocart: cart }; unmapped values pass through; default none.'),
    idPrefix: z.string().optional().describe('Items/texts: prefix put before ids read from the file, e.g. "shop:"; default none.'),
    checksum: z.boolean().default(true).describe('Record the file sha256 in the ingest report (read alongside the ingest); default true.'),
    maxRejectSamples: z.number().int().min(0).default(20).describe('Rejected lines shown in the report (all are kept in rejected_<table>); default 20.'),
  });
}

/** A file source for any table (columns/defaults keys checked by the ingest against the table). */
export const fileSourceSchema = z.strictObject({
  ...createFileSourceSchema('items').shape,
  columns: z.record(z.string(), z.string().min(1)).default({}).describe('Record field (camelCase) -> column in the file; default each field by its own name.'),
  defaults: z.record(z.string(), defaultValueSchema).default({}).describe('Constants for fields absent from the file; default interactions event "click", value 1; texts language "en".'),
});

/** One file or a list (read as a list). Errors keep the path as written: no `[0]` for a single object. */
function oneOrMany<T extends z.ZodType>(schema: T) {
  const list = z.array(schema).min(1);
  return z.unknown().transform((value, context): z.output<T>[] => {
    const result = Array.isArray(value) ? list.safeParse(value) : schema.safeParse(value);
    if (!result.success) {
      for (const issue of result.error.issues) context.addIssue({ code: 'custom', message: issue.message, path: issue.path, input: issue.input });
      return z.NEVER;
    }
    return Array.isArray(result.data) ? (result.data as z.output<T>[]) : [result.data as z.output<T>];
  });
}

/** `data.files`: files per canonical table; several files per table are appended in order. */
export const filesSourceSchema = z
  .strictObject({
    items: oneOrMany(createFileSourceSchema('items')).optional().describe('Catalog file(s) -> items; default none.'),
    interactions: oneOrMany(createFileSourceSchema('interactions')).optional().describe('Event log file(s) -> interactions; default none.'),
    texts: oneOrMany(createFileSourceSchema('texts')).optional().describe('Labelled text file(s) -> texts; default none.'),
  })
  .refine((value) => value.items !== undefined || value.interactions !== undefined || value.texts !== undefined, {
    message: 'name at least one of items, interactions, texts',
  });

/** `data.dataset`: a known public dataset read from a local folder. */
export const datasetSourceSchema = z.strictObject({
  name: z.enum(DATASET_NAMES).describe(`Dataset from the registry (sampleforge datasets): ${DATASET_NAMES.join(', ')}. Required.`),
  path: z.string().min(1).describe('Folder (or file) holding the dataset files as published. Required.'),
  options: z.record(z.string(), z.unknown()).default({}).describe('Loader options, checked by the dataset loader (e.g. { subset: "Beauty" }); default {}.'),
  checksum: z.boolean().default(true).describe('Record each file sha256 in the ingest reports; default true.'),
});

/** A data source to ingest: files, or a dataset (the synthetic shop is another source kind). */
export const dataSourceSchema = z
  .strictObject({
    files: filesSourceSchema.optional().describe('Files mapped onto the canonical tables; default none.'),
    dataset: datasetSourceSchema.optional().describe('A known dataset; default none.'),
  })
  .refine((value) => (value.files === undefined) !== (value.dataset === undefined), { message: 'set exactly one of files, dataset' });

export type FileSource = z.output<typeof fileSourceSchema>;
export type FilesSource = z.output<typeof filesSourceSchema>;
export type DatasetSource = z.output<typeof datasetSourceSchema>;
export type DataSource = z.output<typeof dataSourceSchema>;
