// drift-monitor dashboard: reads the HTTP API of whichever instance served the page, refreshes live.
"use strict";
const REFRESH_MS = 5000;
const WINDOWS_SHOWN = 30;
const STATUS = { insufficient_data: 0, ok: 1, warn: 2, drift: 3 };
const STATUS_NAMES = ["insufficient data", "ok", "warn", "drift"];
const COLOURS = ["#9aa3ad", "#2e9d5b", "#e3a21a", "#d64541"];
const state = { model: null, signal: null, segment: null, windowStart: null, drawn: { heatmap: false, histogram: false, segments: false } };
const charts = {};

function chart(id) {
  if (!charts[id]) {
    charts[id] = echarts.init(document.getElementById(id));
    window.addEventListener("resize", () => charts[id].resize());
  }
  return charts[id];
}

async function api(path) {
  const r = await fetch(path, { headers: { Accept: "application/json" } });
  const body = await r.json().catch(() => ({}));
  if (!r.ok) throw new Error(body.detail || ("HTTP " + r.status));
  return body;
}

const compact = new Intl.NumberFormat(undefined, { notation: "compact", maximumSignificantDigits: 3 });
function binLabel(b) {
  if (b.lower === undefined && b.upper === undefined) return b.label;
  if (b.lower == null && b.upper == null) return "all";
  if (b.lower == null) return "< " + compact.format(b.upper);
  if (b.upper == null) return "≥ " + compact.format(b.lower);
  return compact.format(b.lower) + "–" + compact.format(b.upper);
}
function time(ms) { return new Date(ms).toLocaleTimeString([], { hour: "2-digit", minute: "2-digit", second: "2-digit" }); }
function dateTime(ms) { return new Date(ms).toLocaleString(); }
function cell(tr, text, cls) { const td = document.createElement("td"); td.textContent = text; if (cls) td.className = cls; tr.appendChild(td); return td; }
function badge(td, status) { td.textContent = ""; const s = document.createElement("span"); s.className = "badge " + status; s.textContent = status.replace(/_/g, " "); td.appendChild(s); }

function markRendered() {
  const done = state.drawn.heatmap && state.drawn.histogram;
  document.body.dataset.rendered = done ? "true" : "false";
}

async function refreshModels() {
  const { models } = await api("/api/v1/models");
  const body = document.getElementById("models");
  body.textContent = "";
  document.getElementById("models-empty").hidden = models.length > 0;
  if (!state.model || !models.some(m => m.model_id === state.model)) {
    const worst = [...models].sort((a, b) => (STATUS[b.status] ?? -1) - (STATUS[a.status] ?? -1))[0];
    state.model = worst ? worst.model_id : null;
    state.signal = null;
    state.segment = null;
    state.windowStart = null;
  }
  for (const m of models) {
    const tr = document.createElement("tr");
    tr.dataset.model = m.model_id;
    if (m.model_id === state.model) tr.className = "selected";
    cell(tr, m.model_id);
    badge(cell(tr, ""), m.status);
    cell(tr, m.last_window ? time(m.last_window.window_start) + "–" + time(m.last_window.window_end) + " (n=" + m.last_window.count + ")" : "–");
    cell(tr, m.records_counted.toLocaleString());
    cell(tr, m.windows_closed);
    cell(tr, m.late_records);
    cell(tr, m.baseline_version == null ? "–" : "v" + m.baseline_version);
    cell(tr, m.retrain_triggers);
    cell(tr, m.last_window && m.last_window.max_psi_signal ? m.last_window.max_psi_signal + " (" + m.last_window.max_psi.toFixed(2) + ")" : "–");
    const segments = driftingSegments(m.last_window);
    const segmentCell = cell(tr, segments.length ? segments.slice(0, 3).join(", ") + (segments.length > 3 ? " +" + (segments.length - 3) : "")
      : "–", segments.length ? "segments-drifting" : null);
    segmentCell.dataset.segments = segments.join(",");
    segmentCell.title = segments.join(", ");
    tr.addEventListener("click", () => { state.model = m.model_id; state.signal = null; state.segment = null; state.windowStart = null; refresh(); });
    body.appendChild(tr);
  }
  document.querySelectorAll(".model-name").forEach(e => { e.textContent = state.model || ""; });
}

