/** Assembles report.html: static sections, embedded metrics and samples, echarts and the browser code inlined. */
import type { RunMetrics } from '../types.js';
import { escapeHtml, REPORT_STYLES, scriptJson, scriptSource } from './html-parts.js';
import { REPORT_CLIENT_SCRIPT } from './report-client-script.js';
import { ablationSection, costSection, curvesSection, liftSection, runSection, samplesSection, shiftSection, sliceSection, type RunInfo } from './report-sections.js';
import { tableQualitySection } from './table-quality-section.js';

/** Everything the report page is rendered from. */
export interface ReportHtmlInput {
  metrics: RunMetrics;
  run?: RunInfo;
  /** gzip+base64 sample blocks in row order (see read-samples.ts); empty when the run has no samples. */
  sampleBlocks: readonly { count: number; packed: string }[];
  sampleCount: number;
  /** Source of echarts.min.js, inlined so the page opens offline. */
  echartsSource: string;
}

/** The whole self-contained report page. */
export function renderReportHtml(input: ReportHtmlInput): string {
  const { metrics, run } = input;
  const title = `SampleForge report — ${run?.name ?? metrics.runId}`;
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; script-src 'unsafe-inline'; style-src 'unsafe-inline'; img-src data: blob:; connect-src data: blob:">
<title>${escapeHtml(title)}</title><style>${REPORT_STYLES}</style></head>
<body>
<header><h1>${escapeHtml(title)}</h1><div class="muted">run <code id="run-id">${escapeHtml(metrics.runId)}</code> · ${input.sampleCount.toLocaleString('en-US')} synthetic samples</div></header>
<nav><a href="#lift">Lift</a><a href="#ablation">Ablation</a><a href="#slices">Slices</a><a href="#shift">Shift</a><a href="#tables">Synthetic tables</a><a href="#curves">Training curves</a><a href="#cost">Cost &amp; throughput</a><a href="#samples">Samples</a><a href="#run">Run</a></nav>
<main>
${liftSection(metrics)}
${ablationSection(metrics)}
${sliceSection(metrics)}
${shiftSection(metrics)}
${tableQualitySection(metrics)}
${curvesSection()}
${costSection(metrics)}
${samplesSection(input.sampleCount)}
${runSection(metrics, run)}
</main>
<script type="application/json" id="metrics-data">${scriptJson(metrics)}</script>
${blockScripts(input.sampleBlocks)}
<script>${scriptSource(input.echartsSource)}</script>
<script>${scriptSource(REPORT_CLIENT_SCRIPT)}</script>
</body></html>
`;
}

function blockScripts(blocks: readonly { count: number; packed: string }[]): string {
  let start = 0;
  return blocks
    .map((block) => {
      const html = `<script type="application/octet-stream" class="samples-block" data-start="${start}" data-count="${block.count}">${block.packed}</script>`;
      start += block.count;
      return html;
    })
    .join('\n');
}
