/**
 * The canonical DuckDB tables of DESIGN.md. Column names are the snake_case of the record fields in
 * `types.ts`; every stage reads and writes these tables, so loaders only have to reach them once.
 */

export const TABLES = Object.freeze({
  items: 'items',
  interactions: 'interactions',
  texts: 'texts',
} as const);

export type TableName = keyof typeof TABLES;

/** Column definitions, in order. `required` columns must be present (after mapping) in an input. */
export const TABLE_COLUMNS = Object.freeze({
  items: [
    { name: 'item_id', type: 'VARCHAR', required: true },
    { name: 'title', type: 'VARCHAR', required: false },
    { name: 'category', type: 'VARCHAR[]', required: false },
    { name: 'attributes', type: 'MAP(VARCHAR, VARCHAR)', required: false },
    { name: 'image_path', type: 'VARCHAR', required: false },
    { name: 'price', type: 'DOUBLE', required: false },
  ],
  interactions: [
    { name: 'user_id', type: 'VARCHAR', required: true },
    { name: 'item_id', type: 'VARCHAR', required: true },
    { name: 'event', type: 'VARCHAR', required: false },
    { name: 'value', type: 'DOUBLE', required: false },
    /** Milliseconds since the Unix epoch; for logs without time, the position in the user's sequence. */
    { name: 'timestamp', type: 'BIGINT', required: false },
    { name: 'query', type: 'VARCHAR', required: false },
    { name: 'dwell_ms', type: 'DOUBLE', required: false },
    { name: 'session_id', type: 'VARCHAR', required: false },
  ],
  texts: [
    { name: 'id', type: 'VARCHAR', required: true },
    { name: 'text', type: 'VARCHAR', required: true },
    { name: 'label', type: 'VARCHAR', required: false },
    { name: 'language', type: 'VARCHAR', required: false },
    /** A split the dataset itself defines (`train`, `validation`, `test`), or null. */
    { name: 'split', type: 'VARCHAR', required: false },
  ],
} as const satisfies Record<TableName, readonly { name: string; type: string; required: boolean }[]>);

/** `CREATE TABLE` for a canonical table (optionally under another name, e.g. a staging copy). */
export function createTableSql(table: TableName, as: string = TABLES[table]): string {
  const columns = TABLE_COLUMNS[table].map((column) => `"${column.name}" ${column.type}`).join(', ');
  return `CREATE TABLE "${as.replaceAll('"', '""')}" (${columns})`;
}
