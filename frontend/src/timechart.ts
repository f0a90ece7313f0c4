// <netwatch-timechart>: stacked areas or bars over time, readable by mouse, touch and keyboard.
//   hover / tap      a cursor column with a tooltip listing every series' value (touch: tap)
//   drag sideways    select a window and zoom to it (fires "nw-zoom" {start, end}, epoch seconds)
//   ←/→, Home/End    move the cursor column; Esc hides it
//   legend buttons   filter to a series (its `pick` callback)
// The y-axis carries the unit; x-axis labels thin out to what the chart's width can hold.
import { html, LitElement, nothing, svg, type PropertyValues, type TemplateResult } from "lit";
import { property, state } from "lit/decorators.js";
import {
  areaPath,
  bucketLabel,
  durationLabel,
  formatCompact,
  formatCount,
  formatDateTime,
  groupFactor,
  groupSums,
  labelStyle,
  linePath,
  niceMax,
  stack,
  thinTicks,
  tickIndices,
  toPoints,
} from "./shape.ts";
import { timechartStyles } from "./timechart-styles.ts";

export interface TimeSeries {
  label: string;
  counts: readonly number[];
  color: string;
  /** Filter to this series (legend button); absent for "other". */
  pick?: () => void;
}

export interface TimeAxis {
  buckets: readonly number[];
  bucketSeconds: number;
  language: string;
  timeZone?: string;
}

const W = 1000;
const H = 200;
const DRAG_PX = 6;

export class NetwatchTimeChart extends LitElement {
  static override styles = timechartStyles;

  @property({ attribute: false }) series: readonly TimeSeries[] = [];
  @property({ attribute: false }) axis?: TimeAxis;
  @property() mode: "area" | "bars" = "area";
  /** What one count is ("flows", "attempts"): shown on the y-axis and in the tooltip. */
  @property() unit = "";
  @property({ type: Boolean }) zoomable = true;
  /** A short chart (sparkline height) without legend. */
  @property({ type: Boolean, reflect: true }) compact = false;

  @state() private _cursor: number | null = null;
  @state() private _drag: [number, number] | null = null;
  @state() private _width = 600;

  private _down: { x: number; index: number; pointer: number } | null = null;
  private _pinned = false;
  private _resize?: ResizeObserver;

  override connectedCallback(): void {
    super.connectedCallback();
    this._resize = new ResizeObserver((entries) => {
      const width = Math.round(entries[0]?.contentRect.width ?? 0);
      if (width && Math.abs(width - this._width) > 20) this._width = width;
    });
    this._resize.observe(this);
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this._resize?.disconnect();
  }

  protected override willUpdate(changed: PropertyValues): void {
    if (changed.has("axis") && this._cursor !== null && !this._pinned) this._cursor = null;
  }

  private _layout(): { factor: number; starts: number[]; grouped: number[][]; per: number } {
    const axis = this.axis!;
    const maxPoints = Math.max(24, Math.min(this.mode === "bars" ? 96 : 120, Math.floor(this._width / 4)));
    const factor = groupFactor(axis.buckets.length, axis.bucketSeconds, maxPoints);
    return {
      factor,
      starts: axis.buckets.filter((_, i) => i % factor === 0),
      grouped: this.series.map((s) => groupSums(s.counts, factor)),
      per: factor * axis.bucketSeconds,
    };
  }

  private _index(event: PointerEvent, n: number): number {
    const rect = (event.currentTarget as HTMLElement).getBoundingClientRect();
    const ratio = Math.min(0.9999, Math.max(0, (event.clientX - rect.left) / Math.max(1, rect.width)));
    return Math.floor(ratio * n);
  }

  private _onDown(event: PointerEvent, n: number): void {
    if (event.button !== 0) return;
    this._down = { x: event.clientX, index: this._index(event, n), pointer: event.pointerId };
    (event.currentTarget as HTMLElement).setPointerCapture?.(event.pointerId);
  }

  private _onMove(event: PointerEvent, n: number): void {
    const index = this._index(event, n);
    const down = this._down;
    if (down && Math.abs(event.clientX - down.x) > DRAG_PX && this.zoomable) {
      this._drag = [down.index, index];
      this._cursor = null;
      return;
    }
    if (!down && event.pointerType === "mouse" && !this._pinned) this._cursor = index;
  }

