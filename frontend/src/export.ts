// Export what a panel shows as CSV or JSON, with the window and the active filters.
import { portLabel } from "./shape.ts";
import type { PanelId, PanelsResult } from "./types.ts";

export type Cell = string | number | null;
export interface Table {
  columns: string[];
  rows: Cell[][];
}

const iso = (epoch: number): string => new Date(epoch * 1000).toISOString().replace(/\.\d+Z$/, "Z");

function series(r: PanelsResult, items: { label: string; counts: readonly number[] }[]): Table {
  return {
    columns: ["bucket_start", ...items.map((s) => s.label)],
    rows: r.buckets.map((b, i) => [iso(b), ...items.map((s) => s.counts[i] ?? 0)]),
  };
}

/** Return the rows a panel shows (tables as rows, charts as one row per bucket). */
export function panelTable(panel: PanelId, r: PanelsResult): Table {
  const names = r.names ?? {};
  switch (panel) {
    case "outbound":
      return {
        columns: ["address", "hostname", "asn", "as_org", "country", "flows", "bytes"],
        rows: r.outbound_destinations.top.map((t) => [
          t.address, names[t.address]?.hostname ?? null, names[t.address]?.asn ?? null,
          names[t.address]?.as_org ?? null, t.country, t.flows, t.bytes,
        ]),
      };
    case "denied_table":
      return {
        columns: ["port", "protocol", "service", "country", "attempts"],
        rows: r.inbound_denied_table.map((d) => [d.port, d.protocol, d.service, d.country, d.count]),
      };
    case "denied_share":
      return {
        columns: ["kind", "port", "protocol", "service", "attempts"],
        rows: [
          ...r.denied_share.by_protocol.map((p): Cell[] => ["protocol", null, p.protocol, null, p.count]),
          ...r.denied_share.by_port.map((p): Cell[] => ["port", p.port, p.protocol, p.service, p.count]),
        ],
      };
    case "drops":
      return series(r, [{ label: "denied_inbound", counts: r.inbound_drops.counts }]);
    case "verdicts": {
      const v = r.verdicts;
      return {
        columns: ["verdict", "count", "bytes"],
        rows: [["allow", v.allow, v.allow_bytes], ["deny", v.deny, v.deny_bytes], ["reject", v.reject, null]],
      };
    }
    case "countries":
      return { columns: ["country", "attempts"], rows: r.denied_by_country.map((c) => [c.country, c.count]) };
    case "ports":
      return series(
        r,
        r.denied_ports_over_time.series.map((s) => ({
          label: s.protocol === "other" ? "other" : portLabel(s.port ?? 0, s.protocol),
          counts: s.counts,
        })),
      );
    case "devices":
      return {
        columns: ["address", "name", "mac", "bytes_in", "bytes_out", "flows", "denied_inbound", "last_seen"],
        rows: r.devices.map((d) => [d.address, d.name, d.mac, d.bytes_in, d.bytes_out, d.flows, d.denied_inbound, d.last_seen]),
      };
    case "outbound_countries":
      return {
        columns: ["country", "flows", "bytes"],
        rows: r.outbound_countries.map((c) => [c.country, c.flows, c.bytes]),
      };
    case "sources":
      return {
        columns: [
          "address", "hostname", "asn", "as_org", "country", "attempts", "denied", "flows", "port_count",
          "ports", "target_count", "first_seen", "last_seen", "verdict",
        ],
        rows: r.sources.top.map((s) => [
          s.address, names[s.address]?.hostname ?? null, names[s.address]?.asn ?? null,
          names[s.address]?.as_org ?? null, s.country, s.attempts, s.denied, s.flows, s.port_count,
          s.ports.join(" "), s.target_count, s.first_seen, s.last_seen, s.verdict,
        ]),
      };
  }
}

/** Quote a CSV cell when it needs it (RFC 4180). */
function cell(value: Cell): string {
  if (value === null) return "";
  const text = String(value);
  return /[",\n\r]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/** Return the panel as CSV: two comment lines (window, filters), a header, the rows. */
export function toCsv(panel: PanelId, r: PanelsResult): string {
  const table = panelTable(panel, r);
  const filters = Object.entries(r.filters).map(([k, v]) => `${k}=${v}`).join(" ") || "none";
  return [
    `# netwatch ${panel} ${iso(r.start)}..${iso(r.end)} (${r.range})`,
    `# filters: ${filters}`,
    table.columns.join(","),
    ...table.rows.map((row) => row.map(cell).join(",")),
  ].join("\r\n") + "\r\n";
}

/** Return the panel as JSON: window, filters, accuracy and the rows as objects. */
export function toJson(panel: PanelId, r: PanelsResult): string {
  const table = panelTable(panel, r);
  const rows = table.rows.map((row) => Object.fromEntries(table.columns.map((c, i) => [c, row[i]])));
  return `${JSON.stringify(
    {
      panel,
      range: r.range,
      start: iso(r.start),
      end: iso(r.end),
      filters: r.filters,
      accuracy: r.accuracy[panel] ?? null,
      generated_at: r.generated_at,
      rows,
    },
    null,
    2,
  )}\n`;
}

/** Return a file name such as netwatch-outbound-24h-country-CN.csv. */
export function fileName(panel: PanelId, r: PanelsResult, ext: "csv" | "json"): string {
  const parts = ["netwatch", panel, r.range === "custom" ? `${iso(r.start)}-${iso(r.end)}` : r.range];
  for (const [k, v] of Object.entries(r.filters)) parts.push(`${k}-${v}`);
  return `${parts.join("-").replace(/[^A-Za-z0-9._-]+/g, "_")}.${ext}`;
}

/** Save a panel through the browser's download. */
export function download(panel: PanelId, r: PanelsResult, ext: "csv" | "json"): void {
  const text = ext === "csv" ? toCsv(panel, r) : toJson(panel, r);
  const blob = new Blob([text], { type: ext === "csv" ? "text/csv" : "application/json" });
  const a = document.createElement("a");
  a.href = URL.createObjectURL(blob);
  a.download = fileName(panel, r, ext);
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(a.href), 1000);
}
