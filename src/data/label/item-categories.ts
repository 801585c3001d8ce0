/**
 * Item category labels from attributes: ordered rules, each reading one attribute key and
 * optionally matching its value against an RE2 pattern; the first rule that matches labels the item
 * with its fixed category or the attribute value itself.
 */
import type { ItemCategoriesConfig } from '../../config/label.js';
import { quoteIdent, type Database } from '../../internal/duckdb.js';

/** One attribute-key rule: key, optional RE2 pattern, optional fixed category. */
export type ItemCategoryRule = ItemCategoriesConfig['rules'][number];

/** What labelling items from attributes produced. */
export interface ItemCategoriesResult {
  table: string;
  /** Items labelled, per rule index (as a string key). */
  byRule: Record<string, number>;
  labelled: number;
  /** Items no rule matched; they get no row. */
  unlabelled: number;
}

/** Writes `table` (default `item_categories`: item_id, category, rule) from `items.attributes`. */
export async function writeItemCategories(db: Database, rules: readonly ItemCategoryRule[], table = 'item_categories'): Promise<ItemCategoriesResult> {
  const params: Record<string, string> = {};
  const cases = rules.map((rule, index) => {
    params[`key${index}`] = rule.key;
    const value = `nullif(trim(attributes[$key${index}]), '')`;
    let condition = `${value} IS NOT NULL`;
    if (rule.pattern !== undefined) {
      params[`pattern${index}`] = rule.pattern;
      condition += ` AND regexp_matches(${value}, $pattern${index}, 'i')`;
    }
    let category = value;
    if (rule.category !== undefined) {
      params[`category${index}`] = rule.category;
      category = `$category${index}`;
    }
    return { condition, category, index };
  });
  const pick = (field: 'category' | 'index') =>
    cases.length === 0 ? 'NULL' : `CASE ${cases.map((entry) => `WHEN ${entry.condition} THEN ${field === 'category' ? entry.category : entry.index}`).join(' ')} END`;
  await db.run(
    `CREATE OR REPLACE TABLE ${quoteIdent(table)} AS
     SELECT item_id, category::VARCHAR AS category, rule::INTEGER AS rule
     FROM (SELECT item_id, ${pick('category')} AS category, ${pick('index')} AS rule FROM items)
     WHERE rule IS NOT NULL`,
    params,
  );
  const byRule = await db.all<{ rule: number; n: number }>(`SELECT rule, count(*) AS n FROM ${quoteIdent(table)} GROUP BY rule ORDER BY rule`);
  const labelled = byRule.reduce((sum, row) => sum + Number(row.n), 0);
  const total = Number((await db.scalar<number>('SELECT count(*) FROM items')) ?? 0);
  return { table, byRule: Object.fromEntries(byRule.map((row) => [String(row.rule), Number(row.n)])), labelled, unlabelled: total - labelled };
}
