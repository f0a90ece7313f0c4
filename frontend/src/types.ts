// The `netwatch/panels` websocket contract (team brief, "Panel data contract") and the card config.

export type Range = "1h" | "24h" | "7d" | "30d";
export const RANGES: readonly Range[] = ["1h", "24h", "7d", "30d"];

export interface PanelsStatus {
  flows: boolean;
  syslog: boolean;
  geoip: boolean;
  geoip_error: string | null;
  // Optional extras the card uses when present, to name the ports in its hints.
  flow_port?: number;
  syslog_port?: number;
}

export interface DestinationSeries {
  address: string;
  country: string | null;
  counts: number[];
}

export interface DestinationTop {
  address: string;
  country: string | null;
  flows: number;
  bytes: number;
}

export interface DeniedRow {
  port: number;
  protocol: string;
  service: string | null;
  country: string | null;
  count: number;
}

export interface ProtocolCount {
  protocol: string;
  count: number;
}

export interface PortCount {
  port: number;
  protocol: string;
  service: string | null;
  count: number;
}

export interface PortSeries {
  port: number;
  protocol: string;
  counts: number[];
}

export interface Verdicts {
  allow: number;
  deny: number;
  reject: number;
  allow_bytes: number;
  deny_bytes: number;
}

export interface Device {
  address: string;
  name: string;
  mac: string;
  bytes_in: number;
  bytes_out: number;
  packets_in: number;
  packets_out: number;
  rate_in: number;
  rate_out: number;
  flows: number;
  denied_inbound: number;
  last_seen: string | null;
}

export interface PanelsResult {
  range: Range;
  bucket_seconds: number;
  generated_at: string;
  status: PanelsStatus;
  buckets: number[];
  outbound_destinations: { series: DestinationSeries[]; top: DestinationTop[] };
  inbound_denied_table: DeniedRow[];
  denied_share: { by_protocol: ProtocolCount[]; by_port: PortCount[] };
  inbound_drops: { total: number; counts: number[] };
  verdicts: Verdicts;
  denied_by_country: { country: string | null; count: number }[];
  denied_ports_over_time: { series: PortSeries[] };
  devices: Device[];
}

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
] as const;
export type PanelId = (typeof PANEL_IDS)[number];

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
}

/** The part of Home Assistant's `hass` object the card uses. */
export interface HassLike {
  callWS<T>(msg: Record<string, unknown>): Promise<T>;
  language?: string;
  locale?: { language?: string; time_zone?: string };
  config?: { time_zone?: string };
  themes?: { darkMode?: boolean };
}