/** The segments named in a window summary's drifting signals ("signal[segment]"), deployment roles left out. */
function driftingSegments(w) {
  if (!w || !w.drifting) return [];
  const out = new Set();
  for (const d of w.drifting) {
    const m = /\[(.+)\]$/.exec(d);
    if (m && !isRole(m[1])) out.add(m[1]);
  }
  return [...out].sort();
}
/** Role segments (deployment=challenger, …) are compared in the promotion timeline, not as cohorts. */
function isRole(segment) { return segment.startsWith("deployment="); }
function segmentKey(segment) { const i = segment.indexOf("="); return i < 0 ? segment : segment.substring(0, i); }
/** The worst decided status of some drift results; insufficient_data only if none was decided. */
function worstStatus(signals) {
  let worst = null;
  for (const s of signals) if (worst === null || (STATUS[s.status] ?? 0) > (STATUS[worst] ?? 0)) worst = s.status;
  return worst || "insufficient_data";
}

async function refreshHeatmap() {
  const { series } = await api("/api/v1/models/" + encodeURIComponent(state.model) + "/drift?limit=" + WINDOWS_SHOWN);
  const compared = series.filter(w => w.signals.length > 0);
  document.getElementById("heatmap-card").hidden = compared.length === 0;
  if (compared.length === 0) { state.drawn.heatmap = false; return null; }
  const signals = [...new Set(compared.flatMap(w => w.signals.map(s => s.signal)))].sort().reverse();
  const windows = compared.map(w => w.window_start);
  const data = [];
  compared.forEach((w, x) => w.signals.forEach(s => {
    data.push({ value: [x, signals.indexOf(s.signal), STATUS[s.status] ?? 0], signal: s });
  }));
  const c = chart("heatmap");
  c.setOption({
    animation: false,
    grid: { left: 170, right: 20, top: 10, bottom: 80 },
    tooltip: { formatter: p => { const s = p.data.signal; return s.signal + "<br>" + time(windows[p.data.value[0]]) + "<br>" + s.metric + " " +
      (s.value == null ? "–" : s.value.toFixed(4)) + " (threshold " + s.threshold + ")<br>" + s.status + ", n=" + s.window_count; } },
    xAxis: { type: "category", data: windows.map(time), splitArea: { show: true }, axisLabel: { rotate: 45 } },
    yAxis: { type: "category", data: signals, axisLabel: { width: 160, overflow: "truncate" } },
    visualMap: { type: "piecewise", dimension: 2, orient: "horizontal", left: "center", bottom: 0,
      pieces: STATUS_NAMES.map((label, i) => ({ value: i, label, color: COLOURS[i] })) },
    series: [{ type: "heatmap", data, itemStyle: { borderColor: "#fff", borderWidth: 1 }, emphasis: { itemStyle: { borderColor: "#000" } } }]
  }, true);
  c.off("click");
  c.on("click", p => { state.signal = p.data.signal.signal; state.segment = null; state.windowStart = windows[p.data.value[0]]; refreshHistogram(); });
  c.getDom().dataset.rendered = "true";
  state.drawn.heatmap = true;
  const latest = compared[compared.length - 1];
  if (!state.signal || !state.windowStart) {
    const whole = latest.signals.filter(s => s.value != null);
    const top = whole.sort((a, b) => b.value - a.value)[0] || latest.signals[0];
    state.signal = top.signal;
    state.windowStart = latest.window_start;
  }
  return latest;
}

async function refreshHistogram() {
  const h = await api("/api/v1/models/" + encodeURIComponent(state.model) + "/windows/" + state.windowStart +
    "/signals/" + encodeURIComponent(state.signal) + (state.segment ? "?segment=" + encodeURIComponent(state.segment) : ""));
  document.getElementById("histogram-card").hidden = false;
  document.getElementById("histogram-title").textContent = h.signal + (state.segment ? " [" + state.segment + "]" : "") + " · "
    + time(h.window_start) + "–" + time(h.window_end);
  document.getElementById("histogram-detail").textContent = h.metric + " = " + (h.value == null ? "–" : h.value.toFixed(4)) +
    " (threshold " + h.threshold + (h.p_value == null ? "" : ", p = " + h.p_value.toPrecision(3)) + ") · " + h.status +
    " · window n=" + h.window_count + ", baseline v" + h.baseline_version + " n=" + h.baseline_count;
  const c = chart("histogram");
  c.setOption({
    animation: false,
    legend: { top: 0 },
    tooltip: { trigger: "axis", valueFormatter: v => (100 * v).toFixed(1) + " %" },
    grid: { left: 50, right: 10, top: 30, bottom: 70 },
    xAxis: { type: "category", data: h.bins.map(binLabel), axisLabel: { rotate: 35, fontSize: 10 } },
    yAxis: { type: "value", axisLabel: { formatter: v => (100 * v).toFixed(0) + "%" } },
    series: [
      { name: "baseline", type: "bar", data: h.bins.map(b => b.baseline_share), itemStyle: { color: "#7b8794" } },
      { name: "window", type: "bar", data: h.bins.map(b => b.window_share), itemStyle: { color: COLOURS[STATUS[h.status] ?? 1] } }
    ]
  }, true);
  c.getDom().dataset.rendered = "true";
  state.drawn.histogram = true;
  markRendered();
}

