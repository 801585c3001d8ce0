import { describe, expect, it } from 'vitest';
import { cleanConfigSchema } from '../../config/clean.js';
import { withDatabase, type Database } from '../../internal/duckdb.js';
import { dropBotSessions } from './bot-sessions.js';
import { sortChronologically } from './chronological-order.js';
import { cleanTables } from './clean-tables.js';
import { dropDwellOutliers } from './dwell-outliers.js';
import { kCoreFilter } from './k-core.js';
import { dropMissingKeysAll, missingKeySql } from './missing-keys.js';
import { dropDuplicatesAll } from './remove-duplicates.js';
import { boundSequenceLength } from './sequence-length.js';
import { dropSessionOutliers } from './session-outliers.js';
import { createTestTable, interactionRows } from './test-support/create-tables.js';

const items = async (db: Database, table = 'interactions') => (await db.all<{ item_id: string }>(`SELECT item_id FROM ${table}`)).map((row) => row.item_id);
const reasons = async (db: Database, table = 'dropped_interactions') =>
  db.all(`SELECT reason, count(*) AS n FROM ${table} GROUP BY reason ORDER BY reason`);

describe('missing keys', () => {
  it('drops null and blank keys with the first missing column as reason', async () => {
    await withDatabase(':memory:', async (db) => {
      await createTestTable(db, 'interactions', interactionRows([[null, 'a', 1], ['', 'a', 2], ['u1', null, 3], ['u1', '  ', 4], ['u1', 'a', 5]]));
      await createTestTable(db, 'texts', [{ id: null, text: 'x' }, { id: 't2', text: '' }, { id: 't3', text: 'ok' }]);
      const reports = await dropMissingKeysAll(db);
      expect(reports.map((report) => [report.table, report.dropped])).toEqual([['interactions', 4], ['texts', 2]]);
      expect(reports[0].details.byReason).toEqual({ 'missing item_id': 2, 'missing user_id': 2 });
      expect(await items(db)).toEqual(['a']);
      expect(await db.scalar('SELECT count(*) FROM dropped_texts')).toBe(2);
    });
  });
});

describe('missingKeySql', () => {
  it.each([
    ['', true],
    ['   ', true],
    ['\u3000', true],
    ['\u00a0 \u2003', true],
    ['\t', false],
    [' a', false],
    ['a', false],
    ['~', false],
    ['~ ', false],
    ['é', false],
    ['日本', false],
  ])('%j is blank: %s, as trim(x) = \'\' says', async (value, blank) => {
    await withDatabase(':memory:', async (db) => {
      await db.run('CREATE TABLE keys (k VARCHAR)');
      await db.run('INSERT INTO keys VALUES ($1)', [value]);
      const [row] = await db.all<{ fast: boolean; plain: boolean }>(`SELECT ${missingKeySql('k')} AS fast, trim(k) = '' AS plain FROM keys`);
      expect(row).toEqual({ fast: blank, plain: blank });
    });
  });
});

describe('duplicates', () => {
  it('drops identical interactions, texts equal after normalisation with the same label, and repeated item ids', async () => {
    await withDatabase(':memory:', async (db) => {
      await createTestTable(db, 'interactions', interactionRows([['u1', 'a', 1], ['u1', 'a', 1], ['u1', 'a', 2], ['u1', 'a', 1], ['u2', 'a', 1]]));
      await createTestTable(db, 'texts', [
        { id: 't1', text: 'Hello World', label: 'A' },
        { id: 't2', text: 'hello  world', label: 'A' },
        { id: 't3', text: 'hello world', label: 'B' },
        { id: 't4', text: 'Other' },
        { id: 't5', text: 'other' },
      ]);
      await createTestTable(db, 'items', [{ item_id: 'i1', title: 'first' }, { item_id: 'i2', title: 'x' }, { item_id: 'i1', title: 'second' }]);
      const reports = await dropDuplicatesAll(db);
      expect(reports.map((report) => [report.table, report.dropped])).toEqual([['interactions', 2], ['items', 1], ['texts', 2]]);
      expect(await db.all('SELECT user_id, "timestamp" FROM interactions')).toEqual([
        { user_id: 'u1', timestamp: 1 },
        { user_id: 'u1', timestamp: 2 },
        { user_id: 'u2', timestamp: 1 },
      ]);
      expect((await db.all<{ id: string }>('SELECT id FROM texts')).map((row) => row.id)).toEqual(['t1', 't3', 't4']);
      expect(await db.all('SELECT item_id, title, reason FROM dropped_items')).toEqual([{ item_id: 'i1', title: 'second', reason: 'duplicate' }]);
    });
  });
});

