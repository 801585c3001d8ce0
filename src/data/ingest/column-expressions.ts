/**
 * Per-column SQL for ingest: which source column feeds each canonical column, the type the CSV
 * reader should parse it as (so bad values are rejected by the reader, with line numbers), and the
 * vectorised expression that turns it into the canonical type. No per-row JavaScript.
 */
import type { DuckDBValue } from '@duckdb/node-api';
import { SampleForgeError } from '../../errors.js';
import { quoteIdent } from '../../internal/duckdb.js';
import { TABLE_COLUMNS, type TableName } from '../tables.js';
import type { SourceColumn } from './source-reader.js';

/** How to read timestamps: `auto` picks seconds, ms or µs by magnitude (numbers) or parses ISO-8601 text. */
export type TimestampUnit = 'auto' | 's' | 'ms' | 'us' | 'iso';

/** How to read an attributes column held as text: a JSON object, `k:v|k:v` pairs, or `auto` (JSON when it starts with `{`). */
export type AttributesFormat = 'auto' | 'json' | 'pairs';

export type DefaultValue = string | number | boolean;

export interface ColumnPlanOptions {
  table: TableName;
  file: string;
  /** Prefix for error messages, e.g. `data.files.items`. */
  configPath: string;
  /** Record field (camelCase) -> source column name. */
  columns: Record<string, string>;
  defaults: Record<string, DefaultValue>;
  timestampUnit: TimestampUnit;
  categoryDelimiter: string;
  attributesFormat: AttributesFormat;
  attributePairDelimiter: string;
  attributeKeyValueDelimiter: string;
  /** When the id column is absent, ids become `<prefix><row number>`. */
  generatedIdPrefix?: string;
  /** Items/texts: prefix put before ids read from the file, e.g. `multicpr:`. */
  idPrefix?: string;
  /** Interactions: source event value -> canonical event, e.g. `{ addtocart: 'cart' }`; others pass through. */
  eventMap?: Record<string, string>;
  /** Whether the reader is CSV/TSV (reader-side types and rejects) or typed (JSON, Parquet). */
  delimited: boolean;
}

export interface ColumnPlan {
  /** Canonical column names, in table order. */
  targetColumns: string[];
  /** One SQL expression per target column. */
  expressions: string[];
  /** Reader types for CSV/TSV: every source column, so unused columns never cause rejects. */
  readerTypes: Record<string, string>;
  params: Record<string, DuckDBValue>;
  /** Whether a TIMESTAMPTZ is parsed, which needs the session time zone pinned to UTC. */
  parsesZonedTime: boolean;
}

/** Built-in constants for absent optional columns (issue 2: event `click`, value 1, language `en`). */
export const BUILT_IN_DEFAULTS: Readonly<Record<TableName, Readonly<Record<string, DefaultValue>>>> = Object.freeze({
  items: Object.freeze({}),
  interactions: Object.freeze({ event: 'click', value: 1 }),
  texts: Object.freeze({ language: 'en' }),
});

/** `user_id` -> `userId`. */
export function camelCase(snake: string): string {
  return snake.replace(/_([a-z])/g, (_, letter: string) => letter.toUpperCase());
}

const NUMERIC = /^(TINYINT|SMALLINT|INTEGER|BIGINT|HUGEINT|UTINYINT|USMALLINT|UINTEGER|UBIGINT|UHUGEINT|FLOAT|DOUBLE|DECIMAL.*)$/;
const TEMPORAL = /^(TIMESTAMP.*|DATE)$/;

/** The source column feeding canonical column `name`: the mapped one, else the same snake_case or camelCase name. */
export function findSourceColumn(source: readonly SourceColumn[], name: string, columns: Record<string, string>): SourceColumn | undefined {
  const field = camelCase(name);
  const mapped = columns[field];
  if (mapped !== undefined) return source.find((column) => column.name === mapped);
  return source.find((column) => column.name === name) ?? source.find((column) => column.name === field);
}

