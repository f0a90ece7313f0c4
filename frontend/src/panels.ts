// One render function per panel; each gets the whole websocket answer and draws its part.
// Countries, ports, protocols, devices and remote addresses are buttons that filter every card.
import { html, nothing, type TemplateResult } from "lit";
import { color, donut, hbars, OTHER_COLOR, type Slice } from "./charts.ts";
import { countryLabel } from "./flags.ts";
import {
  ageLabel,
  asLabel,
  countryName,
  durationLabel,
  formatBytes,
  formatCount,
  formatDateTime,
  formatRate,
  portLabel,
  protocolLabel,
  topN,
} from "./shape.ts";
import type { TimeAxis, TimeSeries } from "./timechart.ts";
import type { Dimension, PanelId, PanelsResult } from "./types.ts";

export interface RenderContext {
  language: string;
  timeZone?: string;
  nowMs: number;
  /** Set a cross-filter (every card of the page follows). */
  filter: (dim: Dimension, value: string) => void;
  /** Add a source to the scan ignore list (administrators); undefined when not allowed. */
  ignore?: (address: string) => void;
  /** "24 h", "7 d" or "custom window": what the device table's totals cover. */
  windowLabel: string;
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
  outbound_countries: "Outbound countries",
  sources: "Sources and scans",
};

/** Panels that take a full row on wide screens. */
export const WIDE_PANELS: ReadonlySet<PanelId> = new Set(["outbound", "ports", "devices", "denied_table", "sources"]);

const isOther = (address: string): boolean => address === "" || address.toLowerCase() === "other";

/** Return the text of a port filter: "23/tcp", or the protocol for ports-less ones ("icmp"). */
export function portFilter(port: number | null, protocol: string): string {
  return port !== null && port > 0 ? `${port}/${protocol}` : protocol;
}

function axisOf(r: PanelsResult, ctx: RenderContext): TimeAxis {
  return { buckets: r.buckets, bucketSeconds: r.bucket_seconds, language: ctx.language, timeZone: ctx.timeZone };
}

function chart(r: PanelsResult, ctx: RenderContext, series: TimeSeries[], mode: "area" | "bars", unit: string, compact = false): TemplateResult {
  return html`<netwatch-timechart .series=${series} .axis=${axisOf(r, ctx)} mode=${mode} unit=${unit} ?compact=${compact}></netwatch-timechart>`;
}

/** A button that filters the dashboard to one value. */
function pick(dim: Dimension, value: string, body: TemplateResult | string, ctx: RenderContext, label?: string): TemplateResult {
  return html`<button type="button" class="pick" data-filter=${`${dim}:${value}`} @click=${() => ctx.filter(dim, value)}
    title=${`Filter to ${label ?? value}`}>${body}</button>`;
}

function hostLine(address: string, r: PanelsResult): TemplateResult | typeof nothing {
  const n = r.names[address];
  if (!n) return nothing;
  const as = asLabel(n.asn, n.as_org);
  return html`<div class="addr">${n.hostname ?? ""}${n.hostname && as ? " · " : ""}${as}</div>`;
}

