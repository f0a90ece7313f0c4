// The netwatch Lovelace card: fetches `netwatch/panels` over the websocket and draws the panels live.
import { html, LitElement, nothing, type PropertyValues, type TemplateResult } from "lit";
import { state } from "lit/decorators.js";
import { PANEL_RENDERERS, PANEL_TITLES, WIDE_PANELS, type RenderContext } from "./panels.ts";
import { ageLabel } from "./shape.ts";
import { noDataHint, panelState, summarizeStates } from "./states.ts";
import { cardStyles } from "./styles.ts";
import { PANEL_IDS, RANGES, type HassLike, type NetwatchCardConfig, type PanelId, type PanelsResult, type Range } from "./types.ts";

export const DEFAULT_REFRESH_S = 15;
const RANGE_LABELS: Record<Range, string> = { "1h": "1 h", "24h": "24 h", "7d": "7 d", "30d": "30 d" };

interface WsError {
  code?: string;
  message?: string;
}

/** Validate a card config, throwing the message Home Assistant shows in its error card. */
export function checkConfig(config: NetwatchCardConfig): NetwatchCardConfig {
  if (!config || typeof config !== "object") throw new Error("netwatch-card: invalid configuration");
  if (config.range !== undefined && !RANGES.includes(config.range)) {
    throw new Error(`netwatch-card: range must be one of ${RANGES.join(", ")}`);
  }
  const panels = config.panel !== undefined ? [config.panel] : (config.panels ?? []);
  for (const p of panels) {
    if (!PANEL_IDS.includes(p)) throw new Error(`netwatch-card: unknown panel "${p}" (use ${PANEL_IDS.join(", ")})`);
  }
  return config;
}

/** Turn a websocket error into what the user should do about it. */
export function errorText(err: unknown, refreshS: number): string {
  const e = (err ?? {}) as WsError;
  if (e.code === "unknown_command") {
    return (
      "The netwatch websocket command is not available. Make sure the netwatch integration is " +
      "installed and set up (Settings → Devices & services) and restart Home Assistant after installing or updating it."
    );
  }
  if (e.code === "not_found") {
    return "The netwatch entry set in this card (entry_id) does not exist: clear it or pick another in the card editor.";
  }
  const msg = e.message ?? (err instanceof Error ? err.message : String(err));
  return `Could not load netwatch data: ${msg}. Check the Home Assistant log for netwatch errors; retrying every ${refreshS} s.`;
}

// Several cards on one dashboard ask for the same data: identical requests within this window share
// one websocket call (the answer can be ~100 kB for 24 h of 1-minute buckets).
const SHARE_MS = 2000;
const shared = new Map<string, { at: number; answer: Promise<PanelsResult> }>();

/** Call `netwatch/panels`, reusing an identical request made in the last SHARE_MS. */
export function fetchPanels(hass: HassLike, msg: Record<string, unknown>, now = Date.now()): Promise<PanelsResult> {
  const key = JSON.stringify(msg);
  const hit = shared.get(key);
  if (hit && now - hit.at < SHARE_MS) return hit.answer;
  const answer = hass.callWS<PanelsResult>(msg);
  shared.set(key, { at: now, answer });
  // Failures are not shared beyond this call; one key per (range, entry) keeps the map tiny.
  answer.catch(() => shared.delete(key));
  return answer;
}

export class NetwatchCard extends LitElement {
  static override styles = cardStyles;

  @state() private _config?: NetwatchCardConfig;
  @state() private _range: Range = "24h";
  @state() private _result?: PanelsResult;
  @state() private _error?: string;
  @state() private _loading = false;

  // Not reactive on purpose: hass changes on every state change in HA and must not re-render the card.
  private _hass?: HassLike;
  private _timer?: number;
  private _seq = 0;
  private _connectedAt = 0;
  private _readyMarked = false;
  private _fetchStartedAt = 0;
  private _fetchedAt = 0;
  private readonly _onVisible = (): void => {
    if (document.visibilityState === "visible") this._refreshNow();
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
    if (!prev || prev.range !== config.range) this._range = config.range ?? "24h";
    if (prev && (prev.range !== config.range || prev.entry_id !== config.entry_id)) this._refreshNow();
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
    document.addEventListener("visibilitychange", this._onVisible);
    if (this._hass) this._refreshNow();
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    document.removeEventListener("visibilitychange", this._onVisible);
    window.clearTimeout(this._timer);
    this._timer = undefined;
  }

