// Generate the card's test fixtures (test/fixtures/*.json), shaped per the panel data contract.
// Deterministic (seeded PRNG), internally consistent (drops = sum of denied ports = deny verdicts).
//   node test/make-fixtures.mjs
import { writeFile } from "node:fs/promises";
import { RANGE_SHAPE } from "./contract.mjs";

const END = Date.parse("2026-11-27T20:00:00Z") / 1000; // generated_at; the last bucket starts before it

function rng(seed) {
  // mulberry32: a tiny deterministic generator, good enough for plausible fixture shapes.
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const DESTINATIONS = [
  ["8.8.8.8", "US", 9], ["1.1.1.1", "AU", 7], ["140.82.121.4", "US", 4], ["2a00:1450:4001:82b::200e", "DE", 6],
  ["17.253.144.10", "US", 3], ["151.101.1.69", "US", 3], ["52.95.120.1", "IE", 2], ["185.199.108.153", "NL", 2],
  ["104.16.132.229", null, 1], ["other", null, 5],
];
const PORTS = [
  [23, "tcp", "telnet", 8], [22, "tcp", "ssh", 6], [3389, "tcp", "ms-wbt-server", 4], [445, "tcp", "microsoft-ds", 3],
  [5060, "udp", "sip", 2], [8080, "tcp", "http-alt", 2], [1433, "tcp", "ms-sql-s", 1], [null, "icmp", null, 1],
  [null, "ipv6-icmp", null, 0.5], [null, "other", null, 2],
];
const SOURCES = [
  ["175.16.199.10", "CN", ["23/tcp", "2323/tcp", "3389/tcp"], "denied"], ["81.2.69.142", "GB", ["22/tcp"], "mixed"],
  ["89.160.20.112", "SE", ["8080/tcp", "443/tcp"], "denied"], ["216.160.83.56", "US", ["443/tcp"], "allowed"],
];
const COUNTRIES = [["CN", 10], ["RU", 6], ["US", 5], ["BR", 3], ["NL", 2], ["IN", 2], ["VN", 1], [null, 1]];
const DEVICES = [
  ["192.168.1.10", "laptop", "a4:83:e7:12:34:56"], ["192.168.1.11", "phone", ""], ["192.168.1.20", "tv", "f0:ee:10:aa:bb:cc"],
  ["192.168.1.30", "nas", "00:11:32:de:ad:01"], ["192.168.1.40", "", ""], ["2001:db8:1::25", "printer", ""],
];

function diurnal(t) {
  const hour = ((t % 86400) / 3600 + 1) % 24; // CET-ish daily rhythm
  return 0.35 + 0.65 * Math.max(0, Math.sin(((hour - 6) / 24) * 2 * Math.PI));
}

function seriesCounts(rand, buckets, seconds, weight) {
  const scale = seconds / 60;
  return buckets.map((b) => {
    const mean = weight * diurnal(b) * scale * 0.6;
    return Math.max(0, Math.round(mean * (0.4 + rand() * 1.2) - (rand() < 0.15 ? mean : 0)));
  });
}

const sum = (a) => a.reduce((x, y) => x + y, 0);

function full(range, seed) {
  const { count, seconds } = RANGE_SHAPE[range];
  const rand = rng(seed);
  const last = Math.floor(END / seconds) * seconds - seconds;
  const buckets = Array.from({ length: count }, (_, i) => last - (count - 1 - i) * seconds);
  const dest = DESTINATIONS.map(([address, country, w]) => ({ address, country, counts: seriesCounts(rand, buckets, seconds, w) }));
  const top = dest
    .filter((d) => d.address !== "other")
    .map((d) => ({ address: d.address, country: d.country, flows: sum(d.counts), bytes: sum(d.counts) * Math.round(800 + rand() * 40000) }))
    .sort((a, b) => b.flows - a.flows);
  const ports = PORTS.map(([port, protocol, , w]) => ({ port, protocol, counts: seriesCounts(rand, buckets, seconds, w * 0.4) }));
  const dropCounts = buckets.map((_, i) => sum(ports.map((p) => p.counts[i])));
  const totals = PORTS.map(([port, protocol, service], i) => ({ port, protocol, service, count: sum(ports[i].counts) }));
  const named = totals.filter((t) => t.protocol !== "other");
  const table = [];
  const byCountry = new Map();
  for (const t of named) {
    let left = t.count;
    for (const [country, w] of COUNTRIES) {
      const part = Math.min(left, Math.round(t.count * (w / 30) * (0.5 + rand())));
      if (part <= 0) continue;
      left -= part;
      table.push({ port: t.port, protocol: t.protocol, service: t.service, country, count: part });
      byCountry.set(country, (byCountry.get(country) ?? 0) + part);
    }
  }
  table.sort((a, b) => b.count - a.count);
  const byProtocol = new Map();
  // Ports folded into the "other" series are TCP here, so the protocol split still adds up to the drops.
  for (const t of totals) {
    const proto = t.protocol === "other" ? "tcp" : t.protocol;
    byProtocol.set(proto, (byProtocol.get(proto) ?? 0) + t.count);
  }
  const deny = sum(dropCounts);
  const allow = Math.round(deny * (3 + rand() * 2));
  const iso = (t) => new Date(t * 1000).toISOString().replace(/\.\d+Z$/, "Z");
  const sources = SOURCES.map(([address, country, ports, verdict], i) => ({
    address, country, attempts: Math.round(400 / (i + 1)), denied: verdict === "allowed" ? 0 : Math.round(400 / (i + 1)),
    flows: i, bytes: i * 1200, port_count: ports.length * (i + 1), ports, target_count: 1 + (i % 3),
    targets: ["192.168.1.1"], first_seen: iso(buckets[0]), last_seen: iso(END - 60 * i), verdict,
  }));
  return {
    entry_id: "fixture",
    range,
    start: buckets[0],
    end: buckets[buckets.length - 1] + seconds,
    bucket_seconds: seconds,
    generated_at: new Date(END * 1000).toISOString().replace(".000Z", "Z"),
    status: { flows: true, syslog: true, geoip: true, geoip_error: null, names: true, asn: true },
    filters: {},
    facts_seconds: { "1h": 60, "24h": 300, "7d": 3600, "30d": 21600 }[range],
    buckets,
    outbound_destinations: { series: dest, top },
    inbound_denied_table: table.slice(0, 20),
    denied_share: {
      by_protocol: [...byProtocol].map(([protocol, count]) => ({ protocol, count })).sort((a, b) => b.count - a.count),
      by_port: named.map(({ port, protocol, service, count }) => ({ port, protocol, service, count })).sort((a, b) => b.count - a.count),
    },
    inbound_drops: { total: deny, counts: dropCounts },
    verdicts: { allow, deny, reject: Math.round(deny * 0.05), allow_bytes: allow * 52_000, deny_bytes: deny * 60 },
    denied_by_country: [...byCountry].map(([country, count]) => ({ country, count })).sort((a, b) => b.count - a.count),
    denied_ports_over_time: { series: ports },
    outbound_countries: [...new Set(top.map((t) => t.country))].map((country) => {
      const mine = top.filter((t) => t.country === country);
      return { country, flows: sum(mine.map((t) => t.flows)), bytes: sum(mine.map((t) => t.bytes)) };
    }).sort((a, b) => b.flows - a.flows),
    devices: DEVICES.map(([address, name, mac], i) => {
      const bytesIn = Math.round((i + 1) * 7.3e8 * (seconds / 60) * (0.5 + rand()));
      return {
        address, name, mac,
        bytes_in: bytesIn, bytes_out: Math.round(bytesIn * (0.05 + rand() * 0.3)),
        flows: Math.round(bytesIn / 1e5), denied_inbound: i === 3 ? Math.round(deny * 0.2) : Math.round(rand() * 3),
        rate_in: Math.round(rand() * 2.5e6), rate_out: Math.round(rand() * 3e5),
        total_bytes_in: bytesIn * 40, total_bytes_out: bytesIn * 9,
        last_seen: new Date((END - Math.round(rand() * 600)) * 1000).toISOString().replace(/\.\d+Z$/, "Z"),
      };
    }),
    sources: {
      top: sources,
      scans: [{
        source: "175.16.199.10", hostname: "scanner.example.net", asn: 4134, as_org: "Chinanet", country: "CN",
        country_name: "China", port_count: 214, target_count: 1, attempts: 230, first_seen: iso(END - 3000),
        last_seen: iso(END - 2900), severity: "high", evidence: "syslog",
        ports: [{ port: 23, protocol: "tcp", service: "telnet" }], targets: ["192.168.1.1"],
      }],
    },
    accuracy: Object.fromEntries(
      ["outbound", "denied_table", "denied_share", "drops", "verdicts", "countries", "ports", "devices", "outbound_countries", "sources"]
        .map((p) => [p, { exact: p !== "sources", unattributed: p === "sources" ? 120 : 0 }]),
    ),
    redacted: [],
    names: {
      "8.8.8.8": { hostname: "dns.google", asn: 15169, as_org: "Google LLC" },
      "1.1.1.1": { hostname: "one.one.one.one", asn: 13335, as_org: "Cloudflare, Inc." },
      "175.16.199.10": { hostname: "scanner.example.net", asn: 4134, as_org: "Chinanet" },
    },
  };
}

function empty(range) {
  const r = full(range, 1);
  const zero = r.buckets.map(() => 0);
  return {
    ...r,
    status: { flows: false, syslog: false, geoip: false, geoip_error: null, names: false, asn: false },
    outbound_destinations: { series: [], top: [] },
    inbound_denied_table: [],
    denied_share: { by_protocol: [], by_port: [] },
    inbound_drops: { total: 0, counts: zero },
    verdicts: { allow: 0, deny: 0, reject: 0, allow_bytes: 0, deny_bytes: 0 },
    denied_by_country: [],
    denied_ports_over_time: { series: [] },
    outbound_countries: [],
    devices: [],
    sources: { top: [], scans: [] },
    names: {},
  };
}

function flowsOnly(range) {
  const r = full(range, 7);
  const e = empty(range);
  return {
    ...e,
    status: { flows: true, syslog: false, geoip: false, geoip_error: "file not found: /config/netwatch/dbip-country-lite.mmdb", names: false, asn: false },
    outbound_destinations: {
      series: r.outbound_destinations.series.map((s) => ({ ...s, country: null })),
      top: r.outbound_destinations.top.map((t) => ({ ...t, country: null })),
    },
    outbound_countries: [{ country: null, flows: sum(r.outbound_countries.map((c) => c.flows)), bytes: sum(r.outbound_countries.map((c) => c.bytes)) }],
    devices: r.devices.map((d) => ({ ...d, denied_inbound: 0 })),
  };
}

const out = {
  "panels-1h": full("1h", 11),
  "panels-24h": full("24h", 24),
  "panels-7d": full("7d", 7),
  "panels-30d": full("30d", 30),
  "panels-empty-24h": empty("24h"),
  "panels-flows-only-24h": flowsOnly("24h"),
};
for (const [name, data] of Object.entries(out)) {
  const file = new URL(`fixtures/${name}.json`, import.meta.url);
  await writeFile(file, `${JSON.stringify(data)}\n`);
  console.log(`wrote test/fixtures/${name}.json`);
}
