/**
 * Shift of synthetic texts against the real training texts (label, length in words, the words
 * themselves), and the corrections the `align` section turns on: stratified resampling toward the
 * real distribution of the flagged (or named) fields, then a cap on synthetic-to-real samples per
 * class, then importance weights from a real-vs-synthetic classifier. The result is a copy count
 * per synthetic text: 0 (left out), 1, or more (drawn again when a stratum is thin), and a sample
 * weight per text, so the aligned variant trains on exactly that weighted multiset.
 */
import type { AlignConfig } from '../../config/align.js';
import { SampleForgeError, type Warning } from '../../errors.js';
import { createRng } from '../../internal/rng.js';
import { alignmentCopies, type AlignmentCopiesOptions } from '../../quality/align/alignment-copies.js';
import { alignmentWeights } from '../../quality/align/importance-weights.js';
import { measureShift, type ShiftReport } from '../../quality/shift/measure-shift.js';
import type { FieldSpec } from '../../quality/shift/shift-features.js';
import { tokenize } from '../../quality/shift/text-statistics.js';

/** What alignment did to one training set's synthetic texts. */
export interface TextAlignment {
  /** Copies of each synthetic text in the aligned set. */
  copies: Int32Array;
  /**
   * Sample weight of each synthetic text in the aligned set: its importance weight (0 where copies
   * is 0, mean 1 over the multiset) with `align.importanceWeights` on, else 1 everywhere.
   */
  weights: Float64Array;
  before: ShiftReport;
  /** Measured on the aligned set (with weights on, on a draw by weight of it); absent when no correction is enabled. */
  after?: ShiftReport;
  /** Corrections applied, in order, e.g. `resample(label,length)`, `cap(label<=4x real)`, `weights(0.1..10)`. */
  applied: string[];
  warnings: Warning[];
}

/** True when the section asks for a correction of text samples. */
export function textAlignmentEnabled(config: AlignConfig): boolean {
  return config.resample.enabled || config.ratioCaps.perClass !== null || config.importanceWeights.enabled;
}

const FIELDS: Record<string, 'categorical' | 'numeric' | 'text'> = { label: 'categorical', length: 'numeric', text: 'text' };
const FIELD_SPECS: readonly FieldSpec[] = Object.entries(FIELDS).map(([name, kind]) => ({ name, kind }));

function recordsOf(texts: readonly { text: string; label?: string }[]) {
  return texts.map((sample) => ({ label: sample.label ?? '', length: tokenize(sample.text).length, text: sample.text }));
}

/** Measures the shift of `synthetic` against `real`, and when the config says so corrects it. */
export function alignTextSamples(
  real: readonly { text: string; label?: string }[],
  synthetic: readonly { text: string; label?: string }[],
  config: AlignConfig,
  seed: number,
): TextAlignment {
  const realRecords = recordsOf(real);
  const syntheticRecords = recordsOf(synthetic);
  const options = { seed, fields: FIELDS, minSliceSize: config.minSliceSize, thresholds: config.thresholds, classifier: config.classifier };
  const before = measureShift(realRecords, syntheticRecords, { ...options, slices: config.slices.filter((slice) => slice === 'label') });
  const copies = new Int32Array(synthetic.length).fill(1);
  let weights: Float64Array = new Float64Array(synthetic.length).fill(1);
  if (!textAlignmentEnabled(config) || synthetic.length === 0) return { copies, weights, before, applied: [], warnings: [] };

  let resample: AlignmentCopiesOptions['resample'];
  if (config.resample.enabled) {
    const names = config.resample.fields.length > 0 ? config.resample.fields : before.flaggedFields.filter((field) => field !== 'text');
    const unknown = names.filter((name) => !(name in FIELDS) || name === 'text');
    if (unknown.length > 0) {
      throw new SampleForgeError('E_CONFIG', `align.resample.fields: ${unknown.join(', ')} cannot be resampled in an intent run; use label and/or length`, { details: { field: 'align.resample.fields', unknown } });
    }
    const fields: FieldSpec[] = names.map((name) => ({ name, kind: FIELDS[name] as 'categorical' | 'numeric' }));
    const size = config.resample.size === 'same' ? synthetic.length : config.resample.size;
    resample = { fields, size, bins: config.resample.bins, target: config.resample.target, smoothing: config.resample.smoothing };
  }
  const caps = config.ratioCaps.perClass === null ? [] : [{ field: 'label', maxRatio: config.ratioCaps.perClass, rngLabel: 'cap' }];
  const { copies: aligned, indices, applied, warnings } = alignmentCopies(realRecords, syntheticRecords, { resample, caps, rng: createRng(seed) });
  let measured = indices;
  if (config.importanceWeights.enabled) {
    const { min, max } = config.importanceWeights;
    const { folds, steps } = config.classifier;
    const kept = aligned.reduce((count, copy) => count + (copy > 0 ? 1 : 0), 0);
    if (kept < folds || real.length < folds) {
      warnings.push({
        code: 'W_WEIGHTS_SKIPPED',
        message: `align.importanceWeights: ${kept} kept synthetic and ${real.length} real texts are too few for ${folds}-fold weights; every kept text keeps weight 1`,
        details: { kept, real: real.length, folds },
      });
    }
    const result = alignmentWeights(realRecords, syntheticRecords, aligned, { fields: FIELD_SPECS, rng: createRng(seed).fork('weights'), folds, steps, min, max });
    weights = result.weights;
    // The multiset a weighted trainer effectively sees, so `after` shows the shift weighting leaves.
    measured = result.drawn;
    applied.push(`weights(${min}..${max})`);
  }
  const after = measureShift(realRecords, measured.map((index) => syntheticRecords[index]), { ...options, slices: config.slices.filter((slice) => slice === 'label') });
  return { copies: aligned, weights, before, after, applied, warnings };
}
