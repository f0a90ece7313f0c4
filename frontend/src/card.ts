// The netwatch Lovelace card: fetches `netwatch/panels` over the websocket and draws the panels live.
// Every card of a page shares one view (range, zoom window, filters: view.ts), kept in the URL.
import { html, LitElement, nothing, type PropertyValues, type TemplateResult } from "lit";
import { state } from "lit/decorators.js";
import { download } from "./export.ts";
import { accuracyNote, PANEL_RENDERERS, PANEL_TITLES, WIDE_PANELS, type RenderContext } from "./panels.ts";
import { ageLabel, countryName, durationLabel, formatDateTime } from "./shape.ts";
import { noDataHint, panelState, summarizeStates } from "./states.ts";
import { controlStyles } from "./styles-controls.ts";
import { cardStyles } from "./styles.ts";
import {
  DEFAULT_PANELS,
  DEVICE_PANELS,
  DIMENSIONS,
  RANGES,
  type Dimension,
  type HassLike,
  type NetwatchCardConfig,
  type PanelId,
  type PanelsResult,
  type Range,
} from "./types.ts";
import { bindEscape, checkConfig, errorText, fetchPanels, requestOf } from "./request.ts";
import { view } from "./view.ts";

export { checkConfig, errorText, fetchPanels, requestOf } from "./request.ts";

export const DEFAULT_REFRESH_S = 15;
const RANGE_LABELS: Record<Range, string> = { "1h": "1 h", "24h": "24 h", "7d": "7 d", "30d": "30 d" };
const UNFILTERED_STEP: Record<string, number> = { "1h": 60, "24h": 60, "7d": 3600, "30d": 3600, custom: 0 };
const DIM_LABELS: Record<Dimension, string> = {
  device: "Device",
  remote: "Remote",
  country: "Country",
  port: "Port",
  protocol: "Protocol",
};

export class NetwatchCard extends LitElement {
  static override styles = [cardStyles, controlStyles];

  @state() private _config?: NetwatchCardConfig;
  @state() private _result?: PanelsResult;
  @state() private _error?: string;
  @state() private _notice?: string;
  @state() private _loading = false;
  @state() private _custom = false;
  @state() private _viewVersion = 0;

  // Not reactive on purpose: hass changes on every state change in HA and must not re-render the card.
  private _hass?: HassLike;
  private _timer?: number;
  private _seq = 0;
  private _connectedAt = 0;
  private _readyMarked = false;
  private _fetchStartedAt = 0;
  private _fetchedAt = 0;
  private _requested = "";
  private readonly _onVisible = (): void => {
    if (document.visibilityState === "visible") this._refreshNow();
  };
  private readonly _onView = (): void => {
    this._viewVersion++;
    this._refreshNow();
  };
  private readonly _onZoom = (event: Event): void => {
    const { start, end } = (event as CustomEvent<{ start: number; end: number }>).detail;
    view.zoom(start, end);
  };

  static getConfigElement(): HTMLElement {
    return document.createElement("netwatch-card-editor");
  }

  static getStubConfig(): Partial<NetwatchCardConfig> {
    return { title: "Network", range: "24h" };
  }

  setConfig(config: NetwatchCardConfig): void {
    const prev = this._config;
    this._config = checkConfig(config);
    view.init(config.range ?? "24h");
    if (prev && (prev.entry_id !== config.entry_id || prev.device !== config.device)) this._refreshNow();
  }

  set hass(hass: HassLike) {
    const first = !this._hass;
    this._hass = hass;
    if (first && this.isConnected) this._refreshNow();
  }

  get hass(): HassLike | undefined {
    return this._hass;
  }

  getCardSize(): number {
    return 3 * this._panels().length;
  }

  getGridOptions(): Record<string, unknown> {
    return this._panels().length > 2 ? { columns: "full", min_columns: 6 } : { columns: 12, min_columns: 6 };
  }

