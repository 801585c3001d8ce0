/** The report's synthetic-tables section: each `tables` entry's scores against their bars, per-column shapes, weakest pairs and privacy, from `metrics.tableQuality`. */
import type { RunMetrics, TableQualityMetrics } from '../types.js';
import { escapeHtml, numberHtml, tableHtml } from './html-parts.js';

/** Pairs listed per entry (the lowest scores; the heatmap shows them all). */
export const WEAKEST_PAIRS_SHOWN = 10;

const SCORES = [
  { key: 'columnShapes', label: 'column shapes', direction: '≥', meaning: 'mean of 1 - KS (numeric) or 1 - total variation distance (categorical) per column' },
  { key: 'pairTrends', label: 'pair trends', direction: '≥', meaning: 'mean of correlation similarity (two numeric columns) or contingency similarity (any other pair)' },
  { key: 'detectionAuc', label: 'detection AUC', direction: '≤', meaning: 'held-out ROC AUC of a logistic real-vs-synthetic classifier; 0.5 = indistinguishable' },
  { key: 'copies', label: 'copies of real rows', direction: '≤', meaning: 'synthetic rows equal to a real row on the modelled columns' },
] as const;

function verdict(passed: boolean | undefined): string {
  return passed === undefined ? '' : passed ? '<span class="pill keep">meets bar</span>' : '<span class="pill drop">below bar</span>';
}

function entryHtml(name: string, entry: TableQualityMetrics, index: number): string {
  const base = `tableQuality[${JSON.stringify(name)}]`;
  const scoreRows = SCORES.map((score) => [
    `${escapeHtml(score.label)}<div class="small muted">${escapeHtml(score.meaning)}</div>`,
    numberHtml(entry[score.key], `${base}.${score.key}`),
    `${score.direction} ${numberHtml(entry.bars?.[score.key], `${base}.bars.${score.key}`)}`,
    score.key === 'copies' ? '<span class="muted">–</span>' : numberHtml(entry.bootstrap?.[score.key], `${base}.bootstrap.${score.key}`),
    verdict(entry.passed?.[score.key]),
  ]);
  const kinds = new Map(entry.columns.map((column) => [column.name, column.kind]));
  const shapeRows = entry.shapes.map((shape, position) => [
    `<code>${escapeHtml(shape.column)}</code>`,
    escapeHtml(kinds.get(shape.column) ?? ''),
    escapeHtml(shape.metric),
    `${numberHtml(shape.score, `${base}.shapes[${position}].score`)} ${shape.score >= (entry.bars?.columnShapes ?? 0) ? '' : '<span class="pill drop">below</span>'}`,
  ]);
  const weakest = entry.pairs
    .map((pair, position) => ({ pair, position }))
    .sort((a, b) => a.pair.score - b.pair.score || a.position - b.position)
    .slice(0, WEAKEST_PAIRS_SHOWN);
  const pairRows = weakest.map(({ pair, position }) => [
    `<code>${escapeHtml(pair.columns[0])}</code> × <code>${escapeHtml(pair.columns[1])}</code>`,
    escapeHtml(pair.metric),
    numberHtml(pair.score, `${base}.pairs[${position}].score`),
    pair.real === undefined ? '<span class="muted">–</span>' : `${numberHtml(pair.real, `${base}.pairs[${position}].real`)} → ${numberHtml(pair.synthetic, `${base}.pairs[${position}].synthetic`)}`,
  ]);
  const dcrRows = (['synthetic', 'realToReal'] as const).map((side) => [
    side === 'synthetic' ? 'synthetic row → closest real row' : 'real row → closest other real row (yardstick)',
    ...(['min', 'p05', 'median'] as const).map((stat) => numberHtml(entry.privacy[side][stat], `${base}.privacy.${side}.${stat}`)),
  ]);
  const facts = [
    `<span class="pill">${escapeHtml(entry.augmenter)}</span>`,
    `source <code>${escapeHtml(entry.source)}</code>`,
    entry.conditionOn === undefined ? '' : `conditioned on <code>${escapeHtml(entry.conditionOn)}</code>`,
    entry.generalize === undefined ? '' : `generalised ${Object.entries(entry.generalize).map(([column, length]) => `<code>${escapeHtml(column)}</code> to ${length} character${length === 1 ? '' : 's'}`).join(', ')}`,
    entry.conditions === undefined ? '' : `fixed ${Object.entries(entry.conditions).map(([column, value]) => `<code>${escapeHtml(column)} = ${escapeHtml(String(value))}</code>`).join(', ')}`,
    `seed <code>${escapeHtml(String(entry.seed))}</code>`,
    `rows <code>${escapeHtml(entry.file)}</code>`,
  ].filter((part) => part !== '');
  const counts = [
    ['real rows (fitted on)', numberHtml(entry.realRows, `${base}.realRows`)],
    ['rows asked for', entry.requestedRows === null ? '<span class="muted">SMOTE: thin classes grown to their target</span>' : numberHtml(entry.requestedRows, `${base}.requestedRows`)],
    ['synthetic rows', numberHtml(entry.syntheticRows, `${base}.syntheticRows`)],
    ['drawn copies refused and redrawn', numberHtml(entry.refusedCopies, `${base}.refusedCopies`)],
    ['rows scored (real / synthetic)', `${numberHtml(entry.scoredRows.real, `${base}.scoredRows.real`)} / ${numberHtml(entry.scoredRows.synthetic, `${base}.scoredRows.synthetic`)}`],
    ['seconds (synthesis / scoring)', `${numberHtml(entry.seconds.synthesis, `${base}.seconds.synthesis`)} / ${numberHtml(entry.seconds.quality, `${base}.seconds.quality`)}`],
  ];
  const skipped = entry.skippedColumns.map((column) => `<li><code>${escapeHtml(column.column)}</code>: ${escapeHtml(column.reason)}</li>`).join('');
  return `<div class="table-entry" data-entry="${escapeHtml(name)}">
<h3>${escapeHtml(name)}</h3>
<p class="small">${facts.join(' · ')}</p>
<div class="grid2"><div>${tableHtml(['score', 'value', 'bar', 'bootstrap of real rows', ''], scoreRows, `class="table-scores"`)}</div><div>${tableHtml(['', 'value'], counts, 'class="table-counts"')}</div></div>
<div class="grid2"><div>${tableHtml(['column', 'kind', 'measure', 'shape similarity'], shapeRows, 'class="table-shapes"')}</div><div id="chart-table-shapes-${index}" class="chart"></div></div>
<h4 class="small muted">Weakest pair trends (${Math.min(WEAKEST_PAIRS_SHOWN, entry.pairs.length)} of ${entry.pairs.length} pairs; all in the heatmap)</h4>
<div class="grid2"><div>${tableHtml(['pair', 'measure', 'similarity', 'correlation real → synthetic'], pairRows, 'class="table-pairs"')}</div><div id="chart-table-pairs-${index}" class="chart" style="height:380px"></div></div>
<h4 class="small muted">Distance to the closest record (Gower, 0 = identical, 1 = different in every column)</h4>
${tableHtml(['', 'min', '5th percentile', 'median'], dcrRows, 'class="table-dcr"')}
${skipped === '' ? '' : `<details><summary class="small muted">Columns left out of the defaults</summary><ul class="small">${skipped}</ul></details>`}
</div>`;
}

