// The ready-made "Network" page through Home Assistant's public frontend APIs only:
//  - a dashboard strategy (`strategy: {type: custom:netwatch}`): any dashboard the user makes can
//    use it, and "Take control" turns it into ordinary cards the user owns and edits;
//  - <netwatch-panel>, the sidebar page the integration registers with panel_custom when the user
//    asks for it in the config flow: one full netwatch card.
import { css, html, LitElement, type TemplateResult } from "lit";
import { property } from "lit/decorators.js";
import { PANEL_IDS, type HassLike } from "./types.ts";

type Card = Record<string, unknown>;

const oneCard = (panel: string): Card => ({ type: "custom:netwatch-card", panel });
const section = (heading: string, panels: string[]): Card => ({
  type: "grid",
  cards: [{ type: "heading", heading }, ...panels.map(oneCard)],
});

/** The dashboard the strategy generates (custom_components/netwatch/frontend/dashboard.yaml). */
export function networkDashboard(): Card {
  return {
    title: "Network",
    views: [
      // No view icons: tabs with icons only would not say what they are.
      {
        title: "Network",
        path: "network",
        type: "panel",
        cards: [{ type: "custom:netwatch-card", title: "Network", range: "24h", panels: [...PANEL_IDS] }],
      },
      {
        title: "Firewall",
        path: "firewall",
        type: "sections",
        max_columns: 3,
        sections: [
          section("Denied inbound", ["drops", "verdicts", "countries", "sources"]),
          section("Ports and protocols", ["denied_share", "ports", "denied_table"]),
          section("Traffic", ["outbound", "devices", "outbound_countries"]),
        ],
      },
    ],
  };
}

/** Lovelace dashboard strategy: Home Assistant calls generate() for `type: custom:netwatch`. */
export class NetwatchDashboardStrategy extends HTMLElement {
  static async generate(): Promise<Card> {
    return networkDashboard();
  }
}

interface CardElement extends HTMLElement {
  hass?: HassLike;
  setConfig(config: Card): void;
}

/** The sidebar page: a toolbar and one netwatch card with every panel. */
export class NetwatchPanel extends LitElement {
  @property({ attribute: false }) hass?: HassLike;
  @property({ type: Boolean }) narrow = false;
  private card?: CardElement;

  static override styles = css`
    :host { display: block; height: 100%; background: var(--primary-background-color); }
    .toolbar {
      display: flex; align-items: center; gap: 8px; height: var(--header-height, 56px); padding: 0 12px;
      font-size: 20px; color: var(--app-header-text-color, var(--primary-text-color));
      background: var(--app-header-background-color, var(--primary-background-color));
      border-bottom: 1px solid var(--divider-color);
    }
    .content { padding: 8px; }
  `;

  protected override render(): TemplateResult {
    if (!this.card) {
      this.card = document.createElement("netwatch-card") as CardElement;
      this.card.setConfig({ type: "custom:netwatch-card", title: "Network", range: "24h", panels: [...PANEL_IDS] });
    }
    this.card.hass = this.hass;
    return html`
      <div class="toolbar">
        <ha-menu-button .hass=${this.hass} .narrow=${this.narrow}></ha-menu-button>
        <span>Network</span>
      </div>
      <div class="content">${this.card}</div>
    `;
  }
}

if (!customElements.get("ll-strategy-dashboard-netwatch")) {
  customElements.define("ll-strategy-dashboard-netwatch", NetwatchDashboardStrategy);
  customElements.define("netwatch-panel", NetwatchPanel);
}
