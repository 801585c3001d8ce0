/**
 * Shift of synthetic texts against the real training texts (label, length in words, the words
 * themselves), and the corrections the `align` section turns on: stratified resampling toward the
 * real distribution of the flagged (or named) fields, then a cap on synthetic-to-real samples per
 * class. The result is a copy count per synthetic text: 0 (left out), 1, or more (drawn again
 * when a stratum is thin), so the aligned variant trains on exactly that multiset.
 */
import type { AlignConfig } from '../../config/align.js';
import { SampleForgeError, type Warning } from '../../errors.js';
import { createRng } from '../../internal/rng.js';
import { alignmentCopies, type AlignmentCopiesOptions } from '../../quality/align/alignment-copies.js';
import { measureShift, type ShiftReport } from '../../quality/shift/measure-shift.js';
import type { FieldSpec } from '../../quality/shift/shift-features.js';
import { tokenize } from '../../quality/shift/text-statistics.js';

/** What alignment did to one training set's synthetic texts. */
export interface TextAlignment {
  /** Copies of each synthetic text in the aligned set. */
  copies: Int32Array;
  before: ShiftReport;
  /** Measured on the aligned set; absent when no correction is enabled. */
  after?: ShiftReport;
  /** Corrections applied, in order, e.g. `resample(label,length)`, `cap(label<=4)`. */
  applied: string[];
  warnings: Warning[];
}

/** True when the section asks for a correction of text samples. */
export function textAlignmentEnabled(config: AlignConfig): boolean {
  return config.resample.enabled || config.ratioCaps.perClass !== null || config.importanceWeights.enabled;
}

const FIELDS: Record<string, 'categorical' | 'numeric' | 'text'> = { label: 'categorical', length: 'numeric', text: 'text' };

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
  if (config.importanceWeights.enabled) {
    throw new SampleForgeError('E_CONFIG', 'align.importanceWeights: the text classifier takes no sample weights yet; use align.resample or align.ratioCaps for intent runs', {
      details: { field: 'align.importanceWeights.enabled' },
    });
  }
  const realRecords = recordsOf(real);
  const syntheticRecords = recordsOf(synthetic);
  const options = { seed, fields: FIELDS, minSliceSize: config.minSliceSize, thresholds: config.thresholds, classifier: config.classifier };
  const before = measureShift(realRecords, syntheticRecords, { ...options, slices: config.slices.filter((slice) => slice === 'label') });
  const copies = new Int32Array(synthetic.length).fill(1);
  if (!textAlignmentEnabled(config) || synthetic.length === 0) return { copies, before, applied: [], warnings: [] };

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
  const after = measureShift(realRecords, indices.map((index) => syntheticRecords[index]), { ...options, slices: config.slices.filter((slice) => slice === 'label') });
  return { copies: aligned, before, after, applied, warnings };
}
