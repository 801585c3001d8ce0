import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseConfig } from '../../config/load.js';
import { configSchema } from '../../config/schema.js';
import { SampleForgeError } from '../../errors.js';
import { quoteIdent, withDatabase } from '../../internal/duckdb.js';
import type { TableQualityMetrics } from '../../types.js';
import { TABLE_QUALITY_FILE } from '../run-files.js';
import { tablesStage } from './tables-stage.js';
import { writeUsersFixture } from './test-support/write-users-fixture.js';

function configWith(tables: unknown[], extra: Record<string, unknown> = {}) {
  return parseConfig(configSchema, { name: 'tables', task: 'recommendation', seed: 5, data: { synthetic: {} }, tables, ...extra });
}

async function runStage(input: string, config: ReturnType<typeof configWith>) {
  const output = await mkdtemp(join(tmpdir(), 'sf-tables-out-'));
  const result = await tablesStage(config).run({ output, checkpoints: output, inputOf: () => input, progress: () => {} });
  const quality = JSON.parse(await readFile(join(output, TABLE_QUALITY_FILE), 'utf8')) as Record<string, TableQualityMetrics>;
  return { output, result, quality };
}

describe('tables stage', () => {
  let input: string;
  const outputs: string[] = [];
  beforeAll(async () => {
    input = await mkdtemp(join(tmpdir(), 'sf-tables-in-'));
    await writeUsersFixture(input);
  });
  afterAll(async () => {
    for (const folder of [input, ...outputs]) await rm(folder, { recursive: true, force: true });
  });

  it('writes synthetic users with lineage, refuses copies, and scores them', async () => {
    const config = configWith([
      { table: 'users', synthesizer: 'copula', conditionOn: 'occupation', minStratumRows: 10 },
      { table: 'users', synthesizer: 'smote', conditionOn: 'occupation' },
      { table: 'users', synthesizer: 'vae', epochs: 5, rows: 120, name: 'users/vae-short' },
    ]);
    const { output, result, quality } = await runStage(input, config);
    outputs.push(output);
    expect(Object.keys(quality)).toEqual(['users/copula', 'users/smote', 'users/vae-short']);

    const copula = quality['users/copula'];
    // zip has 300 distinct values in 300 rows: left out as an identifier.
    expect(copula.columns).toEqual([{ name: 'age', kind: 'numeric' }, { name: 'gender', kind: 'categorical' }, { name: 'occupation', kind: 'categorical' }, { name: 'income', kind: 'numeric' }]);
    expect(copula.skippedColumns).toEqual([{ column: 'zip', reason: 'near-unique: 300 distinct values in 300 rows (an identifier or free text)' }]);
    expect(copula).toMatchObject({ source: 'users', realRows: 300, requestedRows: 300, syntheticRows: 300, copies: 0, augmenter: 'generative/gaussian-copula', file: 'stages/tables/0-users-copula.parquet' });
    // One copula per occupation keeps age by occupation: shapes and trends near the bootstrap's.
    expect(copula.columnShapes).toBeGreaterThan(0.9);
    expect(copula.pairTrends).toBeGreaterThan(0.85);
    expect(copula.detectionAuc).toBeLessThan(0.7);
    expect(copula.passed).toEqual({ columnShapes: true, pairTrends: true, detectionAuc: true, copies: true });
    expect(copula.shapes.map((shape) => shape.column)).toEqual(['age', 'gender', 'occupation', 'income']);
    expect(copula.pairs).toHaveLength(6);
    expect(copula.privacy.synthetic.median).toBeGreaterThan(0);
    expect(copula.bars).toEqual({ columnShapes: 0.9, pairTrends: 0.85, detectionAuc: 0.7, copies: 0 });

    // SMOTE grows every occupation to the largest one's count, judged against those classes' real rows.
    const counts = await withDatabase(':memory:', (db) => db.all<{ occupation: string; n: number }>(`SELECT occupation, count(*)::INTEGER AS n FROM read_parquet($path) GROUP BY 1 ORDER BY 1`, { path: join(input, 'users.parquet') }));
    const largest = Math.max(...counts.map((entry) => entry.n));
    const smote = quality['users/smote'];
    expect(smote.requestedRows).toBeNull();
    expect(smote.syntheticRows).toBe(counts.reduce((sum, entry) => sum + largest - entry.n, 0));
    expect(smote.scoredRows.real).toBe(counts.filter((entry) => entry.n < largest).reduce((sum, entry) => sum + entry.n, 0));
    expect(quality['users/vae-short']).toMatchObject({ requestedRows: 120, syntheticRows: 120, copies: 0 });

    await withDatabase(':memory:', async (db) => {
      for (const entry of Object.values(quality)) {
        const path = join(output, entry.file.replace('stages/tables/', ''));
        expect(Number(await db.scalar('SELECT count(*) FROM read_parquet($path)', { path })), entry.file).toBe(entry.syntheticRows);
        // No synthetic row equals a real row on the modelled columns (checked here by a join, not by the stage's own keys).
        const on = entry.columns.map((column) => `s.${quoteIdent(column.name)} IS NOT DISTINCT FROM r.${quoteIdent(column.name)}`).join(' AND ');
        expect(Number(await db.scalar(`SELECT count(*) FROM read_parquet($path) s JOIN read_parquet($real) r ON ${on}`, { path, real: join(input, 'users.parquet') })), entry.file).toBe(0);
      }
      const samples = await db.all<{ id: string; kind: string; augmenter: string; parents: string[]; params: string; label: string | null; kept: boolean; original: string; sample: string }>(
        'SELECT id, kind, augmenter, parent_ids AS parents, params, label, kept, original, sample FROM read_parquet($path)', { path: join(output, 'samples.parquet') });
      expect(samples).toHaveLength(Object.values(quality).reduce((sum, entry) => sum + entry.syntheticRows, 0));
      expect(new Set(samples.map((row) => row.kind))).toEqual(new Set(['table-row']));
      expect(samples.every((row) => row.kept)).toBe(true);
      const smoteRows = samples.filter((row) => row.augmenter === 'generative/smote');
      const users = new Map((await db.all<{ user_id: string; occupation: string }>('SELECT user_id, occupation FROM read_parquet($path)', { path: join(input, 'users.parquet') })).map((row) => [row.user_id, row.occupation]));
      for (const row of smoteRows) {
        expect(row.parents).toHaveLength(2);
        expect(row.parents.map((id) => users.get(id))).toEqual([row.label, row.label]);
        expect(row.original).toMatch(/^age=\d+, gender=[MF], occupation=\w+, income=[\d.]+$/);
      }
      const copulaRow = samples.find((row) => row.augmenter === 'generative/gaussian-copula');
      expect(copulaRow?.parents).toEqual([]);
      expect(copulaRow?.id).toMatch(/^users\/copula\//);
      expect(JSON.parse(copulaRow?.params ?? '{}')).toMatchObject({ table: 'users', source: 'users', entry: 'users/copula', stratifyBy: 'occupation' });
    });
    expect(result.summary?.entries).toMatchObject({ 'users/copula': { syntheticRows: 300, copies: 0, columnShapes: copula.columnShapes } });
  });

  it('gives the same rows and scores for the same seed, and other rows for another', async () => {
    const entry = { table: 'users', synthesizer: 'copula', rows: 50 };
    const read = async (seed: number) => {
      const { output, quality } = await runStage(input, configWith([entry], { seed }));
      outputs.push(output);
      const rows = await withDatabase(':memory:', (db) => db.all('SELECT * FROM read_parquet($path)', { path: join(output, '0-users-copula.parquet') }));
      const { seconds: _seconds, ...scores } = quality['users/copula'];
      return { rows, scores };
    };
    const [first, again, other] = [await read(5), await read(5), await read(6)];
    expect(again).toEqual(first);
    expect(other.rows).not.toEqual(first.rows);
  });

  it('samples "users of this segment" with conditions and scores them against the matching real users', async () => {
    const { output, quality } = await runStage(input, configWith([{ table: 'users', synthesizer: 'copula', conditionOn: 'occupation', minStratumRows: 10, conditions: { occupation: 'retired' } }]));
    outputs.push(output);
    const retired = Number(await withDatabase(':memory:', (db) => db.scalar(`SELECT count(*) FROM read_parquet($path) WHERE occupation = 'retired'`, { path: join(input, 'users.parquet') })));
    expect(quality['users/copula']).toMatchObject({ requestedRows: retired, syntheticRows: retired, scoredRows: { real: retired, synthetic: retired } });
    const occupations = await withDatabase(':memory:', (db) => db.all<{ occupation: string }>('SELECT DISTINCT occupation FROM read_parquet($path)', { path: join(output, '0-users-copula.parquet') }));
    expect(occupations).toEqual([{ occupation: 'retired' }]);
  });

  it('reads only the train split of a table the run splits', async () => {
    const { output, quality } = await runStage(input, configWith([{ table: 'users', synthesizer: 'copula', columns: ['age', 'gender'] }], { split: { method: 'leave-one-out', table: 'users' } }));
    outputs.push(output);
    expect(quality['users/copula']).toMatchObject({ source: 'users_train', realRows: 200, syntheticRows: 200, skippedColumns: [] });
  });

  it('generalises a quasi-identifier to a prefix instead of leaving it out', async () => {
    const { output, quality } = await runStage(input, configWith([{ table: 'users', synthesizer: 'copula', generalize: { zip: 3 } }]));
    outputs.push(output);
    // Zips 10000..12093 cut to 100..120: 21 values, a feature now.
    expect(quality['users/copula'].columns.map((column) => column.name)).toEqual(['age', 'gender', 'occupation', 'income', 'zip']);
    expect(quality['users/copula']).toMatchObject({ skippedColumns: [], generalize: { zip: 3 }, copies: 0 });
    const zips = await withDatabase(':memory:', (db) => db.all<{ zip: string }>('SELECT DISTINCT zip FROM read_parquet($path) ORDER BY zip', { path: join(output, '0-users-copula.parquet') }));
    expect(zips.length).toBeGreaterThan(10);
    expect(zips.every((row) => /^1[012]\d$/.test(row.zip))).toBe(true);
  });

  it.each([
    [{ table: 'users', synthesizer: 'copula', generalize: { zipcode: 3 } }, 'tables[0].generalize.zipcode: no column "zipcode" in table users (columns: age, gender, occupation, income, zip)'],
    [{ table: 'users', synthesizer: 'copula', generalize: { age: 1 } }, 'tables[0].generalize.age: "age" is numeric; only categorical columns are cut to a prefix'],
    [{ table: 'users', synthesizer: 'copula', columns: ['age', 'agee'] }, 'tables[0].columns[1]: no column "agee" in table users (columns: age, gender, occupation, income, zip)'],
    [{ table: 'users', synthesizer: 'copula', columns: ['user_id'] }, 'tables[0].columns[0]: "user_id" is the id column of users, not a feature'],
    [{ table: 'users', synthesizer: 'vae', conditionOn: 'age' }, 'tables[0].conditionOn: "age" is numeric; condition on a categorical column (gender, occupation)'],
    [{ table: 'users', synthesizer: 'copula', columns: ['age'], conditionOn: 'gender' }, 'tables[0].conditionOn: "gender" is not a modelled column of users (modelled: age; columns: age, gender, occupation, income, zip)'],
    [{ table: 'users', synthesizer: 'copula', conditions: { occupation: 'pilot' } }, 'tables[0].conditions.occupation: no real row has occupation = "pilot" (values: artist, engineer, retired, student)'],
    [{ table: 'items', synthesizer: 'copula' }, 'tables[0].table: the data has no items table (tables: interactions, users, users_train)'],
  ])('refuses %j with an error naming the path and what exists', async (entry, message) => {
    const output = await mkdtemp(join(tmpdir(), 'sf-tables-out-'));
    outputs.push(output);
    const error = await tablesStage(configWith([entry])).run({ output, checkpoints: output, inputOf: () => input, progress: () => {} }).catch((caught: unknown) => caught);
    expect(SampleForgeError.is(error, 'E_CONFIG')).toBe(true);
    expect((error as Error).message).toBe(message);
  });
});
