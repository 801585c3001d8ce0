import { mkdtemp, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SampleForgeError } from '../../errors.js';
import { openDatabase, withDatabase, type Database } from '../../internal/duckdb.js';
import { ingestFile, type IngestProgress } from './ingest-file.js';

let folder: string;
beforeAll(async () => {
  folder = await mkdtemp(join(tmpdir(), 'sf-ingest-'));
});
afterAll(async () => {
  await rm(folder, { recursive: true, force: true });
});

async function fixture(name: string, content: string | Uint8Array): Promise<string> {
  const path = join(folder, name);
  await writeFile(path, content);
  return path;
}

async function inMemory<T>(work: (db: Database) => Promise<T>): Promise<T> {
  return withDatabase(':memory:', work);
}

describe('ingestFile: mapping and conversions', () => {
  it('maps columns, fills defaults, converts unix seconds, and appends several files to one table', async () => {
    const first = await fixture('events-1.csv', 'visitorid,asin,ts,rating\nv1,A1,1600000000,5\nv2,A2,1600000001.5,3\n');
    const second = await fixture('events-2.csv', 'visitorid,asin,ts,rating\nv3,A3,1600000002,4\n');
    await inMemory(async (db) => {
      const spec = { table: 'interactions' as const, columns: { userId: 'visitorid', itemId: 'asin', timestamp: 'ts', value: 'rating' }, timestampUnit: 's' as const, defaults: { event: 'rating' } };
      const reports = [await ingestFile(db, { ...spec, path: first }), await ingestFile(db, { ...spec, path: second })];
      expect(reports.map((report) => [report.rowsRead, report.rowsLoaded, report.rejected.count])).toEqual([[2, 2, 0], [1, 1, 0]]);
      expect(reports[0].warnings).toEqual([]);
      const rows = await db.all('SELECT user_id, item_id, event, value, timestamp, query FROM interactions ORDER BY user_id');
      expect(rows).toEqual([
        { user_id: 'v1', item_id: 'A1', event: 'rating', value: 5, timestamp: 1600000000000, query: null },
        { user_id: 'v2', item_id: 'A2', event: 'rating', value: 3, timestamp: 1600000001500, query: null },
        { user_id: 'v3', item_id: 'A3', event: 'rating', value: 4, timestamp: 1600000002000, query: null },
      ]);
    });
  });

  it.each([
    ['auto, seconds', 'auto', '1600000000', 1600000000000],
    ['auto, milliseconds', 'auto', '1600000000123', 1600000000123],
    ['auto, microseconds', 'auto', '1600000000123456', 1600000000123],
    ['ms', 'ms', '1600000000123', 1600000000123],
    ['auto, ISO with Z', 'auto', '2020-09-13T12:26:40.5Z', 1600000000500],
    ['iso, zone-less (read as UTC)', 'iso', '2020-09-13 12:26:40', 1600000000000],
    ['auto, ISO with offset', 'auto', '2020-09-13T14:26:40+02:00', 1600000000000],
  ] as const)('timestamps: %s', async (_, unit, text, expected) => {
    const path = await fixture(`ts-${unit}-${text.length}.csv`, `user_id,item_id,timestamp\nu,i,${text}\nu,i,${text}\n`);
    await inMemory(async (db) => {
      await ingestFile(db, { table: 'interactions', path, timestampUnit: unit });
      expect(await db.scalar('SELECT max(timestamp) FROM interactions')).toBe(expected);
      expect(await db.scalar(`SELECT current_setting('TimeZone')`)).not.toBeUndefined();
    });
  });

  it('parses timestamp text in a given strptime format', async () => {
    const path = await fixture('custom-time.csv', 'user_id,item_id,when\nu,i,13/09/2020 12:26\n');
    await inMemory(async (db) => {
      await ingestFile(db, { table: 'interactions', path, columns: { timestamp: 'when' }, timestampFormat: '%d/%m/%Y %H:%M' });
      expect(await db.scalar('SELECT timestamp FROM interactions')).toBe(Date.UTC(2020, 8, 13, 12, 26));
    });
  });

  it('splits category paths and reads attributes from k:v|k:v text and from JSON objects', async () => {
    const path = await fixture(
      'items.tsv',
      'item_id\ttitle\tcategory\tattributes\tprice\n' +
        'a\tSerum\tBeauty > Skin Care >  Serum\tbrand:Acme|size: 30 ml|vegan|brand:Other\t12.5\n' +
        'b\tLamp\tHome/Lighting\t{"color": "red", "watts": 40}\t\n',
    );
    await inMemory(async (db) => {
      const report = await ingestFile(db, { table: 'items', path });
      expect(report.format).toBe('tsv');
      const rows = await db.all(`SELECT item_id, category, map_entries(attributes) AS attributes, price FROM items ORDER BY item_id`);
      expect(rows[0]).toEqual({
        item_id: 'a',
        category: ['Beauty', 'Skin Care', 'Serum'],
        attributes: [{ key: 'brand', value: 'Acme' }, { key: 'size', value: '30 ml' }, { key: 'vegan', value: '' }],
        price: 12.5,
      });
      expect(rows[1]).toEqual({ item_id: 'b', category: ['Home/Lighting'], attributes: [{ key: 'color', value: 'red' }, { key: 'watts', value: '40' }], price: null });
    });
    await inMemory(async (db) => {
      await ingestFile(db, { table: 'items', path, categoryDelimiter: '/' });
      expect(await db.all(`SELECT category FROM items WHERE item_id = 'b'`)).toEqual([{ category: ['Home', 'Lighting'] }]);
    });
  });

  it('reads JSONL and Parquet with typed columns', async () => {
    const jsonl = await fixture('texts.jsonl', '{"uid": 1, "utterance": "where is my card", "intent": "card_arrival"}\n{"uid": 2, "utterance": "hi", "intent": null}\n');
    await inMemory(async (db) => {
      const report = await ingestFile(db, { table: 'texts', path: jsonl, columns: { id: 'uid', text: 'utterance', label: 'intent' }, defaults: { split: 'train' } });
      expect(report.rowsLoaded).toBe(2);
      expect(await db.all('SELECT * FROM texts ORDER BY id')).toEqual([
        { id: '1', text: 'where is my card', label: 'card_arrival', language: 'en', split: 'train' },
        { id: '2', text: 'hi', label: null, language: 'en', split: 'train' },
      ]);
      const parquet = join(folder, 'events.parquet');
      await db.run(
        `COPY (SELECT 'u' || i AS user_id, 'i' || (i % 3) AS item_id, TIMESTAMP '2024-01-01' + INTERVAL (i) SECOND AS ts, ['a', 'b'] AS tags FROM range(5) t(i)) TO '${parquet}' (FORMAT parquet)`,
      );
      const parquetReport = await ingestFile(db, { table: 'interactions', path: parquet, columns: { timestamp: 'ts' } });
      expect(parquetReport).toMatchObject({ format: 'parquet', rowsRead: 5, rowsLoaded: 5 });
      expect(await db.scalar('SELECT max(timestamp) FROM interactions')).toBe(Date.UTC(2024, 0, 1, 0, 0, 4));
    });
  });

  it('maps the log\'s event names onto canonical events', async () => {
    const path = await fixture('retail.csv', 'visitorid,itemid,event\n1,10,view\n1,10,addtocart\n1,10,transaction\n');
    await inMemory(async (db) => {
      await ingestFile(db, { table: 'interactions', path, columns: { userId: 'visitorid', itemId: 'itemid' }, eventMap: { addtocart: 'cart', transaction: 'purchase' } });
      expect((await db.all('SELECT event FROM interactions')).map((row) => row.event)).toEqual(['view', 'cart', 'purchase']);
    });
  });

  it('numbers rows as ids when asked, in file order', async () => {
    const path = await fixture('plain-texts.csv', 'text,category\n"hello, there",greeting\nbye,farewell\n');
    await inMemory(async (db) => {
      await ingestFile(db, { table: 'texts', path, columns: { label: 'category' }, generatedIdPrefix: 'plain:' });
      expect(await db.all('SELECT id, text, label FROM texts ORDER BY id')).toEqual([
        { id: 'plain:1', text: 'hello, there', label: 'greeting' },
        { id: 'plain:2', text: 'bye', label: 'farewell' },
      ]);
    });
  });
});

