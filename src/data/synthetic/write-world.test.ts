import { createHash } from 'node:crypto';
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { withDatabase } from '../../internal/duckdb.js';
import { TABLE_COLUMNS } from '../tables.js';
import { generateWorld } from './generate-world.js';
import { writeWorld, type WorldFileFormat } from './write-world.js';

const directories: string[] = [];
async function temporaryDirectory(): Promise<string> {
  const directory = await mkdtemp(join(tmpdir(), 'sampleforge-world-test-'));
  directories.push(directory);
  return directory;
}
afterAll(async () => {
  for (const directory of directories) await rm(directory, { recursive: true, force: true });
});

async function digests(directory: string): Promise<Record<string, string>> {
  const out: Record<string, string> = {};
  for (const name of (await readdir(directory)).sort()) out[name] = createHash('sha256').update(await readFile(join(directory, name))).digest('hex');
  return out;
}

const options = { users: 60, items: 80, interactions: 1_200, utterances: 120, queries: 90 };

describe('writeWorld', () => {
  it.each(['csv', 'jsonl', 'parquet'] as WorldFileFormat[])('writes byte-identical %s files for the same seed, and nothing else', async (format) => {
    const first = await temporaryDirectory();
    const second = await temporaryDirectory();
    await writeWorld(generateWorld(options, 21), first, { format });
    await writeWorld(generateWorld(options, 21), second, { format });
    const a = await digests(first);
    expect(Object.keys(a)).toEqual(['interactions', 'items', 'queries', 'texts', 'users'].map((name) => `${name}.${format}`));
    expect(await digests(second)).toEqual(a);
  });

  it.each(['csv', 'jsonl', 'parquet'] as WorldFileFormat[])('writes the canonical columns in %s, readable by DuckDB with the values intact', async (format) => {
    const world = generateWorld(options, 22);
    const files = await writeWorld(world, await temporaryDirectory(), { format });
    const reader = format === 'csv' ? 'read_csv' : format === 'jsonl' ? 'read_json' : 'read_parquet';
    await withDatabase(':memory:', async (db) => {
      for (const table of ['items', 'interactions', 'texts'] as const) {
        const columns = await db.all<{ column_name: string }>(`DESCRIBE SELECT * FROM ${reader}($1)`, [files[table]]);
        expect(columns.map((column) => column.column_name)).toEqual(TABLE_COLUMNS[table].map((column) => column.name));
      }
      expect(await db.scalar(`SELECT count(*) FROM ${reader}($1)`, [files.interactions])).toBe(world.interactions.length);
      expect(await db.scalar(`SELECT count(*) FROM ${reader}($1)`, [files.texts])).toBe(world.utterances.length);
      const first = world.items[0];
      const row = (await db.all(`SELECT * FROM ${reader}($1) WHERE item_id = $2`, [files.items, first.itemId]))[0];
      expect(row.title).toBe(first.title);
      if (format === 'csv') expect(row.category).toBe(first.category.join(' > '));
      else expect(row.category).toEqual(first.category);
      if (format === 'parquet') expect(await db.scalar(`SELECT attributes['brand'] FROM read_parquet($1) WHERE item_id = $2`, [files.items, first.itemId])).toBe(first.attributes.brand);
      else expect(JSON.parse(String(row.attributes))).toEqual(first.attributes);
      const withQuery = world.interactions.findIndex((interaction) => interaction.query !== undefined);
      const queries = await db.all(`SELECT query FROM ${reader}($1) WHERE query IS NOT NULL`, [files.interactions]);
      expect(queries.length).toBe(world.interactions.filter((interaction) => interaction.query !== undefined).length);
      expect(queries[0].query).toBe(world.interactions[withQuery].query);
    });
  });
});