async function refreshSegments(performance) {
  const { series } = await api("/api/v1/models/" + encodeURIComponent(state.model) + "/drift?segment=*&limit=" + WINDOWS_SHOWN);
  const compared = series.filter(w => w.signals.some(s => s.segment && !isRole(s.segment)));
  const card = document.getElementById("segments-card");
  card.hidden = compared.length === 0;
  if (compared.length === 0) { state.drawn.segments = false; return; }
  const latest = compared[compared.length - 1];
  const bySegment = {};
  for (const s of latest.signals) {
    if (!s.segment || isRole(s.segment)) continue;
    (bySegment[s.segment] = bySegment[s.segment] || []).push(s);
  }
  const gaps = {};
  const perfWindow = latestWithWorstSegments(performance);
  if (perfWindow) for (const g of perfWindow.worst_segments) gaps[g.segment] = g;
  const rows = Object.keys(bySegment).map(segment => {
    const signals = bySegment[segment];
    const flagged = signals.filter(s => s.status === "drift" || s.status === "warn")
      .sort((a, b) => (STATUS[b.status] - STATUS[a.status]) || ((b.value ?? 0) - (a.value ?? 0)));
    return { segment, status: worstStatus(signals), flagged, n: Math.max(0, ...signals.map(s => s.window_count || 0)), gap: gaps[segment] };
  });
  const gapOf = r => r.gap && r.gap.model_value != null ? r.gap.value - r.gap.model_value : 0;
  rows.sort((a, b) => (STATUS[b.status] - STATUS[a.status]) || (gapOf(a) - gapOf(b)) || a.segment.localeCompare(b.segment));
  const body = document.getElementById("segments");
  body.textContent = "";
  for (const r of rows) {
    const tr = document.createElement("tr");
    tr.dataset.segment = r.segment;
    tr.dataset.status = r.status;
    cell(tr, r.segment);
    badge(cell(tr, ""), r.status);
    cell(tr, r.flagged.length ? r.flagged.slice(0, 4).map(s => s.signal + " " + (s.value == null ? "" : s.value.toFixed(2))).join(", ")
      + (r.flagged.length > 4 ? " +" + (r.flagged.length - 4) : "") : "–");
    cell(tr, r.n.toLocaleString());
    cell(tr, r.gap ? r.gap.metric + " " + r.gap.value.toFixed(3) : "–");
    const gap = r.gap && r.gap.model_value != null ? r.gap.value - r.gap.model_value : null;
    const lowerIsBetter = r.gap && (r.gap.metric === "mae" || r.gap.metric === "rmse");
    cell(tr, gap == null ? "–" : (gap >= 0 ? "+" : "") + gap.toFixed(3),
      gap == null ? null : ((gap < 0) !== lowerIsBetter ? "gap-negative" : "gap-positive"));
    cell(tr, r.gap ? r.gap.labeled.toLocaleString() : "–");
    tr.addEventListener("click", () => {
      const top = r.flagged[0] || bySegment[r.segment][0];
      state.segment = r.segment; state.signal = top.signal; state.windowStart = latest.window_start; refreshHistogram();
    });
    body.appendChild(tr);
  }
  drawSegmentHeatmaps(compared);
  state.drawn.segments = true;
}

