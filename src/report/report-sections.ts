/** The static sections of the report, rendered from metrics.json and run.json. */
import type { MetricSummary, RunMetrics, VariantResult } from '../types.js';
import { escapeHtml, numberHtml, tableHtml } from './html-parts.js';

/** run.json of a run directory, as written by the pipeline. */
export interface RunInfo {
  runId: string;
  name?: string;
  status?: string;
  startedAt?: string;
  finishedAt?: string;
  versions?: Record<string, string>;
  stages?: { name: string; status?: string; seconds?: number }[];
  warnings?: { code?: string; message: string }[];
}

/** The split the lift is judged on: that of the first comparison, else `test`. */
export function primarySplit(metrics: RunMetrics): string {
  return metrics.comparisons[0]?.split ?? 'test';
}

function meanStd(summary: MetricSummary | undefined, path: string): string {
  if (!summary) return '<span class="muted">–</span>';
  return `${numberHtml(summary.mean, `${path}.mean`)} ± ${numberHtml(summary.std, `${path}.std`)}`;
}

function metricPath(variantIndex: number, split: string, metric: string): string {
  return `variants[${variantIndex}].metrics[${JSON.stringify(split)}][${JSON.stringify(metric)}]`;
}

/** Run header: name, status, times, stages and warnings. */
export function runSection(metrics: RunMetrics, run: RunInfo | undefined): string {
  const stages = (run?.stages ?? []).map((stage, index) => [escapeHtml(stage.name), escapeHtml(stage.status ?? ''), numberHtml(stage.seconds, `run.stages[${index}].seconds`)]);
  const warnings = (run?.warnings ?? []).map((warning) => `<li><code>${escapeHtml(warning.code ?? '')}</code> ${escapeHtml(warning.message)}</li>`).join('');
  const versions = Object.entries(run?.versions ?? {}).map(([name, version]) => `<span class="pill">${escapeHtml(name)} ${escapeHtml(version)}</span>`).join('');
  return `<section id="run"><h2>Run</h2>
<p>Task <b>${escapeHtml(metrics.task)}</b>, primary metric <b>${escapeHtml(metrics.primaryMetric)}</b> on the <b>${escapeHtml(primarySplit(metrics))}</b> split.
Status <b>${escapeHtml(run?.status ?? 'unknown')}</b>; started ${escapeHtml(run?.startedAt ?? '–')}, finished ${escapeHtml(run?.finishedAt ?? '–')}.</p>
<p>${versions}</p>
<div class="grid2"><div>${tableHtml(['stage', 'status', 'seconds'], stages)}</div>
<div><h3 class="small muted">Warnings</h3>${warnings === '' ? '<p class="muted">None.</p>' : `<ul>${warnings}</ul>`}</div></div></section>`;
}

/** Keep or drop alignment, per aligned variant, as validation decided (empty without aligned variants). */
function alignmentVerdictHtml(metrics: RunMetrics): string {
  const verdicts = metrics.alignment ?? [];
  if (verdicts.length === 0) return '';
  const rows = verdicts.map((verdict, index) => [
    `${escapeHtml(verdict.aligned)} <span class="muted">vs ${escapeHtml(verdict.augmented)}</span>`,
    `${escapeHtml(verdict.metric)} <span class="muted">(${escapeHtml(verdict.split)})</span>`,
    numberHtml(verdict.augmentedMean, `alignment[${index}].augmentedMean`),
    numberHtml(verdict.alignedMean, `alignment[${index}].alignedMean`),
    numberHtml(verdict.spread, `alignment[${index}].spread`),
    `<span class="pill ${verdict.verdict === 'keep' ? 'keep' : 'drop'}">${escapeHtml(verdict.verdict)}</span> ${escapeHtml(verdict.reason)}`,
  ]);
  return `<h3 class="small muted">Alignment: kept or dropped on validation (test is never used to decide)</h3>
${tableHtml(['aligned variant', 'metric', 'before alignment', 'aligned', 'seed spread', 'verdict'], rows, 'id="alignment-verdicts"')}`;
}