  private _panels(): PanelId[] {
    const c = this._config;
    if (c?.panel) return [c.panel];
    return c?.panels?.length ? c.panels : [...PANEL_IDS];
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

  private async _fetch(): Promise<void> {
    const hass = this._hass;
    if (!hass || !this.isConnected) return;
    const seq = ++this._seq;
    const msg: Record<string, unknown> = { type: "netwatch/panels", range: this._range };
    if (this._config?.entry_id) msg.entry_id = this._config.entry_id;
    this._loading = true;
    if (!this._readyMarked) this._fetchStartedAt = performance.now();
    try {
      const result = await fetchPanels(hass, msg);
      if (seq !== this._seq) return; // a newer request (range change) superseded this one
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

  private _pickRange(range: Range): void {
    if (range === this._range) return;
    this._range = range;
    this._refreshNow();
  }

  private _ctx(): RenderContext {
    const h = this._hass;
    const language = h?.locale?.language ?? h?.language ?? navigator.language ?? "en";
    const timeZone = h?.locale?.time_zone === "server" ? h.config?.time_zone : undefined;
    return { language, timeZone, nowMs: Date.now() };
  }

  protected override render(): TemplateResult {
    const c = this._config;
    if (!c) return html``;
    const showRanges = c.show_range_selector !== false;
    const r = this._result;
    const panels = this._panels();
    // A one-panel card puts the panel's name in its header instead of a boxed sub-title.
    const title = c.title ?? (panels.length === 1 ? PANEL_TITLES[panels[0]] : undefined);
    return html`<ha-card>
      <div class="header">
        <div>
          ${title ? html`<h2 class="title">${title}</h2>` : nothing}
          ${r && panels.length > 1 ? html`<div class="updated">updated ${ageLabel(r.generated_at, Date.now())} ago${this._loading ? " · refreshing…" : ""}</div>` : nothing}
        </div>
        ${showRanges
          ? html`<div class="ranges" role="group" aria-label="Time range">
              ${RANGES.map(
                (rg) => html`<button type="button" data-range=${rg} aria-pressed=${rg === this._range ? "true" : "false"}
                  @click=${() => this._pickRange(rg)}>${RANGE_LABELS[rg]}</button>`,
              )}
            </div>`
          : nothing}
      </div>
      ${this._error ? html`<div class="banner error" data-state="error">${this._error}</div>` : nothing}
      ${r ? this._renderPanels(r) : this._renderPlaceholder()}
    </ha-card>`;
  }

  private _renderPlaceholder(): TemplateResult {
    if (this._error && !this._result) return html``;
    return html`<div class="loading" data-state="loading">Loading network data…</div>`;
  }

  private _renderPanels(r: PanelsResult): TemplateResult {
    const ctx = this._ctx();
    const hint = noDataHint(r);
    const panels = this._panels();
    const states = panels.map((id) => panelState(id, r));
    const summary = summarizeStates(states, hint);
    return html`
      ${summary.banners.map(
        (b, i) => html`<div class="banner" data-state=${hint && i === 0 ? "no_data" : "hint"}>${b}</div>`,
      )}
      <div class="panels ${r.range === this._range ? "" : "stale"}" data-range=${r.range}>
        ${panels.map((id, i) => {
          const st = states[i];
          const single = panels.length === 1;
          const wide = !single && WIDE_PANELS.has(id);
          return html`<section class="panel ${wide ? "wide" : ""} ${single ? "single" : ""}" data-panel=${id} data-state=${st.kind}>
            ${single ? nothing : html`<h3>${PANEL_TITLES[id]}</h3>`}
            ${st.kind === "data" ? PANEL_RENDERERS[id](r, ctx) : html`<div class="state">${summary.panelText[i]}</div>`}
          </section>`;
        })}
      </div>
    `;
  }

  protected override updated(changed: PropertyValues): void {
    super.updated(changed);
    if (!this._readyMarked && this._result && this._result.range === this._range) {
      this._readyMarked = true;
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
