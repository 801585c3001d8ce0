/**
 * S3-Rec / CoSeRec / ICLRec sequence files (Zhou et al., CIKM 2020): `<subset>.txt` holds one user
 * per line, `user item1 item2 ...` in time order; `<subset>_item2attributes.json` maps item ids to
 * attribute ids (brand and categories, no names).
 *
 * Mapping: each review becomes an interaction with event `purchase` (a review implies the item was
 * bought; the files carry no ratings, so `rating` would claim a value that is not there), value 1,
 * and `timestamp` = its 1-based position in the user's line (no real time; tables.ts allows this).
 * Items: `attributes` maps each attribute id to `'1'` (a set of ids); no title, no category.
 */
import { z } from 'zod';
import type { Database } from '../../internal/duckdb.js';
import { ensureCanonicalTable } from '../ingest/ensure-table.js';
import { createLoadedReport, type IngestReport } from '../ingest/ingest-report.js';
import { parseLoaderOptions, requireDatasetFile, withChecksum, type LoaderContext } from './loader-support.js';

export const s3recOptionsSchema = z.strictObject({
  subset: z.enum(['Beauty', 'Sports_and_Outdoors', 'Toys_and_Games']).default('Beauty').describe('Which Amazon category file to load; default Beauty.'),
});

/** Loads `<subset>.txt` into `interactions` and `<subset>_item2attributes.json` (plus any item only seen in sequences) into `items`. */
export async function loadS3Rec(db: Database, path: string, options?: Record<string, unknown>, context?: LoaderContext): Promise<IngestReport[]> {
  const { subset } = parseLoaderOptions(s3recOptionsSchema, options, 's3rec-amazon');
  const sequences = await requireDatasetFile(path, `${subset}.txt`, 's3rec-amazon');
  const attributes = await requireDatasetFile(path, `${subset}_item2attributes.json`, 's3rec-amazon');
  await ensureCanonicalTable(db, 'interactions');
  await ensureCanonicalTable(db, 'items');

  // Two unnests in one SELECT advance together: item k pairs with position k.
  const interactions = await db.scalar<number>(
    `INSERT INTO interactions (user_id, item_id, event, value, timestamp)
     SELECT parts[1], unnest(parts[2:]), 'purchase', 1, unnest(range(1, len(parts)))
     FROM (SELECT string_split(trim(line), ' ') AS parts
           FROM read_csv($path, columns = {'line': 'VARCHAR'}, header = false, delim = '\t', quote = '', escape = '')
           WHERE trim(line) <> '')`,
    { path: sequences },
  );
  const before = Number((await db.scalar<number>('SELECT count(*) FROM items')) ?? 0);
  await db.run(
    `INSERT INTO items (item_id, category, attributes)
     WITH listed AS (
       SELECT entry.key AS item_id, entry.value AS attribute_ids
       FROM (SELECT unnest(map_entries(CAST(CAST(content AS JSON) AS MAP(VARCHAR, VARCHAR[])))) AS entry FROM read_text($attributes))
     ), seen AS (
       SELECT unnest(string_split(trim(line), ' ')[2:]) AS item_id
       FROM read_csv($sequences, columns = {'line': 'VARCHAR'}, header = false, delim = '\t', quote = '', escape = '')
     ), ids AS (SELECT item_id FROM listed UNION SELECT item_id FROM seen)
     SELECT ids.item_id, CAST([] AS VARCHAR[]),
       coalesce(map_from_entries(list_transform(list_filter(listed.attribute_ids, (id, position) -> list_position(listed.attribute_ids, id) = position), id -> {'key': id, 'value': '1'})), CAST(MAP {} AS MAP(VARCHAR, VARCHAR)))
     FROM ids LEFT JOIN listed USING (item_id)
     WHERE ids.item_id <> ''
     ORDER BY TRY_CAST(ids.item_id AS BIGINT), ids.item_id`,
    { attributes, sequences },
  );
  const items = Number((await db.scalar<number>('SELECT count(*) FROM items')) ?? 0) - before;
  return Promise.all([
    withChecksum(createLoadedReport('interactions', sequences, 'txt', Number(interactions ?? 0)), context),
    withChecksum(createLoadedReport('items', attributes, 'json', items), context),
  ]);
}
