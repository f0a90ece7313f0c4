// Which state each panel is in (data, or why not and what the user should do) — pure, tested.
import { anyPositive } from "./shape.ts";
import type { PanelId, PanelsResult, PanelsStatus } from "./types.ts";

// The listener defaults of the netwatch options (design.md: UDP :2055 flows, UDP/TCP :5514 syslog).
const DEFAULT_FLOW_PORT = 2055;
const DEFAULT_SYSLOG_PORT = 5514;

export type PanelStateKind = "data" | "empty" | "no_flows" | "needs_syslog" | "needs_geoip" | "redacted";

export interface PanelState {
  kind: PanelStateKind;
  /** What the user sees instead of (or, for hints, under) the chart. */
  text: string;
}

const NEEDS_FLOWS: ReadonlySet<PanelId> = new Set(["outbound", "devices", "outbound_countries"]);

/** What a user who is not an administrator reads instead of a panel that names hosts. */
export const REDACTED_TEXT =
  "Only Home Assistant administrators see addresses, devices and sources. The panels by country, port and protocol show the same traffic.";

/** Explain how to get flows in. */
export function flowHint(status: PanelsStatus): string {
  const port = status.flow_port ?? DEFAULT_FLOW_PORT;
  return (
    `No flows received yet. Send NetFlow v5/v9 or IPFIX from your router to Home Assistant's ` +
    `address, UDP port ${port}, and check that the router is in the allowed senders of the netwatch options.`
  );
}

/** Explain how to get firewall verdicts in. */
export function syslogHint(status: PanelsStatus): string {
  const port = status.syslog_port ?? DEFAULT_SYSLOG_PORT;
  return (
    `Needs firewall logs: configure your router's firewall syslog to send to Home Assistant's ` +
    `address, port ${port} (UDP or TCP), and check the allowed senders in the netwatch options.`
  );
}

/** Explain how to get countries. */
export function geoipHint(status: PanelsStatus): string {
  const why = status.geoip_error ? ` (${status.geoip_error})` : "";
  return `No GeoIP database${why}: set a GeoIP database in the netwatch options to see countries.`;
}

/** Return the banner shown when nothing at all has arrived yet, or null. */
export function noDataHint(result: PanelsResult): string | null {
  if (result.status.flows || result.status.syslog) return null;
  const flowPort = result.status.flow_port ?? DEFAULT_FLOW_PORT;
  const syslogPort = result.status.syslog_port ?? DEFAULT_SYSLOG_PORT;
  return (
    `No data yet. Send NetFlow/IPFIX from your router to Home Assistant's address, UDP port ${flowPort}, ` +
    `and its firewall syslog to port ${syslogPort}. Already done? Check the allowed senders in the ` +
    `netwatch options and that no firewall blocks these ports.`
  );
}

/** Return true when the panel's part of the result holds anything to draw. */
export function panelHasData(panel: PanelId, r: PanelsResult): boolean {
  switch (panel) {
    case "outbound":
      return r.outbound_destinations.top.length > 0 || anyPositive(...r.outbound_destinations.series.map((s) => s.counts));
    case "denied_table":
      return r.inbound_denied_table.some((row) => row.count > 0);
    case "denied_share":
      return r.denied_share.by_protocol.some((p) => p.count > 0) || r.denied_share.by_port.some((p) => p.count > 0);
    case "drops":
      return r.inbound_drops.total > 0 || anyPositive(r.inbound_drops.counts);
    case "verdicts":
      return r.verdicts.allow + r.verdicts.deny + r.verdicts.reject > 0;
    case "countries":
      return r.denied_by_country.some((c) => c.count > 0 && c.country !== null);
    case "ports":
      return anyPositive(...r.denied_ports_over_time.series.map((s) => s.counts));
    case "devices":
      return r.devices.length > 0;
    case "outbound_countries":
      return r.outbound_countries.some((c) => c.flows > 0);
    case "sources":
      return r.sources.top.length > 0 || r.sources.scans.length > 0;
  }
}

/** Decide what a panel shows: its data, or which missing input to fix. */
export function panelState(panel: PanelId, r: PanelsResult): PanelState {
  if ((r.redacted as readonly string[]).includes(panel)) return { kind: "redacted", text: REDACTED_TEXT };
  const has = panelHasData(panel, r);
  if (has) return { kind: "data", text: "" };
  if (NEEDS_FLOWS.has(panel)) {
    return r.status.flows
      ? { kind: "empty", text: emptyText(panel, r) }
      : { kind: "no_flows", text: flowHint(r.status) };
  }
  if (panel === "sources" && r.status.flows) return { kind: "empty", text: emptyText(panel, r) };
  if (!r.status.syslog) return { kind: "needs_syslog", text: syslogHint(r.status) };
  if (panel === "countries" && !r.status.geoip) return { kind: "needs_geoip", text: geoipHint(r.status) };
  return { kind: "empty", text: emptyText(panel, r) };
}

function emptyText(panel: PanelId, r: PanelsResult): string {
  if (Object.keys(r.filters).length) return "Nothing matches the filters in this time range.";
  switch (panel) {
    case "outbound":
      return "No outbound connections in this time range.";
    case "devices":
      return "No home devices seen in this time range. Check the home networks in the netwatch options.";
    case "verdicts":
      return "No firewall verdicts in this time range.";
    case "outbound_countries":
      return "No outbound traffic to a known country in this time range.";
    case "sources":
      return "No inbound sources in this time range.";
    default:
      return "No denied inbound connections in this time range.";
  }
}

const SHORT_TEXT: Partial<Record<PanelStateKind, string>> = {
  no_flows: "Waiting for flows (see above).",
  needs_syslog: "Needs firewall syslog (see above).",
  needs_geoip: "Needs a GeoIP database (see above).",
};

export interface StateSummary {
  /** Hints shown once at the top of the card. */
  banners: string[];
  /** What each panel shows when it has no data (same order as the input). */
  panelText: string[];
}

/** Say each missing-input hint once: in a banner when several panels share it, else in the panel. */
export function summarizeStates(states: readonly PanelState[], noData: string | null): StateSummary {
  const counts = new Map<PanelStateKind, number>();
  for (const s of states) counts.set(s.kind, (counts.get(s.kind) ?? 0) + 1);
  const banners: string[] = noData ? [noData] : [];
  const lifted = new Set<PanelStateKind>();
  for (const kind of ["no_flows", "needs_syslog", "needs_geoip"] as const) {
    const n = counts.get(kind) ?? 0;
    // With nothing received at all, the no-data banner already says how to send flows and syslog.
    if (noData && kind !== "needs_geoip" && n > 0) lifted.add(kind);
    else if (n >= 2) {
      lifted.add(kind);
      banners.push(states.find((s) => s.kind === kind)?.text ?? "");
    }
  }
  const panelText = states.map((s) => (lifted.has(s.kind) ? (SHORT_TEXT[s.kind] ?? s.text) : s.text));
  return { banners, panelText };
}