/** Plans the SELECT list that maps a source's columns onto a canonical table. */
export function planColumns(source: readonly SourceColumn[], options: ColumnPlanOptions): ColumnPlan {
  const fields = TABLE_COLUMNS[options.table].map((column) => camelCase(column.name));
  for (const key of Object.keys(options.columns)) {
    if (!fields.includes(key)) {
      throw new SampleForgeError('E_CONFIG', `${options.configPath}.columns.${key}: not a field of ${options.table} (fields: ${fields.join(', ')})`, {
        details: { path: `${options.configPath}.columns.${key}`, fields },
      });
    }
  }
  const readerTypes: Record<string, string> = Object.fromEntries(source.map((column) => [column.name, 'VARCHAR']));
  const params: Record<string, DuckDBValue> = {};
  const plan: ColumnPlan = { targetColumns: [], expressions: [], readerTypes, params, parsesZonedTime: false };
  const defaults = { ...BUILT_IN_DEFAULTS[options.table], ...options.defaults };

  for (const column of TABLE_COLUMNS[options.table]) {
    const field = camelCase(column.name);
    const mapped = options.columns[field];
    const found = findSourceColumn(source, column.name, options.columns);
    plan.targetColumns.push(column.name);
    if (found === undefined) {
      if (mapped !== undefined) {
        throw new SampleForgeError('E_DATA', `no column "${mapped}" (mapped by ${options.configPath}.columns.${field}) in ${options.file} (columns: ${source.map((c) => c.name).join(', ')})`, {
          details: { file: options.file, column: mapped, columnsFound: source.map((c) => c.name), configPath: `${options.configPath}.columns.${field}` },
        });
      }
      plan.expressions.push(absentColumn(column, field, defaults, options, plan, source));
      continue;
    }
    const reference = quoteIdent(found.name);
    const parse = presentColumn(column.name, column.type, found, reference, options, plan);
    if (options.delimited) readerTypes[found.name] = parse.readerType;
    plan.expressions.push(parse.expression);
  }
  return plan;
}

function presentColumn(
  name: string,
  type: string,
  found: SourceColumn,
  reference: string,
  options: ColumnPlanOptions,
  plan: ColumnPlan,
): { readerType: string; expression: string } {
  const delimited = options.delimited;
  if (name === 'timestamp') return timestampColumn(found, reference, options, plan);
  if (name === 'category') {
    if (found.type.endsWith('[]')) return { readerType: 'VARCHAR', expression: `CAST(${reference} AS VARCHAR[])` };
    plan.params.categoryDelimiter = options.categoryDelimiter;
    return { readerType: 'VARCHAR', expression: splitCategory(`CAST(${reference} AS VARCHAR)`) };
  }
  if (name === 'attributes') return { readerType: 'VARCHAR', expression: attributesColumn(found, reference, options, plan) };
  if (options.idPrefix !== undefined && options.table !== 'interactions' && (name === 'id' || name === 'item_id')) {
    plan.params.idPrefix = options.idPrefix;
    return { readerType: 'VARCHAR', expression: `$idPrefix || CAST(${reference} AS VARCHAR)` };
  }
  if (name === 'event' && options.eventMap !== undefined && Object.keys(options.eventMap).length > 0) {
    const text = delimited ? reference : `CAST(${reference} AS VARCHAR)`;
    const cases = Object.entries(options.eventMap).map(([from, to], index) => {
      plan.params[`eventFrom${index}`] = from;
      plan.params[`eventTo${index}`] = to;
      return `WHEN $eventFrom${index} THEN $eventTo${index}`;
    });
    return { readerType: 'VARCHAR', expression: `CASE ${text} ${cases.join(' ')} ELSE ${text} END` };
  }
  if (type === 'DOUBLE') return { readerType: 'DOUBLE', expression: delimited ? reference : `CAST(${reference} AS DOUBLE)` };
  return { readerType: 'VARCHAR', expression: delimited ? reference : `CAST(${reference} AS VARCHAR)` };
}

function timestampColumn(found: SourceColumn, reference: string, options: ColumnPlanOptions, plan: ColumnPlan): { readerType: string; expression: string } {
  const unit = options.timestampUnit;
  const numeric = unit === 's' || unit === 'ms' || unit === 'us' || (unit === 'auto' && NUMERIC.test(found.type));
  if (numeric) {
    const value = options.delimited ? reference : `CAST(${reference} AS DOUBLE)`;
    const scaled = {
      s: `${value} * 1000`,
      ms: value,
      us: `${value} / 1000`,
      // 1e11 s is the year 5138 and 1e11 ms is 1973, so magnitude separates the units for real logs.
      auto: `CASE WHEN abs(${value}) < 1e11 THEN ${value} * 1000 WHEN abs(${value}) < 1e14 THEN ${value} ELSE ${value} / 1000 END`,
    }[unit as 's' | 'ms' | 'us' | 'auto'];
    return { readerType: 'DOUBLE', expression: `CAST(round(${scaled}) AS BIGINT)` };
  }
  if (options.delimited && !found.type.startsWith('TIMESTAMP WITH TIME ZONE')) {
    // The CSV reader rejects unparseable TIMESTAMP values with their line; as TIMESTAMPTZ it would
    // silently read them as NULL (DuckDB 1.5), so zoned text is cast strictly below instead.
    return { readerType: 'TIMESTAMP', expression: `epoch_ms(${reference})` };
  }
  plan.parsesZonedTime = true;
  const value = TEMPORAL.test(found.type) ? reference : `CAST(CAST(${reference} AS VARCHAR) AS TIMESTAMPTZ)`;
  return { readerType: 'VARCHAR', expression: `epoch_ms(CAST(${value} AS TIMESTAMPTZ))` };
}