  override connectedCallback(): void {
    super.connectedCallback();
    if (!this._connectedAt) {
      this._connectedAt = performance.now();
      performance.mark("netwatch-card-connected");
    }
    bindEscape();
    document.addEventListener("visibilitychange", this._onVisible);
    view.addEventListener("change", this._onView);
    this.addEventListener("nw-zoom", this._onZoom);
    if (this._hass) this._refreshNow();
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    document.removeEventListener("visibilitychange", this._onVisible);
    view.removeEventListener("change", this._onView);
    this.removeEventListener("nw-zoom", this._onZoom);
    window.clearTimeout(this._timer);
    this._timer = undefined;
  }

  private _panels(): PanelId[] {
    const c = this._config;
    if (c?.panel) return [c.panel];
    if (c?.panels?.length) return c.panels;
    return [...(c?.device ? DEVICE_PANELS : DEFAULT_PANELS)];
  }

  private _refreshS(): number {
    const s = Number(this._config?.refresh_interval ?? DEFAULT_REFRESH_S);
    return Number.isFinite(s) ? Math.min(3600, Math.max(5, s)) : DEFAULT_REFRESH_S;
  }

  private _refreshNow(): void {
    window.clearTimeout(this._timer);
    this._timer = undefined;
    void this._fetch();
  }

  private _request(): Record<string, unknown> {
    const s = view.init(this._config?.range ?? "24h");
    return requestOf(this._config!, s.filters, s.range, s.start, s.end);
  }

  private async _fetch(): Promise<void> {
    const hass = this._hass;
    if (!hass || !this.isConnected || !this._config) return;
    const seq = ++this._seq;
    const msg = this._request();
    this._requested = JSON.stringify(msg);
    this._loading = true;
    if (!this._readyMarked) this._fetchStartedAt = performance.now();
    try {
      const result = await fetchPanels(hass, msg);
      if (seq !== this._seq) return; // a newer request (view change) superseded this one
      if (!this._readyMarked) this._fetchedAt = performance.now();
      this._result = result;
      this._error = undefined;
    } catch (err) {
      if (seq !== this._seq) return;
      this._error = errorText(err, this._refreshS());
    } finally {
      if (seq === this._seq) {
        this._loading = false;
        this._schedule();
      }
    }
  }

  private _schedule(): void {
    if (!this.isConnected) return;
    window.clearTimeout(this._timer);
    // A hidden tab does not poll; the visibilitychange listener fetches when it shows again.
    this._timer = window.setTimeout(() => {
      if (document.visibilityState === "hidden") this._schedule();
      else void this._fetch();
    }, this._refreshS() * 1000);
  }

  private async _ignore(address: string): Promise<void> {
    const hass = this._hass;
    if (!hass) return;
    const msg: Record<string, unknown> = { type: "netwatch/scan_ignore", source: address };
    if (this._config?.entry_id) msg.entry_id = this._config.entry_id;
    try {
      await hass.callWS(msg);
      this._notice = `${address} is on the scan ignore list now (netwatch options → Scan detection to undo).`;
    } catch (err) {
      this._notice = errorText(err, this._refreshS());
    }
  }

  private _ctx(r: PanelsResult): RenderContext {
    const h = this._hass;
    const language = h?.locale?.language ?? h?.language ?? navigator.language ?? "en";
    const timeZone = h?.locale?.time_zone === "server" ? h.config?.time_zone : undefined;
    const admin = h?.user?.is_admin !== false;
    return {
      language,
      timeZone,
      nowMs: Date.now(),
      filter: (dim, value) => view.setFilter(dim, value),
      ignore: admin && !r.redacted.length ? (address) => void this._ignore(address) : undefined,
      windowLabel: r.range === "custom" ? "window" : RANGE_LABELS[r.range as Range],
    };
  }

