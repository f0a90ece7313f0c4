// Visual editor: Home Assistant's ha-form when it is loaded, plain inputs otherwise.
import { css, html, LitElement, nothing, type TemplateResult } from "lit";
import { state } from "lit/decorators.js";
import { DEFAULT_REFRESH_S } from "./card.ts";
import { PANEL_TITLES } from "./panels.ts";
import { PANEL_IDS, RANGES, type HassLike, type NetwatchCardConfig, type PanelId, type Range } from "./types.ts";

const LABELS: Record<string, string> = {
  title: "Title",
  range: "Default time range",
  panels: "Panels (none selected = all)",
  refresh_interval: "Refresh every (seconds)",
  show_range_selector: "Show the time range selector",
  entry_id: "netwatch entry (only with several)",
  device: "One device only (its address, for a device's own card)",
};

/** Return the ha-form schema for the card options. */
export function editorSchema(): Record<string, unknown>[] {
  return [
    { name: "title", selector: { text: {} } },
    { name: "range", selector: { select: { mode: "dropdown", options: RANGES.map((r) => ({ value: r, label: r })) } } },
    {
      name: "panels",
      selector: {
        select: { multiple: true, mode: "list", options: PANEL_IDS.map((p) => ({ value: p, label: PANEL_TITLES[p] })) },
      },
    },
    { name: "refresh_interval", selector: { number: { min: 5, max: 3600, mode: "box", unit_of_measurement: "s" } } },
    { name: "show_range_selector", selector: { boolean: {} } },
    { name: "entry_id", selector: { config_entry: { integration: "netwatch" } } },
    { name: "device", selector: { text: {} } },
  ];
}

/** Return the config with `key` set, dropping empty values so the YAML stays short. */
export function withValue(config: NetwatchCardConfig, key: string, value: unknown): NetwatchCardConfig {
  const next: Record<string, unknown> = { ...config };
  if (key === "panels") delete next.panel; // the list replaces the one-panel shorthand
  const empty = value === undefined || value === "" || (Array.isArray(value) && value.length === 0);
  if (empty) delete next[key];
  else next[key] = value;
  return next as unknown as NetwatchCardConfig;
}

interface CardHelpers {
  createCardElement(config: Record<string, unknown>): Promise<HTMLElement>;
}

/** Make Home Assistant load ha-form: it is lazy, and a built-in card's editor pulls it in. */
async function loadHaForm(): Promise<void> {
  const load = (window as unknown as { loadCardHelpers?: () => Promise<CardHelpers> }).loadCardHelpers;
  if (!load) return; // not inside Home Assistant: the plain inputs stay
  try {
    const card = await (await load()).createCardElement({ type: "entities", entities: [] });
    const ctor = card.constructor as unknown as { getConfigElement?: () => Promise<unknown> };
    await ctor.getConfigElement?.();
  } catch {
    // The plain inputs keep working if HA changes how its editors load.
  }
}

export class NetwatchCardEditor extends LitElement {
  static override styles = css`
    .plain {
      display: grid;
      gap: 12px;
    }
    label {
      display: grid;
      gap: 4px;
      font-size: 14px;
    }
    .checks {
      display: flex;
      flex-wrap: wrap;
      gap: 4px 16px;
    }
    .checks label {
      display: flex;
      align-items: center;
    }
  `;

  @state() private _config?: NetwatchCardConfig;
  @state() private _haForm = false;
  private _hass?: HassLike;

  set hass(hass: HassLike) {
    this._hass = hass;
    this.requestUpdate();
  }

  setConfig(config: NetwatchCardConfig): void {
    this._config = config;
  }

  override connectedCallback(): void {
    super.connectedCallback();
    this._haForm = customElements.get("ha-form") !== undefined;
    if (!this._haForm) {
      void customElements.whenDefined("ha-form").then(() => (this._haForm = true));
      void loadHaForm();
    }
  }

  private _emit(config: NetwatchCardConfig): void {
    this._config = config;
    this.dispatchEvent(new CustomEvent("config-changed", { detail: { config }, bubbles: true, composed: true }));
  }

  private _formChanged(ev: CustomEvent<{ value: NetwatchCardConfig }>): void {
    let next = { ...this._config } as NetwatchCardConfig;
    for (const [k, v] of Object.entries(ev.detail.value)) next = withValue(next, k, v);
    for (const k of Object.keys(next)) {
      if (k !== "type" && !(k in ev.detail.value)) next = withValue(next, k, undefined);
    }
    this._emit(next);
  }

  protected override render(): TemplateResult {
    const c = this._config;
    if (!c) return html``;
    if (this._haForm) {
      const data = { refresh_interval: DEFAULT_REFRESH_S, show_range_selector: true, ...c, panels: c.panel ? [c.panel] : c.panels };
      return html`<ha-form
        .hass=${this._hass}
        .data=${data}
        .schema=${editorSchema()}
        .computeLabel=${(s: { name: string }) => LABELS[s.name] ?? s.name}
        @value-changed=${this._formChanged}
      ></ha-form>`;
    }
    return this._renderPlain(c);
  }

  private _renderPlain(c: NetwatchCardConfig): TemplateResult {
    const chosen = new Set<PanelId>(c.panel ? [c.panel] : (c.panels ?? []));
    const toggle = (p: PanelId, on: boolean): void => {
      const next = PANEL_IDS.filter((id) => (id === p ? on : chosen.has(id)));
      this._emit(withValue(c, "panels", next));
    };
    return html`<div class="plain">
      <label>${LABELS.title}
        <input name="title" .value=${c.title ?? ""} @change=${(e: Event) => this._emit(withValue(c, "title", (e.target as HTMLInputElement).value))} />
      </label>
      <label>${LABELS.range}
        <select name="range" @change=${(e: Event) => this._emit(withValue(c, "range", (e.target as HTMLSelectElement).value as Range))}>
          ${RANGES.map((r) => html`<option value=${r} ?selected=${(c.range ?? "24h") === r}>${r}</option>`)}
        </select>
      </label>
      <div>${LABELS.panels}
        <div class="checks">
          ${PANEL_IDS.map(
            (p) => html`<label><input type="checkbox" name=${p} .checked=${chosen.has(p)}
              @change=${(e: Event) => toggle(p, (e.target as HTMLInputElement).checked)} />${PANEL_TITLES[p]}</label>`,
          )}
        </div>
      </div>
      <label>${LABELS.refresh_interval}
        <input name="refresh_interval" type="number" min="5" max="3600" .value=${String(c.refresh_interval ?? DEFAULT_REFRESH_S)}
          @change=${(e: Event) => this._emit(withValue(c, "refresh_interval", Number((e.target as HTMLInputElement).value)))} />
      </label>
      ${nothing}
    </div>`;
  }
}
