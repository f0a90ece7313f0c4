// Small SVG/HTML chart templates (no chart library: the card must load fast on a Raspberry Pi).
// Time charts are the <netwatch-timechart> element (timechart.ts). Every value is also text:
// donut legends and bar rows carry their numbers, and their buttons filter the dashboard.
import { html, nothing, svg, type TemplateResult } from "lit";
import { areaPath, donutArcs, formatCount, groupFactor, groupSums, linePath, niceMax, percentages, toPoints } from "./shape.ts";

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

export interface Slice {
  label: string;
  value: number;
  color: string;
  detail?: string;
  pick?: () => void;
}

/** Draw a donut with a centre text and a legend carrying counts and percentages. */
export function donut(slices: readonly Slice[], center: string, centerSub: string, language: string): TemplateResult {
  const arcs = donutArcs(slices.map((s) => s.value), 50, 50, 48, 32);
  const pct = percentages(slices.map((s) => s.value));
  const text = (s: Slice, i: number): string => `${s.label}: ${s.detail ?? formatCount(s.value, language)} (${pct[i]} %)`;
  return html`
    <div class="donutwrap">
      <svg class="donut" viewBox="0 0 100 100" role="img" aria-label=${slices.map(text).join("; ")}>
        ${arcs.map((a, i) => svg`<path d="${a.path}" fill="${slices[i].color}"><title>${text(slices[i], i)}</title></path>`)}
        <text x="50" y="49" class="center">${center}</text>
        <text x="50" y="61" class="center-sub">${centerSub}</text>
      </svg>
      <ul class="legend vertical">
        ${slices.map((s, i) => {
          const body = html`<span class="swatch" style="background:${s.color}"></span>
            <span class="lbl">${s.label}${s.detail ? html`<span class="detail">${s.detail}</span>` : nothing}</span>
            <span class="num">${s.detail ? "" : `${formatCount(s.value, language)} · `}${pct[i]} %</span>`;
          return html`<li title=${text(s, i)}>
            ${s.pick ? html`<button type="button" class="pick" @click=${s.pick} aria-label=${`Filter to ${text(s, i)}`}>${body}</button>` : body}
          </li>`;
        })}
      </ul>
    </div>
  `;
}

export interface Bar {
  label: TemplateResult | string;
  title: string;
  value: number;
  text: string;
  color?: string;
  pick?: () => void;
}

/** Draw horizontal bars scaled to the largest value; rows with `pick` are filter buttons. */
export function hbars(bars: readonly Bar[]): TemplateResult {
  const max = Math.max(1, ...bars.map((b) => b.value));
  return html`<ul class="hbars">
    ${bars.map((b) => {
      const body = html`<span class="hlabel">${b.label}</span>
        <span class="htrack"><span class="hbar" style="width:${((b.value / max) * 100).toFixed(1)}%;background:${b.color ?? "var(--primary-color)"}"></span></span>
        <span class="hnum">${b.text}</span>`;
      return html`<li title="${b.title}: ${b.text}">
        ${b.pick ? html`<button type="button" class="pick row" @click=${b.pick} aria-label=${`Filter to ${b.title}: ${b.text}`}>${body}</button>` : html`<div class="row">${body}</div>`}
      </li>`;
    })}
  </ul>`;
}

/** Draw a small area sparkline of counts (grouped to at most 120 points). */
export function sparkline(counts: readonly number[], bucketSeconds: number): TemplateResult {
  const values = groupSums(counts, groupFactor(counts.length, bucketSeconds, 120));
  const max = niceMax(Math.max(0, ...values));
  const pts = toPoints(values, 1000, 60, max);
  const base = toPoints(new Array<number>(values.length).fill(0), 1000, 60, max);
  return html`<svg class="spark" viewBox="0 0 1000 60" preserveAspectRatio="none" aria-hidden="true">
    <path class="area" d="${areaPath(pts, base)}" fill="var(--error-color, #db4437)"></path>
    <path class="line" d="${linePath(pts)}" stroke="var(--error-color, #db4437)"></path>
  </svg>`;
}
