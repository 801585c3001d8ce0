/** Loads the benchmark datasets from ../shared/data in place (never copied), through DuckDB's CSV reader. */
import path from 'node:path';
import { withDatabase } from '../../src/internal/duckdb.js';
import type { LabelledText } from '../../src/models/text/text-classifier.js';

export const DATA_ROOT = path.resolve(process.cwd(), '../shared/data');

async function readCsv(file: string, textColumn: string, labelColumn: string): Promise<LabelledText[]> {
  return withDatabase(':memory:', async (db) => {
    const rows = await db.all<{ text: string; label: string }>(
      `SELECT CAST(${textColumn} AS VARCHAR) AS text, CAST(${labelColumn} AS VARCHAR) AS label
       FROM read_csv(?, header = true, all_varchar = true, quote = '"', escape = '"')`,
      [file],
    );
    return rows.map((row) => ({ text: (row.text ?? '').replace(/^\uFEFF/, ''), label: row.label }));
  });
}

/** Banking77 train and test (text, category). */
export async function loadBanking77(): Promise<{ train: LabelledText[]; test: LabelledText[] }> {
  const folder = path.join(DATA_ROOT, 'banking77');
  return { train: await readCsv(path.join(folder, 'train.csv'), 'text', 'category'), test: await readCsv(path.join(folder, 'test.csv'), 'text', 'category') };
}

/** Bitext customer-service intents train and test (utterance, intent). */
export async function loadBitext(): Promise<{ train: LabelledText[]; test: LabelledText[] }> {
  const folder = path.join(DATA_ROOT, 'bitext-customer-service-intent');
  return {
    train: await readCsv(path.join(folder, 'train', 'Bitext_Sample_Customer_Service_Training_Dataset.csv'), 'utterance', 'intent'),
    test: await readCsv(path.join(folder, 'test', 'Bitext_Sample_Customer_Service_Testing_Dataset.csv'), 'utterance', 'intent'),
  };
}

/** online_shopping_10_cats (review, cat); no official split. */
export async function loadOnlineShopping(): Promise<LabelledText[]> {
  const file = path.join(DATA_ROOT, 'zh-online-shopping-10cats', 'online_shopping_10_cats.csv');
  return (await readCsv(file, 'review', 'cat')).filter((row) => row.text.trim().length > 0);
}
