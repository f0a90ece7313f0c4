// Small SVG/HTML chart templates (no chart library: the card must load fast on a Raspberry Pi).
import { html, nothing, svg, type TemplateResult } from "lit";
import {
  areaPath,
  bucketLabel,
  donutArcs,
  durationLabel,
  formatCompact,
  groupFactor,
  groupSums,
  linePath,
  niceMax,
  percentages,
  stack,
  tickIndices,
  toPoints,
} from "./shape.ts";
import type { Range } from "./types.ts";

// Ten distinguishable hues; themes can override each with --netwatch-color-N.
const PALETTE = [
  "#4e79a7", "#f28e2b", "#59a14f", "#e15759", "#76b7b2",
  "#edc948", "#b07aa1", "#ff9da7", "#9c755f", "#8cd17d",
];
export const OTHER_COLOR = "var(--netwatch-color-other, var(--disabled-text-color, #9e9e9e))";

/** Return the theme-overridable colour for series `i`. */
export function color(i: number): string {
  return `var(--netwatch-color-${i + 1}, ${PALETTE[i % PALETTE.length]})`;
}

export interface TimeSeries {
  label: string;
  counts: readonly number[];
  color: string;
}

export interface TimeAxis {
  buckets: readonly number[];
  bucketSeconds: number;
  range: Range;
  language: string;
  timeZone?: string;
}

const W = 1000;
const H = 200;

/** Draw stacked series over time as areas or bars, with axes and hover titles. */
export function timeChart(series: readonly TimeSeries[], axis: TimeAxis, mode: "area" | "bars"): TemplateResult {
  const maxPoints = mode === "bars" ? 96 : 120;
  const factor = groupFactor(axis.buckets.length, axis.bucketSeconds, maxPoints);
  const grouped = series.map((s) => groupSums(s.counts, factor));
  const starts = axis.buckets.filter((_, i) => i % factor === 0);
  const stacked = stack(grouped);
  const top = stacked.length ? stacked[stacked.length - 1] : [];
  const max = niceMax(Math.max(0, ...top));
  const n = starts.length;
  const shapes = mode === "bars" ? barShapes(stacked, series, max, n) : areaShapes(stacked, series, max);
  const denom = mode === "bars" ? n : Math.max(1, n - 1);
  // Labels are centred on their tick: drop ticks so close to an edge that the label would be cut.
  const ticks = tickIndices(starts, axis.range, axis.timeZone)
    .map((i) => [i, n <= 1 ? 50 : (i / denom) * 100] as const)
    .filter(([, pos]) => pos >= 4 && pos <= 96);
  const per = durationLabel(factor * axis.bucketSeconds);
  return html`
    <div class="timechart">
      <div class="yaxis"><span>${formatCompact(max, axis.language)}</span><span>0</span></div>
      <div class="plotwrap">
        <svg class="plot" viewBox="0 0 ${W} ${H}" preserveAspectRatio="none" role="img">
          ${[0.25, 0.5, 0.75].map((f) => svg`<line class="gridline" x1="0" x2="${W}" y1="${H * f}" y2="${H * f}"></line>`)}
          ${shapes}
          ${hoverColumns(grouped, series, starts, axis, per)}
        </svg>
        <div class="xaxis">
          ${ticks.map(
            ([i, pos]) =>
              html`<span style="left:${pos.toFixed(2)}%">${bucketLabel(starts[i], axis.range, axis.language, axis.timeZone)}</span>`,
          )}
        </div>
      </div>
    </div>
    <div class="caption">per ${per}</div>
    ${legend(series.map((s) => ({ label: s.label, color: s.color })))}
  `;
}

function areaShapes(stacked: number[][], series: readonly TimeSeries[], max: number): TemplateResult[] {
  const zero = toPoints(new Array<number>(stacked[0]?.length ?? 0).fill(0), W, H, max);
  let lower = zero;
  return stacked.map((row, i) => {
    const upper = toPoints(row, W, H, max);
    const out = svg`<path class="area" d="${areaPath(upper, lower)}" fill="${series[i].color}"></path>
      <path class="line" d="${linePath(upper)}" stroke="${series[i].color}"></path>`;
    lower = upper;
    return out;
  });
}