/** Lift: every comparison with both means, their spread over seeds, the test and its p-value. */
export function liftSection(metrics: RunMetrics): string {
  const indexOf = new Map(metrics.variants.map((variant, index) => [variant.name, index]));
  const rows = metrics.comparisons.map((comparison, index) => {
    const baselineIndex = indexOf.get(comparison.baseline);
    const variantIndex = indexOf.get(comparison.variant);
    const spread = (variantPosition: number | undefined): string =>
      variantPosition === undefined ? '<span class="muted">–</span>' : numberHtml(metrics.variants[variantPosition].metrics[comparison.split]?.[comparison.metric]?.std, `${metricPath(variantPosition, comparison.split, comparison.metric)}.std`);
    const significant = comparison.pValue < 0.05;
    // Most comparisons are against the baseline; others (aligned vs augmented) name what they compare with.
    const against = comparison.baseline === 'baseline' ? '' : ` <span class="muted">vs ${escapeHtml(comparison.baseline)}</span>`;
    return [
      `${escapeHtml(comparison.variant)}${against}`,
      `${escapeHtml(comparison.metric)} <span class="muted">(${escapeHtml(comparison.split)})</span>`,
      `${numberHtml(comparison.baselineMean, `comparisons[${index}].baselineMean`)} ± ${spread(baselineIndex)}`,
      `${numberHtml(comparison.variantMean, `comparisons[${index}].variantMean`)} ± ${spread(variantIndex)}`,
      `<span class="${comparison.lift > 0 ? 'good' : comparison.lift < 0 ? 'bad' : ''}">${numberHtml(comparison.lift, `comparisons[${index}].lift`)}</span>`,
      numberHtml(comparison.relativeLift, `comparisons[${index}].relativeLift`),
      escapeHtml(comparison.test),
      `${numberHtml(comparison.pValue, `comparisons[${index}].pValue`)} ${significant ? '<span class="pill keep">p &lt; 0.05</span>' : '<span class="pill">n.s.</span>'}`,
    ];
  });
  return `<section id="lift"><h2>Lift: baseline vs augmented</h2>
<p class="muted">Mean ± sample standard deviation over seeds; the paired test decides whether augmentation helped.</p>
${tableHtml(['variant', 'metric', 'baseline (or compared with)', 'variant', 'lift', 'relative lift', 'test', 'p-value'], rows, 'id="lift-table"')}
${alignmentVerdictHtml(metrics)}
<div id="chart-lift" class="chart"></div></section>`;
}

/** Per-augmenter ablation: variants with one augmenter (and the full set) on the primary metric. */
export function ablationSection(metrics: RunMetrics): string {
  const split = primarySplit(metrics);
  const rows = metrics.variants.map((variant, index) => [
    escapeHtml(variant.name),
    variant.augmenters.length === 0 ? '<span class="muted">none (baseline)</span>' : variant.augmenters.map((name) => `<span class="pill">${escapeHtml(name)}</span>`).join(''),
    meanStd(variant.metrics[split]?.[metrics.primaryMetric], metricPath(index, split, metrics.primaryMetric)),
    numberHtml(variant.trainSamples, `variants[${index}].trainSamples`),
    numberHtml(variant.syntheticSamples, `variants[${index}].syntheticSamples`),
    numberHtml(variant.trainSeconds, `variants[${index}].trainSeconds`),
  ]);
  return `<section id="ablation"><h2>Per-augmenter ablation</h2>
${tableHtml(['variant', 'augmenters', `${metrics.primaryMetric} (${split})`, 'train samples', 'synthetic', 'train seconds'], rows, 'id="ablation-table"')}
<div id="chart-ablation" class="chart"></div></section>`;
}

/** Per-slice results of every variant on the primary metric. */
export function sliceSection(metrics: RunMetrics): string {
  const sliceNames = [...new Set(metrics.variants.flatMap((variant) => Object.keys(variant.slices ?? {})))];
  const rows = sliceNames.map((slice) => [
    escapeHtml(slice),
    ...metrics.variants.map((variant, index) =>
      meanStd(variant.slices?.[slice]?.[metrics.primaryMetric], `variants[${index}].slices[${JSON.stringify(slice)}][${JSON.stringify(metrics.primaryMetric)}]`),
    ),
  ]);
  return `<section id="slices"><h2>Per-slice lift</h2>
${tableHtml(['slice', ...metrics.variants.map((variant: VariantResult) => variant.name)], rows, 'id="slice-table"')}
<div id="chart-slices" class="chart"></div></section>`;
}

interface ShiftFieldLike {
  field: string;
  kind: string;
  flagged?: boolean;
  jsd?: number;
  ks?: { statistic: number; pValue: number };
  wassersteinNormalized?: number;
  text?: { unigramJsd: number; oovRate: number };
}