/** Synthetic users/items tables (config `tables`): each entry's quality against issue 8's bars. */
export function tableQualitySection(metrics: RunMetrics): string {
  const entries = Object.entries(metrics.tableQuality ?? {});
  if (entries.length === 0) {
    return `<section id="tables"><h2>Synthetic tables</h2><p class="muted">This run synthesized no users or items table (config section <code>tables</code>).</p></section>`;
  }
  const summaryRows = entries.map(([name, entry]) => {
    const base = `tableQuality[${JSON.stringify(name)}]`;
    return [
      `<a href="#table-entry-${entries.findIndex(([other]) => other === name)}">${escapeHtml(name)}</a>`,
      `<code>${escapeHtml(entry.source)}</code>`,
      numberHtml(entry.syntheticRows, `${base}.syntheticRows`),
      ...SCORES.map((score) => `${numberHtml(entry[score.key], `${base}.${score.key}`)} ${verdict(entry.passed?.[score.key])}`),
    ];
  });
  return `<section id="tables"><h2>Synthetic tables</h2>
<p class="muted">Each synthesizer is fitted on the real table and its rows are scored against it: shapes and pair trends as SDMetrics defines them, a real-vs-synthetic classifier's AUC, and copies of real rows (refused while sampling, so 0 unless refusal failed). The bootstrap column scores a resample of the real rows the same way: the ceiling that sampling noise alone leaves at this size.</p>
${tableHtml(['entry', 'source', 'rows', 'column shapes', 'pair trends', 'detection AUC', 'copies'], summaryRows, 'id="tables-summary"')}
${entries.map(([name, entry], index) => `<div id="table-entry-${index}">${entryHtml(name, entry, index)}</div>`).join('\n')}
</section>`;
}
