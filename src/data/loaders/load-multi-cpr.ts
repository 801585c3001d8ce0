/**
 * Multi-CPR e-commerce queries (Long et al., SIGIR 2022): `train.query.txt` and `dev.query.txt`
 * are `qid<TAB>query` without header (quotes are literal text). -> texts: id `multicpr:<qid>`,
 * text = query, no label, language `zh`, split `train`/`validation`. `qrels.dev.tsv`
 * (`qid 0 pid 1`), when present and asked for, -> judgments with grade 1 (the passage corpus is
 * not part of the query files).
 */
import { z } from 'zod';
import type { Database } from '../../internal/duckdb.js';
import { ingestFile } from '../ingest/ingest-file.js';
import { createLoadedReport, type IngestReport } from '../ingest/ingest-report.js';
import { ensureJudgmentsTable } from './extra-tables.js';
import { parseLoaderOptions, requireDatasetFile, withChecksum, type LoaderContext } from './loader-support.js';

export const multiCprOptionsSchema = z.strictObject({
  qrels: z.boolean().default(false).describe('Also load qrels.dev.tsv into judgments; default false (its passages are not in the query files).'),
});

/** Loads the Multi-CPR `ecom` query files into `texts` (and optionally the dev qrels into `judgments`). */
export async function loadMultiCpr(db: Database, path: string, options?: Record<string, unknown>, context?: LoaderContext): Promise<IngestReport[]> {
  const { qrels } = parseLoaderOptions(multiCprOptionsSchema, options, 'multi-cpr-ecom');
  const reports: IngestReport[] = [];
  const parts = [
    { split: 'train', file: 'train.query.txt' },
    { split: 'validation', file: 'dev.query.txt' },
  ];
  for (const { split, file } of parts) {
    reports.push(
      await ingestFile(db, {
        table: 'texts',
        path: await requireDatasetFile(path, file, 'multi-cpr-ecom'),
        format: 'tsv',
        columnNames: ['id', 'text'],
        quote: '',
        escape: '',
        idPrefix: 'multicpr:',
        defaults: { split, language: 'zh' },
        checksum: context?.checksum,
        configPath: `data.dataset (multi-cpr-ecom ${file})`,
      }),
    );
  }
  if (qrels) {
    const file = await requireDatasetFile(path, 'qrels.dev.tsv', 'multi-cpr-ecom');
    await ensureJudgmentsTable(db);
    const rows = await db.scalar<number>(
      `INSERT INTO judgments SELECT 'multicpr:' || qid, q.text, pid, CAST(grade AS VARCHAR), grade, 'validation', 'multi-cpr-ecom'
       FROM read_csv($path, columns = {'qid': 'VARCHAR', 'iteration': 'VARCHAR', 'pid': 'VARCHAR', 'grade': 'INTEGER'}, header = false, delim = '\t')
       LEFT JOIN (SELECT id, text FROM texts WHERE starts_with(id, 'multicpr:')) q ON q.id = 'multicpr:' || qid`,
      { path: file },
    );
    reports.push(await withChecksum(createLoadedReport('judgments', file, 'tsv', Number(rows ?? 0)), context));
  }
  return reports;
}