describe('ingestFile: bad input', () => {
  it('rejects malformed CSV rows with line numbers, keeps the raw lines, and loads the rest', async () => {
    const path = await fixture('malformed.csv', 'user_id,item_id,value\nu1,i1,1\nu2,i2\nu3,"i3,x",3,extra\nu4,i4,4\n');
    await inMemory(async (db) => {
      const report = await ingestFile(db, { table: 'interactions', path });
      expect(report).toMatchObject({ rowsRead: 4, rowsLoaded: 2, rejected: { count: 2 } });
      expect(report.rejected.samples.map((sample) => [sample.line, sample.raw])).toEqual([[3, 'u2,i2'], [4, 'u3,"i3,x",3,extra']]);
      expect(report.rejected.samples[0].error).toMatch(/Expected Number of Columns: 3 Found: 2/);
      expect(report.warnings.map((warning) => warning.code)).toEqual(['rejected-rows']);
      expect(report.warnings[0].message).toMatch(/2 of 4 rows of .*malformed\.csv were rejected \(first: line 3/);
      expect(await db.all('SELECT file, line, raw FROM rejected_interactions ORDER BY line')).toEqual([
        { file: path, line: 3, raw: 'u2,i2' },
        { file: path, line: 4, raw: 'u3,"i3,x",3,extra' },
      ]);
    });
  });

  it('rejects values of the wrong type with their line and column', async () => {
    const path = await fixture('wrong-types.csv', 'user_id,item_id,value,timestamp\nu1,i1,1,1600000000\nu2,i2,lots,1600000001\nu3,i3,3,yesterday\n');
    await inMemory(async (db) => {
      const report = await ingestFile(db, { table: 'interactions', path, timestampUnit: 's' });
      expect(report.rowsLoaded).toBe(1);
      expect(report.rejected.samples.map((sample) => [sample.line, sample.column])).toEqual([[3, 'value'], [4, 'timestamp']]);
      expect(report.rejected.samples[0].error).toMatch(/Could not convert string "lots" to 'DOUBLE'/);
    });
  });

  it('names the column, the file, the columns found and the config key when a required column is missing', async () => {
    const path = await fixture('items.csv', 'id,name,price\n1,Lamp,9.5\n');
    await inMemory(async (db) => {
      const error = await ingestFile(db, { table: 'items', path }).catch((caught: unknown) => caught);
      expect(SampleForgeError.is(error, 'E_DATA')).toBe(true);
      expect((error as Error).message).toBe(`no column "item_id" in ${path} (columns: id, name, price); map it with data.files.items.columns.itemId`);
      const mapped = await ingestFile(db, { table: 'items', path, columns: { itemId: 'sku' }, configPath: 'data.files.items' }).catch((caught: unknown) => caught);
      expect((mapped as Error).message).toBe(`no column "sku" (mapped by data.files.items.columns.itemId) in ${path} (columns: id, name, price)`);
      expect(await db.scalar(`SELECT count(*) FROM duckdb_tables() WHERE table_name = 'items'`)).toBe(0);
    });
  });

  it('rejects mapping keys that are not record fields, listing the valid ones', async () => {
    const path = await fixture('items-key.csv', 'id,name\n1,Lamp\n');
    await inMemory(async (db) => {
      await expect(ingestFile(db, { table: 'items', path, columns: { itemID: 'id' } })).rejects.toThrow(
        'data.files.items.columns.itemID: not a field of items (fields: itemId, title, category, attributes, imagePath, price)',
      );
    });
  });

  it('fails clearly on an empty file and on a file with a header only', async () => {
    const empty = await fixture('empty.csv', '');
    const headerOnly = await fixture('header-only.csv', 'user_id,item_id\n');
    await inMemory(async (db) => {
      await expect(ingestFile(db, { table: 'interactions', path: empty })).rejects.toThrow(`${empty} is empty (0 bytes)`);
      await expect(ingestFile(db, { table: 'interactions', path: headerOnly })).rejects.toThrow(`${headerOnly} has no data rows (columns: user_id, item_id)`);
      await expect(ingestFile(db, { table: 'interactions', path: join(folder, 'missing.csv') })).rejects.toSatisfy((error: unknown) => SampleForgeError.is(error, 'E_IO'));
    });
  });

  it('rejects lines with invalid UTF-8, with their line numbers (CSV), and fails clearly on malformed JSONL', async () => {
    const path = await fixture('latin.csv', Buffer.concat([Buffer.from('id,text\n1,ok\n2,caf'), Buffer.from([0xe9]), Buffer.from('\n3,fine\n')]));
    const jsonl = await fixture('broken.jsonl', '{"id": "1", "text": "a"}\n{"id": "2", "text": \n');
    await inMemory(async (db) => {
      const report = await ingestFile(db, { table: 'texts', path });
      expect(report).toMatchObject({ rowsRead: 3, rowsLoaded: 2, rejected: { count: 1 } });
      expect(report.rejected.samples[0]).toMatchObject({ line: 3, column: 'text' });
      expect(report.rejected.samples[0].error).toMatch(/not utf-8 encoded/);
      await expect(ingestFile(db, { table: 'texts', path: jsonl })).rejects.toThrow(/broken\.jsonl.*Malformed JSON/);
      const badJson = await fixture('latin.jsonl', Buffer.concat([Buffer.from('{"id": "1", "text": "caf'), Buffer.from([0xe9]), Buffer.from('"}\n')]));
      await expect(ingestFile(db, { table: 'texts', path: badJson })).rejects.toThrow(/latin\.jsonl.*invalid UTF-8/);
    });
  });

  it('reads latin-1 when told to', async () => {
    const path = await fixture('latin-ok.csv', Buffer.concat([Buffer.from('id|text\n1|caf'), Buffer.from([0xe9]), Buffer.from('\n')]));
    await inMemory(async (db) => {
      await ingestFile(db, { table: 'texts', path, encoding: 'latin-1', delimiter: '|' });
      expect(await db.scalar('SELECT text FROM texts')).toBe('café');
    });
  });

  it('fails when every row is rejected (a wrong delimiter or type), pointing at the options to check', async () => {
    const path = await fixture('all-bad.csv', 'user_id,item_id,value\nu1,i1,high\nu2,i2,low\n');
    await inMemory(async (db) => {
      await expect(ingestFile(db, { table: 'interactions', path })).rejects.toThrow(
        /every row of .*all-bad\.csv was rejected \(2; first: line 2, value: .*"high".*\); check data\.files\.interactions\.delimiter/,
      );
      expect(await db.scalar('SELECT count(*) FROM rejected_interactions')).toBe(2);
    });
  });

  it('warns about duplicate and missing ids in items without dropping them', async () => {
    const path = await fixture('dupes.csv', 'item_id,title\na,A\nb,B\na,A again\n,no id\n');
    await inMemory(async (db) => {
      const report = await ingestFile(db, { table: 'items', path });
      expect(report.rowsLoaded).toBe(4);
      expect(report.warnings.map((warning) => [warning.code, warning.details?.count])).toEqual([['duplicate-ids', 1], ['missing-ids', 1]]);
    });
  });

  it('streams a file several times larger than DuckDB memory_limit, reporting progress', async () => {
    const database = join(folder, 'large.duckdb');
    const path = join(folder, 'large.csv');
    const db = await openDatabase(database, { memoryLimit: '100MB', threads: 2, tempDirectory: join(folder, 'spill') });
    try {
      // 100k rows of ~3 KB: a ~310 MB file, three times the 100 MB limit; it only fits if streamed.
      // (DuckDB's CSV reader needs 32 MB buffers; 64 MB runs out of memory even on one thread.)
      await db.run(`COPY (SELECT 'item' || i AS item_id, repeat(md5(CAST(i AS VARCHAR)), 96) AS title, (i % 997) * 0.5 AS price FROM range(100000) t(i)) TO '${path}' (HEADER)`);
      expect((await stat(path)).size).toBeGreaterThan(3 * 100 * 1000 * 1000);
      // DuckDB enforces memory_limit on its buffers: holding the file whole would fail with Out of Memory.
      const progress: IngestProgress[] = [];
      const report = await ingestFile(db, { table: 'items', path, onProgress: (event) => progress.push(event) });
      expect(report.rowsLoaded).toBe(100_000);
      expect(report.warnings).toEqual([]);
      const loading = progress.filter((event) => event.phase === 'loading');
      expect(loading.length).toBeGreaterThan(0);
      expect(loading.every((event, index) => index === 0 || event.rowsRead >= loading[index - 1].rowsRead)).toBe(true);
      expect(progress.at(-1)).toEqual({ table: 'items', file: path, phase: 'loaded', rowsRead: 100_000, rowsTotal: 100_000 });
    } finally {
      db.close();
    }
  });
});
