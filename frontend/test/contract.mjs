// Checks a `netwatch/panels` answer against contract/panels.schema.json (the one source of the
// contract) plus what a schema cannot say (bucket grids, series lengths). Plain JS so the node unit
// tests (fixtures) and the browser tests (the real websocket answer from Home Assistant) share it.
// tests/contract.py implements the same schema subset for the engine's answers.
import { readFileSync } from "node:fs";

export const SCHEMA = JSON.parse(readFileSync(new URL("../../contract/panels.schema.json", import.meta.url), "utf8"));

/** Buckets per named range and their width in seconds, without filters. */
export const RANGE_SHAPE = {
  "1h": { count: 60, seconds: 60 },
  "24h": { count: 1440, seconds: 60 },
  "7d": { count: 168, seconds: 3600 },
  "30d": { count: 720, seconds: 3600 },
};

const TYPES = {
  object: (v) => v !== null && typeof v === "object" && !Array.isArray(v),
  array: Array.isArray,
  string: (v) => typeof v === "string",
  integer: Number.isInteger,
  number: (v) => typeof v === "number" && Number.isFinite(v),
  boolean: (v) => typeof v === "boolean",
  null: (v) => v === null,
};

function resolve(s) {
  while (s.$ref) s = SCHEMA.$defs[s.$ref.replace("#/$defs/", "")];
  return s;
}

/** Return where and how `value` breaks the schema (empty when it conforms). */
export function schemaProblems(value, schema = SCHEMA, path = "$") {
  const s = resolve(schema);
  if (s.type !== undefined) {
    const types = Array.isArray(s.type) ? s.type : [s.type];
    if (!types.some((t) => TYPES[t](value))) return [`${path}: ${JSON.stringify(value)?.slice(0, 60)} is not ${types.join(" or ")}`];
  }
  const out = [];
  if (s.enum && !s.enum.includes(value)) out.push(`${path}: ${JSON.stringify(value)} not in ${JSON.stringify(s.enum)}`);
  if (typeof value === "string" && s.pattern && !new RegExp(s.pattern).test(value)) out.push(`${path}: ${value} does not match ${s.pattern}`);
  if (typeof value === "number" && s.minimum !== undefined && value < s.minimum) out.push(`${path}: ${value} < ${s.minimum}`);
  if (TYPES.object(value)) {
    for (const key of s.required ?? []) if (!(key in value)) out.push(`${path}: missing ${key}`);
    const props = s.properties ?? {};
    const extra = s.additionalProperties ?? true;
    for (const [key, item] of Object.entries(value)) {
      if (key in props) out.push(...schemaProblems(item, props[key], `${path}.${key}`));
      else if (extra === false) out.push(`${path}: unexpected ${key}`);
      else if (typeof extra === "object") out.push(...schemaProblems(item, extra, `${path}.${key}`));
    }
  }
  if (Array.isArray(value)) {
    if (s.maxItems !== undefined && value.length > s.maxItems) out.push(`${path}: ${value.length} items > ${s.maxItems}`);
    if (s.items) value.forEach((item, i) => out.push(...schemaProblems(item, s.items, `${path}[${i}]`)));
  }
  return out;
}

/** Return a list of contract violations (empty when the answer conforms). */
export function contractProblems(r) {
  const p = schemaProblems(r);
  if (!r || typeof r !== "object") return p;
  try {
    semantics(r, p);
  } catch (err) {
    p.push(`could not check the buckets: ${err}`);
  }
  return p;
}

function semantics(r, p) {
  const need = (cond, what) => {
    if (!cond) p.push(what);
  };
  const filtered = Object.keys(r.filters).length > 0;
  const shape = RANGE_SHAPE[r.range];
  if (shape && !filtered) {
    need(r.bucket_seconds === shape.seconds, `bucket_seconds ${r.bucket_seconds} != ${shape.seconds} for ${r.range}`);
    need(r.buckets.length === shape.count, `${r.buckets.length} buckets != ${shape.count} for ${r.range}`);
  }
  if (filtered) need(r.bucket_seconds === r.facts_seconds, "filtered series must use the fact resolution");
  need(r.buckets.every((b, i) => i === 0 || b - r.buckets[i - 1] === r.bucket_seconds), "buckets not evenly spaced, oldest first");
  need(r.buckets.every((b) => b % r.bucket_seconds === 0), "bucket starts not aligned to bucket_seconds");
  const n = r.buckets.length;
  const series = [
    ...r.outbound_destinations.series.map((s) => [`outbound ${s.address}`, s.counts]),
    ...r.denied_ports_over_time.series.map((s) => [`ports ${s.port}/${s.protocol}`, s.counts]),
    ["inbound_drops", r.inbound_drops.counts],
  ];
  for (const [what, counts] of series) need(counts.length === n, `${what}: ${counts.length} counts for ${n} buckets`);
  need(r.inbound_drops.total === r.inbound_drops.counts.reduce((a, b) => a + b, 0), "inbound_drops.total is not the sum of its counts");
}
