import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { withDatabase } from '../../internal/duckdb.js';
import { loadMovieLens100k } from './load-movielens.js';

describe('loadMovieLens100k (real ml-100k files)', () => {
  it('loads 100,000 ratings of 943 users on 1,682 movies, genres as categories, and users', async () => {
    await withDatabase(':memory:', async (db) => {
      const reports = await loadMovieLens100k(db, resolve(process.cwd(), '../shared/data/movielens-100k'));
      expect(reports.map((report) => [report.table, report.rowsLoaded, report.rejected.count])).toEqual([
        ['interactions', 100_000, 0],
        ['items', 1_682, 0],
        ['users', 943, 0],
      ]);
      expect(await db.all('SELECT count(DISTINCT user_id) AS users, count(DISTINCT item_id) AS items, min(value) AS low, max(value) AS high FROM interactions')).toEqual([
        { users: 943, items: 1_682, low: 1, high: 5 },
      ]);
      // u.data line 1: 196 242 3 881250949 (unix seconds).
      expect(await db.all(`SELECT event, value, timestamp FROM interactions WHERE user_id = '196' AND item_id = '242'`)).toEqual([
        { event: 'rating', value: 3, timestamp: 881_250_949_000 },
      ]);
      expect(await db.all(`SELECT title, category, attributes['release_date'] AS released FROM items WHERE item_id = '1'`)).toEqual([
        { title: 'Toy Story (1995)', category: ['Animation', "Children's", 'Comedy'], released: '01-Jan-1995' },
      ]);
      // ISO-8859-1 titles decode (u.item 1,682 lines include accented titles).
      expect(await db.scalar(`SELECT count(*) FROM items WHERE title LIKE '%é%'`)).toBeGreaterThan(0);
      expect(await db.all(`SELECT * FROM users WHERE user_id = '1'`)).toEqual([{ user_id: '1', age: 24, gender: 'M', occupation: 'technician', zip: '85711' }]);
    });
  });
});