/** One heat map per segment key (country, tier, …): segments × windows, the worst status of each cell. */
function drawSegmentHeatmaps(compared) {
  const container = document.getElementById("segment-heatmaps");
  const windows = compared.map(w => w.window_start);
  const cells = {};
  compared.forEach((w, x) => {
    const bySegment = {};
    for (const s of w.signals) if (s.segment && !isRole(s.segment)) (bySegment[s.segment] = bySegment[s.segment] || []).push(s);
    for (const [segment, signals] of Object.entries(bySegment)) {
      const key = segmentKey(segment);
      (cells[key] = cells[key] || { segments: new Set(), data: [] }).segments.add(segment);
      const flagged = signals.filter(s => s.status === "drift" || s.status === "warn").map(s => s.signal);
      cells[key].data.push({ x, segment, status: worstStatus(signals), flagged, n: Math.max(0, ...signals.map(s => s.window_count || 0)) });
    }
  });
  const keys = Object.keys(cells).sort();
  if (state.segmentKeysOf !== state.model + "|" + keys.join(",")) {
    for (const id of Object.keys(charts)) if (id.startsWith("segment-heatmap-")) { charts[id].dispose(); delete charts[id]; }
    container.textContent = "";
    for (const key of keys) {
      const box = document.createElement("div");
      box.className = "segment-heatmap";
      const title = document.createElement("h4");
      title.textContent = key;
      const div = document.createElement("div");
      div.className = "chart";
      div.id = "segment-heatmap-" + key.replace(/[^A-Za-z0-9_-]/g, "_");
      div.style.height = Math.max(120, 30 * cells[key].segments.size + 80) + "px";
      box.append(title, div);
      container.appendChild(box);
    }
    state.segmentKeysOf = state.model + "|" + keys.join(",");
  }
  for (const key of keys) {
    const segments = [...cells[key].segments].sort().reverse();
    const id = "segment-heatmap-" + key.replace(/[^A-Za-z0-9_-]/g, "_");
    const c = chart(id);
    const data = cells[key].data.map(d => ({ value: [d.x, segments.indexOf(d.segment), STATUS[d.status] ?? 0], cell: d }));
    c.setOption({
      animation: false,
      grid: { left: 170, right: 20, top: 5, bottom: 45 },
      tooltip: { formatter: p => { const d = p.data.cell; return d.segment + "<br>" + time(windows[d.x]) + "<br>" + d.status.replace(/_/g, " ")
        + ", n=" + d.n + (d.flagged.length ? "<br>" + d.flagged.slice(0, 8).join("<br>") : ""); } },
      xAxis: { type: "category", data: windows.map(time), splitArea: { show: true }, axisLabel: { rotate: 45, fontSize: 10 } },
      yAxis: { type: "category", data: segments, axisLabel: { width: 160, overflow: "truncate" } },
      visualMap: { type: "piecewise", dimension: 2, show: false, pieces: STATUS_NAMES.map((label, i) => ({ value: i, label, color: COLOURS[i] })) },
      series: [{ type: "heatmap", data, itemStyle: { borderColor: "#fff", borderWidth: 1 } }]
    }, true);
    c.getDom().dataset.rendered = "true";
  }
}

function latestWithWorstSegments(performance) {
  if (!performance) return null;
  for (let i = performance.series.length - 1; i >= 0; i--) {
    if ((performance.series[i].worst_segments || []).length > 0) return performance.series[i];
  }
  return null;
}

/** The latest window's worst segments (lowest accuracy, AUC or F1; highest MAE or RMSE) as their gap to the model. */
function refreshSegmentGaps(performance) {
  const w = latestWithWorstSegments(performance);
  const card = document.getElementById("segment-gaps-card");
  card.hidden = !w;
  if (!w) return;
  const rows = w.worst_segments.filter(g => g.model_value != null).slice().reverse();
  const metric = rows.length ? rows[0].metric : "";
  const lowerIsBetter = metric === "mae" || metric === "rmse";
  document.getElementById("segment-gaps-detail").textContent = metric + " of each segment minus the whole model's ("
    + (w.worst_segments[0] && w.worst_segments[0].model_value != null ? w.worst_segments[0].model_value.toFixed(3) : "–")
    + ") in the window " + time(w.window_start) + "–" + time(w.window_end) + "; segments with too few labels are left out.";
  const c = chart("segment-gaps");
  c.setOption({
    animation: false,
    grid: { left: 170, right: 30, top: 10, bottom: 30 },
    tooltip: { formatter: p => { const g = p.data.gap; return g.segment + "<br>" + g.metric + " " + g.value.toFixed(3) + " vs model "
      + g.model_value.toFixed(3) + "<br>" + g.labeled + " labels"; } },
    xAxis: { type: "value", name: metric + " gap" },
    yAxis: { type: "category", data: rows.map(g => g.segment), axisLabel: { width: 160, overflow: "truncate" } },
    series: [{ type: "bar", data: rows.map(g => {
      const gap = g.value - g.model_value;
      return { value: gap, gap: g, itemStyle: { color: (gap < 0) !== lowerIsBetter ? COLOURS[3] : COLOURS[1] } };
    }) }]
  }, true);
  c.getDom().dataset.rendered = "true";
}

