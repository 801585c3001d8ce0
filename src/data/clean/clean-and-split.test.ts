import { describe, expect, it } from 'vitest';
import { cleanConfigSchema } from '../../config/clean.js';
import { openDatabase } from '../../internal/duckdb.js';
import { leaveOneOutSplit } from '../split/leave-one-out.js';
import { cleanTables } from './clean-tables.js';
import { countRowDifferences, runCleanSplitOracle } from './test-support/clean-split-oracle.js';
import { createInteractionFixture } from './test-support/interaction-fixture.js';

// The bench/ingest path (missing keys, duplicates, k-core, chronological order, leave-one-out) must
// give exactly what the plain-SQL oracle gives: the same rows in the same order in the cleaned and
// split tables, the same dropped rows with the same reasons, and the same counts in the report.
describe('cleaning and leave-one-out against a plain-SQL oracle', () => {
  it.each([
    ['one row group', 4_000, 11, 1],
    ['several row groups, two threads', 300_000, 12, 2],
  ])('%s (%i rows, seed %i)', async (_label, rows, seed, threads) => {
    const db = await openDatabase(':memory:', { threads });
    try {
      await createInteractionFixture(db, rows, seed);
      const expected = await runCleanSplitOracle(db, 'interactions', { userK: 5, itemK: 5 });
      expect(expected.kCoreDroppedPerIteration.length).toBeGreaterThan(1);

      const config = cleanConfigSchema.parse({ normalizeText: { enabled: false }, kCore: { enabled: true, userK: 5, itemK: 5 } });
      const report = await cleanTables(db, config);
      const entry = (rule: string) => report.find((candidate) => candidate.rule === rule && candidate.table === 'interactions');
      expect(entry('missing-keys')?.details.byReason).toEqual(expected.missingByReason);
      expect(entry('duplicates')?.dropped).toBe(expected.duplicates);
      expect(entry('k-core')?.details).toMatchObject({
        droppedPerIteration: expected.kCoreDroppedPerIteration,
        iterations: expected.kCoreDroppedPerIteration.length,
        converged: true,
        users: expected.users,
        items: expected.items,
        rows: expected.rows,
      });
      expect(await countRowDifferences(db, 'interactions', 'oracle_clean', true)).toBe(0);
      expect(await countRowDifferences(db, 'dropped_interactions', 'oracle_dropped', false)).toBe(0);

      const split = await leaveOneOutSplit(db);
      for (const name of ['train', 'validation', 'test'] as const) {
        expect(split.counts[name]).toBe(Number(await db.scalar(`SELECT count(*) FROM oracle_${name}`)));
        expect(await countRowDifferences(db, `interactions_${name}`, `oracle_${name}`, true)).toBe(0);
      }
    } finally {
      db.close();
    }
  });
});
