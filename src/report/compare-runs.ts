/** Sets two runs side by side in one self-contained HTML page (for `sampleforge compare RUN_A RUN_B`). */
import { basename, resolve } from 'node:path';
import { writeFileAtomic } from '../internal/atomic-write.js';
import type { RunMetrics } from '../types.js';
import { escapeHtml, numberHtml, REPORT_STYLES, scriptJson, scriptSource, tableHtml } from './html-parts.js';
import { readEchartsSource, readRunFiles } from './read-run.js';
import { primarySplit } from './report-sections.js';

/** Options of {@link compareRuns}. */
export interface CompareRunsOptions {
  /** Where to write the page; not written when absent. */
  outPath?: string;
}

/**
 * Reads metrics.json and run.json of two run directories and renders a comparison: the primary
 * metric of every variant in both runs (mean ± std, difference), each run's comparisons with their
 * p-values, shift and cost side by side, and a chart. Numbers carry `data-metric` paths prefixed
 * `a.` or `b.` into each run's metrics.json.
 */
export async function compareRuns(runA: string, runB: string, options: CompareRunsOptions = {}): Promise<{ html: string; path?: string }> {
  const [first, second] = await Promise.all([readRunFiles(runA), readRunFiles(runB)]);
  const a = first.metrics;
  const b = second.metrics;
  const label = (metrics: RunMetrics, dir: string, name?: string): string => escapeHtml(name ?? `${metrics.runId} (${basename(resolve(dir))})`);
  const nameA = label(a, runA, first.run?.name);
  const nameB = label(b, runB, second.run?.name);
  const metric = a.primaryMetric;
  const split = primarySplit(a);
  const variantNames = [...new Set([...a.variants.map((variant) => variant.name), ...b.variants.map((variant) => variant.name)])];
  const cellFor = (metrics: RunMetrics, prefix: string, name: string): string => {
    const index = metrics.variants.findIndex((variant) => variant.name === name);
    const summary = index < 0 ? undefined : metrics.variants[index].metrics[split]?.[metric];
    if (!summary) return '<span class="muted">–</span>';
    const path = `${prefix}.variants[${index}].metrics[${JSON.stringify(split)}][${JSON.stringify(metric)}]`;
    return `${numberHtml(summary.mean, `${path}.mean`)} ± ${numberHtml(summary.std, `${path}.std`)}`;
  };
  const meanOf = (metrics: RunMetrics, name: string): number | undefined => metrics.variants.find((variant) => variant.name === name)?.metrics[split]?.[metric]?.mean;
  const variantRows = variantNames.map((name) => {
    const difference = meanOf(b, name) !== undefined && meanOf(a, name) !== undefined ? (meanOf(b, name) as number) - (meanOf(a, name) as number) : undefined;
    return [escapeHtml(name), cellFor(a, 'a', name), cellFor(b, 'b', name), difference === undefined ? '<span class="muted">–</span>' : `<span class="${difference >= 0 ? 'good' : 'bad'}">${difference.toFixed(4)}</span>`];
  });
  const comparisonRows = (metrics: RunMetrics, prefix: string): string[][] =>
    metrics.comparisons.map((comparison, index) => [
      escapeHtml(comparison.variant),
      escapeHtml(`${comparison.metric} (${comparison.split})`),
      numberHtml(comparison.lift, `${prefix}.comparisons[${index}].lift`),
      numberHtml(comparison.pValue, `${prefix}.comparisons[${index}].pValue`),
    ]);
  const shiftRows = (metrics: RunMetrics, prefix: string): string[][] => {
    const shift = (metrics.shift ?? {}) as { before?: { classifier?: { auc: number } }; after?: { classifier?: { auc: number } } };
    return [['classifier AUC', numberHtml(shift.before?.classifier?.auc, `${prefix}.shift.before.classifier.auc`), numberHtml(shift.after?.classifier?.auc, `${prefix}.shift.after.classifier.auc`)]];
  };
  const costRows = (metrics: RunMetrics, prefix: string): string[][] => [
    ['LLM requests', numberHtml(metrics.cost?.requests, `${prefix}.cost.requests`)],
    ['tokens in', numberHtml(metrics.cost?.tokensIn, `${prefix}.cost.tokensIn`)],
    ['tokens out', numberHtml(metrics.cost?.tokensOut, `${prefix}.cost.tokensOut`)],
    ['cost (USD)', numberHtml(metrics.cost?.usd, `${prefix}.cost.usd`)],
    ...Object.entries(metrics.throughput ?? {}).map(([stage, value]) => [`${escapeHtml(stage)} samples / s`, numberHtml(value, `${prefix}.throughput[${JSON.stringify(stage)}]`)]),
  ];
  const chartData = { names: variantNames, a: variantNames.map((name) => meanOf(a, name) ?? null), b: variantNames.map((name) => meanOf(b, name) ?? null), labelA: a.runId, labelB: b.runId, metric: `${metric} (${split})` };
  const html = `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>SampleForge comparison — ${nameA} vs ${nameB}</title>
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; script-src 'unsafe-inline'; style-src 'unsafe-inline'; img-src data: blob:">
<style>${REPORT_STYLES}</style></head><body>
<header><h1>${nameA} <span class="muted">vs</span> ${nameB}</h1><div class="muted">A = ${escapeHtml(resolve(runA))}, B = ${escapeHtml(resolve(runB))}</div></header>
<main>
<section id="variants"><h2>${escapeHtml(metric)} (${escapeHtml(split)}) per variant, mean ± std over seeds</h2>
${tableHtml(['variant', `A: ${a.runId}`, `B: ${b.runId}`, 'B − A'], variantRows, 'id="compare-variants"')}
<div id="chart-compare" class="chart"></div></section>
<section id="comparisons"><h2>Lift and significance</h2><div class="grid2">
<div><h3>A</h3>${tableHtml(['variant', 'metric', 'lift', 'p-value'], comparisonRows(a, 'a'))}</div>
<div><h3>B</h3>${tableHtml(['variant', 'metric', 'lift', 'p-value'], comparisonRows(b, 'b'))}</div></div></section>
<section id="shift"><h2>Shift before / after alignment</h2><div class="grid2">
<div><h3>A</h3>${tableHtml(['', 'before', 'after'], shiftRows(a, 'a'))}</div><div><h3>B</h3>${tableHtml(['', 'before', 'after'], shiftRows(b, 'b'))}</div></div></section>
<section id="cost"><h2>Cost and throughput</h2><div class="grid2">
<div><h3>A</h3>${tableHtml(['', 'value'], costRows(a, 'a'))}</div><div><h3>B</h3>${tableHtml(['', 'value'], costRows(b, 'b'))}</div></div></section>
</main>
<script type="application/json" id="compare-data">${scriptJson(chartData)}</script>
<script>${scriptSource(await readEchartsSource())}</script>
<script>${scriptSource(COMPARE_CLIENT_SCRIPT)}</script>
</body></html>
`;
  if (options.outPath !== undefined) {
    await writeFileAtomic(options.outPath, html);
    return { html, path: options.outPath };
  }
  return { html };
}

const COMPARE_CLIENT_SCRIPT = `
(function () {
  var data = JSON.parse(document.getElementById('compare-data').textContent);
  var chart = echarts.init(document.getElementById('chart-compare'));
  chart.setOption({ animation: false, tooltip: { trigger: 'axis' }, legend: { top: 0 }, grid: { left: 60, right: 20, top: 40, bottom: 70 },
    xAxis: { type: 'category', data: data.names, axisLabel: { rotate: 20 } }, yAxis: { type: 'value', scale: true, name: data.metric },
    series: [{ type: 'bar', name: 'A: ' + data.labelA, data: data.a }, { type: 'bar', name: 'B: ' + data.labelB, data: data.b }] });
  document.body.dataset.ready = 'true';
})();
`;
