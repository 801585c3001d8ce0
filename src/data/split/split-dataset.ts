/** Runs the split method of a validated `split` config section. */
import type { SplitConfig } from '../../config/split.js';
import type { Database } from '../../internal/duckdb.js';
import { kShotSplit } from './k-shot-split.js';
import { leaveOneOutSplit } from './leave-one-out.js';
import type { SplitCounts } from './split-tables.js';
import { stratifiedSplit } from './stratified-split.js';
import { temporalSplit } from './temporal-split.js';

/** The outcome of one configured split. */
export interface SplitResult {
  method: SplitConfig['method'];
  table: string;
  counts: SplitCounts;
  /** Method-specific figures (cut timestamps, short labels, users without targets). */
  details: Record<string, unknown>;
}

/** How {@link splitDataset} may treat its input table. */
export interface SplitDatasetOptions {
  /**
   * The input table may be consumed (leave-one-out renames it into the train table instead of
   * copying it); the other methods leave it as it is. Default false.
   */
  consumeSource?: boolean;
}

/** Splits `config.table` into `<table>_train`, `_validation`, `_test` and `_pool` by `config.method`. */
export async function splitDataset(db: Database, config: SplitConfig, options: SplitDatasetOptions = {}): Promise<SplitResult> {
  switch (config.method) {
    case 'leave-one-out': {
      const { counts, ...details } = await leaveOneOutSplit(db, { ...config, consumeSource: options.consumeSource });
      return { method: config.method, table: config.table, counts, details };
    }
    case 'temporal': {
      const { counts, ...details } = await temporalSplit(db, config);
      return { method: config.method, table: config.table, counts, details };
    }
    case 'stratified': {
      const counts = await stratifiedSplit(db, config);
      return { method: config.method, table: config.table, counts, details: { seed: config.seed } };
    }
    case 'k-shot': {
      const { counts, ...details } = await kShotSplit(db, config);
      return { method: config.method, table: config.table, counts, details: { seed: config.seed, ...details } };
    }
  }
}