function barShapes(stacked: number[][], series: readonly TimeSeries[], max: number, n: number): TemplateResult[] {
  const slot = W / Math.max(1, n);
  const width = Math.max(1, slot * 0.8);
  const scale = H / max;
  const out: TemplateResult[] = [];
  stacked.forEach((row, si) => {
    const below = si > 0 ? stacked[si - 1] : null;
    const rects: TemplateResult[] = [];
    row.forEach((v, k) => {
      const base = below ? below[k] : 0;
      if (v - base <= 0) return;
      const y = H - v * scale;
      rects.push(svg`<rect x="${(k * slot + (slot - width) / 2).toFixed(1)}" y="${y.toFixed(1)}"
        width="${width.toFixed(1)}" height="${((v - base) * scale).toFixed(1)}"></rect>`);
    });
    out.push(svg`<g fill="${series[si].color}">${rects}</g>`);
  });
  return out;
}

function hoverColumns(
  grouped: number[][],
  series: readonly TimeSeries[],
  starts: readonly number[],
  axis: TimeAxis,
  per: string,
): TemplateResult {
  const slot = W / Math.max(1, starts.length);
  return svg`<g class="hover">${starts.map((start, k) => {
    const lines = series
      .map((s, si) => [s.label, grouped[si][k] ?? 0] as const)
      .filter(([, v]) => v > 0)
      .map(([label, v]) => `${label}: ${v}`);
    const title = `${bucketLabel(start, axis.range, axis.language, axis.timeZone)} (+${per})\n${lines.join("\n") || "none"}`;
    return svg`<rect x="${(k * slot).toFixed(1)}" y="0" width="${slot.toFixed(1)}" height="${H}"><title>${title}</title></rect>`;
  })}</g>`;
}

export interface Slice {
  label: string;
  value: number;
  color: string;
  detail?: string;
}

/** Draw a donut with a centre text and a legend carrying counts and percentages. */
export function donut(slices: readonly Slice[], center: string, centerSub: string): TemplateResult {
  const arcs = donutArcs(slices.map((s) => s.value), 50, 50, 48, 32);
  const pct = percentages(slices.map((s) => s.value));
  return html`
    <div class="donutwrap">
      <svg class="donut" viewBox="0 0 100 100" role="img">
        ${arcs.map(
          (a, i) => svg`<path d="${a.path}" fill="${slices[i].color}"><title>${slices[i].label}: ${slices[i].value} (${pct[i]} %)</title></path>`,
        )}
        <text x="50" y="49" class="center">${center}</text>
        <text x="50" y="61" class="center-sub">${centerSub}</text>
      </svg>
      <ul class="legend vertical">
        ${slices.map(
          (s, i) => html`<li title="${s.label}: ${s.detail ?? s.value} (${pct[i]} %)">
            <span class="swatch" style="background:${s.color}"></span>
            <span class="lbl">${s.label}${s.detail ? html`<span class="detail">${s.detail}</span>` : nothing}</span>
            <span class="num">${s.detail ? "" : `${s.value} · `}${pct[i]} %</span>
          </li>`,
        )}
      </ul>
    </div>
  `;
}

export interface Bar {
  label: string;
  value: number;
  text: string;
  color?: string;
  prefix?: string;
}

/** Draw horizontal bars scaled to the largest value. */
export function hbars(bars: readonly Bar[]): TemplateResult {
  const max = Math.max(1, ...bars.map((b) => b.value));
  return html`<ul class="hbars">
    ${bars.map(
      (b) => html`<li title="${b.label}: ${b.text}">
        <span class="hlabel">${b.prefix ? html`<span class="flag">${b.prefix}</span>` : nothing}${b.label}</span>
        <span class="htrack"><span class="hbar" style="width:${((b.value / max) * 100).toFixed(1)}%;background:${b.color ?? "var(--primary-color)"}"></span></span>
        <span class="hnum">${b.text}</span>
      </li>`,
    )}
  </ul>`;
}

/** Draw a small area sparkline of counts (grouped to at most 120 points). */
export function sparkline(counts: readonly number[], bucketSeconds: number): TemplateResult {
  const values = groupSums(counts, groupFactor(counts.length, bucketSeconds, 120));
  const max = niceMax(Math.max(0, ...values));
  const pts = toPoints(values, W, 60, max);
  const base = toPoints(new Array<number>(values.length).fill(0), W, 60, max);
  return html`<svg class="spark" viewBox="0 0 ${W} 60" preserveAspectRatio="none" role="img">
    <path class="area" d="${areaPath(pts, base)}" fill="var(--error-color, #db4437)"></path>
    <path class="line" d="${linePath(pts)}" stroke="var(--error-color, #db4437)"></path>
  </svg>`;
}

/** Draw a legend of coloured swatches. */
export function legend(items: readonly { label: string; color: string }[]): TemplateResult {
  return html`<ul class="legend">
    ${items.map((i) => html`<li><span class="swatch" style="background:${i.color}"></span>${i.label}</li>`)}
  </ul>`;
}
