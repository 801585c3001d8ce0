/** What ingesting one file produced: counts, rejected rows with line numbers, and warnings. */
import type { Warning } from '../../errors.js';

/** File formats the ingest layer reads. `tsv` is CSV with a TAB delimiter. */
export type IngestFormat = 'csv' | 'tsv' | 'jsonl' | 'parquet';

export const INGEST_FORMATS: readonly IngestFormat[] = Object.freeze(['csv', 'tsv', 'jsonl', 'parquet']);

/** One rejected input line: 1-based physical line number (the header is line 1), column, error, raw text. */
export interface RejectSample {
  line: number;
  column: string | null;
  error: string;
  raw: string;
}

/** The outcome of loading one file (or one dataset part) into one table. */
export interface IngestReport {
  /** Table the rows went to, e.g. `interactions`. */
  table: string;
  file: string;
  format: IngestFormat | 'json' | 'txt';
  /** sha256 of the file, when asked for. */
  sha256?: string;
  /** Data rows seen: loaded plus rejected. */
  rowsRead: number;
  rowsLoaded: number;
  /** Rejected lines; every one is also kept in the `rejected_<table>` table with its raw text. */
  rejected: { count: number; samples: RejectSample[] };
  warnings: Warning[];
}

/** A report for a loader that wrote rows itself (no rejects possible from its reader). */
export function createLoadedReport(table: string, file: string, format: IngestReport['format'], rowsLoaded: number, warnings: Warning[] = []): IngestReport {
  return { table, file, format, rowsRead: rowsLoaded, rowsLoaded, rejected: { count: 0, samples: [] }, warnings };
}
