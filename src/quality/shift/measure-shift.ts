/** Measures the shift between real and synthetic records, per field and per slice, and flags it. */
import { shiftThresholdsSchema, type ShiftThresholds } from '../../config/align.js';
import { createRng, type Rng } from '../../internal/rng.js';
import { classifierTwoSampleTest } from './classifier-two-sample-test.js';
import { countValues, jensenShannonFromCounts } from './jensen-shannon-divergence.js';
import { kolmogorovSmirnov, type KolmogorovSmirnovResult } from './kolmogorov-smirnov.js';
import { maximumMeanDiscrepancy } from './maximum-mean-discrepancy.js';
import { categoryOf, createFeatureEncoder, inferFields, numberOf, type FieldKind, type FieldSpec, type ShiftRecord } from './shift-features.js';
import { compareTexts, type TextShift } from './text-statistics.js';
import { wassersteinDistance } from './wasserstein-distance.js';

/** The shift of one field between real and synthetic records. */
export interface FieldShift {
  field: string;
  kind: FieldKind;
  flagged: boolean;
  /** Why it was flagged, e.g. `jsd 0.21 > 0.05`; empty when not flagged. */
  reasons: string[];
  realCount: number;
  syntheticCount: number;
  /** Categorical fields: Jensen-Shannon divergence in bits. */
  jsd?: number;
  /** Numeric fields. */
  ks?: KolmogorovSmirnovResult;
  wasserstein?: number;
  /** Wasserstein-1 divided by the standard deviation of the real values. */
  wassersteinNormalized?: number;
  /** Text fields. */
  text?: TextShift;
}

/** The shift of every field within one value of a slice field. */
export interface SliceShift {
  /** The slice field, e.g. `category`. */
  slice: string;
  /** Its value, e.g. `skin care`. */
  value: string;
  realCount: number;
  syntheticCount: number;
  fields: FieldShift[];
  flagged: boolean;
}

/** Everything {@link measureShift} measured; stored as `metrics.shift.before` / `.after`. */
export interface ShiftReport {
  realCount: number;
  syntheticCount: number;
  fields: FieldShift[];
  slices: SliceShift[];
  /** Names of the flagged fields (overall, not per slice). */
  flaggedFields: string[];
  classifier?: { auc: number; foldAucs: number[]; flagged: boolean };
  embedding?: { mmd2: number; bandwidth: number; flagged: boolean };
  thresholds: ShiftThresholds;
}

/** Options of {@link measureShift}. */
export interface MeasureShiftOptions {
  /** Seed of every subsample and fold split. */
  seed: number;
  /** Fields to compare and how; default: every field, kind inferred. Slice fields are skipped inside their own slices. */
  fields?: readonly FieldSpec[] | Readonly<Record<string, FieldKind>>;
  /** Fields whose values define slices (category, label, user activity bucket, item popularity bucket). */
  slices?: readonly string[];
  /** Minimum rows per side for a slice value to be measured. Default 30. */
  minSliceSize?: number;
  thresholds?: Partial<ShiftThresholds>;
  /** Run the classifier two-sample test. Default true. */
  classifier?: boolean | { folds?: number; steps?: number; maxSamples?: number };
  /** Embedding rows of each side for MMD. */
  embeddings?: { real: readonly Float32Array[]; synthetic: readonly Float32Array[]; maxSamples?: number };
}

/**
 * Compares real and synthetic records field by field (JSD for categorical, KS and Wasserstein-1 for
 * numeric, length/vocabulary statistics for text), per slice value, plus MMD on embeddings and a
 * classifier two-sample test; each result carries `flagged` by `options.thresholds`.
 */
export function measureShift(real: readonly ShiftRecord[], synthetic: readonly ShiftRecord[], options: MeasureShiftOptions): ShiftReport {
  const thresholds = shiftThresholdsSchema.parse(options.thresholds ?? {});
  const fields = resolveFields(real, synthetic, options.fields);
  const rng = createRng(options.seed);
  const overall = fields.map((field) => compareField(field, real, synthetic, thresholds));
  const slices: SliceShift[] = [];
  const minSliceSize = options.minSliceSize ?? 30;
  for (const slice of options.slices ?? []) {
    const realGroups = groupBy(real, slice);
    const syntheticGroups = groupBy(synthetic, slice);
    for (const [value, realRows] of realGroups) {
      const syntheticRows = syntheticGroups.get(value) ?? [];
      if (realRows.length < minSliceSize || syntheticRows.length < minSliceSize) continue;
      const sliceFields = fields.filter((field) => field.name !== slice).map((field) => compareField(field, realRows, syntheticRows, thresholds));
      slices.push({ slice, value, realCount: realRows.length, syntheticCount: syntheticRows.length, fields: sliceFields, flagged: sliceFields.some((field) => field.flagged) });
    }
  }
  const report: ShiftReport = {
    realCount: real.length,
    syntheticCount: synthetic.length,
    fields: overall,
    slices,
    flaggedFields: overall.filter((field) => field.flagged).map((field) => field.field),
    thresholds,
  };
  const classifier = options.classifier ?? true;
  if (classifier !== false) {
    const settings = classifier === true ? {} : classifier;
    const auc = classifierAuc(real, synthetic, fields, rng.fork('classifier'), settings);
    if (auc) report.classifier = { ...auc, flagged: auc.auc > thresholds.c2stAuc };
  }
  if (options.embeddings) {
    const result = maximumMeanDiscrepancy(options.embeddings.real, options.embeddings.synthetic, {
      rng: rng.fork('mmd'),
      maxSamples: options.embeddings.maxSamples,
    });
    report.embedding = { mmd2: result.mmd2, bandwidth: result.bandwidth, flagged: result.mmd2 > thresholds.mmd2 };
  }
  return report;
}