function duration(ms) {
  if (ms == null) return "–";
  if (ms < 1000) return Math.round(ms) + " ms";
  if (ms < 120000) return (ms / 1000).toFixed(1) + " s";
  if (ms < 7200000) return (ms / 60000).toFixed(1) + " min";
  if (ms < 172800000) return (ms / 3600000).toFixed(1) + " h";
  return (ms / 86400000).toFixed(1) + " d";
}

/** Label coverage (share of the window's predictions with a label) and label delay percentiles per window. */
function refreshLabels(performance) {
  const card = document.getElementById("labels-card");
  const series = performance ? performance.series : [];
  card.hidden = series.length === 0;
  if (series.length === 0) return;
  const v = (p, m) => p.metrics[m] === undefined ? null : p.metrics[m];
  const last = series[series.length - 1];
  document.getElementById("labels-detail").textContent = "Labels counted " + performance.labels_counted.toLocaleString()
    + " · unmatched " + performance.unmatched_labels.toLocaleString() + " · expired " + performance.expired_labels.toLocaleString()
    + " · latest window: coverage " + (v(last, "label_coverage") == null ? "–" : (100 * v(last, "label_coverage")).toFixed(1) + " %")
    + (v(last, "label_delay_p50_ms") == null ? ", no label delay measured (labels that came with their predictions have none)"
      : ", delay p50 " + duration(v(last, "label_delay_p50_ms")) + ", p99 " + duration(v(last, "label_delay_p99_ms")));
  const c = chart("labels");
  c.setOption({
    animation: false,
    legend: { top: 0 },
    grid: { left: 60, right: 50, top: 30, bottom: 30 },
    tooltip: { trigger: "axis", formatter: ps => time(series[ps[0].dataIndex].window_start) + ps.map(p => "<br>" + p.seriesName + ": "
      + (p.value == null ? "–" : p.seriesName === "label coverage" ? (100 * p.value).toFixed(1) + " %" : duration(p.value))).join("") },
    xAxis: { type: "category", data: series.map(p => time(p.window_start)) },
    yAxis: [{ type: "value", name: "delay", axisLabel: { formatter: duration } },
      { type: "value", min: 0, max: 1, name: "coverage", axisLabel: { formatter: x => (100 * x).toFixed(0) + "%" } }],
    series: [
      { name: "label coverage", type: "bar", yAxisIndex: 1, itemStyle: { color: "#9fb8e0" }, data: series.map(p => v(p, "label_coverage")) },
      { name: "delay p50", type: "line", showSymbol: true, data: series.map(p => v(p, "label_delay_p50_ms")) },
      { name: "delay p99", type: "line", showSymbol: true, lineStyle: { type: "dashed" }, data: series.map(p => v(p, "label_delay_p99_ms")) }
    ]
  }, true);
  c.getDom().dataset.rendered = "true";
}

const DECISION_COLORS = { promote: "#2e9e5b", keep: "#8a94a6", rollback: "#d64545" };

