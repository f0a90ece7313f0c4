// The card config and the parts of Home Assistant the card uses. The websocket answer's types are
// generated from contract/panels.schema.json into contract.ts (re-exported here).
export type * from "./contract.ts";
import type { PanelFilters } from "./contract.ts";

/** The named time ranges of the range selector (a zoom or custom window is "custom"). */
export type Range = "1h" | "24h" | "7d" | "30d";
export const RANGES: readonly Range[] = ["1h", "24h", "7d", "30d"];

/** Filter dimensions, in the order chips show them. */
export const DIMENSIONS = ["device", "remote", "country", "port", "protocol"] as const;
export type Dimension = (typeof DIMENSIONS)[number];
export type Filters = PanelFilters;

/** The panels the card can draw, in their default order. */
export const PANEL_IDS = [
  "outbound",
  "denied_table",
  "denied_share",
  "drops",
  "verdicts",
  "countries",
  "ports",
  "devices",
  "outbound_countries",
  "sources",
] as const;
export type PanelId = (typeof PANEL_IDS)[number];
/** Panels of a card without `panels`: the classic seven views and the device table. */
export const DEFAULT_PANELS: readonly PanelId[] = PANEL_IDS.slice(0, 8);
/** Panels of a one-device card (`device:`): its destinations, countries and denied traffic. */
export const DEVICE_PANELS: readonly PanelId[] = ["outbound", "outbound_countries", "denied_table", "drops", "verdicts"];

export interface NetwatchCardConfig {
  type: string;
  title?: string;
  range?: Range;
  /** Panels to draw, in order; default all. `panel` is the one-panel shorthand. */
  panels?: PanelId[];
  panel?: PanelId;
  entry_id?: string;
  /** Seconds between live refreshes (clamped to 5..3600). */
  refresh_interval?: number;
  show_range_selector?: boolean;
  /** A home address: the card shows that device's own traffic (its device view). */
  device?: string;
}

/** The part of Home Assistant's `hass` object the card uses. */
export interface HassLike {
  callWS<T>(msg: Record<string, unknown>): Promise<T>;
  language?: string;
  locale?: { language?: string; time_zone?: string };
  config?: { time_zone?: string };
  themes?: { darkMode?: boolean };
  user?: { is_admin?: boolean };
}
