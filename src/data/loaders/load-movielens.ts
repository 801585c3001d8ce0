/**
 * MovieLens 100K (Harper & Konstan, ACM TiiS 2015), as in the GroupLens `ml-100k` folder.
 *
 * Mapping: `u.data` (user, item, rating 1-5, unix seconds; TAB) -> interactions with event
 * `rating` and value = the rating. `u.item` (ISO-8859-1, `|`) -> items: title as published
 * (with the year), category = the movie's genres from `u.genre` in file order (a flat list of
 * genres, not a path), attributes `release_date`, `video_release_date`, `imdb_url` when present.
 * `u.user` -> the extra `users` table (user_id, age, gender, occupation, zip).
 */
import { listValue, structValue } from '@duckdb/node-api';
import { z } from 'zod';
import { quoteIdent, type Database } from '../../internal/duckdb.js';
import { ensureCanonicalTable } from '../ingest/ensure-table.js';
import { ingestFile } from '../ingest/ingest-file.js';
import { createLoadedReport, type IngestReport } from '../ingest/ingest-report.js';
import { ensureUsersTable } from './extra-tables.js';
import { parseLoaderOptions, requireDatasetFile, withChecksum, type LoaderContext } from './loader-support.js';

export const movielensOptionsSchema = z.strictObject({});

/** Loads `u.data`, `u.item`, `u.genre` and `u.user` from an `ml-100k` folder. */
export async function loadMovieLens100k(db: Database, path: string, options?: Record<string, unknown>, context?: LoaderContext): Promise<IngestReport[]> {
  parseLoaderOptions(movielensOptionsSchema, options, 'movielens-100k');
  const [ratings, movies, genreFile, users] = await Promise.all(
    ['u.data', 'u.item', 'u.genre', 'u.user'].map((name) => requireDatasetFile(path, name, 'movielens-100k')),
  );
  const reports: IngestReport[] = [];
  reports.push(
    await ingestFile(db, {
      table: 'interactions',
      path: ratings,
      format: 'tsv',
      columnNames: ['user_id', 'item_id', 'value', 'timestamp'],
      timestampUnit: 's',
      defaults: { event: 'rating' },
      checksum: context?.checksum,
      configPath: 'data.dataset (movielens-100k u.data)',
    }),
  );

  const genres = (await db.all<{ name: string }>(
    `SELECT name FROM read_csv($path, columns = {'name': 'VARCHAR', 'position': 'INTEGER'}, header = false, delim = '|') WHERE name IS NOT NULL ORDER BY position`,
    { path: genreFile },
  )).map((row) => row.name);
  const flags = genres.map((_, index) => `genre_${index}`);
  const columns = ['movie_id', 'title', 'release_date', 'video_release_date', 'imdb_url', ...flags];
  const columnTypes = Object.fromEntries(columns.map((name) => [name, name.startsWith('genre_') ? 'INTEGER' : 'VARCHAR']));
  await ensureCanonicalTable(db, 'items');
  const items = await db.scalar<number>(
    `INSERT INTO items (item_id, title, category, attributes)
     SELECT movie_id, title, list_filter($genres, (genre, position) -> [${flags.map(quoteIdent).join(', ')}][position] = 1),
       map_from_entries(list_filter([{'key': 'release_date', 'value': release_date}, {'key': 'video_release_date', 'value': video_release_date},
         {'key': 'imdb_url', 'value': imdb_url}], entry -> entry.value IS NOT NULL))
     FROM read_csv($path, columns = $columns, header = false, delim = '|', quote = '', escape = '', encoding = 'latin-1')`,
    { path: movies, genres: listValue(genres), columns: structValue(columnTypes) },
  );
  reports.push(await withChecksum(createLoadedReport('items', movies, 'csv', Number(items ?? 0)), context));

  await ensureUsersTable(db);
  const userRows = await db.scalar<number>(
    `INSERT INTO users SELECT user_id, age, gender, occupation, zip
     FROM read_csv($path, columns = {'user_id': 'VARCHAR', 'age': 'INTEGER', 'gender': 'VARCHAR', 'occupation': 'VARCHAR', 'zip': 'VARCHAR'}, header = false, delim = '|')`,
    { path: users },
  );
  reports.push(await withChecksum(createLoadedReport('users', users, 'csv', Number(userRows ?? 0)), context));
  return reports;
}

