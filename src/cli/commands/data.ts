/** `sampleforge data inspect FILE`: schema, counts, nulls, distinct values and sample rows of any data file. */
import { defineCommand } from 'citty';
import { inspectFile } from '../../data/inspect/inspect-file.js';
import { withDatabase } from '../../internal/duckdb.js';
import { formatTable, printResult, type CliIo } from '../io.js';

export function dataCommand(io: CliIo) {
  return defineCommand({
    meta: { name: 'data', description: 'Look at data files' },
    subCommands: {
      inspect: defineCommand({
        meta: { name: 'inspect', description: 'Schema, row count, nulls, distinct counts and sample rows of a CSV, TSV, JSONL or Parquet file' },
        args: {
          file: { type: 'positional', description: 'the file', required: true },
          rows: { type: 'string', description: 'sample rows to show', default: '5' },
          format: { type: 'enum', options: ['csv', 'tsv', 'jsonl', 'parquet'], description: 'file format (default from the extension)' },
          approx: { type: 'boolean', description: 'approximate distinct counts (bounded memory on huge files)' },
          json: { type: 'boolean', description: 'print JSON' },
        },
        async run({ args }) {
          const inspection = await withDatabase(':memory:', (db) =>
            inspectFile(db, args.file, { sampleRows: Number(args.rows), format: args.format as 'csv' | undefined, exactDistinct: !args.approx }));
          printResult(io, Boolean(args.json), inspection, () => [
            `${inspection.path}: ${inspection.format}, ${inspection.bytes} bytes, ${inspection.rows} rows${inspection.rejected.count ? `, ${inspection.rejected.count} malformed line(s) (first at line ${inspection.rejected.samples[0]?.line})` : ''}`,
            '',
            formatTable(inspection.columns.map((column) => ({ ...column })), ['name', 'type', 'nulls', 'distinct']),
            '',
            formatTable(inspection.sample),
          ].join('\n'));
        },
      }),
    },
  });
}
