/**
 * Multi-hot item attributes: one column per attribute token of the catalog, with the tokens of
 * `readItemAttributeLists` (and so of `train.itemAttributes`): `key=value` for each entry of an
 * item's attribute map (S3-Rec's attribute sets load as `<attribute id>=1`) and `category=<level>`
 * for each level of its category path. Fit on the catalog passed in: tokens in fewer than
 * `minCount` items are dropped, and past `maxAttributes` only the most frequent tokens stay.
 */
import type { Item } from '../../types.js';
import { countZeroRows, createFeatureBlock, type FeatureBlock } from '../feature-block.js';

/** Options of {@link attributeBlock}. */
export interface AttributeBlockOptions {
  /** Tokens in fewer items are dropped (1). */
  minCount?: number;
  /** Most columns; the most frequent tokens are kept, ties by token order (1000). */
  maxAttributes?: number;
  /** Include the category path's levels as tokens (true). */
  category?: boolean;
}

/** The attribute tokens of one item, without repeats. */
export function itemAttributeTokens(item: Item, category = true): string[] {
  const tokens = new Set<string>();
  for (const [key, value] of Object.entries(item.attributes ?? {})) tokens.add(`${key}=${value ?? ''}`);
  if (category) for (const level of item.category ?? []) tokens.add(`category=${level}`);
  return [...tokens];
}

/** The `attributes` block of `items`: 1 where an item has the column's token, else 0. */
export function attributeBlock(items: readonly Item[], options: AttributeBlockOptions = {}): FeatureBlock {
  const minCount = options.minCount ?? 1;
  const maxAttributes = options.maxAttributes ?? 1000;
  const lists = items.map((item) => itemAttributeTokens(item, options.category ?? true));
  const counts = new Map<string, number>();
  for (const list of lists) for (const token of list) counts.set(token, (counts.get(token) ?? 0) + 1);
  const frequent = [...counts].filter(([, count]) => count >= minCount).sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));
  const columns = frequent.slice(0, maxAttributes).map(([token]) => token).sort();
  const dim = Math.max(1, columns.length);
  const index = new Map(columns.map((token, column) => [token, column]));
  const values = new Float32Array(items.length * dim);
  for (const [row, list] of lists.entries()) {
    for (const token of list) {
      const column = index.get(token);
      if (column !== undefined) values[row * dim + column] = 1;
    }
  }
  return createFeatureBlock({
    name: 'attributes',
    rows: items.length,
    dim,
    values,
    columns: columns.length === 0 ? ['(none)'] : columns,
    info: { attributes: columns.length, droppedTokens: counts.size - columns.length, itemsWithout: countZeroRows(values, items.length, dim) },
    warnings: columns.length === 0 ? [{ code: 'W_FEATURE_EMPTY', message: 'attributes block: no item has an attribute or category token; the block is one zero column' }] : [],
  });
}
