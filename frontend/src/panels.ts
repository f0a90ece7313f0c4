// One render function per panel; each gets the whole websocket result and draws its part.
import { html, nothing, type TemplateResult } from "lit";
import { color, donut, hbars, OTHER_COLOR, sparkline, timeChart, type Slice, type TimeAxis } from "./charts.ts";
import {
  ageLabel,
  countryName,
  durationLabel,
  flagEmoji,
  formatBytes,
  formatCount,
  formatRate,
  portLabel,
  protocolLabel,
  topN,
} from "./shape.ts";
import type { PanelId, PanelsResult } from "./types.ts";

export interface RenderContext {
  language: string;
  timeZone?: string;
  nowMs: number;
}

export const PANEL_TITLES: Record<PanelId, string> = {
  outbound: "Outbound destinations",
  denied_table: "Inbound denied",
  denied_share: "Denied share",
  drops: "Inbound drops",
  verdicts: "Allow vs deny",
  countries: "Denied by country",
  ports: "Denied ports over time",
  devices: "Devices",
};

/** Panels that take a full row on wide screens. */
export const WIDE_PANELS: ReadonlySet<PanelId> = new Set(["outbound", "ports", "devices", "denied_table"]);

const isOther = (address: string): boolean => address === "" || address.toLowerCase() === "other";

function axisOf(r: PanelsResult, ctx: RenderContext): TimeAxis {
  return {
    buckets: r.buckets,
    bucketSeconds: r.bucket_seconds,
    range: r.range,
    language: ctx.language,
    timeZone: ctx.timeZone,
  };
}

function place(country: string | null, ctx: RenderContext): string {
  return `${flagEmoji(country)} ${countryName(country, ctx.language)}`;
}

function outbound(r: PanelsResult, ctx: RenderContext): TemplateResult {
  const series = r.outbound_destinations.series.map((s, i) => ({
    label: isOther(s.address) ? "other" : `${s.country ? `${flagEmoji(s.country)} ` : ""}${s.address}`,
    counts: s.counts,
    color: isOther(s.address) ? OTHER_COLOR : color(i),
  }));
  const top = r.outbound_destinations.top.slice(0, 5);
  return html`
    ${timeChart(series, axisOf(r, ctx), "area")}
    ${top.length
      ? html`<table class="compact">
          <thead><tr><th>Top destination</th><th class="num">Flows</th><th class="num">Bytes</th></tr></thead>
          <tbody>
            ${top.map(
              (t) => html`<tr>
                <td><span class="flag" title="${countryName(t.country, ctx.language)}">${flagEmoji(t.country)}</span> ${t.address}</td>
                <td class="num">${formatCount(t.flows, ctx.language)}</td>
                <td class="num">${formatBytes(t.bytes)}</td>
              </tr>`,
            )}
          </tbody>
        </table>`
      : nothing}
  `;
}

function deniedTable(r: PanelsResult, ctx: RenderContext): TemplateResult {
  const rows = [...r.inbound_denied_table].sort((a, b) => b.count - a.count).slice(0, 15);
  return html`<table>
      <thead><tr><th>Port</th><th>Country</th><th class="num">Attempts</th></tr></thead>
      <tbody>
        ${rows.map(
          (row) => html`<tr>
            <td>${portLabel(row.port, row.protocol, row.service)}</td>
            <td>${place(row.country, ctx)}</td>
            <td class="num">${formatCount(row.count, ctx.language)}</td>
          </tr>`,
        )}
      </tbody>
    </table>
    ${r.status.geoip ? nothing : html`<p class="hint">Countries need a GeoIP database: set one in the netwatch options.</p>`}`;
}

function deniedShare(r: PanelsResult, ctx: RenderContext): TemplateResult {
  const protos = topN(
    r.denied_share.by_protocol.map((p) => ({ label: protocolLabel(p.protocol), value: p.count })),
    5,
    (s) => s.value,
    (sum) => ({ label: "other", value: sum }),
  );
  const ports = topN<{ label: string; value: number; detail?: string }>(
    r.denied_share.by_port.map((p) => ({
      label: portLabel(p.port, p.protocol),
      value: p.count,
      detail: `${p.service ? `${p.service} · ` : ""}${formatCount(p.count, ctx.language)}`,
    })),
    6,
    (s) => s.value,
    (sum) => ({ label: "other", value: sum }),
  );
  const paint = (items: { label: string; value: number; detail?: string }[]): Slice[] =>
    items.map((s, i) => ({ ...s, color: s.label === "other" ? OTHER_COLOR : color(i) }));
  const total = r.denied_share.by_protocol.reduce((a, p) => a + p.count, 0);
  return html`<div class="pair">
    <div><h4>By protocol</h4>${donut(paint(protos), formatCount(total, ctx.language), "denied")}</div>
    <div><h4>By port</h4>${donut(paint(ports), String(r.denied_share.by_port.length), "ports")}</div>
  </div>`;
}

