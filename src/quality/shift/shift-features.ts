/** Turns records into numeric feature rows for the classifier two-sample test and importance weights. */
import { tokenize } from './text-statistics.js';

/** How a field is compared: value frequencies, a numeric distribution, or text statistics. */
export type FieldKind = 'categorical' | 'numeric' | 'text';

/** A record as the shift and alignment functions see it: named fields. */
export type ShiftRecord = Readonly<Record<string, unknown>>;

/** A field name and how it is compared. */
export interface FieldSpec {
  name: string;
  kind: FieldKind;
}

/** Most frequent values one-hot encoded per categorical field; the rest share an "other" column. */
const MAX_ONE_HOT = 30;

/**
 * Infers each field's kind from the values: numbers are numeric, strings with at most 50 distinct
 * values (or below 5 percent distinct) are categorical, other strings are text.
 */
export function inferFields(records: readonly ShiftRecord[], names?: readonly string[]): FieldSpec[] {
  const keys = names ?? [...new Set(records.flatMap((record) => Object.keys(record)))];
  return keys.map((name) => {
    const values = records.map((record) => record[name]).filter((value) => value !== undefined && value !== null);
    if (values.length > 0 && values.every((value) => typeof value === 'number')) return { name, kind: 'numeric' as const };
    const distinct = new Set(values.map(String)).size;
    return { name, kind: distinct <= 50 || distinct < 0.05 * values.length ? ('categorical' as const) : ('text' as const) };
  });
}

/** Reads a field as a string category; missing values become the category `(missing)`. */
export function categoryOf(record: ShiftRecord, field: string): string {
  const value = record[field];
  return value === undefined || value === null ? '(missing)' : String(value);
}

/** Reads a field as a finite number, or NaN. */
export function numberOf(record: ShiftRecord, field: string): number {
  const value = record[field];
  const number = typeof value === 'number' ? value : typeof value === 'string' && value.trim() !== '' ? Number(value) : Number.NaN;
  return Number.isFinite(number) ? number : Number.NaN;
}

/** An encoder fitted on both sides: the same columns for real and synthetic rows. */
export interface FeatureEncoder {
  readonly columns: string[];
  encode(record: ShiftRecord): Float64Array;
}

/**
 * Fits a feature encoder: one-hot (top 30 values + other) for categorical fields, the value plus a
 * missing flag for numeric fields, and token and character counts for text fields.
 */
export function createFeatureEncoder(fields: readonly FieldSpec[], records: readonly ShiftRecord[]): FeatureEncoder {
  const columns: string[] = [];
  const encoders: ((record: ShiftRecord, out: Float64Array) => void)[] = [];
  for (const field of fields) {
    const offset = columns.length;
    if (field.kind === 'categorical') {
      const counts = new Map<string, number>();
      for (const record of records) {
        const value = categoryOf(record, field.name);
        counts.set(value, (counts.get(value) ?? 0) + 1);
      }
      const top = [...counts.entries()].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1)).slice(0, MAX_ONE_HOT).map(([value]) => value);
      const position = new Map(top.map((value, index) => [value, index]));
      columns.push(...top.map((value) => `${field.name}=${value}`), `${field.name}=(other)`);
      encoders.push((record, out) => {
        out[offset + (position.get(categoryOf(record, field.name)) ?? top.length)] = 1;
      });
    } else if (field.kind === 'numeric') {
      columns.push(field.name, `${field.name}:missing`);
      encoders.push((record, out) => {
        const value = numberOf(record, field.name);
        if (Number.isNaN(value)) out[offset + 1] = 1;
        else out[offset] = value;
      });
    } else {
      columns.push(`${field.name}:tokens`, `${field.name}:chars`);
      encoders.push((record, out) => {
        const text = categoryOf(record, field.name);
        out[offset] = tokenize(text).length;
        out[offset + 1] = text.length;
      });
    }
  }
  return {
    columns,
    encode(record) {
      const out = new Float64Array(columns.length);
      for (const encode of encoders) encode(record, out);
      return out;
    },
  };
}
