/**
 * `sampleforge data inspect FILE`: what a CSV, TSV, JSONL or Parquet file holds, read by DuckDB in
 * one streamed pass: column names and types, row count, nulls and distinct values per column, a
 * few sample rows, and (CSV/TSV) the lines that do not parse.
 */
import { stat } from 'node:fs/promises';
import { SampleForgeError } from '../../errors.js';
import { quoteIdent, type Database, type Row } from '../../internal/duckdb.js';
import type { IngestFormat, RejectSample } from '../ingest/ingest-report.js';
import { collectRejects, createRejectsTarget } from '../ingest/rejects.js';
import { buildReaderCall, describeSource, firstLines, resolveFormat, type ReaderOptions } from '../ingest/source-reader.js';

export interface InspectFileOptions {
  /** Default from the extension. */
  format?: IngestFormat;
  delimiter?: string;
  /** CSV/TSV: whether line 1 holds column names; default true. */
  header?: boolean;
  encoding?: 'utf-8' | 'latin-1' | 'utf-16';
  /** Sample rows to return; default 5. */
  sampleRows?: number;
  /**
   * Count distinct values exactly (default true). False uses DuckDB's HyperLogLog
   * `approx_count_distinct`: bounded memory, but off by up to about 25 percent on small sets
   * (measured: 1,249 for 1,000 values).
   */
  exactDistinct?: boolean;
}

export interface ColumnProfile {
  name: string;
  /** DuckDB type, e.g. `BIGINT`, `VARCHAR`, `VARCHAR[]`. */
  type: string;
  nulls: number;
  distinct: number;
}

export interface FileInspection {
  path: string;
  format: IngestFormat;
  bytes: number;
  rows: number;
  columns: ColumnProfile[];
  sample: Row[];
  /** CSV/TSV lines that do not fit the sniffed schema (JSONL/Parquet: always 0). */
  rejected: { count: number; samples: RejectSample[] };
  distinctIsApproximate: boolean;
}

/** Profiles `path` in one pass; see the module comment. */
export async function inspectFile(db: Database, path: string, options: InspectFileOptions = {}): Promise<FileInspection> {
  const format = resolveFormat(path, options.format, 'the --format option');
  let bytes: number;
  try {
    bytes = (await stat(path)).size;
  } catch (cause) {
    throw new SampleForgeError('E_IO', `cannot read ${path}: ${(cause as NodeJS.ErrnoException).code ?? (cause as Error).message}`, { details: { file: path }, cause });
  }
  if (bytes === 0) throw new SampleForgeError('E_DATA', `${path} is empty (0 bytes)`, { details: { file: path } });
  const reader: ReaderOptions = { format, delimiter: options.delimiter, header: options.header, encoding: options.encoding };
  const columns = await describeSource(db, path, reader);
  const delimited = format === 'csv' || format === 'tsv';
  const rejects = delimited ? createRejectsTarget() : undefined;
  const types = Object.fromEntries(columns.map((column) => [column.name, column.type]));
  const call = buildReaderCall(path, reader, delimited ? { types, rejects } : {});
  const distinct = options.exactDistinct === false ? 'approx_count_distinct(' : 'count(DISTINCT';
  const aggregates = columns.flatMap((column, index) => {
    const reference = quoteIdent(column.name);
    // Nested values are compared through their text form, which every aggregate accepts.
    const scalar = /[[(]/.test(column.type) ? `CAST(${reference} AS VARCHAR)` : reference;
    return [`count(*) - count(${reference}) AS "nulls_${index}"`, `${distinct} ${scalar}) AS "distinct_${index}"`];
  });
  let profile: Row;
  let rejected: FileInspection['rejected'] = { count: 0, samples: [] };
  try {
    profile = (await db.all(`SELECT count(*) AS "rows", ${aggregates.join(', ')} FROM ${call.sql}`, call.params))[0];
  } catch (cause) {
    const duckdb = SampleForgeError.is(cause) ? String(cause.details.duckdb ?? cause.message) : String(cause);
    throw new SampleForgeError('E_DATA', `cannot read ${path} as ${format}: ${firstLines(duckdb)}`, { details: { file: path, duckdb }, cause });
  } finally {
    if (rejects !== undefined) rejected = await collectRejects(db, rejects, path, 10);
  }
  const sampleCall = buildReaderCall(path, reader, delimited ? { types, tolerant: true } : {});
  const sample = await db.all(`SELECT * FROM ${sampleCall.sql} LIMIT $limit`, { ...sampleCall.params, limit: options.sampleRows ?? 5 });
  return {
    path,
    format,
    bytes,
    rows: Number(profile.rows),
    columns: columns.map((column, index) => ({
      name: column.name,
      type: column.type,
      nulls: Number(profile[`nulls_${index}`]),
      distinct: Number(profile[`distinct_${index}`]),
    })),
    sample,
    rejected,
    distinctIsApproximate: options.exactDistinct === false,
  };
}
