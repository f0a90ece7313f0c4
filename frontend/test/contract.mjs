// Checks a `netwatch/panels` result against the panel data contract in the team brief. Plain JS so the
// node unit tests (fixtures) and the browser test (the real websocket answer from Home Assistant) share it.

/** Buckets per range and their width in seconds, as the contract fixes them. */
export const RANGE_SHAPE = {
  "1h": { count: 60, seconds: 60 },
  "24h": { count: 1440, seconds: 60 },
  "7d": { count: 168, seconds: 3600 },
  "30d": { count: 720, seconds: 3600 },
};

const isInt = (v) => Number.isInteger(v) && v >= 0;
const isNum = (v) => typeof v === "number" && Number.isFinite(v) && v >= 0;
const isCountry = (v) => v === null || (typeof v === "string" && /^[A-Z]{2}$/.test(v));
const isProto = (v) => typeof v === "string" && /^([a-z][a-z0-9-]*|\d{1,3})$/.test(v);
const isTime = (v) => typeof v === "string" && !Number.isNaN(Date.parse(v));

/** Return a list of contract violations (empty when the result conforms). */
export function contractProblems(r) {
  const p = [];
  const need = (cond, what) => {
    if (!cond) p.push(what);
  };
  if (!r || typeof r !== "object") return ["result is not an object"];
  const shape = RANGE_SHAPE[r.range];
  need(shape, `range ${JSON.stringify(r.range)} is not one of 1h/24h/7d/30d`);
  need(isTime(r.generated_at), "generated_at is not an ISO time");
  need(r.status && ["flows", "syslog", "geoip"].every((k) => typeof r.status[k] === "boolean"), "status flags are not booleans");
  need(r.status && (r.status.geoip_error === null || typeof r.status.geoip_error === "string"), "status.geoip_error");
  need(Array.isArray(r.buckets) && r.buckets.every(Number.isInteger), "buckets is not a list of epoch seconds");
  if (shape && Array.isArray(r.buckets)) {
    need(r.bucket_seconds === shape.seconds, `bucket_seconds ${r.bucket_seconds} != ${shape.seconds} for ${r.range}`);
    need(r.buckets.length === shape.count, `${r.buckets.length} buckets != ${shape.count} for ${r.range}`);
    need(r.buckets.every((b, i) => i === 0 || b - r.buckets[i - 1] === r.bucket_seconds), "buckets not evenly spaced, oldest first");
    need(r.buckets.every((b) => b % r.bucket_seconds === 0), "bucket starts not aligned to bucket_seconds");
  }
  const n = Array.isArray(r.buckets) ? r.buckets.length : -1;
  const counts = (c, what) => need(Array.isArray(c) && c.length === n && c.every(isInt), `${what}: counts must be ${n} non-negative ints`);
  const od = r.outbound_destinations ?? {};
  need(Array.isArray(od.series) && od.series.length <= 11, "outbound_destinations.series: list of at most 10 + other");
  for (const s of od.series ?? []) {
    need(typeof s.address === "string" && isCountry(s.country), `outbound series ${s.address}: address/country`);
    counts(s.counts, `outbound series ${s.address}`);
  }
  need(Array.isArray(od.top), "outbound_destinations.top is a list");
  for (const t of od.top ?? []) need(typeof t.address === "string" && isCountry(t.country) && isInt(t.flows) && isInt(t.bytes), `top ${t.address}`);
  need(Array.isArray(r.inbound_denied_table), "inbound_denied_table is a list");
  for (const row of r.inbound_denied_table ?? []) {
    need(isInt(row.port) && isProto(row.protocol) && isCountry(row.country) && isInt(row.count), `denied row ${JSON.stringify(row)}`);
    need(row.service === null || typeof row.service === "string", `denied row service ${JSON.stringify(row)}`);
  }
  const ds = r.denied_share ?? {};
  need(Array.isArray(ds.by_protocol) && ds.by_protocol.every((x) => isProto(x.protocol) && isInt(x.count)), "denied_share.by_protocol");
  need(Array.isArray(ds.by_port) && ds.by_port.every((x) => isInt(x.port) && isProto(x.protocol) && isInt(x.count)), "denied_share.by_port");
  need(r.inbound_drops && isInt(r.inbound_drops.total), "inbound_drops.total");
  counts(r.inbound_drops?.counts, "inbound_drops");
  const v = r.verdicts ?? {};
  need(["allow", "deny", "reject", "allow_bytes", "deny_bytes"].every((k) => isInt(v[k])), "verdicts: five non-negative ints");
  need(Array.isArray(r.denied_by_country) && r.denied_by_country.every((c) => isCountry(c.country) && isInt(c.count)), "denied_by_country");
  const dp = r.denied_ports_over_time ?? {};
  need(Array.isArray(dp.series) && dp.series.length <= 11, "denied_ports_over_time.series: list of at most 10 + other");
  for (const s of dp.series ?? []) {
    need(Number.isInteger(s.port) && isProto(s.protocol), `ports series ${s.port}/${s.protocol}`);
    counts(s.counts, `ports series ${s.port}/${s.protocol}`);
  }
  need(Array.isArray(r.devices), "devices is a list");
  for (const d of r.devices ?? []) {
    const ints = ["bytes_in", "bytes_out", "packets_in", "packets_out", "flows", "denied_inbound"];
    need(typeof d.address === "string" && typeof d.name === "string" && typeof d.mac === "string", `device ${d.address}: names`);
    need(ints.every((k) => isInt(d[k])) && isNum(d.rate_in) && isNum(d.rate_out), `device ${d.address}: counters`);
    need(d.last_seen === null || isTime(d.last_seen), `device ${d.address}: last_seen`);
  }
  return p;
}