describe('dwell outliers', () => {
  it('drops negative dwell and dwell beyond median +- 3.5 * 1.4826 * MAD of log(1 + ms)', async () => {
    await withDatabase(':memory:', async (db) => {
      const dwell = [1000, 1100, 900, 1000, 1050, 950, 1000, 100000, -5, null];
      await createTestTable(db, 'interactions', interactionRows(dwell.map((ms, index) => ['u1', `i${index}`, index, { dwell_ms: ms }])));
      const report = await dropDwellOutliers(db, { k: 3.5 });
      // median ln(1001); MAD = (ln(1051/1001) + ln(1001/951)) / 2 = 0.04998; bounds exp(6.9088 -+ 0.2594) - 1 = [771.3, 1296.5] ms.
      expect(report.dropped).toBe(2);
      expect(report.details.byReason).toEqual({ 'dwell negative': 1, 'dwell outlier': 1 });
      expect(report.details.lowerMs as number).toBeCloseTo(771.28, 1);
      expect(report.details.upperMs as number).toBeCloseTo(1296.46, 1);
      expect(await items(db)).toEqual(['i0', 'i1', 'i2', 'i3', 'i4', 'i5', 'i6', 'i9']);
    });
  });
});

describe('session outliers and bots', () => {
  it('drops the session whose event count is above the robust bound', async () => {
    await withDatabase(':memory:', async (db) => {
      const sizes = [3, 3, 3, 3, 4, 4, 4, 50];
      const rows = sizes.flatMap((size, user) =>
        Array.from({ length: size }, (_, index) => [`u${user}`, `i${index}`, index * 61_000, { session_id: 's1' }] as [string, string, number, Record<string, string>]),
      );
      await createTestTable(db, 'interactions', interactionRows(rows));
      const report = await dropSessionOutliers(db, { k: 3.5 });
      // ln sizes: median (ln3 + ln4) / 2 = 1.2425, MAD 0.1438, upper exp(1.2425 + 0.7463) = 7.31 events.
      expect(report.details.upperEventsPerSession as number).toBeCloseTo(7.31, 1);
      expect(report.dropped).toBe(50);
      expect(report.details.sessionsDropped).toBe(1);
      expect(await reasons(db)).toEqual([{ reason: 'session events outlier', n: 50 }]);
    });
  });

  it('drops sessions with too many events, too many items per minute, or machine-regular gaps', async () => {
    await withDatabase(':memory:', async (db) => {
      const irregular = [1000, 5000, 2000, 9000, 3000, 700];
      const session = (user: string, count: number, gap: (index: number) => number) => {
        let time = 0;
        return Array.from({ length: count }, (_, index) => {
          time += index === 0 ? 0 : gap(index);
          return [user, `i${index}`, time, { session_id: 's' }] as [string, string, number, Record<string, string>];
        });
      };
      await createTestTable(
        db,
        'interactions',
        interactionRows([
          ...session('regular', 25, () => 30_000),
          ...session('human', 25, (index) => irregular[index % irregular.length] * 10),
          ...session('busy', 31, (index) => irregular[index % irregular.length] * 10),
          ...session('scraper', 5, () => 5000),
        ]),
      );
      const report = await dropBotSessions(db, { maxEventsPerSession: 30, maxDistinctItemsPerMinute: 4, regularMinEvents: 20, regularMaxCv: 0.05 });
      expect(report.details.byReason).toEqual({ 'bot: machine-regular intervals': 25, 'bot: too many events': 31, 'bot: too many items per minute': 5 });
      expect(report.details.sessionsDropped).toBe(3);
      expect(await db.scalar('SELECT count(*) FROM interactions WHERE user_id = $1', ['human'])).toBe(25);
      expect(await db.scalar('SELECT count(*) FROM interactions')).toBe(25);
    });
  });
});

describe('k-core', () => {
  it('iterates to the fixed point', async () => {
    await withDatabase(':memory:', async (db) => {
      // Round 1 drops u4 (1 row); then c has 1 row, so (u3, c) goes; then u3 has 1 row, so (u3, b) goes.
      await createTestTable(db, 'interactions', interactionRows([['u1', 'a', 1], ['u1', 'b', 2], ['u2', 'a', 1], ['u2', 'b', 2], ['u3', 'b', 1], ['u3', 'c', 2], ['u4', 'c', 1]]));
      const report = await kCoreFilter(db, { userK: 2, itemK: 2 });
      expect(report.dropped).toBe(3);
      expect(report.details).toMatchObject({ iterations: 3, droppedPerIteration: [1, 1, 1], converged: true, users: 2, items: 2, rows: 4 });
      expect(await reasons(db)).toEqual([{ reason: 'k-core', n: 3 }]);
    });
  });

  it('never drops a row for a null key, and still converges', async () => {
    await withDatabase(':memory:', async (db) => {
      // u1 and item a have 2 rows each with k = 2; the null user (1 row) and null item are left alone.
      await createTestTable(db, 'interactions', interactionRows([['u1', 'a', 1], ['u1', 'a', 2], [null, 'a', 3], ['u1', null, 4], ['u2', 'b', 1]]));
      const report = await kCoreFilter(db, { userK: 2, itemK: 2 });
      expect(report.details).toMatchObject({ iterations: 1, droppedPerIteration: [1], converged: true, rows: 4 });
      expect(await items(db)).toEqual(['a', 'a', 'a', null]);
    });
  });

  it('reports when the iteration limit stops it early', async () => {
    await withDatabase(':memory:', async (db) => {
      await createTestTable(db, 'interactions', interactionRows([['u1', 'a', 1], ['u1', 'b', 2], ['u2', 'a', 1], ['u2', 'b', 2], ['u3', 'b', 1], ['u3', 'c', 2], ['u4', 'c', 1]]));
      const report = await kCoreFilter(db, { userK: 2, itemK: 2, maxIterations: 2 });
      expect(report.details).toMatchObject({ iterations: 2, converged: false });
    });
  });
});

