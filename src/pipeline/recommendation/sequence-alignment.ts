/**
 * Alignment of offline synthetic sequences (steps with `mode: samples`) toward the real training
 * sequences: stratified resampling on length, item popularity and the last item's popularity
 * bucket, then caps on synthetic-to-real sequences per activity or popularity bucket. As for intent
 * runs, the result is a copy count per synthetic sequence (0 = left out, 2+ = drawn again where a
 * stratum is thin), and the `aligned` variant trains on exactly that multiset, with importance
 * weights per sequence when `align.importanceWeights` is on. Shifts the augmenters make on purpose
 * (a crop is short) are reported but not corrected unless the config asks (`align.designedShifts`):
 * on Beauty, resampling crops to the real lengths cost 5-7 % of NDCG@10, while resampling CoSeRec
 * substitutions on the popularity they shift as a side effect gained 4.6 % (README).
 */
import type { AlignConfig } from '../../config/align.js';
import { SampleForgeError, type Warning } from '../../errors.js';
import { createRng } from '../../internal/rng.js';
import { alignmentCopies, type AlignmentCopiesOptions } from '../../quality/align/alignment-copies.js';
import { alignmentWeights } from '../../quality/align/importance-weights.js';
import type { ShiftReport } from '../../quality/shift/measure-shift.js';
import type { Sequence } from '../../types.js';
import { measureSequenceRecordShift, SEQUENCE_SHIFT_FIELDS, sequenceShiftRecords } from './sequence-shift.js';

/** What alignment did to a run's synthetic sequences. */
export interface SequenceAlignment {
  /** Copies of each synthetic sequence in the aligned set. */
  copies: Int32Array;
  /**
   * With `align.importanceWeights`: each synthetic sequence's sample weight in the aligned variant
   * (0 where copies is 0, mean 1 over the aligned multiset); absent otherwise.
   */
  weights?: Float64Array;
  before: ShiftReport;
  /** Measured on the aligned set; absent when no correction is enabled. */
  after?: ShiftReport;
  /** Corrections applied, in order, e.g. `resample(length,meanLogPopularity)`. */
  applied: string[];
  warnings: Warning[];
}

const RESAMPLE_FIELDS: Readonly<Record<string, 'categorical' | 'numeric'>> = { ...SEQUENCE_SHIFT_FIELDS, activity: 'categorical' };
const CLASS_FIELDS = ['lastItemPopularity', 'activity'];

/** True when the `align` section asks for a correction of synthetic sequences. */
export function sequenceAlignmentEnabled(config: AlignConfig): boolean {
  return config.resample.enabled || config.ratioCaps.perClass !== null || Object.keys(config.ratioCaps.perSlice).length > 0 || config.importanceWeights.enabled;
}

function checkConfig(config: AlignConfig): void {
  const unknown = config.resample.fields.filter((name) => !(name in RESAMPLE_FIELDS));
  if (unknown.length > 0) {
    throw new SampleForgeError('E_CONFIG', `align.resample.fields: ${unknown.join(', ')} is not a sequence feature; use ${Object.keys(RESAMPLE_FIELDS).join(', ')}`, {
      details: { field: 'align.resample.fields', unknown },
    });
  }
  const caps = [...(config.ratioCaps.perClass === null ? [] : [config.ratioCaps.classField]), ...Object.keys(config.ratioCaps.perSlice)];
  const badCaps = caps.filter((name) => !CLASS_FIELDS.includes(name));
  if (badCaps.length > 0) {
    throw new SampleForgeError('E_CONFIG', `align.ratioCaps: ${badCaps.join(', ')} is not a categorical sequence feature; cap on ${CLASS_FIELDS.join(' or ')} (set ratioCaps.classField)`, {
      details: { field: 'align.ratioCaps', unknown: badCaps },
    });
  }
}

/**
 * The shift fields each sequence augmenter changes on purpose: a crop, a masked copy (masked items
 * dropped), an insertion, a prefix or a window is shorter or longer than its source by design.
 * Substitute and reorder keep the length; the popularity a substitute shifts is a side effect.
 */
