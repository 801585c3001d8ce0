/**
 * Ingest of one CSV, TSV, JSONL or Parquet file into a canonical table, streamed by DuckDB.
 */
import { stat } from 'node:fs/promises';
import { SampleForgeError, type Warning } from '../../errors.js';
import { fingerprintFile } from '../../internal/fingerprint.js';
import { withQueryProgress } from '../../internal/query-progress.js';
import { quoteIdent, type Database } from '../../internal/duckdb.js';
import { TABLES, type TableName } from '../tables.js';
import { ensureCanonicalTable } from './ensure-table.js';
import { findSourceColumn, planColumns, type AttributesFormat, type DefaultValue, type TimestampUnit } from './column-expressions.js';
import type { IngestFormat, IngestReport } from './ingest-report.js';
import { collectRejects, createRejectsTarget, rejectedTableName } from './rejects.js';
import { buildReaderCall, describeSource, firstLines, resolveFormat, type ReaderOptions, type SourceColumn } from './source-reader.js';

/** What to read and how to map it. Every field but `table` and `path` is optional. */
export interface IngestFileSpec {
  /** Canonical table the rows go to. */
  table: TableName;
  /** File to read; `.gz`/`.zst` compressed CSV/JSON is read directly. */
  path: string;
  /** File format; default from the extension (`.csv`, `.tsv`, `.jsonl`/`.ndjson`/`.json`, `.parquet`). */
  format?: IngestFormat;
  /** CSV/TSV field delimiter; default `\t` for TSV, sniffed for CSV. */
  delimiter?: string;
  /** CSV/TSV: whether line 1 holds column names; default true unless `columnNames` is given. */
  header?: boolean;
  /** CSV/TSV: names for a headerless file, in order. */
  columnNames?: string[];
  /** CSV/TSV quote character; default sniffed (usually `"`). */
  quote?: string;
  /** CSV/TSV escape character; default sniffed. */
  escape?: string;
  /** CSV/TSV text encoding; default `utf-8`. */
  encoding?: 'utf-8' | 'latin-1' | 'utf-16';
  /**
   * Record field (camelCase, as in `types.ts`) -> column name in the file, e.g.
   * `{ userId: 'visitorid', itemId: 'asin', timestamp: 'ts' }`. Unmapped fields are looked up by
   * their snake_case name, then their camelCase name.
   */
  columns?: Record<string, string>;
  /**
   * Constants for fields absent from the file, e.g. `{ event: 'purchase', language: 'zh' }`.
   * Built-in: interactions `event: 'click'`, `value: 1`; texts `language: 'en'`; others null
   * (category `[]`, attributes `{}`).
   */
  defaults?: Record<string, DefaultValue>;
  /** Unit of the timestamp column; default `auto` (seconds, ms or µs by magnitude; ISO-8601 text parsed, in UTC when no offset). */
  timestampUnit?: TimestampUnit;
  /** CSV/TSV strptime format for timestamp text that is not ISO-8601, e.g. `%d/%m/%Y %H:%M`. */
  timestampFormat?: string;
  /** Separator of a category path held as text; default `>` (`Beauty > Skin Care`). */
  categoryDelimiter?: string;
  /** Attributes held as text: `json` object, `pairs` (`k:v|k:v`) or `auto` (default). */
  attributesFormat?: AttributesFormat;
  /** Separator between attribute pairs; default `|`. */
  attributePairDelimiter?: string;
  /** Separator between an attribute's key and value; default `:`. */
  attributeKeyValueDelimiter?: string;
  /** Items/texts without an id column get `<prefix><row number>` (1-based, file order) as id. */
  generatedIdPrefix?: string;
  /** Items/texts: prefix put before ids read from the file, e.g. `multicpr:`; default none. */
  idPrefix?: string;
  /**
   * Interactions: the log's event names -> canonical events (view, click, cart, purchase, rating),
   * e.g. `{ addtocart: 'cart', transaction: 'purchase' }`; unmapped values pass through; default none.
   */
  eventMap?: Record<string, string>;
  /** Table to append to; default the canonical name of `table` (created with its canonical schema if missing). */
  into?: string;
  /** Compute the file's sha256 (read alongside the ingest); default false. */
  checksum?: boolean;
  /** Config path of this source for error messages; default `data.files.<table>`. */
  configPath?: string;
  /** Rejected lines returned in the report (all are kept in `rejected_<table>`); default 20. */
  maxRejectSamples?: number;
  /** Called about four times a second while the file loads, and once when it is loaded. */
  onProgress?: (progress: IngestProgress) => void;
}

/** How far the load of one file has got. */
export interface IngestProgress {
  table: string;
  file: string;
  /** `loading` while DuckDB reads (rows so far, its estimate of the total); `loaded` with the exact counts. */
  phase: 'loading' | 'loaded';
  /** Rows read so far (loaded plus rejected once `loaded`). */
  rowsRead: number;
  /** DuckDB's estimate of the file's rows while loading (from bytes for CSV), the exact count once loaded. */
  rowsTotal?: number;
}

