/**
 * The report's browser code, as source text inlined into report.html: charts (echarts, loaded
 * before it) from the embedded metrics, and the paginated, searchable sample browser that decodes
 * the gzip+base64 sample blocks with DecompressionStream (the first block at once, the rest in the
 * background or when a page or a search needs them) and renders only the visible page.
 */
export const REPORT_CLIENT_SCRIPT = String.raw`
(function () {
  'use strict';
  var PAGE_SIZE = 25;
  var metrics = JSON.parse(document.getElementById('metrics-data').textContent);
  var charts = [];
  function fmt(value) {
    if (typeof value !== 'number' || !isFinite(value)) return String(value);
    if (Number.isInteger(value)) return value.toLocaleString('en-US');
    if (value !== 0 && Math.abs(value) < 1e-3) return value.toExponential(2);
    return value.toFixed(4);
  }
  function chart(id, option) {
    var element = document.getElementById(id);
    if (!element || typeof echarts === 'undefined') return;
    var instance = echarts.init(element, null, { renderer: 'canvas' });
    option.animation = false;
    option.tooltip = option.tooltip || { trigger: 'axis', valueFormatter: fmt };
    instance.setOption(option);
    charts.push(instance);
  }
  window.addEventListener('resize', function () { charts.forEach(function (c) { c.resize(); }); });
  function errorBars(data) {
    return {
      type: 'custom', name: '± std', z: 10, data: data, encode: { x: 0, y: [1, 2] }, tooltip: { show: false },
      renderItem: function (params, api) {
        var low = api.coord([api.value(0), api.value(1)]);
        var high = api.coord([api.value(0), api.value(2)]);
        var half = api.size([1, 0])[0] * 0.12;
        var style = { stroke: '#1d2330', lineWidth: 1.5 };
        return { type: 'group', children: [
          { type: 'line', shape: { x1: low[0], y1: low[1], x2: high[0], y2: high[1] }, style: style },
          { type: 'line', shape: { x1: low[0] - half, y1: low[1], x2: low[0] + half, y2: low[1] }, style: style },
          { type: 'line', shape: { x1: high[0] - half, y1: high[1], x2: high[0] + half, y2: high[1] }, style: style }
        ] };
      }
    };
  }
  var split = (metrics.comparisons[0] && metrics.comparisons[0].split) || 'test';
  var primary = metrics.primaryMetric;
  var variants = metrics.variants || [];
  function summaryOf(variant) { return ((variant.metrics || {})[split] || {})[primary]; }
  var names = variants.map(function (v) { return v.name; });

  var means = variants.map(function (v) { var s = summaryOf(v); return s ? s.mean : null; });
  chart('chart-lift', {
    title: { text: primary + ' (' + split + '), mean ± std over seeds', textStyle: { fontSize: 13 } },
    grid: { left: 60, right: 20, bottom: 70 },
    xAxis: { type: 'category', data: names, axisLabel: { rotate: 20 } },
    yAxis: { type: 'value', scale: true },
    series: [
      { type: 'bar', name: 'mean', data: means, itemStyle: { color: '#2f5bd3' }, barMaxWidth: 48 },
      errorBars(variants.map(function (v, i) { var s = summaryOf(v); return s ? [i, s.mean - s.std, s.mean + s.std] : [i, null, null]; }))
    ]
  });

  var baseline = variants.find(function (v) { return (v.augmenters || []).length === 0; });
  var baselineMean = baseline && summaryOf(baseline) ? summaryOf(baseline).mean : null;
  var others = variants.filter(function (v) { return v !== baseline; });
  chart('chart-ablation', {
    title: { text: 'lift over baseline in ' + primary + ' per variant', textStyle: { fontSize: 13 } },
    grid: { left: 60, right: 20, bottom: 70 },
    xAxis: { type: 'category', data: others.map(function (v) { return v.name; }), axisLabel: { rotate: 20 } },
    yAxis: { type: 'value' },
    series: [{ type: 'bar', name: 'lift', barMaxWidth: 48, data: others.map(function (v) {
      var s = summaryOf(v); var lift = s && baselineMean !== null ? s.mean - baselineMean : null;
      return { value: lift, itemStyle: { color: lift !== null && lift < 0 ? '#b42318' : '#18794e' } };
    }) }]
  });

  var sliceNames = [];
  variants.forEach(function (v) { Object.keys(v.slices || {}).forEach(function (s) { if (sliceNames.indexOf(s) < 0) sliceNames.push(s); }); });
  function sliceMean(variant, slice) { var m = ((variant.slices || {})[slice] || {})[primary]; return m ? m.mean : null; }
  chart('chart-slices', {
    title: { text: 'lift over baseline in ' + primary + ' per slice', textStyle: { fontSize: 13 } },
    legend: { top: 26, type: 'scroll' }, grid: { left: 60, right: 20, top: 70 },
    xAxis: { type: 'category', data: sliceNames }, yAxis: { type: 'value' },
    series: others.map(function (v) { return { type: 'bar', name: v.name, data: sliceNames.map(function (s) {
      var value = sliceMean(v, s); var base = baseline ? sliceMean(baseline, s) : null;
      return value === null || base === null ? null : value - base;
    }) }; })
  });

  var shift = metrics.shift || {};
  if (shift.before && shift.before.fields) {
    var firstMeasure = function (field) {
      if (!field) return null;
      if (field.kind === 'categorical') return field.jsd;
      if (field.kind === 'numeric') return field.ks ? field.ks.statistic : null;
      return field.text ? field.text.unigramJsd : null;
    };
    var afterByName = {};
    ((shift.after && shift.after.fields) || []).forEach(function (f) { afterByName[f.field] = f; });
    var labels = shift.before.fields.map(function (f) { return f.field + (f.kind === 'categorical' ? ' (JSD)' : f.kind === 'numeric' ? ' (KS)' : ' (unigram JSD)'); });
    chart('chart-shift', {
      title: { text: 'shift per field, before and after alignment', textStyle: { fontSize: 13 } },
      legend: { top: 26 }, grid: { left: 150, right: 20, top: 70 },
      yAxis: { type: 'category', data: labels }, xAxis: { type: 'value' },
      series: [
        { type: 'bar', name: 'before', data: shift.before.fields.map(firstMeasure), itemStyle: { color: '#e07b39' } },
        { type: 'bar', name: 'after', data: shift.before.fields.map(function (f) { return firstMeasure(afterByName[f.field]); }), itemStyle: { color: '#2f5bd3' } }
      ]
    });
  }

  var tableQuality = metrics.tableQuality || {};
  Object.keys(tableQuality).forEach(function (name, index) {
    var entry = tableQuality[name];
    var bar = entry.bars ? entry.bars.columnShapes : null;
    chart('chart-table-shapes-' + index, {
      title: { text: name + ': shape similarity per column', textStyle: { fontSize: 13 } },
      tooltip: { trigger: 'axis', valueFormatter: fmt },
      grid: { left: 150, right: 40, top: 40 },
      yAxis: { type: 'category', inverse: true, data: entry.shapes.map(function (s) { return s.column; }) },
      xAxis: { type: 'value', min: 0, max: 1 },
      series: [{ type: 'bar', name: 'shape similarity', barMaxWidth: 22,
        data: entry.shapes.map(function (s) { return { value: s.score, itemStyle: { color: bar !== null && s.score < bar ? '#b42318' : '#18794e' } }; }),
        markLine: bar === null ? undefined : { silent: true, symbol: 'none', lineStyle: { color: '#1d2330', type: 'dashed' }, label: { formatter: 'bar ' + bar }, data: [{ xAxis: bar }] } }]
    });
    var names = entry.columns.map(function (c) { return c.name; });
    chart('chart-table-pairs-' + index, {
      title: { text: name + ': pair-trend similarity', textStyle: { fontSize: 13 } },
      tooltip: { trigger: 'item', formatter: function (p) { return names[p.value[0]] + ' × ' + names[p.value[1]] + ': ' + fmt(p.value[2]); } },
      grid: { left: 150, right: 20, top: 40, bottom: 130 },
      xAxis: { type: 'category', data: names, axisLabel: { rotate: 40 } },
      yAxis: { type: 'category', data: names, inverse: true },
      visualMap: { min: 0, max: 1, orient: 'horizontal', left: 'center', bottom: 0, itemHeight: 120, inRange: { color: ['#b42318', '#f2c14e', '#18794e'] } },
      series: [{ type: 'heatmap', name: 'pair trend',
        data: entry.pairs.map(function (p) { return [names.indexOf(p.columns[0]), names.indexOf(p.columns[1]), p.score]; }),
        label: { show: names.length <= 10, formatter: function (p) { return p.value[2].toFixed(2); } } }]
    });
  });

  function curveSeries(key) {
    var epochs = [];
    var series = variants.filter(function (v) { return (v.curves || []).length > 0; }).map(function (v) {
      var sums = {}; var counts = {};
      v.curves.forEach(function (point) {
        if (typeof point[key] !== 'number') return;
        sums[point.epoch] = (sums[point.epoch] || 0) + point[key];
        counts[point.epoch] = (counts[point.epoch] || 0) + 1;
        if (epochs.indexOf(point.epoch) < 0) epochs.push(point.epoch);
      });
      return { type: 'line', name: v.name, showSymbol: false, data: Object.keys(sums).map(Number).sort(function (a, b) { return a - b; }).map(function (e) { return [e, sums[e] / counts[e]]; }) };
    });
    return series;
  }
  chart('chart-loss', { title: { text: 'training loss (mean over seeds)', textStyle: { fontSize: 13 } }, legend: { top: 26, type: 'scroll' }, grid: { top: 70, left: 50, right: 20 }, xAxis: { type: 'value', name: 'epoch', minInterval: 1 }, yAxis: { type: 'value', scale: true }, series: curveSeries('loss') });
  chart('chart-valid', { title: { text: 'validation metric (mean over seeds)', textStyle: { fontSize: 13 } }, legend: { top: 26, type: 'scroll' }, grid: { top: 70, left: 50, right: 20 }, xAxis: { type: 'value', name: 'epoch', minInterval: 1 }, yAxis: { type: 'value', scale: true }, series: curveSeries('valid') });

  var throughput = metrics.throughput || {};
  chart('chart-throughput', {
    title: { text: 'throughput (samples / s)', textStyle: { fontSize: 13 } }, grid: { left: 70, right: 20 },
    xAxis: { type: 'category', data: Object.keys(throughput) }, yAxis: { type: 'value' },
    series: [{ type: 'bar', name: 'samples / s', data: Object.keys(throughput).map(function (k) { return throughput[k]; }), itemStyle: { color: '#6b4fd3' }, barMaxWidth: 48 }]
  });

  var blocks = Array.prototype.map.call(document.querySelectorAll('script.samples-block'), function (element) {
    return { start: Number(element.dataset.start), count: Number(element.dataset.count), element: element, data: null, promise: null, verdicts: new Map() };
  });
  var totalCount = blocks.reduce(function (total, block) { return total + block.count; }, 0);
  var state = { query: '', kept: 'all', page: 0, matches: null, allLoaded: false };
  var rowsElement = document.getElementById('sample-rows');
  var pageElement = document.getElementById('sample-page');
  var countElement = document.getElementById('sample-count');
  var previousButton = document.getElementById('sample-prev');
  var nextButton = document.getElementById('sample-next');

  async function decodePayload(base64) {
    var bytes;
    if (typeof Uint8Array.fromBase64 === 'function') bytes = Uint8Array.fromBase64(base64);
    else {
      var binary = atob(base64); bytes = new Uint8Array(binary.length);
      for (var i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
    }
    var stream = new Blob([bytes]).stream().pipeThrough(new DecompressionStream('gzip'));
    return JSON.parse(await new Response(stream).text());
  }
  function loadBlock(block) {
    if (!block.promise) {
      block.promise = decodePayload(block.element.textContent.trim()).then(function (data) {
        block.data = data;
        block.element.textContent = '';
        return block;
      });
    }
    return block.promise;
  }
  async function loadAll() {
    for (var b = 0; b < blocks.length; b++) await loadBlock(blocks[b]);
    state.allLoaded = true;
    document.body.dataset.samplesLoaded = 'true';
  }
  function blockFor(index) {
    var low = 0; var high = blocks.length - 1;
    while (low < high) { var middle = (low + high + 1) >> 1; if (blocks[middle].start <= index) low = middle; else high = middle - 1; }
    return blocks[low];
  }
  function cell(row, text, className) {
    var td = document.createElement('td');
    if (className) td.className = className;
    if (text !== undefined && text !== null) td.textContent = text;
    row.appendChild(td);
    return td;
  }
  function pill(parent, text, className) {
    var span = document.createElement('span');
    span.className = 'pill' + (className ? ' ' + className : '');
    span.textContent = text;
    parent.appendChild(span);
    return span;
  }
  function value(data, column, j) { return data.dict[column][data.codes[column][j]]; }
  function verdictsOf(block, j) {
    var code = block.data.codes.verdicts[j];
    if (!block.verdicts.has(code)) {
      var parsed = [];
      try { parsed = JSON.parse(block.data.dict.verdicts[code] || '[]'); } catch (error) { parsed = [{ filter: '(unreadable verdicts)', kept: false, reason: String(error) }]; }
      block.verdicts.set(code, parsed);
    }
    return block.verdicts.get(code);
  }
  // Dictionary columns are tested once per distinct value, not once per row: a search over a
  // million rows then touches only the plain columns row by row.
  function matcherFor(block, pattern) {
    var d = block.data; var hits = {};
    ['original', 'augmenter', 'label', 'verdicts'].forEach(function (column) {
      hits[column] = d.dict[column].map(function (text) { return text !== null && pattern.test(text); });
    });
    return function (j) {
      return pattern.test(d.plain.id[j]) || pattern.test(d.plain.sample[j]) || (d.plain.parents[j] !== null && pattern.test(d.plain.parents[j])) ||
        hits.original[d.codes.original[j]] || hits.augmenter[d.codes.augmenter[j]] || hits.label[d.codes.label[j]] || hits.verdicts[d.codes.verdicts[j]];
    };
  }
  async function recompute() {
    var query = state.query.trim(); var wanted = state.kept;
    if (query === '' && wanted === 'all') { state.matches = null; return; }
    if (!state.allLoaded) { countElement.textContent = 'Searching all ' + totalCount.toLocaleString('en-US') + ' samples…'; await loadAll(); }
    var pattern = query === '' ? null : new RegExp(query.replace(/[.*+?^$(){}|[\]\\]/g, '\\$&'), 'i');
    var out = [];
    blocks.forEach(function (block) {
      var d = block.data; var matches = pattern ? matcherFor(block, pattern) : null;
      for (var j = 0; j < d.count; j++) {
        if (wanted !== 'all' && (d.kept.charCodeAt(j) === 49) !== (wanted === 'kept')) continue;
        if (matches && !matches(j)) continue;
        out.push(block.start + j);
      }
    });
    state.matches = out;
  }
  function drawRow(fragment, index) {
    var block = blockFor(index); var d = block.data; var j = index - block.start;
    var kept = d.kept.charCodeAt(j) === 49;
    var tr = document.createElement('tr');
    tr.dataset.sampleId = d.plain.id[j];
    cell(tr, d.plain.id[j]).className = 'small';
    cell(tr, value(d, 'augmenter', j));
    cell(tr, value(d, 'label', j));
    cell(tr, value(d, 'original', j), 'text');
    cell(tr, d.plain.sample[j], 'text');
    var lineage = cell(tr, null, 'small');
    (d.plain.parents[j] || '').split('\u001f').filter(Boolean).forEach(function (parent) { pill(lineage, parent); });
    var extra = document.createElement('div');
    extra.className = 'muted';
    var llm = value(d, 'llm', j);
    var llmText = '';
    if (llm) { try { var l = JSON.parse(llm); llmText = ' · ' + l.model + ' ' + l.promptId + '@' + l.promptVersion + ' in ' + l.tokensIn + ' out ' + l.tokensOut + (l.cacheHit ? ' (cache)' : ''); } catch (error) { llmText = ' · ' + llm; } }
    extra.textContent = 'seed ' + value(d, 'seed', j) + ' · ' + (value(d, 'params', j) || '{}') + llmText;
    lineage.appendChild(extra);
    var filters = cell(tr, null, 'small');
    pill(filters, kept ? 'kept' : 'dropped', kept ? 'keep' : 'drop');
    verdictsOf(block, j).forEach(function (verdict) {
      var line = document.createElement('div');
      pill(line, verdict.filter + (verdict.kept ? ' ✓' : ' ✗'), verdict.kept ? 'keep' : 'drop');
      var note = (verdict.reason || '') + (typeof verdict.score === 'number' ? ' (score ' + fmt(verdict.score) + ')' : '');
      if (note) line.appendChild(document.createTextNode(' ' + note));
      filters.appendChild(line);
    });
    fragment.appendChild(tr);
  }
  var renderToken = 0;
  async function render() {
    var token = ++renderToken;
    var total = state.matches ? state.matches.length : totalCount;
    var pages = Math.max(1, Math.ceil(total / PAGE_SIZE));
    if (state.page >= pages) state.page = pages - 1;
    var indices = [];
    for (var position = state.page * PAGE_SIZE; position < Math.min(total, (state.page + 1) * PAGE_SIZE); position++) indices.push(state.matches ? state.matches[position] : position);
    var needed = [];
    indices.forEach(function (index) { var block = blockFor(index); if (needed.indexOf(block) < 0) needed.push(block); });
    await Promise.all(needed.map(loadBlock));
    if (token !== renderToken) return;
    var fragment = document.createDocumentFragment();
    indices.forEach(function (index) { drawRow(fragment, index); });
    rowsElement.replaceChildren(fragment);
    pageElement.textContent = 'Page ' + (state.page + 1).toLocaleString('en-US') + ' of ' + pages.toLocaleString('en-US');
    countElement.textContent = total.toLocaleString('en-US') + ' matching of ' + totalCount.toLocaleString('en-US') + ' samples';
    previousButton.disabled = state.page === 0;
    nextButton.disabled = state.page >= pages - 1;
  }
  function fail(error) { pageElement.textContent = 'Could not read the samples: ' + error; document.body.dataset.ready = 'error'; }
  function refilter() { state.page = 0; recompute().then(render).catch(fail); }
  var timer = null;
  document.getElementById('sample-search').addEventListener('input', function (event) {
    clearTimeout(timer);
    timer = setTimeout(function () { state.query = event.target.value; refilter(); }, 150);
  });
  document.getElementById('sample-kept-filter').addEventListener('change', function (event) { state.kept = event.target.value; refilter(); });
  previousButton.addEventListener('click', function () { if (state.page > 0) { state.page--; render().catch(fail); } });
  nextButton.addEventListener('click', function () { state.page++; render().catch(fail); });

  var started = performance.now();
  if (blocks.length === 0) {
    pageElement.textContent = 'This run has no samples.parquet.';
    previousButton.disabled = true; nextButton.disabled = true;
    window.__reportTimings = { firstPageMs: 0 };
    document.body.dataset.ready = 'true';
    document.body.dataset.samplesLoaded = 'true';
  } else {
    render().then(function () {
      window.__reportTimings = { firstPageMs: performance.now() - started };
      document.body.dataset.ready = 'true';
      // The other blocks decode in the background so search and far pages are ready when wanted.
      return loadAll().then(function () { window.__reportTimings.allSamplesMs = performance.now() - started; });
    }).catch(fail);
  }
})();
`;
