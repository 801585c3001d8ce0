/** Test helper: catalog items with only the fields a test sets. */
import type { Item } from '../../types.js';

/** An item with empty fields but those given. */
export function testItem(itemId: string, fields: Partial<Item> = {}): Item {
  return { itemId, title: '', category: [], attributes: {}, ...fields };
}