/**
 * Reads one file into a canonical table (`items`, `interactions`, `texts`), appending to it and
 * creating it with its canonical schema when missing. DuckDB streams the file: one `INSERT ...
 * SELECT ... FROM read_csv/read_json/read_parquet(...)` with vectorised column expressions, no
 * per-row JavaScript and no second pass over interactions.
 *
 * CSV/TSV lines that do not parse (wrong column count, wrong types, invalid UTF-8) are rejected
 * by DuckDB's reader (`store_rejects`), counted, returned with line numbers, and kept with their
 * raw text in `rejected_<table>`. JSONL and Parquet are read strictly: a malformed record is an
 * `E_DATA` error naming the file and position. A missing required column, an empty file, a
 * file with no data rows, or one whose every row is rejected is an `E_DATA` error naming the
 * file. Duplicate or missing ids (and texts without text) are reported as warnings; the cleaning
 * stage removes those rows.
 *
 * Signature is stable: `bench/ingest` and the pipeline call it.
 */
export async function ingestFile(db: Database, spec: IngestFileSpec): Promise<IngestReport> {
  const configPath = spec.configPath ?? `data.files.${spec.table}`;
  const format = resolveFormat(spec.path, spec.format, configPath);
  const target = spec.into ?? TABLES[spec.table];
  await assertReadable(spec.path);

  const reader: ReaderOptions = {
    format,
    delimiter: spec.delimiter,
    header: spec.header,
    columnNames: spec.columnNames,
    quote: spec.quote,
    escape: spec.escape,
    encoding: spec.encoding,
    timestampFormat: spec.timestampFormat,
  };
  const delimited = format === 'csv' || format === 'tsv';
  const described = await describeSource(db, spec.path, reader);
  const source = spec.table === 'interactions' && (spec.timestampUnit ?? 'auto') === 'auto' ? await probeTimestampText(db, spec, reader, described) : described;
  const plan = planColumns(source, {
    table: spec.table,
    file: spec.path,
    configPath,
    columns: spec.columns ?? {},
    defaults: spec.defaults ?? {},
    timestampUnit: spec.timestampUnit ?? 'auto',
    categoryDelimiter: spec.categoryDelimiter ?? '>',
    attributesFormat: spec.attributesFormat ?? 'auto',
    attributePairDelimiter: spec.attributePairDelimiter ?? '|',
    attributeKeyValueDelimiter: spec.attributeKeyValueDelimiter ?? ':',
    generatedIdPrefix: spec.generatedIdPrefix,
    idPrefix: spec.idPrefix,
    eventMap: spec.eventMap,
    delimited,
  });
  const rejectsTarget = delimited ? createRejectsTarget() : undefined;
  const call = buildReaderCall(spec.path, reader, delimited ? { types: plan.readerTypes, rejects: rejectsTarget } : {});

  await ensureCanonicalTable(db, spec.table, target);
  const insert = `INSERT INTO ${quoteIdent(target)} (${plan.targetColumns.map(quoteIdent).join(', ')}) SELECT ${plan.expressions.join(', ')} FROM ${call.sql}`;
  const checksum = spec.checksum ? fingerprintFile(spec.path) : undefined;
  // Handled here so a failed ingest does not also leave an unhandled rejection; awaited below.
  checksum?.catch(() => undefined);

  let rowsLoaded: number;
  let rejected: IngestReport['rejected'] = { count: 0, samples: [] };
  const restoreTimeZone = plan.parsesZonedTime ? await pinTimeZoneToUtc(db) : undefined;
  const load = () => db.scalar<number>(insert, { ...call.params, ...plan.params });
  const onProgress = spec.onProgress;
  try {
    const loaded = onProgress
      ? await withQueryProgress(db, (reading) => onProgress({ table: target, file: spec.path, phase: 'loading', rowsRead: reading.rowsProcessed, rowsTotal: reading.rowsTotal }), load)
      : await load();
    rowsLoaded = Number(loaded ?? 0);
  } catch (cause) {
    const duckdb = SampleForgeError.is(cause) ? String(cause.details.duckdb ?? cause.message) : String(cause);
    throw new SampleForgeError('E_DATA', `cannot load ${spec.path} into ${target}: ${firstLines(duckdb)}`, {
      details: { file: spec.path, table: target, format, duckdb },
      cause,
    });
  } finally {
    await restoreTimeZone?.();
    if (rejectsTarget !== undefined) rejected = await collectRejects(db, rejectsTarget, spec.path, spec.maxRejectSamples ?? 20, rejectedTableName(target));
  }

  const warnings: Warning[] = [];
  if (rowsLoaded === 0 && rejected.count === 0) {
    throw new SampleForgeError('E_DATA', `${spec.path} has no data rows (columns: ${source.map((column) => column.name).join(', ')}); check the file or remove it from ${configPath}`, {
      details: { file: spec.path, columnsFound: source.map((column) => column.name) },
    });
  }
  if (rowsLoaded === 0) {
    throw new SampleForgeError(
      'E_DATA',
      `every row of ${spec.path} was rejected (${rejected.count}${describeFirst(rejected)}); check ${configPath}.delimiter, .header and .columns — the lines are kept in table ${rejectedTableName(target)}`,
      { details: { file: spec.path, rejected: rejected.count, samples: rejected.samples } },
    );
  }
  if (rejected.count > 0) {
    warnings.push({
      code: 'rejected-rows',
      message: `${rejected.count} of ${rowsLoaded + rejected.count} rows of ${spec.path} were rejected (${describeFirst(rejected).slice(2)}); they are kept in table ${rejectedTableName(target)}`,
      details: { file: spec.path, count: rejected.count, table: rejectedTableName(target) },
    });
  }
  onProgress?.({ table: target, file: spec.path, phase: 'loaded', rowsRead: rowsLoaded + rejected.count, rowsTotal: rowsLoaded + rejected.count });
  if (spec.table !== 'interactions') warnings.push(...(await checkIds(db, spec.table, target)));
  return {
    table: target,
    file: spec.path,
    format,
    ...(checksum === undefined ? {} : { sha256: (await checksum).sha256 }),
    rowsRead: rowsLoaded + rejected.count,
    rowsLoaded,
    rejected,
    warnings,
  };
}

