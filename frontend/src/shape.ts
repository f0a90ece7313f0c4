// Pure data shaping for the card: no DOM, no Lit, so node's test runner covers all of it.
import type { Range } from "./types.ts";

/** Return the flag emoji for an ISO 3166 alpha-2 code, or a globe for unknown/invalid codes. */
export function flagEmoji(code: string | null | undefined): string {
  if (!code || !/^[A-Za-z]{2}$/.test(code)) return "\u{1F310}";
  // A flag is the pair of Regional Indicator Symbols U+1F1E6..U+1F1FF for the two letters (Unicode TR51).
  const base = 0x1f1e6 - 0x41;
  const upper = code.toUpperCase();
  return String.fromCodePoint(base + upper.charCodeAt(0), base + upper.charCodeAt(1));
}

// Building an Intl formatter costs far more than using one: the charts format hundreds of labels per
// render, so formatters are cached by their options (a handful of keys: language × range × zone).
const dateFormats = new Map<string, Intl.DateTimeFormat>();
const numberFormats = new Map<string, Intl.NumberFormat>();

function dateFormat(language: string, opts: Intl.DateTimeFormatOptions): Intl.DateTimeFormat {
  const key = `${language}|${JSON.stringify(opts)}`;
  let f = dateFormats.get(key);
  if (!f) {
    f = new Intl.DateTimeFormat(language, opts);
    dateFormats.set(key, f);
  }
  return f;
}

function numberFormat(language: string, opts: Intl.NumberFormatOptions): Intl.NumberFormat {
  const key = `${language}|${JSON.stringify(opts)}`;
  let f = numberFormats.get(key);
  if (!f) {
    f = new Intl.NumberFormat(language, opts);
    numberFormats.set(key, f);
  }
  return f;
}

const regionNames = new Map<string, Intl.DisplayNames | null>();

/** Return the localised country name for an ISO code ("Unknown" for null). */
export function countryName(code: string | null | undefined, language = "en"): string {
  if (!code) return "Unknown";
  if (!regionNames.has(language)) {
    try {
      regionNames.set(language, new Intl.DisplayNames([language, "en"], { type: "region" }));
    } catch {
      regionNames.set(language, null);
    }
  }
  const names = regionNames.get(language);
  try {
    return names?.of(code.toUpperCase()) ?? code;
  } catch {
    return code;
  }
}

const BYTE_UNITS = ["B", "kB", "MB", "GB", "TB", "PB"];

/** Format a byte count with SI prefixes (1 kB = 1000 B, as Home Assistant's data-size units). */
export function formatBytes(bytes: number): string {
  if (!Number.isFinite(bytes)) return "–";
  const sign = bytes < 0 ? "-" : "";
  let value = Math.abs(bytes);
  let unit = 0;
  while (value >= 999.95 && unit < BYTE_UNITS.length - 1) {
    value /= 1000;
    unit += 1;
  }
  const text = unit === 0 ? String(Math.round(value)) : value.toFixed(value < 10 ? 2 : value < 100 ? 1 : 0);
  return `${sign}${text} ${BYTE_UNITS[unit]}`;
}

/** Format a byte rate (bytes per second) as bits per second, as routers and ISPs quote it. */
export function formatRate(bytesPerSecond: number): string {
  const bits = bytesPerSecond * 8;
  const text = formatBytes(bits).replace(/B$/, "bit/s");
  return text;
}

/** Format a count compactly (1234 → "1.2k") for tight labels. */
export function formatCompact(n: number, language = "en"): string {
  return numberFormat(language, { notation: "compact", maximumFractionDigits: 1 }).format(n);
}

/** Format a count in full with grouping (1234 → "1,234"). */
export function formatCount(n: number, language = "en"): string {
  return numberFormat(language, { maximumFractionDigits: 0 }).format(n);
}