/** Out-of-fold classifier AUC on seeded subsamples; undefined when a side is too small to fold. */
export function classifierAuc(
  real: readonly ShiftRecord[],
  synthetic: readonly ShiftRecord[],
  fields: readonly FieldSpec[],
  rng: Rng,
  settings: { folds?: number; steps?: number; maxSamples?: number } = {},
): { auc: number; foldAucs: number[] } | undefined {
  const folds = settings.folds ?? 5;
  if (real.length < folds || synthetic.length < folds || fields.length === 0) return undefined;
  const maxSamples = settings.maxSamples ?? 5000;
  const pick = (rows: readonly ShiftRecord[], label: string): readonly ShiftRecord[] =>
    rows.length <= maxSamples ? rows : rng.fork(label).sample(rows.length, maxSamples).map((index) => rows[index]);
  const realRows = pick(real, 'real-subsample');
  const syntheticRows = pick(synthetic, 'synthetic-subsample');
  const encoder = createFeatureEncoder(fields, [...realRows, ...syntheticRows]);
  const result = classifierTwoSampleTest(realRows.map(encoder.encode), syntheticRows.map(encoder.encode), {
    rng: rng.fork('folds'),
    folds,
    steps: settings.steps,
  });
  return { auc: result.auc, foldAucs: result.foldAucs };
}

/** The field list from options, or inferred from the records. */
export function resolveFields(
  real: readonly ShiftRecord[],
  synthetic: readonly ShiftRecord[],
  fields: MeasureShiftOptions['fields'],
): FieldSpec[] {
  if (fields === undefined || (!Array.isArray(fields) && Object.keys(fields).length === 0)) return inferFields([...real, ...synthetic]);
  if (Array.isArray(fields)) return [...fields];
  return Object.entries(fields as Record<string, FieldKind>).map(([name, kind]) => ({ name, kind }));
}

function compareField(field: FieldSpec, real: readonly ShiftRecord[], synthetic: readonly ShiftRecord[], thresholds: ShiftThresholds): FieldShift {
  const base = { field: field.name, kind: field.kind, realCount: real.length, syntheticCount: synthetic.length };
  const reasons: string[] = [];
  if (field.kind === 'categorical') {
    const jsd = jensenShannonFromCounts(
      countValues(real.map((record) => categoryOf(record, field.name))),
      countValues(synthetic.map((record) => categoryOf(record, field.name))),
    );
    if (jsd > thresholds.jsd) reasons.push(`jsd ${round(jsd)} > ${thresholds.jsd}`);
    return { ...base, flagged: reasons.length > 0, reasons, jsd };
  }
  if (field.kind === 'numeric') {
    const realValues = real.map((record) => numberOf(record, field.name)).filter((value) => !Number.isNaN(value));
    const syntheticValues = synthetic.map((record) => numberOf(record, field.name)).filter((value) => !Number.isNaN(value));
    const ks = kolmogorovSmirnov(realValues, syntheticValues);
    const wasserstein = wassersteinDistance(realValues, syntheticValues);
    const deviation = standardDeviation(realValues);
    const wassersteinNormalized = deviation > 0 ? wasserstein / deviation : wasserstein > 0 ? Number.POSITIVE_INFINITY : 0;
    if (ks.statistic > thresholds.ksStatistic && ks.pValue < thresholds.ksPValue) reasons.push(`ks ${round(ks.statistic)} > ${thresholds.ksStatistic} (p ${ks.pValue.toExponential(2)})`);
    if (wassersteinNormalized > thresholds.wassersteinNormalized) reasons.push(`wasserstein/std ${round(wassersteinNormalized)} > ${thresholds.wassersteinNormalized}`);
    return { ...base, flagged: reasons.length > 0, reasons, ks, wasserstein, wassersteinNormalized };
  }
  const text = compareTexts(
    real.map((record) => categoryOf(record, field.name)),
    synthetic.map((record) => categoryOf(record, field.name)),
  );
  if (text.length.statistic > thresholds.ksStatistic && text.length.pValue < thresholds.ksPValue) reasons.push(`length ks ${round(text.length.statistic)} > ${thresholds.ksStatistic}`);
  if (text.unigramJsd > thresholds.unigramJsd) reasons.push(`unigram jsd ${round(text.unigramJsd)} > ${thresholds.unigramJsd}`);
  if (text.oovRate > thresholds.oovRate) reasons.push(`oov rate ${round(text.oovRate)} > ${thresholds.oovRate}`);
  return { ...base, flagged: reasons.length > 0, reasons, text };
}

function groupBy(records: readonly ShiftRecord[], field: string): Map<string, ShiftRecord[]> {
  const groups = new Map<string, ShiftRecord[]>();
  for (const record of records) {
    const key = categoryOf(record, field);
    const group = groups.get(key);
    if (group) group.push(record);
    else groups.set(key, [record]);
  }
  return groups;
}

function standardDeviation(values: readonly number[]): number {
  if (values.length < 2) return 0;
  const mean = values.reduce((total, value) => total + value, 0) / values.length;
  return Math.sqrt(values.reduce((total, value) => total + (value - mean) ** 2, 0) / (values.length - 1));
}

function round(value: number): number {
  return Math.round(value * 1e4) / 1e4;
}