function splitCategory(text: string): string {
  return `list_filter(list_transform(string_split(${text}, $categoryDelimiter), part -> trim(part)), part -> part <> '')`;
}

function attributesColumn(found: SourceColumn, reference: string, options: ColumnPlanOptions, plan: ColumnPlan): string {
  if (found.type.startsWith('MAP(')) return `CAST(${reference} AS MAP(VARCHAR, VARCHAR))`;
  if (found.type.startsWith('STRUCT(') || found.type === 'JSON') return `CAST(CAST(to_json(${reference}) AS JSON) AS MAP(VARCHAR, VARCHAR))`;
  return attributesFromText(`CAST(${reference} AS VARCHAR)`, options, plan);
}

function attributesFromText(text: string, options: ColumnPlanOptions, plan: ColumnPlan): string {
  const json = `CAST(CAST(${text} AS JSON) AS MAP(VARCHAR, VARCHAR))`;
  plan.params.attributePairDelimiter = options.attributePairDelimiter;
  plan.params.attributeKeyValueDelimiter = options.attributeKeyValueDelimiter;
  // A pair without the separator becomes a flag (value ''); repeated keys keep the first value,
  // because map_from_entries rejects duplicate keys.
  const entries = `list_transform(list_filter(string_split(${text}, $attributePairDelimiter), pair -> trim(pair) <> ''), pair -> {'key': trim(CASE WHEN strpos(pair, $attributeKeyValueDelimiter) > 0 THEN pair[:strpos(pair, $attributeKeyValueDelimiter) - 1] ELSE pair END), 'value': trim(CASE WHEN strpos(pair, $attributeKeyValueDelimiter) > 0 THEN pair[strpos(pair, $attributeKeyValueDelimiter) + length($attributeKeyValueDelimiter):] ELSE '' END)})`;
  const pairs = `map_from_entries(list_filter(${entries}, (entry, position) -> list_position(list_transform(${entries}, other -> other.key), entry.key) = position))`;
  if (options.attributesFormat === 'json') return json;
  if (options.attributesFormat === 'pairs') return pairs;
  return `CASE WHEN starts_with(ltrim(${text}), '{') THEN ${json} ELSE ${pairs} END`;
}

function absentColumn(
  column: { name: string; type: string; required: boolean },
  field: string,
  defaults: Record<string, DefaultValue>,
  options: ColumnPlanOptions,
  plan: ColumnPlan,
  source: readonly SourceColumn[],
): string {
  const isId = column.name === 'item_id' || column.name === 'id';
  if (isId && options.generatedIdPrefix !== undefined && options.table !== 'interactions') {
    plan.params.generatedIdPrefix = options.generatedIdPrefix;
    return `$generatedIdPrefix || CAST(row_number() OVER () AS VARCHAR)`;
  }
  const value = defaults[field];
  if (value === undefined) {
    if (column.required) {
      throw new SampleForgeError(
        'E_DATA',
        `no column "${column.name}" in ${options.file} (columns: ${source.map((c) => c.name).join(', ')}); map it with ${options.configPath}.columns.${field}`,
        { details: { file: options.file, column: column.name, columnsFound: source.map((c) => c.name), configPath: `${options.configPath}.columns.${field}` } },
      );
    }
    if (column.name === 'category') return 'CAST([] AS VARCHAR[])';
    if (column.name === 'attributes') return 'CAST(MAP {} AS MAP(VARCHAR, VARCHAR))';
    return `CAST(NULL AS ${column.type})`;
  }
  const parameter = `default_${column.name}`;
  plan.params[parameter] = value;
  if (column.name === 'category') {
    plan.params.categoryDelimiter = options.categoryDelimiter;
    return splitCategory(`CAST($${parameter} AS VARCHAR)`);
  }
  if (column.name === 'attributes') return attributesFromText(`CAST($${parameter} AS VARCHAR)`, options, plan);
  return `CAST($${parameter} AS ${column.type})`;
}
