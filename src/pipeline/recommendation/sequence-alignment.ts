/**
 * Alignment of offline synthetic sequences (steps with `mode: samples`) toward the real training
 * sequences: stratified resampling on length, item popularity and the last item's popularity
 * bucket, then caps on synthetic-to-real sequences per activity or popularity bucket. As for intent
 * runs, the result is a copy count per synthetic sequence (0 = left out, 2+ = drawn again where a
 * stratum is thin), and the `aligned` variant trains on exactly that multiset.
 */
import type { AlignConfig } from '../../config/align.js';
import { SampleForgeError, type Warning } from '../../errors.js';
import { createRng } from '../../internal/rng.js';
import { capSyntheticRatio } from '../../quality/align/cap-synthetic-ratio.js';
import { stratifiedResample } from '../../quality/align/stratified-resample.js';
import type { ShiftReport } from '../../quality/shift/measure-shift.js';
import type { FieldSpec } from '../../quality/shift/shift-features.js';
import type { Sequence } from '../../types.js';
import { measureSequenceRecordShift, SEQUENCE_SHIFT_FIELDS, sequenceShiftRecords } from './sequence-shift.js';

/** What alignment did to a run's synthetic sequences. */
export interface SequenceAlignment {
  /** Copies of each synthetic sequence in the aligned set. */
  copies: Int32Array;
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
  if (config.importanceWeights.enabled) {
    throw new SampleForgeError('E_CONFIG', 'align.importanceWeights: the sequence trainers take no sample weights yet; use align.resample or align.ratioCaps in recommendation runs', {
      details: { field: 'align.importanceWeights.enabled' },
    });
  }
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

/** Measures the shift of `synthetic` against `real` training sequences and, when configured, corrects it. */
export function alignSequenceSamples(real: readonly Sequence[], synthetic: readonly Sequence[], config: AlignConfig, seed: number): SequenceAlignment {
  checkConfig(config);
  const records = sequenceShiftRecords(real, synthetic);
  const before = measureSequenceRecordShift(records.real, records.synthetic, config, seed);
  const copies = new Int32Array(synthetic.length).fill(1);
  if (!sequenceAlignmentEnabled(config) || synthetic.length === 0) return { copies, before, applied: [], warnings: [] };

  const rng = createRng(seed);
  const applied: string[] = [];
  const warnings: Warning[] = [];
  let indices = Array.from({ length: synthetic.length }, (_, index) => index);
  if (config.resample.enabled) {
    const names = config.resample.fields.length > 0 ? config.resample.fields : before.flaggedFields.filter((field) => field in RESAMPLE_FIELDS);
    if (names.length > 0) {
      const fields: FieldSpec[] = names.map((name) => ({ name, kind: RESAMPLE_FIELDS[name] }));
      const size = config.resample.size === 'same' ? synthetic.length : config.resample.size;
      const result = stratifiedResample(records.synthetic, {
        fields,
        rng: rng.fork('resample'),
        real: records.real,
        size,
        bins: config.resample.bins,
        target: config.resample.target,
        smoothing: config.resample.smoothing,
      });
      indices = result.indices;
      warnings.push(...result.warnings);
      applied.push(`resample(${names.join(',')})`);
    } else {
      applied.push('resample: no field flagged, nothing to do');
    }
  }
  const caps: [string, number][] = [
    ...(config.ratioCaps.perClass === null ? [] : ([[config.ratioCaps.classField, config.ratioCaps.perClass]] as [string, number][])),
    ...Object.entries(config.ratioCaps.perSlice),
  ];
  for (const [field, maxRatio] of caps) {
    const current = indices.map((index) => records.synthetic[index]);
    const capped = capSyntheticRatio(records.real, current, { field, maxRatio, rng: rng.fork(`cap:${field}`) });
    indices = capped.keptIndices.map((position) => indices[position]);
    applied.push(`cap(${field}<=${maxRatio}x real)`);
  }
  copies.fill(0);
  for (const index of indices) copies[index]++;
  const after = measureSequenceRecordShift(
    records.real,
    indices.map((index) => records.synthetic[index]),
    config,
    seed,
  );
  return { copies, before, after, applied, warnings };
}