/** Return integer percentages of `values` that sum to exactly 100 (largest remainder), or all 0. */
export function percentages(values: readonly number[]): number[] {
  const total = values.reduce((a, b) => a + Math.max(0, b), 0);
  if (total <= 0) return values.map(() => 0);
  const raw = values.map((v) => (Math.max(0, v) * 100) / total);
  const floors = raw.map(Math.floor);
  let missing = 100 - floors.reduce((a, b) => a + b, 0);
  const order = raw.map((r, i) => [r - Math.floor(r), i] as const).sort((a, b) => b[0] - a[0] || a[1] - b[1]);
  for (const [, i] of order) {
    if (missing <= 0) break;
    floors[i] += 1;
    missing -= 1;
  }
  return floors;
}

/** Keep the `n` largest items by `value` and fold the rest into one `other(sum, count)` item. */
export function topN<T>(
  items: readonly T[],
  n: number,
  value: (item: T) => number,
  other: (sum: number, folded: number) => T,
): T[] {
  const sorted = [...items].sort((a, b) => value(b) - value(a));
  if (sorted.length <= n) return sorted;
  const rest = sorted.slice(n);
  const sum = rest.reduce((acc, item) => acc + value(item), 0);
  return sum > 0 ? [...sorted.slice(0, n), other(sum, rest.length)] : sorted.slice(0, n);
}

/** Return a "nice" axis maximum ≥ `value`: 1, 2 or 5 × 10^k (0 → 1). */
export function niceMax(value: number): number {
  if (!(value > 0)) return 1;
  const exp = Math.floor(Math.log10(value));
  const base = 10 ** exp;
  for (const m of [1, 2, 5, 10]) {
    if (value <= m * base + 1e-9 * base) return Math.max(1, m * base);
  }
  return 10 * base;
}

/** Return cumulative sums across series (stack[i][k] = sum of series 0..i at bucket k). */
export function stack(series: readonly (readonly number[])[]): number[][] {
  const out: number[][] = [];
  let prev: number[] | null = null;
  for (const s of series) {
    const row = s.map((v, k) => v + (prev ? (prev[k] ?? 0) : 0));
    out.push(row);
    prev = row;
  }
  return out;
}

export type Point = readonly [number, number];

/** Map values to SVG points in a width×height box, y growing downwards, `max` at the top. */
export function toPoints(values: readonly number[], width: number, height: number, max: number): Point[] {
  const n = values.length;
  const scale = max > 0 ? height / max : 0;
  return values.map((v, i): Point => {
    const x = n <= 1 ? width / 2 : (i * width) / (n - 1);
    const y = height - Math.min(max, Math.max(0, v)) * scale;
    return [round2(x), round2(y)];
  });
}

/** Return an SVG path "M x,y L x,y …" through the points. */
export function linePath(points: readonly Point[]): string {
  return points.map(([x, y], i) => `${i === 0 ? "M" : "L"}${x},${y}`).join("");
}

/** Return a closed SVG path for the band between `lower` and `upper` point lists (same x). */
export function areaPath(upper: readonly Point[], lower: readonly Point[]): string {
  if (upper.length === 0) return "";
  const back = [...lower].reverse();
  return `${linePath(upper)}${back.map(([x, y]) => `L${x},${y}`).join("")}Z`;
}

export interface Arc {
  start: number;
  end: number;
  path: string;
}

/** Return donut slices (angles in radians from 12 o'clock, clockwise) with SVG paths. */
export function donutArcs(values: readonly number[], cx: number, cy: number, r: number, inner: number): Arc[] {
  const total = values.reduce((a, b) => a + Math.max(0, b), 0);
  let angle = 0;
  return values.map((v) => {
    const sweep = total > 0 ? (Math.max(0, v) / total) * 2 * Math.PI : 0;
    const arc = { start: angle, end: angle + sweep, path: arcPath(cx, cy, r, inner, angle, angle + sweep) };
    angle += sweep;
    return arc;
  });
}

