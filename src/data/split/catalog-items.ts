/**
 * Readers of the split stage's tables for item features: the catalog's items as `Item` records in
 * dense item order, and the training interactions (never validation or test: features computed
 * from them would leak the targets).
 */
import { quoteIdent, type Database } from '../../internal/duckdb.js';
import type { Item } from '../../types.js';
import { splitTableName } from './split-tables.js';

/** The catalog's items. */
export interface CatalogItems {
  /** `items[k]`: dense item `k + 1` (`itemIds[k + 1]`); items missing from the table have empty fields. */
  items: Item[];
  /** Dense items found in the items table (0 when there is none). */
  found: number;
}

/** Reads the `items` table of `db` for the dense item ids `itemIds` (`itemIds[0]` is padding and skipped). */
export async function readCatalogItems(db: Database, itemIds: readonly string[]): Promise<CatalogItems> {
  const tables = await db.all<{ name: string }>("SELECT table_name AS name FROM duckdb_tables() WHERE table_name = 'items'");
  const rows =
    tables.length === 0
      ? []
      : await db.all<{ item_id: string; title: string | null; category: string[] | null; keys: string[] | null; vals: (string | null)[] | null; image_path: string | null; price: number | null }>(
          'SELECT item_id, title, category, map_keys(attributes) AS keys, map_values(attributes) AS vals, image_path, price FROM items',
        );
  const byId = new Map(rows.map((row) => [row.item_id, row]));
  let found = 0;
  const items = itemIds.slice(1).map((itemId): Item => {
    const row = byId.get(itemId);
    if (row === undefined) return { itemId, title: '', category: [], attributes: {} };
    found++;
    const attributes: Record<string, string> = {};
    (row.keys ?? []).forEach((key, index) => {
      attributes[key] = row.vals?.[index] ?? '';
    });
    return {
      itemId,
      title: row.title ?? '',
      category: row.category ?? [],
      attributes,
      ...(row.image_path === null ? {} : { imagePath: row.image_path }),
      ...(row.price === null ? {} : { price: row.price }),
    };
  });
  return { items, found };
}

/** The rows of `<table>_train` (default `interactions_train`) in the order of `readLeaveOneOutData`: by user, time, then row. */
export async function readTrainingInteractions(db: Database, table = 'interactions'): Promise<{ userId: string; itemId: string; timestamp?: number }[]> {
  const rows = await db.all<{ user_id: string; item_id: string; timestamp: number | string | null }>(
    `SELECT user_id, item_id, "timestamp" FROM ${quoteIdent(splitTableName(table, 'train'))} ORDER BY user_id, coalesce("timestamp", 9223372036854775807), rowid`,
  );
  return rows.map((row) => (row.timestamp === null ? { userId: row.user_id, itemId: row.item_id } : { userId: row.user_id, itemId: row.item_id, timestamp: Number(row.timestamp) }));
}