  protected override render(): TemplateResult {
    const c = this._config;
    if (!c) return html``;
    const r = this._result;
    const panels = this._panels();
    const device = c.device ? (r?.devices.find((d) => d.address === c.device)?.name ?? c.device) : undefined;
    const title = c.title ?? (device ? `Device ${device}` : panels.length === 1 ? PANEL_TITLES[panels[0]] : undefined);
    const v = view.state;
    return html`<ha-card>
      <div class="header">
        <div>
          ${title ? html`<h2 class="title">${title}</h2>` : nothing}
          ${r && panels.length > 1 ? html`<div class="updated">updated ${ageLabel(r.generated_at, Date.now())} ago${this._loading ? " · refreshing…" : ""}</div>` : nothing}
        </div>
        ${c.show_range_selector !== false ? this._renderRanges(v?.range ?? "24h", v?.start !== undefined) : nothing}
      </div>
      ${this._renderChips(r)}
      ${this._custom ? this._renderCustom() : nothing}
      ${this._error ? html`<div class="banner error" data-state="error">${this._error}</div>` : nothing}
      ${this._notice ? html`<div class="banner" data-state="notice">${this._notice}</div>` : nothing}
      ${r ? this._renderPanels(r) : this._renderPlaceholder()}
    </ha-card>`;
  }

  private _renderRanges(current: Range, zoomed: boolean): TemplateResult {
    return html`<div class="ranges" role="group" aria-label="Time range">
      ${RANGES.map(
        (rg) => html`<button type="button" data-range=${rg} aria-pressed=${rg === current && !zoomed ? "true" : "false"}
          @click=${() => view.setRange(rg)}>${RANGE_LABELS[rg]}</button>`,
      )}
      <button type="button" data-range="custom" aria-pressed=${zoomed ? "true" : "false"} aria-expanded=${this._custom ? "true" : "false"}
        @click=${() => (this._custom = !this._custom)}>Custom…</button>
    </div>`;
  }

  private _renderCustom(): TemplateResult {
    const v = view.state;
    const local = (epoch: number): string => {
      const d = new Date(epoch * 1000 - new Date(epoch * 1000).getTimezoneOffset() * 60000);
      return d.toISOString().slice(0, 16);
    };
    const now = Date.now() / 1000;
    const start = v?.start ?? now - 6 * 3600;
    const end = v?.end ?? now;
    const apply = (event: Event): void => {
      event.preventDefault();
      const form = event.currentTarget as HTMLFormElement;
      const from = Date.parse((form.elements.namedItem("from") as HTMLInputElement).value) / 1000;
      const to = Date.parse((form.elements.namedItem("to") as HTMLInputElement).value) / 1000;
      if (Number.isFinite(from) && Number.isFinite(to) && to > from) {
        view.zoom(from, to);
        this._custom = false;
      }
    };
    return html`<form class="custom" @submit=${apply} aria-label="Custom time range">
      <label>From <input type="datetime-local" name="from" .value=${local(start)} required /></label>
      <label>To <input type="datetime-local" name="to" .value=${local(end)} required /></label>
      <button type="submit">Show</button>
      <span class="hint">The last 30 days are kept: minutes for 24 hours, hours for 30 days.</span>
    </form>`;
  }

  private _renderChips(r?: PanelsResult): TemplateResult | typeof nothing {
    const v = view.state;
    const filters = v?.filters ?? {};
    const dims = DIMENSIONS.filter((d) => filters[d]);
    const zoomed = v?.start !== undefined && v.end !== undefined;
    const fixed = this._config?.device;
    if (!dims.length && !zoomed && !fixed) return nothing;
    const language = this._hass?.locale?.language ?? "en";
    const tz = this._hass?.locale?.time_zone === "server" ? this._hass?.config?.time_zone : undefined;
    const text = (dim: Dimension, value: string): string => {
      if (dim === "country") return countryName(value, language);
      if (dim === "device") return r?.devices.find((d) => d.address === value)?.name ?? value;
      return value;
    };
    return html`<div class="chips" role="toolbar" aria-label="Active filters">
      ${fixed ? html`<span class="chip fixed">Device: ${text("device", fixed)}</span>` : nothing}
      ${zoomed
        ? html`<span class="chip" data-chip="window">${formatDateTime(v.start!, language, tz)} – ${formatDateTime(v.end!, language, tz)}
            <button type="button" aria-label="Back to the whole range" @click=${() => view.resetZoom()}>×</button></span>`
        : nothing}
      ${dims.map(
        (d) => html`<span class="chip" data-chip=${d}>${DIM_LABELS[d]}: ${text(d, filters[d]!)}
          <button type="button" aria-label=${`Remove the ${DIM_LABELS[d].toLowerCase()} filter`} @click=${() => view.setFilter(d, undefined)}>×</button></span>`,
      )}
      ${dims.length ? html`<button type="button" class="clear" @click=${() => view.clearFilters()} title="Esc">Clear filters</button>` : nothing}
    </div>`;
  }

