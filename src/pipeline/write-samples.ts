/**
 * Writes synthetic samples with their lineage to `samples.parquet`, the file the report's sample
 * browser and users' own tools read. One row per synthetic sample, kept or dropped, with every
 * filter's verdict, so "where did this come from, and why was it kept or dropped?" has an answer.
 */
import { listValue, LIST, VARCHAR } from '@duckdb/node-api';
import { produceFileAtomic } from '../internal/atomic-write.js';
import { withDatabase } from '../internal/duckdb.js';
import type { Augmented } from '../types.js';

/** One row of `samples.parquet`. */
export interface SampleRow {
  id: string;
  /** `text`, `sequence`, `interaction`, `table-row`, `image`. */
  kind: string;
  augmenter: string;
  parentIds: string[];
  /** The parent rendered as text (the first parent for several). */
  original: string;
  /** The synthetic sample rendered as text. */
  sample: string;
  label: string | null;
  params: Record<string, unknown>;
  seed: number;
  llm: Record<string, unknown> | null;
  kept: boolean;
  verdicts: { filter: string; kept: boolean; reason?: string; score?: number }[];
}

/** Renders augmented samples into rows; `render` turns a record into display text. */
export function toSampleRows<T>(
  kind: string,
  samples: readonly Augmented<T>[],
  render: (sample: T) => string,
  parents: ReadonlyMap<string, T>,
  label?: (sample: T) => string | undefined,
): SampleRow[] {
  return samples.map((augmented) => {
    const parent = parents.get(augmented.lineage.parentIds[0] ?? '');
    return {
      id: augmented.id,
      kind,
      augmenter: augmented.lineage.augmenter,
      parentIds: augmented.lineage.parentIds,
      original: parent === undefined ? '' : render(parent),
      sample: render(augmented.sample),
      label: label?.(augmented.sample) ?? null,
      params: augmented.lineage.params,
      seed: augmented.lineage.seed,
      llm: augmented.lineage.llm ? { ...augmented.lineage.llm } : null,
      kept: augmented.lineage.verdicts.every((verdict) => verdict.kept),
      verdicts: augmented.lineage.verdicts,
    };
  });
}

const COLUMNS = `id VARCHAR, kind VARCHAR, augmenter VARCHAR, parent_ids VARCHAR[], original VARCHAR, sample VARCHAR,
  label VARCHAR, params VARCHAR, seed BIGINT, llm VARCHAR, kept BOOLEAN, verdicts VARCHAR`;

/** Writes `rows` to a Parquet file atomically (zstd-compressed). */
export async function writeSamples(path: string, rows: Iterable<SampleRow>): Promise<number> {
  return withDatabase(':memory:', async (db) => {
    await db.run(`CREATE TABLE samples (${COLUMNS})`);
    const appender = await db.connection.createAppender('samples');
    let count = 0;
    const listType = LIST(VARCHAR);
    try {
      for (const row of rows) {
        appender.appendVarchar(row.id);
        appender.appendVarchar(row.kind);
        appender.appendVarchar(row.augmenter);
        appender.appendList(listValue(row.parentIds), listType);
        appender.appendVarchar(row.original);
        appender.appendVarchar(row.sample);
        if (row.label === null) appender.appendNull();
        else appender.appendVarchar(row.label);
        appender.appendVarchar(JSON.stringify(row.params));
        appender.appendBigInt(BigInt(row.seed));
        if (row.llm === null) appender.appendNull();
        else appender.appendVarchar(JSON.stringify(row.llm));
        appender.appendBoolean(row.kept);
        appender.appendVarchar(JSON.stringify(row.verdicts));
        appender.endRow();
        count++;
      }
      appender.flushSync();
    } finally {
      appender.closeSync();
    }
    await produceFileAtomic(path, (temporary) => db.run(`COPY samples TO $path (FORMAT parquet, COMPRESSION zstd)`, { path: temporary }));
    return count;
  });
}