  private _onUp(event: PointerEvent, n: number, starts: number[], per: number): void {
    const down = this._down;
    this._down = null;
    if (!down) return;
    if (this._drag) {
      const [a, b] = this._drag;
      this._drag = null;
      const first = Math.min(a, b);
      const last = Math.max(a, b);
      this.dispatchEvent(
        new CustomEvent("nw-zoom", {
          detail: { start: starts[first], end: starts[last] + per },
          bubbles: true,
          composed: true,
        }),
      );
      return;
    }
    const index = this._index(event, n);
    // A tap shows the column's values (touch has no hover); tapping it again hides them.
    if (this._pinned && this._cursor === index) {
      this._pinned = false;
      this._cursor = null;
    } else {
      this._pinned = true;
      this._cursor = index;
    }
  }

  private _onKey(event: KeyboardEvent, n: number): void {
    const moves: Record<string, number> = { ArrowLeft: -1, ArrowRight: 1, PageUp: -10, PageDown: 10 };
    if (event.key in moves) {
      const from = this._cursor ?? (moves[event.key] > 0 ? -1 : n);
      this._cursor = Math.min(n - 1, Math.max(0, from + moves[event.key]));
    } else if (event.key === "Home") this._cursor = 0;
    else if (event.key === "End") this._cursor = n - 1;
    else if (event.key === "Escape" && this._cursor !== null) this._cursor = null;
    else return;
    this._pinned = this._cursor !== null;
    event.preventDefault();
    event.stopPropagation();
  }

  protected override render(): TemplateResult {
    const axis = this.axis;
    if (!axis || !axis.buckets.length) return html``;
    const { starts, grouped, per } = this._layout();
    const n = starts.length;
    const stacked = stack(grouped);
    const top = stacked.length ? stacked[stacked.length - 1] : [];
    const max = niceMax(Math.max(0, ...top));
    const shapes = this.mode === "bars" ? this._bars(stacked, max, n) : this._areas(stacked, max);
    const span = n ? starts[n - 1] + per - starts[0] : 0;
    const style = labelStyle(span);
    const denom = this.mode === "bars" ? n : Math.max(1, n - 1);
    const ticks = thinTicks(tickIndices(starts, style, axis.timeZone), Math.max(2, Math.floor(this._width / 75)));
    const shown = ticks.length ? ticks : [0, n - 1].filter((v, i, a) => a.indexOf(v) === i);
    const slot = W / Math.max(1, n);
    const unit = this.unit ? ` ${this.unit}` : "";
    return html`
      <div class="chart">
        <div class="yaxis" aria-hidden="true">
          <span>${formatCompact(max, axis.language)}${unit}</span><span>${formatCompact(max / 2, axis.language)}</span><span>0</span>
        </div>
        <div
          class="plotwrap"
          tabindex="0"
          role="group"
          aria-label=${`Chart over time, ${n} columns of ${durationLabel(per)}: use the arrow keys to read the values`}
          @pointerdown=${(e: PointerEvent) => this._onDown(e, n)}
          @pointermove=${(e: PointerEvent) => this._onMove(e, n)}
          @pointerup=${(e: PointerEvent) => this._onUp(e, n, starts, per)}
          @pointercancel=${() => ((this._down = null), (this._drag = null))}
          @pointerleave=${() => !this._pinned && !this._down && (this._cursor = null)}
          @keydown=${(e: KeyboardEvent) => this._onKey(e, n)}
        >
          <svg viewBox="0 0 ${W} ${H}" preserveAspectRatio="none" role="img" aria-hidden="true">
            ${[0.25, 0.5, 0.75].map((f) => svg`<line class="gridline" x1="0" x2="${W}" y1="${H * f}" y2="${H * f}"></line>`)}
            ${shapes}
            ${this._cursor !== null ? svg`<rect class="cursor" x="${(this._cursor * slot).toFixed(1)}" y="0" width="${slot.toFixed(1)}" height="${H}"></rect>` : nothing}
            ${this._drag ? this._selection(slot) : nothing}
          </svg>
          <div class="xaxis" aria-hidden="true">
            ${shown.map((i) => {
              const pos = n <= 1 ? 50 : (i / denom) * 100;
              const cls = pos < 8 ? "first" : pos > 92 ? "last" : "";
              return html`<span class=${cls} style="left:${pos.toFixed(2)}%">${bucketLabel(starts[i], style, axis.language, axis.timeZone)}</span>`;
            })}
          </div>
          ${this._cursor !== null ? this._tip(this._cursor, starts, grouped, per, n) : nothing}
          <div class="sr" aria-live="polite">${this._cursor !== null ? this._tipText(this._cursor, starts, grouped, per) : ""}</div>
        </div>
      </div>
      <div class="caption">
        <span>${this.zoomable ? "drag across the chart to zoom" : ""}</span><span>per ${durationLabel(per)}</span>
      </div>
      ${this.compact ? nothing : html`<ul class="legend">
        ${this.series.map(
          (s) => html`<li>
            ${s.pick
              ? html`<button type="button" @click=${s.pick} title=${`Filter to ${s.label}`}><span class="swatch" style="background:${s.color}"></span><span class="lbl">${s.label}</span></button>`
              : html`<span class="item"><span class="swatch" style="background:${s.color}"></span><span class="lbl">${s.label}</span></span>`}
          </li>`,
        )}
      </ul>`}
    `;
  }