function outbound(r: PanelsResult, ctx: RenderContext): TemplateResult {
  const series: TimeSeries[] = r.outbound_destinations.series.map((s, i) => {
    const other = isOther(s.address);
    const host = r.names[s.address]?.hostname;
    return {
      label: other ? "other" : `${s.address}${host ? ` (${host})` : ""}${s.country ? ` · ${countryName(s.country, ctx.language)}` : ""}`,
      counts: s.counts,
      color: other ? OTHER_COLOR : color(i),
      pick: other ? undefined : () => ctx.filter("remote", s.address),
    };
  });
  const top = r.outbound_destinations.top.slice(0, 8);
  return html`
    ${chart(r, ctx, series, "area", "flows")}
    ${top.length
      ? html`<div class="scroll"><table class="compact">
          <thead><tr><th>Top destination</th><th class="wide-only">Country</th><th class="num">Flows</th><th class="num">Data</th></tr></thead>
          <tbody>
            ${top.map(
              (t) => html`<tr>
                <td><span class="narrow-only">${countryLabel(t.country, ctx.language, false)}</span>${pick("remote", t.address, t.address, ctx)}${hostLine(t.address, r)}</td>
                <td class="wide-only">${t.country ? pick("country", t.country, countryLabel(t.country, ctx.language), ctx, countryName(t.country, ctx.language)) : countryLabel(null, ctx.language)}</td>
                <td class="num">${formatCount(t.flows, ctx.language)}</td>
                <td class="num">${formatBytes(t.bytes)}</td>
              </tr>`,
            )}
          </tbody>
        </table></div>`
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
            <td>${pick("port", portFilter(row.port, row.protocol), portLabel(row.port ?? 0, row.protocol, row.service), ctx)}</td>
            <td>${row.country ? pick("country", row.country, countryLabel(row.country, ctx.language), ctx, countryName(row.country, ctx.language)) : countryLabel(null, ctx.language)}</td>
            <td class="num">${formatCount(row.count, ctx.language)}</td>
          </tr>`,
        )}
      </tbody>
    </table>
    ${r.status.geoip ? nothing : html`<p class="hint">Countries need a GeoIP database: set one in the netwatch options.</p>`}`;
}

function deniedShare(r: PanelsResult, ctx: RenderContext): TemplateResult {
  type Item = { label: string; value: number; detail?: string; pick?: () => void };
  const protos = topN<Item>(
    r.denied_share.by_protocol.map((p) => ({ label: protocolLabel(p.protocol), value: p.count, pick: () => ctx.filter("protocol", p.protocol) })),
    5,
    (s) => s.value,
    (sum) => ({ label: "other", value: sum }),
  );
  const ports = topN<Item>(
    r.denied_share.by_port.map((p) => ({
      label: portLabel(p.port ?? 0, p.protocol),
      value: p.count,
      detail: `${p.service ? `${p.service} · ` : ""}${formatCount(p.count, ctx.language)}`,
      pick: () => ctx.filter("port", portFilter(p.port, p.protocol)),
    })),
    6,
    (s) => s.value,
    (sum) => ({ label: "other", value: sum }),
  );
  const paint = (items: Item[]): Slice[] => items.map((s, i) => ({ ...s, color: s.label === "other" ? OTHER_COLOR : color(i) }));
  const total = r.denied_share.by_protocol.reduce((a, p) => a + p.count, 0);
  return html`<div class="pair">
    <div><h4>By protocol</h4>${donut(paint(protos), formatCount(total, ctx.language), "denied", ctx.language)}</div>
    <div><h4>By port</h4>${donut(paint(ports), formatCount(r.denied_share.by_port.length, ctx.language), "ports", ctx.language)}</div>
  </div>`;
}

function drops(r: PanelsResult, ctx: RenderContext): TemplateResult {
  const peak = Math.max(0, ...r.inbound_drops.counts);
  return html`<div class="big">${formatCount(r.inbound_drops.total, ctx.language)}</div>
    <div class="sub">
      inbound connections dropped · peak ${formatCount(peak, ctx.language)} in ${durationLabel(r.bucket_seconds)}
    </div>
    ${chart(r, ctx, [{ label: "denied inbound", counts: r.inbound_drops.counts, color: "var(--error-color, #db4437)" }], "bars", "attempts", true)}`;
}

function verdicts(r: PanelsResult, ctx: RenderContext): TemplateResult {
  const v = r.verdicts;
  const bytes = (n: number | null): string => (n === null ? "" : ` · ${formatBytes(n)}`);
  const slices: Slice[] = [
    { label: "allow", value: v.allow, color: "var(--success-color, #43a047)", detail: `${formatCount(v.allow, ctx.language)}${bytes(v.allow_bytes)}` },
    { label: "deny", value: v.deny, color: "var(--error-color, #db4437)", detail: `${formatCount(v.deny, ctx.language)}${bytes(v.deny_bytes)}` },
    { label: "reject", value: v.reject, color: "var(--warning-color, #ffa600)", detail: formatCount(v.reject, ctx.language) },
  ];
  const total = v.allow + v.deny + v.reject;
  return html`${donut(slices, formatCount(total, ctx.language), "verdicts", ctx.language)}
    ${v.allow_bytes === null ? html`<p class="hint">Data per verdict is not available with filters.</p>` : nothing}`;
}

function countries(r: PanelsResult, ctx: RenderContext): TemplateResult {
  const items = [...r.denied_by_country].sort((a, b) => b.count - a.count).slice(0, 10);
  return hbars(
    items.map((c) => ({
      label: countryLabel(c.country, ctx.language),
      title: countryName(c.country, ctx.language),
      value: c.count,
      text: formatCount(c.count, ctx.language),
      color: "var(--error-color, #db4437)",
      pick: c.country ? () => ctx.filter("country", c.country!) : undefined,
    })),
  );
}

function outboundCountries(r: PanelsResult, ctx: RenderContext): TemplateResult {
  const items = [...r.outbound_countries].sort((a, b) => b.bytes - a.bytes).slice(0, 10);
  return hbars(
    items.map((c) => ({
      label: countryLabel(c.country, ctx.language),
      title: countryName(c.country, ctx.language),
      value: c.bytes,
      text: `${formatBytes(c.bytes)} · ${formatCount(c.flows, ctx.language)} flows`,
      pick: c.country ? () => ctx.filter("country", c.country!) : undefined,
    })),
  );
}

function ports(r: PanelsResult, ctx: RenderContext): TemplateResult {
  const series: TimeSeries[] = r.denied_ports_over_time.series.map((s, i) => {
    const other = s.protocol === "other";
    return {
      label: other ? "other" : portLabel(s.port ?? 0, s.protocol),
      counts: s.counts,
      color: other ? OTHER_COLOR : color(i),
      pick: other ? undefined : () => ctx.filter("port", portFilter(s.port, s.protocol)),
    };
  });
  return chart(r, ctx, series, "bars", "attempts");
}

function devices(r: PanelsResult, ctx: RenderContext): TemplateResult {
  const rows = [...r.devices].sort((a, b) => b.bytes_in + b.bytes_out - (a.bytes_in + a.bytes_out));
  const w = ctx.windowLabel;
  return html`<div class="scroll"><table>
    <thead><tr>
      <th>Device</th><th class="num">In (${w})</th><th class="num">Out (${w})</th>
      <th class="num wide-only">Rate in</th><th class="num wide-only">Rate out</th>
      <th class="num wide-only">Flows</th><th class="num">Denied</th><th class="num wide-only">Seen</th>
    </tr></thead>
    <tbody>
      ${rows.map(
        (d) => html`<tr>
          <td>${pick("device", d.address, html`<span class="dev">${d.name || d.address}</span>`, ctx, `${d.name || d.address} (device view)`)}
            ${d.name && d.name !== d.address ? html`<div class="addr">${d.address}</div>` : nothing}</td>
          <td class="num" title=${`since first seen: ${formatBytes(d.total_bytes_in)}`}>${formatBytes(d.bytes_in)}</td>
          <td class="num" title=${`since first seen: ${formatBytes(d.total_bytes_out)}`}>${formatBytes(d.bytes_out)}</td>
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

function sources(r: PanelsResult, ctx: RenderContext): TemplateResult {
  const when = (iso: string): string => formatDateTime(Date.parse(iso) / 1000, ctx.language, ctx.timeZone);
  const ignoreButton = (address: string): TemplateResult | typeof nothing =>
    ctx.ignore
      ? html`<button type="button" class="action" data-ignore=${address} @click=${() => ctx.ignore?.(address)}
          title=${`Never report scans from ${address}`}>Ignore</button>`
      : nothing;
  const scans = r.sources.scans.slice(0, 10);
  return html`<div class="scroll"><table class="sources">
      <thead><tr>
        <th>Source</th><th>Country</th><th class="num">Attempts</th><th class="num wide-only">Flows</th>
        <th class="wide-only">Ports</th><th class="num wide-only">Targets</th><th class="wide-only">Seen</th><th>Verdict</th><th></th>
      </tr></thead>
      <tbody>
        ${r.sources.top.map(
          (s) => html`<tr>
            <td>${pick("remote", s.address, s.address, ctx)}${hostLine(s.address, r)}</td>
            <td>${s.country ? pick("country", s.country, countryLabel(s.country, ctx.language, false), ctx, countryName(s.country, ctx.language)) : countryLabel(null, ctx.language, false)}</td>
            <td class="num">${formatCount(s.attempts, ctx.language)}</td>
            <td class="num wide-only">${formatCount(s.flows, ctx.language)}</td>
            <td class="wide-only">${s.ports.join(", ")}${s.port_count > s.ports.length ? ` +${formatCount(s.port_count - s.ports.length, ctx.language)}` : ""}</td>
            <td class="num wide-only">${formatCount(s.target_count, ctx.language)}</td>
            <td class="wide-only">${when(s.first_seen)} – ${when(s.last_seen)}</td>
            <td><span class="verdict ${s.verdict.replace(" ", "-")}">${s.verdict}</span></td>
            <td>${ignoreButton(s.address)}</td>
          </tr>`,
        )}
      </tbody>
    </table></div>
    ${scans.length
      ? html`<h4>Recent scans</h4><ul class="scans">
          ${scans.map(
            (s) => html`<li>
              <span class="sev ${s.severity}">${s.severity}</span>
              ${pick("remote", s.source, s.source, ctx)}${s.hostname ? html` <span class="addr">${s.hostname}</span>` : nothing}
              ${s.country ? html` · ${countryLabel(s.country, ctx.language)}` : nothing}
              ${s.asn ? html` · <span class="addr">${asLabel(s.asn, s.as_org)}</span>` : nothing}
              · ${formatCount(s.port_count, ctx.language)} ports on ${formatCount(s.target_count, ctx.language)}
              · ${when(s.last_seen)} ${ignoreButton(s.source)}
            </li>`,
          )}
        </ul>`
      : nothing}`;
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
  outbound_countries: outboundCountries,
  sources,
};

/** Say how exact a panel is (nothing when it is exact). */
export function accuracyNote(panel: PanelId, r: PanelsResult, language: string): TemplateResult | typeof nothing {
  const a = r.accuracy[panel];
  if (!a || a.exact) return nothing;
  const unit = panel === "outbound" || panel === "outbound_countries" || panel === "devices" ? "flows" : "records";
  return html`<p class="approx" data-approx=${a.unattributed}>
    Approximate (lower bounds): ${formatCount(a.unattributed, language)} ${unit} of this window fell in
    ${durationLabel(r.facts_seconds)} buckets with more combinations than netwatch keeps.
  </p>`;
}
