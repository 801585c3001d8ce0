/** Rows of a feature table (users, items, interaction features) and the kinds of their columns. */
import { SampleForgeError, type Warning } from '../../errors.js';
import type { Augmented } from '../../types.js';

export type TabularValue = string | number | null;
export type TabularRow = Record<string, TabularValue>;

/** How a column is modelled: numbers on a continuous (or integer) scale, or unordered categories. */
export interface TabularColumn {
  name: string;
  kind: 'numeric' | 'categorical';
  /** Numeric only: round sampled values to integers (ages, counts). */
  integer?: boolean;
}

/** Options of a fitted synthesizer's `sample` (the Gaussian copula and the VAE share them). */
export interface TabularSampleOptions {
  /** Fix categorical columns, e.g. `{ segment: 'premium' }` for "users of this segment". */
  conditions?: Record<string, TabularValue>;
  /** Redraw rows equal to a training row (privacy); default true. */
  refuseCopies?: boolean;
  /** Id prefix of the sampled rows; each synthesizer has its own default. */
  idPrefix?: string;
}

/** What a fitted synthesizer's `sample` returns. */
export interface TabularSample {
  rows: Augmented<TabularRow>[];
  /** Drawn rows that equalled a training row and were redrawn. */
  refusedCopies: number;
  warnings: Warning[];
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

/** A row's values in column order as one string: the key that finds synthetic rows copying a real one. */
export function tabularRowKey(columns: readonly TabularColumn[], row: TabularRow): string {
  return JSON.stringify(columns.map((column) => row[column.name] ?? null));
}

/** What {@link drawTabularRows} needs from a synthesizer. */
export interface TabularDrawLoop {
  /** Rows wanted. */
  count: number;
  /** Draws the candidate for output slot `slot` (the number of rows kept so far). */
  draw: (slot: number) => TabularRow;
  /** True when a candidate breaks the requested conditions (it is redrawn, counted as rejected). */
  outsideConditions: (row: TabularRow) => boolean;
  /** Keys of the training rows (`tabularRowKey`); a candidate equal to one is redrawn. Absent = copies allowed. */
  realKeys?: ReadonlySet<string>;
  columns: readonly TabularColumn[];
  /** Wraps kept row number `index` with its id and lineage. */
  emit: (row: TabularRow, index: number) => Augmented<TabularRow>;
}

/**
 * The rejection loop of the copula and VAE samplers: draw, redraw candidates outside the conditions
 * or equal to a training row, and give up with `W_SYNTHESIS_SHORT` after `max(1,000, 100 x count)`
 * redraws, returning what was kept.
 */
export function drawTabularRows(loop: TabularDrawLoop): TabularSample {
  const rows: Augmented<TabularRow>[] = [];
  const warnings: Warning[] = [];
  let refusedCopies = 0;
  let rejected = 0;
  const budget = Math.max(1_000, loop.count * 100);
  while (rows.length < loop.count) {
    if (refusedCopies + rejected > budget) {
      warnings.push({
        code: 'W_SYNTHESIS_SHORT',
        message: `gave up after ${refusedCopies} copies and ${rejected} rows outside the conditions; returned ${rows.length} of ${loop.count} rows`,
        details: { requested: loop.count, returned: rows.length, refusedCopies, rejected },
      });
      break;
    }
    const row = loop.draw(rows.length);
    if (loop.outsideConditions(row)) {
      rejected++;
      continue;
    }
    if (loop.realKeys !== undefined && loop.realKeys.has(tabularRowKey(loop.columns, row))) {
      refusedCopies++;
      continue;
    }
    rows.push(loop.emit(row, rows.length));
  }
  return { rows, refusedCopies, warnings };
}
