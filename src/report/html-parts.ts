/** Small HTML builders shared by the report and the run comparison. */
import { formatNumber } from './format-number.js';

/** Escapes text for HTML element content and attribute values. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (char) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[char] ?? char);
}

/**
 * A number as shown in the report: formatted text, the exact value in `data-value`, and its path in
 * metrics.json in `data-metric`, so a test can check every shown number against the file.
 */
export function numberHtml(value: unknown, path: string): string {
  if (typeof value !== 'number') return '<span class="muted">–</span>';
  return `<span class="num" data-metric="${escapeHtml(path)}" data-value="${escapeHtml(String(value))}" title="${escapeHtml(String(value))}">${escapeHtml(formatNumber(value))}</span>`;
}

/** A table from a header row and body rows of ready HTML cells. */
export function tableHtml(headers: readonly string[], rows: readonly (readonly string[])[], attributes = ''): string {
  if (rows.length === 0) return '<p class="muted">No data in this run.</p>';
  const head = headers.map((header) => `<th>${escapeHtml(header)}</th>`).join('');
  const body = rows.map((row) => `<tr>${row.map((cell) => `<td>${cell}</td>`).join('')}</tr>`).join('\n');
  return `<table ${attributes}><thead><tr>${head}</tr></thead><tbody>${body}</tbody></table>`;
}

/** JSON safe to place inside a `<script type="application/json">` element. */
export function scriptJson(value: unknown): string {
  return JSON.stringify(value).replace(/</g, '\\u003c').replace(/\u2028/g, '\\u2028').replace(/\u2029/g, '\\u2029');
}

/** JavaScript source safe to place inside a `<script>` element. */
export function scriptSource(source: string): string {
  return source.replace(/<\/script/gi, '<\\/script');
}

/** The page styles, shared by the report and the comparison. */
export const REPORT_STYLES = `
:root { --fg:#1d2330; --muted:#6b7385; --line:#dfe3ea; --bg:#f6f7f9; --card:#fff; --good:#18794e; --bad:#b42318; --accent:#2f5bd3; }
* { box-sizing: border-box; }
body { margin:0; font:14px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif; color:var(--fg); background:var(--bg); }
header { padding:20px 28px 12px; background:var(--card); border-bottom:1px solid var(--line); }
header h1 { margin:0 0 4px; font-size:22px; }
nav { display:flex; gap:14px; flex-wrap:wrap; padding:8px 28px; background:var(--card); border-bottom:1px solid var(--line); position:sticky; top:0; z-index:5; }
nav a { color:var(--accent); text-decoration:none; font-weight:500; }
main { padding:18px 28px 40px; max-width:1400px; }
section { background:var(--card); border:1px solid var(--line); border-radius:8px; padding:16px 20px; margin:0 0 18px; }
section h2 { margin:0 0 10px; font-size:17px; }
table { border-collapse:collapse; width:100%; margin:6px 0 10px; }
th, td { text-align:left; padding:5px 8px; border-bottom:1px solid var(--line); vertical-align:top; }
th { font-weight:600; color:var(--muted); font-size:12px; text-transform:uppercase; letter-spacing:.03em; }
.num { font-variant-numeric:tabular-nums; }
.muted { color:var(--muted); }
.good { color:var(--good); font-weight:600; }
.bad { color:var(--bad); font-weight:600; }
.chart { width:100%; height:320px; }
.grid2 { display:grid; grid-template-columns:1fr 1fr; gap:16px; }
.pill { display:inline-block; padding:1px 7px; border-radius:10px; font-size:12px; background:#eef1f6; margin:1px 3px 1px 0; }
.pill.drop { background:#fde8e7; color:var(--bad); }
.pill.keep { background:#e5f4ec; color:var(--good); }
.controls { display:flex; gap:10px; align-items:center; flex-wrap:wrap; margin-bottom:8px; }
.controls input[type=search] { padding:6px 10px; min-width:320px; border:1px solid var(--line); border-radius:6px; font:inherit; }
.controls button, .controls select { padding:5px 12px; border:1px solid var(--line); border-radius:6px; background:#fff; font:inherit; cursor:pointer; }
.controls button:disabled { opacity:.45; cursor:default; }
#sample-rows td { font-size:13px; }
#sample-rows td.text { max-width:360px; white-space:pre-wrap; word-break:break-word; }
.small { font-size:12px; }
`;