function drops(r: PanelsResult, ctx: RenderContext): TemplateResult {
  const peak = Math.max(0, ...r.inbound_drops.counts);
  return html`<div class="big">${formatCount(r.inbound_drops.total, ctx.language)}</div>
    <div class="sub">
      inbound connections dropped · peak ${formatCount(peak, ctx.language)} in ${durationLabel(r.bucket_seconds)}
    </div>
    ${sparkline(r.inbound_drops.counts, r.bucket_seconds)}`;
}

function verdicts(r: PanelsResult, ctx: RenderContext): TemplateResult {
  const v = r.verdicts;
  const slices: Slice[] = [
    { label: "allow", value: v.allow, color: "var(--success-color, #43a047)", detail: `${formatCount(v.allow, ctx.language)} · ${formatBytes(v.allow_bytes)}` },
    { label: "deny", value: v.deny, color: "var(--error-color, #db4437)", detail: `${formatCount(v.deny, ctx.language)} · ${formatBytes(v.deny_bytes)}` },
    { label: "reject", value: v.reject, color: "var(--warning-color, #ffa600)", detail: formatCount(v.reject, ctx.language) },
  ];
  const total = v.allow + v.deny + v.reject;
  return donut(slices, formatCount(total, ctx.language), "verdicts");
}

function countries(r: PanelsResult, ctx: RenderContext): TemplateResult {
  const items = [...r.denied_by_country].sort((a, b) => b.count - a.count).slice(0, 10);
  return hbars(
    items.map((c) => ({
      label: countryName(c.country, ctx.language),
      prefix: flagEmoji(c.country),
      value: c.count,
      text: formatCount(c.count, ctx.language),
      color: "var(--error-color, #db4437)",
    })),
  );
}

function ports(r: PanelsResult, ctx: RenderContext): TemplateResult {
  const series = r.denied_ports_over_time.series.map((s, i) => {
    const other = s.port < 0 || s.protocol === "other";
    return { label: other ? "other" : portLabel(s.port, s.protocol), counts: s.counts, color: other ? OTHER_COLOR : color(i) };
  });
  return timeChart(series, axisOf(r, ctx), "bars");
}

function devices(r: PanelsResult, ctx: RenderContext): TemplateResult {
  const rows = [...r.devices].sort((a, b) => b.bytes_in + b.bytes_out - (a.bytes_in + a.bytes_out));
  return html`<div class="scroll"><table>
    <thead><tr>
      <th>Device</th><th class="num">In</th><th class="num">Out</th>
      <th class="num wide-only">Rate in</th><th class="num wide-only">Rate out</th>
      <th class="num wide-only">Flows</th><th class="num">Denied</th><th class="num wide-only">Seen</th>
    </tr></thead>
    <tbody>
      ${rows.map(
        (d) => html`<tr>
          <td><div class="dev">${d.name || d.address}</div>${d.name && d.name !== d.address ? html`<div class="addr">${d.address}</div>` : nothing}</td>
          <td class="num">${formatBytes(d.bytes_in)}</td>
          <td class="num">${formatBytes(d.bytes_out)}</td>
          <td class="num wide-only">${formatRate(d.rate_in)}</td>
          <td class="num wide-only">${formatRate(d.rate_out)}</td>
          <td class="num wide-only">${formatCount(d.flows, ctx.language)}</td>
          <td class="num">${formatCount(d.denied_inbound, ctx.language)}</td>
          <td class="num wide-only">${ageLabel(d.last_seen, ctx.nowMs)}</td>
        </tr>`,
      )}
    </tbody>
  </table></div>`;
}

export const PANEL_RENDERERS: Record<PanelId, (r: PanelsResult, ctx: RenderContext) => TemplateResult> = {
  outbound,
  denied_table: deniedTable,
  denied_share: deniedShare,
  drops,
  verdicts,
  countries,
  ports,
  devices,
};
