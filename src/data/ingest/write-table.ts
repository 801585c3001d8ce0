/** Writes a DuckDB table to Parquet, JSONL or CSV atomically (temporary sibling, then rename). */
import { stat } from 'node:fs/promises';
import { SampleForgeError } from '../../errors.js';
import { produceFileAtomic } from '../../internal/atomic-write.js';
import { quoteIdent, type Database } from '../../internal/duckdb.js';

export type TableFileFormat = 'parquet' | 'jsonl' | 'csv';

export interface WriteTableOptions {
  /** Columns to sort by, so the file is byte-stable for the same table; default none (table order). */
  orderBy?: string[];
}

export interface WrittenFile {
  path: string;
  format: TableFileFormat;
  rows: number;
  bytes: number;
}

const COPY_OPTIONS: Readonly<Record<TableFileFormat, string>> = Object.freeze({
  parquet: `FORMAT parquet, COMPRESSION zstd`,
  jsonl: `FORMAT json`,
  csv: `FORMAT csv, HEADER true`,
});

/**
 * Writes `table` to `path` with DuckDB `COPY`, streamed, through a temporary file renamed into
 * place: a killed run leaves the old file or none, never a half-written one under the real name.
 * JSONL is one JSON object per line; CSV has a header; Parquet is zstd-compressed.
 */
export async function writeTable(db: Database, table: string, path: string, format: TableFileFormat, options: WriteTableOptions = {}): Promise<WrittenFile> {
  if (!(format in COPY_OPTIONS)) {
    throw new SampleForgeError('E_USAGE', `unknown output format ${JSON.stringify(format)} for ${path}; use parquet, jsonl or csv`, { details: { path, format } });
  }
  const order = options.orderBy !== undefined && options.orderBy.length > 0 ? ` ORDER BY ${options.orderBy.map(quoteIdent).join(', ')}` : '';
  const rows = await produceFileAtomic(path, async (temporary) => {
    const count = await db.scalar<number>(`COPY (SELECT * FROM ${quoteIdent(table)}${order}) TO $path (${COPY_OPTIONS[format]})`, { path: temporary });
    return Number(count ?? 0);
  });
  return { path, format, rows, bytes: (await stat(path)).size };
}