/** Return an SVG path for a ring segment between angles a0..a1 (a full ring when the sweep is 2π). */
export function arcPath(cx: number, cy: number, r: number, inner: number, a0: number, a1: number): string {
  const sweep = a1 - a0;
  if (sweep <= 0) return "";
  // SVG cannot draw a 360° arc with one command (start = end point): split a full ring in two halves.
  if (sweep >= 2 * Math.PI - 1e-9) {
    return arcPath(cx, cy, r, inner, a0, a0 + Math.PI) + arcPath(cx, cy, r, inner, a0 + Math.PI, a1 - 1e-9);
  }
  const large = sweep > Math.PI ? 1 : 0;
  const p = (radius: number, a: number): string =>
    `${round2(cx + radius * Math.sin(a))},${round2(cy - radius * Math.cos(a))}`;
  return (
    `M${p(r, a0)}A${r},${r} 0 ${large} 1 ${p(r, a1)}` +
    `L${p(inner, a1)}A${inner},${inner} 0 ${large} 0 ${p(inner, a0)}Z`
  );
}

/** Return the seconds to add to UTC to get wall-clock time in `timeZone` at `epoch`. */
export function tzOffsetSeconds(epoch: number, timeZone?: string): number {
  const fmt = dateFormat("en-US", {
    timeZone,
    hourCycle: "h23",
    year: "numeric",
    month: "numeric",
    day: "numeric",
    hour: "numeric",
    minute: "numeric",
    second: "numeric",
  });
  const parts: Record<string, number> = {};
  for (const part of fmt.formatToParts(new Date(epoch * 1000))) {
    if (part.type !== "literal") parts[part.type] = Number(part.value);
  }
  const wall = Date.UTC(parts.year, parts.month - 1, parts.day, parts.hour, parts.minute, parts.second) / 1000;
  return wall - epoch;
}

const LABEL_FORMATS: Record<Range, Intl.DateTimeFormatOptions> = {
  "1h": { hour: "2-digit", minute: "2-digit", hourCycle: "h23" },
  "24h": { hour: "2-digit", minute: "2-digit", hourCycle: "h23" },
  "7d": { weekday: "short", hour: "2-digit", hourCycle: "h23" },
  "30d": { month: "short", day: "numeric" },
};

/** Format a bucket start for an axis label suited to the range. */
export function bucketLabel(epoch: number, range: Range, language = "en", timeZone?: string): string {
  if (range === "7d") {
    // "Mon 14" reads as a date; "Mon 14:00" is what a user expects for an hourly tick.
    const day = dateFormat(language, { weekday: "short", timeZone }).format(epoch * 1000);
    const hm = dateFormat(language, { hour: "2-digit", minute: "2-digit", hourCycle: "h23", timeZone });
    return `${day} ${hm.format(epoch * 1000)}`;
  }
  return dateFormat(language, { ...LABEL_FORMATS[range], timeZone }).format(epoch * 1000);
}

const TICK_STEP: Record<Range, number> = { "1h": 900, "24h": 4 * 3600, "7d": 86400, "30d": 7 * 86400 };

/** Return indices of buckets that start on a round local time for the range (axis ticks). */
export function tickIndices(buckets: readonly number[], range: Range, timeZone?: string): number[] {
  if (buckets.length === 0) return [];
  const step = TICK_STEP[range];
  const offset = tzOffsetSeconds(buckets[buckets.length - 1], timeZone);
  const ticks: number[] = [];
  buckets.forEach((b, i) => {
    if ((((b + offset) % step) + step) % step === 0) ticks.push(i);
  });
  return ticks;
}

/** Return a readable protocol name ("tcp" → "TCP", "ipv6-icmp" → "ICMPv6", "47" → "proto 47"). */
export function protocolLabel(protocol: string): string {
  if (protocol === "ipv6-icmp") return "ICMPv6";
  if (/^\d+$/.test(protocol)) return `proto ${protocol}`;
  if (protocol === "other") return protocol;
  return protocol.toUpperCase();
}