describe('sequence length and order', () => {
  it('drops short users and keeps the most recent max, later input winning ties', async () => {
    await withDatabase(':memory:', async (db) => {
      await createTestTable(db, 'interactions', interactionRows([['u1', 'a', 1], ['u1', 'b', 2], ['u1', 'c', 3], ['u1', 'd', 3], ['u1', 'e', 5], ['u2', 'x', 1]]));
      const report = await boundSequenceLength(db, { min: 2, max: 2 });
      expect(report.details.byReason).toEqual({ 'sequence too short': 1, 'sequence truncated': 3 });
      expect(await items(db)).toEqual(['d', 'e']);
    });
  });

  it('sorts by user and time, ties in input order, missing times last', async () => {
    await withDatabase(':memory:', async (db) => {
      await createTestTable(db, 'interactions', interactionRows([['u2', 'x', 5], ['u1', 'a', 3], ['u1', 'b', 1], ['u1', 'c', 3], ['u1', 'd', null as unknown as number]]));
      await sortChronologically(db, { byUser: true });
      expect(await items(db)).toEqual(['b', 'a', 'c', 'd', 'x']);
      await sortChronologically(db, { byUser: false });
      expect(await items(db)).toEqual(['b', 'a', 'c', 'x', 'd']);
    });
  });
});

describe('cleanTables', () => {
  it('runs the configured rules in order and keeps every dropped row', async () => {
    await withDatabase(':memory:', async (db) => {
      await createTestTable(db, 'interactions', interactionRows([['u1', 'a', 2], ['u1', 'a', 2], ['u1', 'b', 1], [null, 'b', 1], ['u2', 'a', 1], ['u2', 'b', 2], ['u3', 'a', 1]]));
      const config = cleanConfigSchema.parse({ kCore: { enabled: true, userK: 2, itemK: 2 } });
      const report = await cleanTables(db, config);
      expect(report.map((entry) => [entry.rule, entry.table, entry.dropped])).toEqual([
        ['missing-keys', 'interactions', 1],
        ['duplicates', 'interactions', 1],
        ['k-core', 'interactions', 1],
        ['chronological', 'interactions', 0],
      ]);
      expect(await items(db)).toEqual(['b', 'a', 'a', 'b']);
      expect(await db.scalar('SELECT count(*) FROM dropped_interactions')).toBe(3);
    });
  });

  it('cleans items with list and map columns and texts with the default rules', async () => {
    await withDatabase(':memory:', async (db) => {
      await db.run(`CREATE TABLE items (item_id VARCHAR, title VARCHAR, category VARCHAR[], attributes MAP(VARCHAR, VARCHAR), image_path VARCHAR, price DOUBLE)`);
      await db.run(`INSERT INTO items (item_id, title, category, attributes) VALUES
        ('i1', 'ＵＳＢ－Ｃ  Cable', ['tech'], MAP {'len': '1m'}), ('i1', 'again', [], MAP {}), (NULL, 'x', [], MAP {}), ('i2', 'Jack 3.5mm', NULL, NULL)`);
      await createTestTable(db, 'texts', [{ id: 't1', text: 'Ｈｉ', label: 'a' }, { id: 't2', text: 'hi', label: 'a' }]);
      const report = await cleanTables(db);
      expect(report.map((entry) => [entry.rule, entry.table, entry.dropped])).toEqual([
        ['missing-keys', 'items', 1],
        ['missing-keys', 'texts', 0],
        ['normalize-text', 'texts', 0],
        ['normalize-text', 'items', 0],
        ['duplicates', 'items', 1],
        ['duplicates', 'texts', 1],
      ]);
      expect(await db.all('SELECT item_id, title, category, attributes FROM items')).toEqual([
        { item_id: 'i1', title: 'usb-c cable', category: ['tech'], attributes: [{ key: 'len', value: '1m' }] },
        { item_id: 'i2', title: 'jack 3.5mm', category: null, attributes: null },
      ]);
      expect(await db.all('SELECT id, text FROM texts')).toEqual([{ id: 't1', text: 'hi' }]);
      expect(await db.all('SELECT item_id, reason FROM dropped_items ORDER BY reason')).toEqual([
        { item_id: 'i1', reason: 'duplicate' },
        { item_id: null, reason: 'missing item_id' },
      ]);
    });
  });
});
