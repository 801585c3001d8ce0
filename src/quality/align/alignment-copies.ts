/**
 * The corrections an `align` section turns on, applied in order to synthetic records: stratified
 * resampling toward the real distribution of some fields, then caps on synthetic-to-real ratios.
 * The result is a copy count per synthetic record (0 = left out, 2+ = drawn again where a stratum
 * is thin), which is how intent and recommendation runs train their `aligned` variants.
 */
import type { Warning } from '../../errors.js';
import type { Rng } from '../../internal/rng.js';
import type { FieldSpec, ShiftRecord } from '../shift/shift-features.js';
import { capSyntheticRatio } from './cap-synthetic-ratio.js';
import { stratifiedResample } from './stratified-resample.js';

/** Options of {@link alignmentCopies}. */
export interface AlignmentCopiesOptions {
  /** Resample on these fields (empty: resampling was asked for but nothing to stratify on); absent = no resampling. */
  resample?: { fields: readonly FieldSpec[]; size: number; bins: number; target?: Readonly<Record<string, number>>; smoothing: number };
  /** Ratio caps applied after resampling, each with the label of its random stream. */
  caps: readonly { field: string; maxRatio: number; rngLabel: string }[];
  rng: Rng;
}

/** Copies per synthetic record, the aligned records' indices, and the corrections applied, e.g. `resample(label,length)`, `cap(label<=4x real)`. */
export interface AlignmentCopies {
  copies: Int32Array;
  indices: number[];
  applied: string[];
  warnings: Warning[];
}

/** Applies the corrections of `options` to `synthetic` against `real`. */
export function alignmentCopies(real: readonly ShiftRecord[], synthetic: readonly ShiftRecord[], options: AlignmentCopiesOptions): AlignmentCopies {
  const applied: string[] = [];
  const warnings: Warning[] = [];
  let indices = Array.from({ length: synthetic.length }, (_, index) => index);
  if (options.resample !== undefined) {
    const { fields, ...rest } = options.resample;
    if (fields.length > 0) {
      const result = stratifiedResample(synthetic, { fields, rng: options.rng.fork('resample'), real, ...rest });
      indices = result.indices;
      warnings.push(...result.warnings);
      applied.push(`resample(${fields.map((field) => field.name).join(',')})`);
    } else {
      applied.push('resample: no field flagged, nothing to do');
    }
  }
  for (const cap of options.caps) {
    const current = indices.map((index) => synthetic[index]);
    const capped = capSyntheticRatio(real, current, { field: cap.field, maxRatio: cap.maxRatio, rng: options.rng.fork(cap.rngLabel) });
    indices = capped.keptIndices.map((position) => indices[position]);
    applied.push(`cap(${cap.field}<=${cap.maxRatio}x real)`);
  }
  const copies = new Int32Array(synthetic.length);
  for (const index of indices) copies[index]++;
  return { copies, indices, applied, warnings };
}