const DESIGNED_SHIFTS: Readonly<Record<string, readonly string[]>> = {
  crop: ['length'],
  mask: ['length'],
  insert: ['length'],
  random: ['length'],
  prefix: ['length'],
  'sliding-window': ['length'],
};

/** The fields `augmenters` shift by design (see `align.designedShifts`), with the augmenters behind each. */
export function designedShifts(augmenters: readonly string[]): Record<string, string[]> {
  const out: Record<string, string[]> = {};
  for (const augmenter of augmenters) {
    for (const field of DESIGNED_SHIFTS[augmenter] ?? []) {
      const list = (out[field] ??= []);
      if (!list.includes(augmenter)) list.push(augmenter);
    }
  }
  return out;
}

/**
 * Measures the shift of `synthetic` against `real` training sequences and, when configured, corrects
 * it. `designed` maps the fields the producing augmenters shift on purpose to those augmenters; with
 * `align.designedShifts: keep` they are measured but not corrected unless `resample.fields` names them.
 */
export function alignSequenceSamples(
  real: readonly Sequence[],
  synthetic: readonly Sequence[],
  config: AlignConfig,
  seed: number,
  designed: Readonly<Record<string, readonly string[]>> = {},
): SequenceAlignment {
  checkConfig(config);
  const records = sequenceShiftRecords(real, synthetic);
  const before = measureSequenceRecordShift(records.real, records.synthetic, config, seed);
  const copies = new Int32Array(synthetic.length).fill(1);
  if (!sequenceAlignmentEnabled(config) || synthetic.length === 0) return { copies, before, applied: [], warnings: [] };

  const kept = config.designedShifts === 'keep' ? Object.keys(designed) : [];
  const keptNotes = kept.map((field) => `${field}: shifted by design (${designed[field].join(', ')}), not corrected`);
  let resample: AlignmentCopiesOptions['resample'];
  if (config.resample.enabled) {
    const names = config.resample.fields.length > 0 ? config.resample.fields : before.flaggedFields.filter((field) => field in RESAMPLE_FIELDS && !kept.includes(field));
    const size = config.resample.size === 'same' ? synthetic.length : config.resample.size;
    resample = { fields: names.map((name) => ({ name, kind: RESAMPLE_FIELDS[name] })), size, bins: config.resample.bins, target: config.resample.target, smoothing: config.resample.smoothing };
  }
  const caps = [
    ...(config.ratioCaps.perClass === null ? [] : [{ field: config.ratioCaps.classField, maxRatio: config.ratioCaps.perClass }]),
    ...Object.entries(config.ratioCaps.perSlice).map(([field, maxRatio]) => ({ field, maxRatio })),
  ].map((cap) => ({ ...cap, rngLabel: `cap:${cap.field}` }));
  const { copies: aligned, indices, applied: corrections, warnings } = alignmentCopies(records.real, records.synthetic, { resample, caps, rng: createRng(seed) });
  const applied = [...keptNotes.filter((note) => !config.resample.fields.some((field) => note.startsWith(`${field}:`))), ...corrections];
  if (!config.importanceWeights.enabled) {
    const after = measureSequenceRecordShift(records.real, indices.map((index) => records.synthetic[index]), config, seed);
    return { copies: aligned, before, after, applied, warnings };
  }
  // Weights on the aligned multiset; the shift left is measured on a draw by weight, the data a
  // weighted trainer effectively sees. The classifier does not see the fields shifted by design.
  const weightFields = Object.entries(SEQUENCE_SHIFT_FIELDS).filter(([name]) => !kept.includes(name));
  const { weights, auc, drawn } = alignmentWeights(records.real, records.synthetic, aligned, {
    fields: weightFields.map(([name, kind]) => ({ name, kind })),
    rng: createRng(seed).fork('importance-weights'),
    folds: config.classifier.folds,
    steps: config.classifier.steps,
    min: config.importanceWeights.min,
    max: config.importanceWeights.max,
  });
  applied.push(`weights(p/(1-p) clipped to [${config.importanceWeights.min}, ${config.importanceWeights.max}], classifier AUC ${auc.toFixed(3)})`);
  const after = measureSequenceRecordShift(records.real, drawn.map((index) => records.synthetic[index]), config, seed);
  return { copies: aligned, weights, before, after, applied, warnings };
}