  private _renderPlaceholder(): TemplateResult {
    if (this._error && !this._result) return html``;
    return html`<div class="loading" data-state="loading">Loading network data…</div>`;
  }

  private _renderPanels(r: PanelsResult): TemplateResult {
    const ctx = this._ctx(r);
    const hint = noDataHint(r);
    const panels = this._panels();
    const states = panels.map((id) => panelState(id, r));
    const summary = summarizeStates(states, hint);
    const filtered = Object.keys(r.filters).length > 0;
    const stale = JSON.stringify(this._request()) !== this._requested || this._loading;
    return html`
      ${summary.banners.map((b, i) => html`<div class="banner" data-state=${hint && i === 0 ? "no_data" : "hint"}>${b}</div>`)}
      ${filtered && r.bucket_seconds !== UNFILTERED_STEP[r.range] ? html`<div class="note">Filtered charts use ${durationLabel(r.bucket_seconds)} steps (the finest netwatch keeps per address and port for this range).</div>` : nothing}
      <div class="panels ${stale ? "stale" : ""}" data-range=${r.range} data-filters=${JSON.stringify(r.filters)}>
        ${panels.map((id, i) => {
          const st = states[i];
          const single = panels.length === 1;
          const wide = !single && WIDE_PANELS.has(id);
          return html`<section class="panel ${wide ? "wide" : ""} ${single ? "single" : ""}" data-panel=${id} data-state=${st.kind} aria-label=${PANEL_TITLES[id]}>
            <div class="panelhead">
              ${single ? html`<span></span>` : html`<h3>${PANEL_TITLES[id]}</h3>`}
              ${st.kind === "data"
                ? html`<span class="exports">
                    <button type="button" data-export="csv" aria-label=${`Export ${PANEL_TITLES[id]} as CSV`} @click=${() => download(id, r, "csv")}>CSV</button>
                    <button type="button" data-export="json" aria-label=${`Export ${PANEL_TITLES[id]} as JSON`} @click=${() => download(id, r, "json")}>JSON</button>
                  </span>`
                : nothing}
            </div>
            ${st.kind === "data" ? html`${PANEL_RENDERERS[id](r, ctx)}${accuracyNote(id, r, ctx.language)}` : html`<div class="state">${summary.panelText[i]}</div>`}
          </section>`;
        })}
      </div>
    `;
  }

  protected override updated(changed: PropertyValues): void {
    super.updated(changed);
    if (!this._readyMarked && this._result && !this._loading) {
      this._readyMarked = true;
      // Charts are elements of their own: the card is drawn when they are.
      const charts = [...this.renderRoot.querySelectorAll("netwatch-timechart")] as LitElement[];
      void Promise.all(charts.map((c) => c.updateComplete)).then(() => this._markReady());
    }
  }

  private _markReady(): void {
    {
      const now = performance.now();
      const sinceConnected = now - this._connectedAt;
      // The browser test reads this mark to measure load time (navigation → all panels drawn), split
      // into waiting for hass, the websocket answer and drawing.
      performance.mark("netwatch-card-ready", {
        detail: {
          sinceConnectedMs: sinceConnected,
          waitHassMs: this._fetchStartedAt - this._connectedAt,
          fetchMs: this._fetchedAt - this._fetchStartedAt,
          drawMs: now - this._fetchedAt,
        },
      });
      this.setAttribute("data-ready", sinceConnected.toFixed(1));
    }
  }
}