interface ShiftLike {
  fields?: ShiftFieldLike[];
  slices?: { slice: string; value: string; flagged: boolean; fields: ShiftFieldLike[] }[];
  classifier?: { auc: number };
  embedding?: { mmd2: number };
}

/** The (metric name, value, path) pairs that describe one field's shift. */
export function shiftMeasures(field: ShiftFieldLike, base: string): { name: string; value: number | undefined; path: string }[] {
  if (field.kind === 'categorical') return [{ name: 'JSD', value: field.jsd, path: `${base}.jsd` }];
  if (field.kind === 'numeric') {
    return [
      { name: 'KS', value: field.ks?.statistic, path: `${base}.ks.statistic` },
      { name: 'W1/std', value: field.wassersteinNormalized, path: `${base}.wassersteinNormalized` },
    ];
  }
  return [
    { name: 'unigram JSD', value: field.text?.unigramJsd, path: `${base}.text.unigramJsd` },
    { name: 'OOV rate', value: field.text?.oovRate, path: `${base}.text.oovRate` },
  ];
}

/** Shift before and after alignment, per field, plus the classifier two-sample AUC and MMD. */
export function shiftSection(metrics: RunMetrics): string {
  const shift = (metrics.shift ?? {}) as { before?: ShiftLike; after?: ShiftLike; applied?: string[] };
  if (!shift.before) return `<section id="shift"><h2>Shift before / after alignment</h2><p class="muted">This run recorded no shift measurement.</p></section>`;
  const afterFields = new Map((shift.after?.fields ?? []).map((field, index) => [field.field, { field, index }]));
  const flag = (value: boolean | undefined): string => (value ? '<span class="pill drop">flagged</span>' : value === false ? '<span class="pill keep">ok</span>' : '');
  const rows = (shift.before.fields ?? []).flatMap((field, index) => {
    const after = afterFields.get(field.field);
    const afterMeasures = after ? shiftMeasures(after.field, `shift.after.fields[${after.index}]`) : [];
    return shiftMeasures(field, `shift.before.fields[${index}]`).map((measure, position) => [
      escapeHtml(field.field),
      escapeHtml(field.kind),
      escapeHtml(measure.name),
      `${numberHtml(measure.value, measure.path)} ${position === 0 ? flag(field.flagged) : ''}`,
      afterMeasures[position] ? `${numberHtml(afterMeasures[position].value, afterMeasures[position].path)} ${position === 0 ? flag(after?.field.flagged) : ''}` : '<span class="muted">–</span>',
    ]);
  });
  const overall = [
    ['classifier two-sample AUC', numberHtml(shift.before.classifier?.auc, 'shift.before.classifier.auc'), numberHtml(shift.after?.classifier?.auc, 'shift.after.classifier.auc')],
    ['embedding MMD²', numberHtml(shift.before.embedding?.mmd2, 'shift.before.embedding.mmd2'), numberHtml(shift.after?.embedding?.mmd2, 'shift.after.embedding.mmd2')],
  ];
  const afterSlices = new Map((shift.after?.slices ?? []).map((slice) => [`${slice.slice}\u0000${slice.value}`, slice]));
  const flaggedNames = (slice: { fields: ShiftFieldLike[] } | undefined): string =>
    slice === undefined ? '<span class="muted">not measured</span>' : slice.fields.filter((field) => field.flagged).map((field) => `<span class="pill drop">${escapeHtml(field.field)}</span>`).join('') || '<span class="pill keep">none</span>';
  const sliceRows = (shift.before.slices ?? []).map((slice) => [
    escapeHtml(slice.slice),
    escapeHtml(slice.value),
    flaggedNames(slice),
    flaggedNames(afterSlices.get(`${slice.slice}\u0000${slice.value}`)),
  ]);
  return `<section id="shift"><h2>Shift before / after alignment</h2>
<p class="muted">JSD in bits for categorical fields, Kolmogorov-Smirnov and Wasserstein-1 over the real standard deviation for numeric ones, unigram JSD and out-of-vocabulary rate for text. AUC 0.5 = indistinguishable.</p>
${(shift.applied ?? []).length > 0 ? `<p id="shift-applied">Corrections: ${(shift.applied ?? []).map((entry) => `<code>${escapeHtml(entry)}</code>`).join('; ')}</p>` : ''}
${tableHtml(['', 'before', 'after'], overall, 'id="shift-overall"')}
<div class="grid2"><div>${tableHtml(['field', 'kind', 'measure', 'before', 'after'], rows, 'id="shift-table"')}</div><div id="chart-shift" class="chart" style="height:380px"></div></div>
<h3 class="small muted">Flagged fields per slice</h3>
${tableHtml(['slice field', 'value', 'flagged before', 'flagged after'], sliceRows, 'id="shift-slices"')}</section>`;
}

