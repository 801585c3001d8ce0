/** Rows of a feature table (users, items, interaction features) and the kinds of their columns. */
import { SampleForgeError } from '../../errors.js';

export type TabularValue = string | number | null;
export type TabularRow = Record<string, TabularValue>;

/** How a column is modelled: numbers on a continuous (or integer) scale, or unordered categories. */
export interface TabularColumn {
  name: string;
  kind: 'numeric' | 'categorical';
  /** Numeric only: round sampled values to integers (ages, counts). */
  integer?: boolean;
}

/**
 * Column kinds read off the data: a column whose non-null values are all numbers is numeric (integer
 * when they all are), anything else categorical. `names` defaults to the keys of the first row.
 */
export function inferColumns(rows: readonly TabularRow[], names: readonly string[] = Object.keys(rows[0] ?? {})): TabularColumn[] {
  if (rows.length === 0) throw new SampleForgeError('E_DATA', 'cannot infer the columns of an empty table; pass at least one row');
  return names.map((name) => {
    let numeric = true;
    let integer = true;
    let seen = false;
    for (const row of rows) {
      const value = row[name];
      if (value === null || value === undefined) continue;
      seen = true;
      if (typeof value !== 'number' || !Number.isFinite(value)) {
        numeric = false;
        break;
      }
      if (!Number.isInteger(value)) integer = false;
    }
    return numeric && seen ? { name, kind: 'numeric', integer } : { name, kind: 'categorical' };
  });
}
