/**
 * The attribute lists of the catalog's items as dense ids, for models with item side features
 * (SASRec with `train.itemAttributes`): each entry of an item's `attributes` map is a token
 * `key=value` (S3-Rec's attribute sets load as `<attribute id>=1`), each level of its `category`
 * path a token `category=<name>`. Tokens are numbered in sorted order.
 */
import { SampleForgeError } from '../../errors.js';
import type { Database } from '../../internal/duckdb.js';

export interface ItemAttributeLists {
  /** `vocabulary[id]`: the token of attribute id `id`. */
  vocabulary: string[];
  /** `lists[item]`: attribute ids of dense item `item` (entry 0, padding, is empty); items absent from `items` have none. */
  lists: Int32Array[];
}

/** Reads the `items` table of `db` for the dense item ids `itemIds` (`itemIds[0]` is padding). */
export async function readItemAttributeLists(db: Database, itemIds: readonly string[]): Promise<ItemAttributeLists> {
  const tables = await db.all<{ name: string }>("SELECT table_name AS name FROM duckdb_tables() WHERE table_name = 'items'");
  if (tables.length === 0) {
    throw new SampleForgeError('E_DATA', 'item attributes: there is no items table; load a catalog with attributes (e.g. the s3rec-amazon dataset) or set train.itemAttributes: false', {
      details: { table: 'items' },
    });
  }
  const rows = await db.all<{ item_id: string; tokens: string[] }>(
    `SELECT item_id, list_sort(list_distinct(list_concat(
       list_transform(map_entries(coalesce(attributes, CAST(MAP {} AS MAP(VARCHAR, VARCHAR)))), entry -> entry.key || '=' || coalesce(entry.value, '')),
       list_transform(coalesce(category, CAST([] AS VARCHAR[])), level -> 'category=' || level)))) AS tokens
     FROM items`,
  );
  const vocabulary = [...new Set(rows.flatMap((row) => row.tokens))].sort();
  const tokenIndex = new Map(vocabulary.map((token, id) => [token, id]));
  const byItem = new Map(rows.map((row) => [row.item_id, row.tokens]));
  const lists = itemIds.map((itemId, item) => (item === 0 ? new Int32Array(0) : Int32Array.from(byItem.get(itemId) ?? [], (token) => tokenIndex.get(token) as number)));
  return { vocabulary, lists };
}
