/**
 * Builds the DuckDB table-function call that reads a file (`read_csv`, `read_json`, `read_parquet`)
 * with every value bound as a parameter, and describes the columns it yields.
 */
import { basename, extname } from 'node:path';
import { listValue, structValue, type DuckDBValue } from '@duckdb/node-api';
import { SampleForgeError } from '../../errors.js';
import type { Database } from '../../internal/duckdb.js';
import type { IngestFormat } from './ingest-report.js';

/** Dialect options of a delimited or JSON file; all optional, DuckDB sniffs what is left out. */
export interface ReaderOptions {
  format: IngestFormat;
  /** Field delimiter; `\t` for `tsv`, sniffed for `csv` when absent. */
  delimiter?: string;
  /** Whether the first line holds column names; default true for CSV/TSV. */
  header?: boolean;
  /** Column names for a file without a header (`header: false`). */
  columnNames?: string[];
  quote?: string;
  escape?: string;
  /** Text encoding of CSV/TSV: `utf-8` (default), `latin-1` or `utf-16`. */
  encoding?: 'utf-8' | 'latin-1' | 'utf-16';
  /** strptime format for timestamp columns of CSV/TSV, e.g. `%d/%m/%Y %H:%M`. */
  timestampFormat?: string;
}

/** A reader call: SQL text with named parameters and the values bound to them. */
export interface ReaderCall {
  sql: string;
  params: Record<string, DuckDBValue>;
}

export interface SourceColumn {
  name: string;
  /** DuckDB type as DESCRIBE prints it, e.g. `BIGINT`, `VARCHAR[]`. */
  type: string;
}

/** Format from a file name: `.csv`, `.tsv`/`.tab`, `.jsonl`/`.ndjson`/`.json`, `.parquet`/`.pq`; `.gz`/`.zst` are looked through. */
export function detectFormat(path: string): IngestFormat | undefined {
  let name = basename(path).toLowerCase();
  if (name.endsWith('.gz') || name.endsWith('.zst')) name = name.slice(0, name.lastIndexOf('.'));
  switch (extname(name)) {
    case '.csv':
      return 'csv';
    case '.tsv':
    case '.tab':
      return 'tsv';
    case '.jsonl':
    case '.ndjson':
    case '.json':
      return 'jsonl';
    case '.parquet':
    case '.pq':
      return 'parquet';
    default:
      return undefined;
  }
}

/** The format to read `path` with: the one given, else the one its extension names; throws when neither. */
export function resolveFormat(path: string, format: IngestFormat | undefined, configPath: string): IngestFormat {
  const resolved = format ?? detectFormat(path);
  if (resolved === undefined) {
    throw new SampleForgeError('E_DATA', `cannot tell the format of ${path} from its extension; set ${configPath}.format to csv, tsv, jsonl or parquet`, {
      details: { file: path, configPath },
    });
  }
  return resolved;
}

/**
 * The table-function call for `path`. `types` (CSV/TSV only) fixes column types so the reader itself
 * rejects lines that do not parse; `rejects` names the tables DuckDB stores those lines in.
 */
export function buildReaderCall(
  path: string,
  options: ReaderOptions,
  extra: { types?: Record<string, string>; rejects?: { table: string; scan: string }; tolerant?: boolean } = {},
): ReaderCall {
  const params: Record<string, DuckDBValue> = { path };
  if (options.format === 'parquet') return { sql: 'read_parquet($path)', params };
  if (options.format === 'jsonl') {
    // `auto` reads both newline-delimited records and a top-level array.
    return { sql: `read_json($path, format = 'auto')`, params };
  }
  const args = ['$path'];
  const bind = (name: string, value: DuckDBValue): void => {
    params[name] = value;
    args.push(`${name} = $${name}`);
  };
  bind('header', options.header ?? (options.columnNames === undefined));
  const delimiter = options.delimiter ?? (options.format === 'tsv' ? '\t' : undefined);
  if (delimiter !== undefined) bind('delim', delimiter);
  if (options.quote !== undefined) bind('quote', options.quote);
  if (options.escape !== undefined) bind('escape', options.escape);
  if (options.encoding !== undefined) bind('encoding', options.encoding);
  if (options.timestampFormat !== undefined) bind('timestampformat', options.timestampFormat);
  if (options.columnNames !== undefined) bind('names', listValue(options.columnNames));
  if (extra.types !== undefined) bind('types', structValue(extra.types));
  // The dialect sniffer gives up on a file with malformed lines unless told to tolerate them.
  if (extra.tolerant === true) bind('ignore_errors', true);
  if (extra.rejects !== undefined) {
    bind('store_rejects', true);
    bind('rejects_table', extra.rejects.table);
    bind('rejects_scan', extra.rejects.scan);
  }
  return { sql: `read_csv(${args.join(', ')})`, params };
}

/** Column names and types the reader yields (DuckDB sniffs a sample; the file is not read in full). */
export async function describeSource(db: Database, path: string, options: ReaderOptions): Promise<SourceColumn[]> {
  const call = buildReaderCall(path, options, { tolerant: true });
  let rows: { column_name: string; column_type: string }[];
  try {
    rows = await db.all<{ column_name: string; column_type: string }>(`DESCRIBE SELECT * FROM ${call.sql}`, call.params);
  } catch (cause) {
    const duckdb = SampleForgeError.is(cause) ? String(cause.details.duckdb ?? cause.message) : String(cause);
    throw new SampleForgeError('E_DATA', `cannot read ${path} as ${options.format}: ${firstLines(duckdb)}`, {
      details: { file: path, format: options.format, duckdb },
      cause,
    });
  }
  return rows.map((row) => ({ name: row.column_name, type: row.column_type }));
}

/** The first meaningful lines of a DuckDB error (its message plus the line it names), without the option dump. */
export function firstLines(message: string): string {
  const lines = message.split('\n').map((line) => line.trim()).filter((line) => line !== '');
  const kept = lines.slice(0, 2).join(' ');
  return kept.length > 300 ? `${kept.slice(0, 297)}...` : kept;
}
