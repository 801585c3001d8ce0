/**
 * Rows of a feature table as vectors for a neural synthesizer, and back: numeric columns
 * standardised (mean 0, standard deviation 1 over the real rows) with a missing/present one-hot
 * when the column has nulls, categorical columns one-hot over the values seen (null is a value).
 * Decoding samples: a numeric value from its Gaussian output, a category from its softmax.
 */
import { SampleForgeError } from '../../errors.js';
import type { Rng } from '../../internal/rng.js';
import type { TabularColumn, TabularRow, TabularValue } from './tabular.js';

/** One standardised number in the vector. */
export interface NumericSlot {
  kind: 'numeric';
  column: TabularColumn;
  /** Position in the vector. */
  offset: number;
  mean: number;
  std: number;
  /** Smallest and largest real value: sampled values are clipped to them. */
  low: number;
  high: number;
  /** Offset of the present/missing one-hot pair, or -1 when the column has no nulls. */
  missingOffset: number;
}

/** A one-hot block in the vector. */
export interface CategoricalSlot {
  kind: 'categorical';
  column: TabularColumn;
  offset: number;
  /** Values in first-seen order of their sorted JSON keys; the block has one entry per value. */
  values: TabularValue[];
  index: Map<string, number>;
}

export type EncodingSlot = NumericSlot | CategoricalSlot;

export interface TabularEncoding {
  readonly columns: readonly TabularColumn[];
  readonly slots: readonly EncodingSlot[];
  /** Length of an encoded row. */
  readonly width: number;
  /** Writes `row` into `out` at `at` (which must be zeroed). */
  encode(row: TabularRow, out: Float32Array, at: number): void;
}

const keyOf = (value: TabularValue | undefined): string => JSON.stringify(value ?? null);

/** Fits the encoding of `columns` on `rows`; throws when a column is absent from every row. */
export function fitTabularEncoding(rows: readonly TabularRow[], columns: readonly TabularColumn[]): TabularEncoding {
  const slots: EncodingSlot[] = [];
  let width = 0;
  for (const column of columns) {
    if (!rows.some((row) => column.name in row)) {
      throw new SampleForgeError('E_USAGE', `tabular encoding: no row has a column "${column.name}" (columns of the first row: ${Object.keys(rows[0] ?? {}).join(', ')})`, {
        details: { column: column.name },
      });
    }
    if (column.kind === 'numeric') {
      const numbers = rows.map((row) => row[column.name]).filter((value): value is number => typeof value === 'number' && Number.isFinite(value));
      const mean = numbers.reduce((sum, value) => sum + value, 0) / Math.max(1, numbers.length);
      const std = Math.sqrt(numbers.reduce((sum, value) => sum + (value - mean) ** 2, 0) / Math.max(1, numbers.length)) || 1;
      const hasMissing = numbers.length < rows.length;
      slots.push({
        kind: 'numeric',
        column,
        offset: width,
        mean,
        std,
        low: numbers.length === 0 ? 0 : Math.min(...numbers),
        high: numbers.length === 0 ? 0 : Math.max(...numbers),
        missingOffset: hasMissing ? width + 1 : -1,
      });
      width += hasMissing ? 3 : 1;
      continue;
    }
    const keys = [...new Set(rows.map((row) => keyOf(row[column.name])))].sort();
    slots.push({ kind: 'categorical', column, offset: width, values: keys.map((key) => JSON.parse(key) as TabularValue), index: new Map(keys.map((key, position) => [key, position])) });
    width += keys.length;
  }
  return {
    columns,
    slots,
    width,
    encode(row, out, at) {
      for (const slot of slots) {
        const value = row[slot.column.name];
        if (slot.kind === 'numeric') {
          const present = typeof value === 'number' && Number.isFinite(value);
          if (present) out[at + slot.offset] = (value - slot.mean) / slot.std;
          if (slot.missingOffset >= 0) out[at + slot.missingOffset + (present ? 0 : 1)] = 1;
        } else {
          const position = slot.index.get(keyOf(value));
          if (position !== undefined) out[at + slot.offset + position] = 1;
        }
      }
    },
  };
}

/** The categorical slot of `name`, or a usage error listing the categorical columns. */
export function categoricalSlot(encoding: TabularEncoding, name: string, purpose: string): CategoricalSlot {
  const slot = encoding.slots.find((candidate) => candidate.column.name === name);
  if (slot === undefined || slot.kind !== 'categorical') {
    const names = encoding.slots.filter((candidate) => candidate.kind === 'categorical').map((candidate) => candidate.column.name);
    throw new SampleForgeError('E_USAGE', `${purpose}: "${name}" is not a categorical column (categorical columns: ${names.join(', ') || 'none'})`, { details: { column: name } });
  }
  return slot;
}

/** Index of `value` in a categorical slot, or a usage error listing the values seen. */
export function categoryIndex(slot: CategoricalSlot, value: TabularValue, purpose: string): number {
  const position = slot.index.get(keyOf(value));
  if (position === undefined) {
    throw new SampleForgeError('E_USAGE', `${purpose}: ${slot.column.name} = ${JSON.stringify(value)} never occurs in the training rows (values: ${slot.values.map((seen) => JSON.stringify(seen)).join(', ')})`, {
      details: { column: slot.column.name, value },
    });
  }
  return position;
}

/** Draws an index from unnormalised logits by softmax. */
export function sampleSoftmax(logits: Float32Array, from: number, count: number, rng: Rng): number {
  let top = -Infinity;
  for (let k = 0; k < count; k++) top = Math.max(top, logits[from + k]);
  let total = 0;
  for (let k = 0; k < count; k++) total += Math.exp(logits[from + k] - top);
  let threshold = rng.float() * total;
  for (let k = 0; k < count; k++) {
    threshold -= Math.exp(logits[from + k] - top);
    if (threshold < 0) return k;
  }
  return count - 1;
}

/**
 * A numeric value from a standardised mean and standard deviation: one Gaussian draw, back to the
 * column's scale, clipped to the real range, rounded for integer columns.
 */
export function sampleNumeric(slot: NumericSlot, mean: number, std: number, rng: Rng): number {
  const value = (mean + std * rng.normal()) * slot.std + slot.mean;
  const clipped = Math.min(slot.high, Math.max(slot.low, value));
  return slot.column.integer === true ? Math.round(clipped) : clipped;
}

/**
 * `count` category indices in exact proportion to `shares` (largest remainder), shuffled, so a
 * sample's condition counts carry no multinomial noise.
 */
export function dealInProportion(shares: readonly number[], count: number, rng: Rng): number[] {
  const exact = shares.map((share) => share * count);
  const counts = exact.map(Math.floor);
  const order = exact.map((value, k) => ({ k, remainder: value - Math.floor(value) })).sort((a, b) => b.remainder - a.remainder || a.k - b.k);
  for (let missing = count - counts.reduce((a, b) => a + b, 0), i = 0; missing > 0; missing--, i++) counts[order[i % order.length].k]++;
  return rng.shuffle(counts.flatMap((n, k) => Array.from({ length: n }, () => k)));
}