/**
 * A timestamp column the sniffer left as text (a bad value in its sample, or mixed forms) is probed
 * on its first 1,000 values: mostly numbers means epoch numbers, else date-time text.
 */
async function probeTimestampText(db: Database, spec: IngestFileSpec, reader: ReaderOptions, source: SourceColumn[]): Promise<SourceColumn[]> {
  const column = findSourceColumn(source, 'timestamp', spec.columns ?? {});
  if (column === undefined || column.type !== 'VARCHAR') return source;
  const call = buildReaderCall(spec.path, reader, { tolerant: true });
  const reference = quoteIdent(column.name);
  const numbers = await db.scalar<number>(
    `SELECT count(TRY_CAST(${reference} AS DOUBLE)) - count(TRY_CAST(${reference} AS TIMESTAMP)) FROM (SELECT ${reference} FROM ${call.sql} LIMIT 1000)`,
    call.params,
  );
  const type = Number(numbers) > 0 ? 'DOUBLE' : 'TIMESTAMP';
  return source.map((entry) => (entry === column ? { ...entry, type } : entry));
}

function describeFirst(rejected: IngestReport['rejected']): string {
  const first = rejected.samples[0];
  return first === undefined ? '' : `; first: line ${first.line}, ${first.column ?? 'row'}: ${first.error}`;
}

async function assertReadable(path: string): Promise<void> {
  let size: number;
  try {
    size = (await stat(path)).size;
  } catch (cause) {
    throw new SampleForgeError('E_IO', `cannot read ${path}: ${(cause as NodeJS.ErrnoException).code ?? (cause as Error).message}`, { details: { file: path }, cause });
  }
  if (size === 0) throw new SampleForgeError('E_DATA', `${path} is empty (0 bytes); check the file or remove it from the config`, { details: { file: path } });
}

/** Parses zone-less ISO timestamps as UTC whatever the machine's zone; returns the restore step. */
async function pinTimeZoneToUtc(db: Database): Promise<() => Promise<void>> {
  const previous = (await db.scalar<string>(`SELECT current_setting('TimeZone')`)) ?? 'UTC';
  await db.run(`SET TimeZone = 'UTC'`);
  // SET takes no bound parameters; the zone name comes from DuckDB itself and is checked here.
  const safe = /^[A-Za-z0-9_/+-]+$/.test(previous) ? previous : 'UTC';
  return () => db.run(`SET TimeZone = '${safe}'`);
}

/** Duplicate and missing ids in the whole table after this file (the cleaning stage removes them). */
async function checkIds(db: Database, table: TableName, target: string): Promise<Warning[]> {
  const id = table === 'items' ? 'item_id' : 'id';
  const row = (await db.all<{ duplicates: number; missing: number }>(
    `SELECT count(${quoteIdent(id)}) - count(DISTINCT ${quoteIdent(id)}) AS duplicates, count(*) - count(${quoteIdent(id)}) AS missing FROM ${quoteIdent(target)}`,
  ))[0];
  const warnings: Warning[] = [];
  if (table === 'texts') {
    const missingText = Number(await db.scalar<number>(`SELECT count(*) - count(text) FROM ${quoteIdent(target)}`));
    if (missingText > 0) {
      warnings.push({
        code: 'missing-text',
        message: `${target} has ${missingText} rows without text; the cleaning stage drops them`,
        details: { table: target, column: 'text', count: missingText },
      });
    }
  }
  if (Number(row.duplicates) > 0) {
    warnings.push({
      code: 'duplicate-ids',
      message: `${target} has ${row.duplicates} rows whose ${id} repeats an earlier one; the cleaning stage keeps the first`,
      details: { table: target, column: id, count: Number(row.duplicates) },
    });
  }
  if (Number(row.missing) > 0) {
    warnings.push({
      code: 'missing-ids',
      message: `${target} has ${row.missing} rows without ${id}; the cleaning stage drops them`,
      details: { table: target, column: id, count: Number(row.missing) },
    });
  }
  return warnings;
}