async function refreshRetrains() {
  const path = "/api/v1/models/" + encodeURIComponent(state.model);
  const [{ events }, promotions] = await Promise.all([api(path + "/retrain-events?limit=50"),
    api(path + "/promotions?limit=50").then(r => r.events.filter(p => p.decision)).catch(() => [])]); // concluded experiments
  const card = document.getElementById("retrain-card");
  card.hidden = events.length === 0 && promotions.length === 0;
  if (card.hidden) return;
  const retrainRows = [...new Set(events.map(e => e.trigger))].sort().map(t => "retrain: " + t);
  const promotionRows = [...new Set(promotions.map(p => p.decision))].sort().map(d => "promotion: " + d);
  const c = chart("retrains");
  c.setOption({
    animation: false,
    grid: { left: 130, right: 20, top: 10, bottom: 30 },
    tooltip: { formatter: p => p.data.tooltip },
    xAxis: { type: "time", min: v => v.min - 60000, max: v => v.max + 60000 },
    yAxis: { type: "category", data: retrainRows.concat(promotionRows) },
    series: [
      { type: "scatter", symbolSize: 14, itemStyle: { color: "#3867d6" },
        data: events.map(e => ({ value: [e.window_end, "retrain: " + e.trigger],
          tooltip: e.trigger + " retrain<br>window end " + dateTime(e.window_end) + "<br>" +
            (e.reason || (e.reasons || []).map(r => r.signal + (r.segment ? "[" + r.segment + "]" : "") + " " + r.metric + " "
              + Number(r.value).toFixed(3)).join("<br>")) })) },
      { type: "scatter", symbol: "diamond", symbolSize: 14,
        data: promotions.map(p => ({ value: [p.window_end, "promotion: " + p.decision],
          itemStyle: { color: DECISION_COLORS[p.decision] || "#555" },
          tooltip: p.decision + " " + (p.challenger_version || p.role) + " vs champion " + (p.champion_version || "") +
            "<br>" + p.metric + " " + Number(p.challenger_value).toFixed(3) + " vs " + Number(p.champion_value).toFixed(3) +
            " (p = " + Number(p.p_value).toPrecision(3) + ", n = " + p.n + ")" })) }
    ]
  }, true);
  c.getDom().dataset.rendered = "true";
  const list = document.getElementById("retrain-list");
  list.textContent = "";
  const items = events.map(e => ({ at: e.window_end, text: dateTime(e.triggered_at) + " · retrain · " + e.trigger + " · "
      + (e.reason || (e.reasons || []).map(r => r.signal + (r.segment ? "[" + r.segment + "]" : "")).join(", "))
      + " · event " + e.event_id }))
    .concat(promotions.map(p => ({ at: p.window_end, text: dateTime(p.window_end) + " · promotion · " + p.decision + " "
      + (p.challenger_version || p.role) + " · " + p.metric + " " + Number(p.challenger_value).toFixed(3) + " vs "
      + Number(p.champion_value).toFixed(3) + " · event " + p.event_id })));
  items.sort((a, b) => b.at - a.at);
  for (const item of items.slice(0, 8)) {
    const li = document.createElement("li");
    li.textContent = item.text;
    list.appendChild(li);
  }
}

const PERFORMANCE_METRICS = ["accuracy", "f1", "roc_auc", "mae", "rmse"];

async function refreshPerformance() {
  const performance = await api("/api/v1/models/" + encodeURIComponent(state.model) + "/performance?limit=" + WINDOWS_SHOWN);
  const { series } = performance;
  const card = document.getElementById("performance-card");
  card.hidden = series.length === 0;
  if (series.length === 0) return performance;
  const shown = PERFORMANCE_METRICS.filter(m => series.some(p => p.metrics[m] !== undefined)).slice(0, 3);
  const value = (p, m) => p.metrics[m] === undefined ? null : p.metrics[m];
  const lines = shown.map(m => ({ name: m, type: "line", showSymbol: true, yAxisIndex: 0,
    data: series.map(p => value(p, m)) }));
  lines.push({ name: "label coverage", type: "line", showSymbol: true, yAxisIndex: 1, lineStyle: { type: "dashed" },
    data: series.map(p => value(p, "label_coverage")) });
  const c = chart("performance");
  c.setOption({
    animation: false,
    legend: { top: 0 },
    grid: { left: 50, right: 50, top: 30, bottom: 30 },
    tooltip: { trigger: "axis" },
    // One category per window, like the heat map: a time axis would stretch a single window over days.
    xAxis: { type: "category", data: series.map(p => time(p.window_start)) },
    yAxis: [{ type: "value", scale: true }, { type: "value", min: 0, max: 1, name: "coverage" }],
    series: lines
  }, true);
  c.getDom().dataset.rendered = "true";
  return performance;
}

async function refresh() {
  try {
    await refreshModels();
    if (state.model) {
      const latest = await refreshHeatmap();
      if (latest) await refreshHistogram();
      const performance = await refreshPerformance();
      await refreshSegments(performance);
      refreshSegmentGaps(performance);
      refreshLabels(performance);
      await refreshRetrains();
    }
    document.getElementById("updated").textContent = "updated " + new Date().toLocaleTimeString();
  } catch (e) {
    document.getElementById("updated").textContent = "not updated: " + e.message;
  }
  markRendered();
}

async function loop() {
  await refresh();
  setTimeout(loop, REFRESH_MS);
}
loop();