/** Training curves per variant (loss and validation metric, mean over seeds). */
export function curvesSection(): string {
  return `<section id="curves"><h2>Training curves</h2><div class="grid2"><div id="chart-loss" class="chart"></div><div id="chart-valid" class="chart"></div></div></section>`;
}

/** LLM cost, throughput per stage, and counts by stage and reason (including leakage removals). */
export function costSection(metrics: RunMetrics): string {
  const cost = metrics.cost;
  const costRows = cost
    ? [
        ['requests', numberHtml(cost.requests, 'cost.requests')],
        ['cache hits', numberHtml(cost.cacheHits, 'cost.cacheHits')],
        ['tokens in', numberHtml(cost.tokensIn, 'cost.tokensIn')],
        ['tokens out', numberHtml(cost.tokensOut, 'cost.tokensOut')],
        ['cost (USD)', numberHtml(cost.usd, 'cost.usd')],
      ]
    : [];
  const throughputRows = Object.entries(metrics.throughput ?? {}).map(([stage, value]) => [escapeHtml(stage), numberHtml(value, `throughput[${JSON.stringify(stage)}]`)]);
  const countRows = Object.entries(metrics.counts ?? {}).flatMap(([stage, reasons]) =>
    Object.entries(reasons).map(([reason, value]) => [escapeHtml(stage), escapeHtml(reason), numberHtml(value, `counts[${JSON.stringify(stage)}][${JSON.stringify(reason)}]`)]),
  );
  const budget = metrics.budget;
  const budgetRows = (budget?.rows ?? []).map((row, index) => [
    escapeHtml(row.step),
    escapeHtml(row.size ?? ''),
    escapeHtml(row.slice),
    numberHtml(row.real, `budget.rows[${index}].real`),
    numberHtml(row.requested, `budget.rows[${index}].requested`),
    numberHtml(row.produced, `budget.rows[${index}].produced`),
    row.kept === undefined ? '' : numberHtml(row.kept, `budget.rows[${index}].kept`),
  ]);
  const budgetHtml =
    budget === undefined
      ? ''
      : `<h3 class="small muted">Targeted generation by ${escapeHtml(budget.sliceField)} (real: texts, or training interactions for sequences)</h3>
${tableHtml(['step', 'size', 'slice', 'real', 'requested', 'produced', 'kept'], budgetRows, 'id="budget-table"')}`;
  return `<section id="cost"><h2>Cost, throughput and counts</h2>
<div class="grid2"><div>${tableHtml(['LLM', 'value'], costRows, 'id="cost-table"')}${tableHtml(['stage', 'samples / s'], throughputRows, 'id="throughput-table"')}</div><div id="chart-throughput" class="chart"></div></div>
<h3 class="small muted">Records by stage and reason (leakage: removed by the leakage guard)</h3>
${tableHtml(['stage', 'reason', 'count'], countRows, 'id="counts-table"')}${budgetHtml}</section>`;
}

/** The sample browser's frame; rows are rendered in the browser, one page at a time. */
export function samplesSection(sampleCount: number): string {
  return `<section id="samples"><h2>Samples</h2>
<div class="controls">
<input id="sample-search" type="search" placeholder="Search id, text, original, augmenter, label, reason…" aria-label="search samples">
<select id="sample-kept-filter" aria-label="kept filter"><option value="all">kept and dropped</option><option value="kept">kept only</option><option value="dropped">dropped only</option></select>
<button id="sample-prev" type="button">‹ Prev</button><span id="sample-page" class="muted">Loading ${sampleCount.toLocaleString('en-US')} samples…</span><button id="sample-next" type="button">Next ›</button>
<span id="sample-count" class="muted"></span>
</div>
<table><thead><tr><th>id</th><th>augmenter</th><th>label</th><th>original</th><th>augmented</th><th>lineage</th><th>filters</th></tr></thead><tbody id="sample-rows"></tbody></table>
</section>`;
}
