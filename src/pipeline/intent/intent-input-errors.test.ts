import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { withDatabase } from '../../internal/duckdb.js';
import { saveStageTables } from '../stage-tables.js';
import { readSplitTexts } from './intent-data.js';

describe('intent run inputs', () => {
  it('names the missing table when the split stage wrote no labelled texts', async () => {
    const folder = await mkdtemp(join(tmpdir(), 'sf-intent-split-'));
    await withDatabase(':memory:', async (db) => {
      await db.run(`CREATE TABLE interactions_train AS SELECT 'u1' AS user_id, 'i1' AS item_id`);
      await saveStageTables(db, folder, ['interactions_train']);
    });
    await expect(readSplitTexts(folder)).rejects.toMatchObject({ code: 'E_DATA', message: expect.stringMatching(/no texts_train table.*split\.method stratified or k-shot/) });
  });

  it('says which labelled counts are empty', async () => {
    const folder = await mkdtemp(join(tmpdir(), 'sf-intent-split-'));
    await withDatabase(':memory:', async (db) => {
      await db.run(`CREATE TABLE texts_train AS SELECT 't1' AS id, 'hello' AS text, 'greet' AS label, 'en' AS language`);
      await db.run(`CREATE TABLE texts_test AS SELECT 't2' AS id, 'bye' AS text, NULL::VARCHAR AS label, 'en' AS language`);
      await saveStageTables(db, folder, ['texts_train', 'texts_test']);
    });
    await expect(readSplitTexts(folder)).rejects.toMatchObject({ code: 'E_DATA', message: expect.stringMatching(/train \(1\) and test \(0\)/) });
  });
});
