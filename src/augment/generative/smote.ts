/**
 * SMOTE-style interpolation for thin classes (Chawla et al., "SMOTE", JAIR 2002; SMOTE-NC for
 * categorical columns): a synthetic row lies on the segment between a row of the class and one of
 * its k nearest neighbours in that class; categorical values are the majority among the neighbours.
 * A row equal to a real one (integer rounding and shared categories make that common) is redrawn.
 */
import { SampleForgeError, type Warning } from '../../errors.js';
import type { AugmentContext, Augmented, Augmenter } from '../../types.js';
import { inferColumns, tabularRowKey, type TabularColumn, type TabularRow, type TabularValue } from './tabular.js';

export const SMOTE_NAME = 'generative/smote';

export interface SmoteOptions {
  /** The class column; its thin classes are grown. */
  labelColumn: string;
  /** Rows each class is grown to; default the size of the largest class. */
  targetCount?: number;
  /** Neighbours considered; default 5. */
  k?: number;
  /** Feature columns; inferred from the rows (minus the label and id columns) when absent. */
  columns?: TabularColumn[];
  /** Column holding row ids for lineage; default the row's position, `row-<index>`. */
  idColumn?: string;
  /** Redraw rows equal to a real row on the label and feature columns (privacy); default true. */
  refuseCopies?: boolean;
}

/** New rows for every class smaller than the target, with both parents in their lineage. */
export function smoteOversample(
  rows: readonly TabularRow[],
  options: SmoteOptions,
  context: Pick<AugmentContext, 'rng' | 'seed'>,
): { rows: Augmented<TabularRow>[]; refusedCopies: number; warnings: Warning[] } {
  if (rows.length === 0) return { rows: [], refusedCopies: 0, warnings: [] };
  if (!(options.labelColumn in rows[0])) {
    throw new SampleForgeError('E_USAGE', `smote: no label column "${options.labelColumn}" (columns: ${Object.keys(rows[0]).join(', ')})`, { details: { labelColumn: options.labelColumn } });
  }
  const k = options.k ?? 5;
  const features = (options.columns ?? inferColumns(rows)).filter((column) => column.name !== options.labelColumn && column.name !== options.idColumn);
  const scale = features.map((column) => {
    if (column.kind !== 'numeric') return 1;
    const values = rows.map((row) => row[column.name]).filter((value): value is number => typeof value === 'number');
    const mean = values.reduce((a, b) => a + b, 0) / Math.max(1, values.length);
    return Math.sqrt(values.reduce((a, b) => a + (b - mean) ** 2, 0) / Math.max(1, values.length)) || 1;
  });
  // SMOTE-NC: a categorical mismatch costs as much as one standard deviation of a numeric column.
  const distance = (a: TabularRow, b: TabularRow): number => {
    let sum = 0;
    features.forEach((column, j) => {
      const x = a[column.name];
      const y = b[column.name];
      if (column.kind === 'numeric' && typeof x === 'number' && typeof y === 'number') sum += ((x - y) / scale[j]) ** 2;
      else if (x !== y) sum += 1;
    });
    return sum;
  };
  const classes = new Map<string, number[]>();
  rows.forEach((row, index) => {
    const key = JSON.stringify(row[options.labelColumn] ?? null);
    const members = classes.get(key);
    if (members === undefined) classes.set(key, [index]);
    else members.push(index);
  });
  const target = options.targetCount ?? Math.max(...[...classes.values()].map((members) => members.length));
  const refuseCopies = options.refuseCopies ?? true;
  const keyColumns: TabularColumn[] = [{ name: options.labelColumn, kind: 'categorical' }, ...features];
  const realKeys = refuseCopies ? new Set(rows.map((row) => tabularRowKey(keyColumns, row))) : new Set<string>();
  let refusedCopies = 0;
  const idOf = (index: number): string => (options.idColumn === undefined ? `row-${index}` : String(rows[index][options.idColumn]));
  const out: Augmented<TabularRow>[] = [];
  const warnings: Warning[] = [];
  for (const [key, members] of [...classes.entries()].sort((a, b) => a[0].localeCompare(b[0]))) {
    if (members.length >= target) continue;
    if (members.length < 2) {
      warnings.push({ code: 'W_SMOTE_SINGLETON', message: `class ${key} has ${members.length} row; SMOTE needs two to interpolate`, details: { label: JSON.parse(key) } });
      continue;
    }
    const neighbours = new Map<number, number[]>();
    const neighboursOf = (index: number): number[] => {
      let found = neighbours.get(index);
      if (found === undefined) {
        found = members.filter((other) => other !== index).sort((a, b) => distance(rows[index], rows[a]) - distance(rows[index], rows[b]) || a - b).slice(0, k);
        neighbours.set(index, found);
      }
      return found;
    };
    const bases = context.rng.shuffle([...members]);
    const deficit = target - members.length;
    const budget = Math.max(1_000, deficit * 100);
    let refusedHere = 0;
    for (let n = 0; n < deficit; ) {
      if (refusedHere > budget) {
        warnings.push({
          code: 'W_SYNTHESIS_SHORT',
          message: `class ${key}: gave up after ${refusedHere} rows equal to a real row; grew it by ${n} of ${deficit} rows`,
          details: { label: JSON.parse(key), requested: deficit, returned: n, refusedCopies: refusedHere },
        });
        break;
      }
      // A redraw after a refused copy moves on to the next base, so one duplicated pair cannot stall the class.
      const base = bases[(n + refusedHere) % bases.length];
      const near = neighboursOf(base);
      const partner = near[context.rng.int(near.length)];
      const gap = context.rng.float();
      const sample: TabularRow = { ...rows[base] };
      for (const column of features) {
        const x = rows[base][column.name];
        const y = rows[partner][column.name];
        if (column.kind === 'numeric' && typeof x === 'number' && typeof y === 'number') {
          const value = x + gap * (y - x);
          sample[column.name] = column.integer ? Math.round(value) : value;
        } else {
          sample[column.name] = majority(near.map((index) => rows[index][column.name] ?? null), x ?? null);
        }
      }
      if (refuseCopies && realKeys.has(tabularRowKey(keyColumns, sample))) {
        refusedHere++;
        refusedCopies++;
        continue;
      }
      if (options.idColumn !== undefined) sample[options.idColumn] = `smote-${context.seed}-${out.length}`;
      out.push({
        id: `smote-${context.seed}-${out.length}`,
        sample,
        lineage: {
          parentIds: [idOf(base), idOf(partner)],
          augmenter: SMOTE_NAME,
          params: { k, gap, target, label: JSON.parse(key) },
          seed: context.seed,
          verdicts: refuseCopies ? [{ filter: 'copy-refusal', kept: true, reason: 'differs from every training row' }] : [],
        },
      });
      n++;
    }
  }
  return { rows: out, refusedCopies, warnings };
}

function majority(values: readonly TabularValue[], fallback: TabularValue): TabularValue {
  const counts = new Map<TabularValue, number>();
  for (const value of values) counts.set(value, (counts.get(value) ?? 0) + 1);
  let best = fallback;
  let bestCount = counts.get(fallback) ?? 0;
  for (const [value, count] of counts) {
    if (count > bestCount) {
      best = value;
      bestCount = count;
    }
  }
  return best;
}

/** An augmenter that grows the thin classes of its batch with {@link smoteOversample}. */
export function smoteAugmenter(options: SmoteOptions): Augmenter<TabularRow> {
  return {
    name: SMOTE_NAME,
    async augment(samples, context) {
      return smoteOversample(samples, options, context).rows;
    },
  };
}