/** Return "23/TCP (telnet)"-style port labels; port 0 or no port protocols show the protocol only. */
export function portLabel(port: number, protocol: string, service?: string | null): string {
  const proto = protocolLabel(protocol);
  const base = port > 0 ? `${port}/${proto}` : proto;
  return service ? `${base} (${service})` : base;
}

/** Return true when any count in the arrays is above zero. */
export function anyPositive(...arrays: readonly (readonly number[])[]): boolean {
  return arrays.some((a) => a.some((v) => v > 0));
}

/** Return a short relative age ("12 s", "5 min", "3 h", "2 d") between an ISO time and now. */
export function ageLabel(iso: string | null | undefined, nowMs: number): string {
  if (!iso) return "–";
  const t = Date.parse(iso);
  if (Number.isNaN(t)) return "–";
  const s = Math.max(0, Math.round((nowMs - t) / 1000));
  if (s < 60) return `${s} s`;
  if (s < 3600) return `${Math.floor(s / 60)} min`;
  if (s < 86400) return `${Math.floor(s / 3600)} h`;
  return `${Math.floor(s / 86400)} d`;
}

function round2(v: number): number {
  return Math.round(v * 100) / 100;
}

// Group sizes that land on round durations, so a grouped bar reads as "15 min" or "6 h".
const NICE_SECONDS = [
  60, 120, 300, 600, 900, 1200, 1800, 3600, 7200, 10800, 14400, 21600, 28800, 43200, 86400, 172800, 604800,
];

/** Return how many buckets to merge per point so at most `maxPoints` remain, on a round duration. */
export function groupFactor(n: number, bucketSeconds: number, maxPoints: number): number {
  const needed = Math.ceil(n / Math.max(1, maxPoints));
  if (needed <= 1) return 1;
  for (const seconds of NICE_SECONDS) {
    const factor = seconds / bucketSeconds;
    if (Number.isInteger(factor) && factor >= needed) return factor;
  }
  return needed;
}

/** Sum adjacent buckets in groups of `factor` (the last group may be partial). */
export function groupSums(counts: readonly number[], factor: number): number[] {
  const out: number[] = [];
  for (let i = 0; i < counts.length; i += factor) {
    let sum = 0;
    for (let j = i; j < Math.min(i + factor, counts.length); j++) sum += counts[j] ?? 0;
    out.push(sum);
  }
  return out;
}

/** Return "1 min", "15 min", "2 h", "1 d" for a duration in seconds. */
export function durationLabel(seconds: number): string {
  if (seconds % 86400 === 0) return `${seconds / 86400} d`;
  if (seconds % 3600 === 0) return `${seconds / 3600} h`;
  if (seconds % 60 === 0) return `${seconds / 60} min`;
  return `${seconds} s`;
}

/** Return the label style (a named range) that suits a window of `spanSeconds`. */
export function labelStyle(spanSeconds: number): Range {
  if (spanSeconds <= 2 * 3600) return "1h";
  if (spanSeconds <= 2 * 86400) return "24h";
  if (spanSeconds <= 10 * 86400) return "7d";
  return "30d";
}

/** Keep at most `max` of the tick indices, evenly (at least the first one). */
export function thinTicks(ticks: readonly number[], max: number): number[] {
  if (ticks.length <= max) return [...ticks];
  const every = Math.ceil(ticks.length / Math.max(1, max));
  return ticks.filter((_, k) => k % every === 0);
}

/** Format a time for tooltips and exports: "Fri 27 Nov, 20:15" in the user's language and zone. */
export function formatDateTime(epoch: number, language = "en", timeZone?: string): string {
  return dateFormat(language, {
    weekday: "short",
    day: "numeric",
    month: "short",
    hour: "2-digit",
    minute: "2-digit",
    hourCycle: "h23",
    timeZone,
  }).format(epoch * 1000);
}

/** Return "AS4134 Chinanet" (or "AS4134") for a name entry, "" without an AS number. */
export function asLabel(asn: number | null | undefined, org: string | null | undefined): string {
  if (!asn) return "";
  return org ? `AS${asn} ${org}` : `AS${asn}`;
}
