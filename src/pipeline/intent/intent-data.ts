/**
 * The labelled texts an intent run trains and tests on, read from the split stage's tables, and
 * the per-seed training subsets of each configured size (k per label, a fraction, or all).
 */
import { join } from 'node:path';
import type { TrainingSize, TrainingSizeEntry } from '../../config/schema.js';
import { SampleForgeError } from '../../errors.js';
import { sampleKPerLabel, stratifiedSplit } from '../../eval/classification/few-shot.js';
import { withDatabase, type Database } from '../../internal/duckdb.js';
import { createRng, deriveSeed } from '../../internal/rng.js';
import type { TextSample } from '../../types.js';
import { loadStageTables } from '../stage-tables.js';

/** A labelled text as the classifier and the filters see it; language `und` when the data has none. */
export type LabelledTextSample = TextSample & { label: string };

/** Labelled train and test texts of a run (validation is not used by the fastText-style classifier). */
export interface IntentTexts {
  train: LabelledTextSample[];
  test: LabelledTextSample[];
}


async function readTable(db: Database, table: string): Promise<LabelledTextSample[]> {
  const rows = await db.all<{ id: string; text: string; label: string; language: string | null }>(
    `SELECT id, text, label, language FROM "${table}" WHERE label IS NOT NULL AND text IS NOT NULL ORDER BY id`,
  );
  return rows.map((row) => ({ id: row.id, text: row.text, label: row.label, language: row.language ?? 'und' }));
}

/** Reads `texts_train` and `texts_test` from the split stage folder; both must hold labelled rows. */
export async function readSplitTexts(splitFolder: string): Promise<IntentTexts> {
  return withDatabase(':memory:', async (db) => {
    const tables = await loadStageTables(db, splitFolder);
    for (const table of ['texts_train', 'texts_test']) {
      if (!tables.includes(table)) {
        throw new SampleForgeError('E_DATA', `the split stage wrote no ${table} table (in ${join(splitFolder)}); an intent run needs labelled texts and split.method stratified or k-shot`, {
          details: { table, tables },
        });
      }
    }
    const train = await readTable(db, 'texts_train');
    const test = await readTable(db, 'texts_test');
    if (train.length === 0 || test.length === 0) {
      throw new SampleForgeError('E_DATA', `an intent run needs labelled texts in both train (${train.length}) and test (${test.length}); check the label column mapping and the split section`, {
        details: { train: train.length, test: test.length },
      });
    }
    return { train, test };
  });
}

/** A configured size with its overrides made explicit. */
export interface ResolvedSize {
  size: TrainingSize;
  name: string;
  epochs?: number;
  maxOutputsPerInput?: number;
}

/** Splits a configured size into the subset it draws and its overrides. */
export function resolveSize(entry: TrainingSizeEntry): ResolvedSize {
  if (typeof entry === 'object' && 'size' in entry) return { size: entry.size, name: sizeName(entry.size), epochs: entry.epochs, maxOutputsPerInput: entry.maxOutputsPerInput };
  return { size: entry, name: sizeName(entry) };
}

/** Short stable name of a size, used in variant names and lineage: `k10`, `f0.01`, `all`. */
export function sizeName(size: TrainingSize): string {
  if (size === 'all') return 'all';
  if (typeof size === 'number') return `k${size}`;
  return `f${size.fraction}`;
}

/** The training subset of `size` for `seed`; the same seed and size always give the same subset, in the same order. */
export function pickTrainingSet<T extends { label: string }>(train: readonly T[], size: TrainingSize, seed: number): T[] {
  if (size === 'all') return [...train];
  const rng = createRng(deriveSeed(seed, 'few-shot', sizeName(size)));
  if (typeof size === 'number') return sampleKPerLabel(train, size, rng);
  return stratifiedSplit(train, size.fraction, rng).second;
}