  private _selection(slot: number): TemplateResult {
    const [a, b] = this._drag!;
    const first = Math.min(a, b);
    const width = (Math.abs(b - a) + 1) * slot;
    return svg`<rect class="selection" x="${(first * slot).toFixed(1)}" y="0" width="${width.toFixed(1)}" height="${H}"></rect>`;
  }

  private _rows(index: number, grouped: number[][]): { label: string; color: string; value: number }[] {
    return this.series
      .map((s, si) => ({ label: s.label, color: s.color, value: grouped[si][index] ?? 0 }))
      .filter((r) => r.value > 0)
      .reverse();
  }

  private _tipText(index: number, starts: number[], grouped: number[][], per: number): string {
    const axis = this.axis!;
    const rows = this._rows(index, grouped);
    const when = `${formatDateTime(starts[index], axis.language, axis.timeZone)} (${durationLabel(per)})`;
    const body = rows.length ? rows.map((r) => `${r.label}: ${formatCount(r.value, axis.language)}`).join(", ") : "none";
    return `${when}: ${body}`;
  }

  private _tip(index: number, starts: number[], grouped: number[][], per: number, n: number): TemplateResult {
    const axis = this.axis!;
    const rows = this._rows(index, grouped);
    const total = rows.reduce((a, r) => a + r.value, 0);
    const pos = ((index + 0.5) / Math.max(1, n)) * 100;
    const side = pos > 55 ? `right:${(100 - pos + 2).toFixed(1)}%` : `left:${(pos + 2).toFixed(1)}%`;
    const unit = this.unit ? ` ${this.unit}` : "";
    return html`<div class="tip" style=${side} role="tooltip" data-index=${index}>
      <b>${formatDateTime(starts[index], axis.language, axis.timeZone)} · ${durationLabel(per)}</b>
      ${rows.length
        ? rows.map(
            (r) => html`<div class="row"><span class="swatch" style="background:${r.color}"></span><span>${r.label}</span><span>${formatCount(r.value, axis.language)}</span></div>`,
          )
        : html`<div>none</div>`}
      ${rows.length > 1 ? html`<div class="row"><span></span><span>total</span><span>${formatCount(total, axis.language)}${unit}</span></div>` : nothing}
    </div>`;
  }

  private _areas(stacked: number[][], max: number): TemplateResult[] {
    const zero = toPoints(new Array<number>(stacked[0]?.length ?? 0).fill(0), W, H, max);
    let lower = zero;
    return stacked.map((row, i) => {
      const upper = toPoints(row, W, H, max);
      const out = svg`<path class="area" d="${areaPath(upper, lower)}" fill="${this.series[i].color}"></path>
        <path class="line" d="${linePath(upper)}" stroke="${this.series[i].color}"></path>`;
      lower = upper;
      return out;
    });
  }

  private _bars(stacked: number[][], max: number, n: number): TemplateResult[] {
    const slot = W / Math.max(1, n);
    const width = Math.max(1, slot * 0.8);
    const scale = H / max;
    return stacked.map((row, si) => {
      const below = si > 0 ? stacked[si - 1] : null;
      const rects: TemplateResult[] = [];
      row.forEach((v, k) => {
        const base = below ? below[k] : 0;
        if (v - base <= 0) return;
        rects.push(svg`<rect x="${(k * slot + (slot - width) / 2).toFixed(1)}" y="${(H - v * scale).toFixed(1)}"
          width="${width.toFixed(1)}" height="${((v - base) * scale).toFixed(1)}"></rect>`);
      });
      return svg`<g fill="${this.series[si].color}">${rects}</g>`;
    });
  }
}
