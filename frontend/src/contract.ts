// GENERATED from contract/panels.schema.json by frontend/gen-contract.mjs: do not edit.
// The netwatch/panels websocket answer; the schema is the one source of the contract.

/** The answer of the websocket command netwatch/panels. One source for the engine (tests/test_contract.py checks its answers), the card's types (frontend/src/contract.ts is generated from this file) and the card's checks (frontend/test/contract.mjs validates with it). Keywords used: type, properties, required, additionalProperties, items, maxItems, enum, pattern, minimum, $ref/$defs; a title on a $defs entry names its TypeScript type. */
export interface PanelsResult {
  /** The config entry that answered. */
  entry_id: string;
  range: RangeName;
  /** Epoch seconds: start of the first bucket. */
  start: number;
  /** Epoch seconds: end of the last bucket. */
  end: number;
  /** Width of the buckets of every series: 60 or 3600 without filters (1h/24h: minutes, 7d/30d: hours); with filters the fact resolution (facts_seconds). */
  bucket_seconds: number;
  generated_at: string;
  status: PanelsStatus;
  filters: PanelFilters;
  /** Resolution of the fact tables that answered the device table, outbound countries, sources and (with filters) every panel. */
  facts_seconds: 60 | 300 | 3600 | 21600;
  /** Bucket start times, epoch seconds, oldest first. */
  buckets: number[];
  outbound_destinations: OutboundDestinations;
  inbound_denied_table: DeniedRow[];
  denied_share: DeniedShare;
  inbound_drops: InboundDrops;
  verdicts: Verdicts;
  denied_by_country: CountryCount[];
  denied_ports_over_time: PortsOverTime;
  outbound_countries: CountryTraffic[];
  devices: Device[];
  sources: Sources;
  /** Per panel id: exact, or a lower bound that misses at most `unattributed` (flows, or firewall lines). */
  accuracy: Record<string, Accuracy>;
  /** Panels left empty because the user is not an administrator (they name hosts). */
  redacted: ("outbound" | "devices" | "sources")[];
  /** Host names (reverse DNS) and autonomous systems of the remote addresses in this answer, by address; only those with any. */
  names: Record<string, AddressNames>;
}

export type RangeName = "1h" | "24h" | "7d" | "30d" | "custom";

export interface PanelsStatus {
  flows: boolean;
  syslog: boolean;
  geoip: boolean;
  geoip_error: string | null;
  flow_port?: number;
  syslog_port?: number;
  /** Reverse DNS is on. */
  names?: boolean;
  /** An ASN database is loaded. */
  asn?: boolean;
}

/** Active cross-filters (request and answer), canonical text. */
export interface PanelFilters {
  country?: string;
  /** 23/tcp, or a protocol without ports (icmp). */
  port?: string;
  protocol?: string;
  /** Home address (administrators only). */
  device?: string;
  /** Remote address (administrators only). */
  remote?: string;
}

export interface OutboundDestinations {
  series: DestinationSeries[];
  top: DestinationTop[];
}

export interface DeniedRow {
  port: number | null;
  protocol: string;
  service: string | null;
  country: string | null;
  count: number;
}

export interface DeniedShare {
  by_protocol: ProtocolCount[];
  by_port: PortCount[];
}

export interface InboundDrops {
  total: number;
  counts: number[];
}

export interface Verdicts {
  allow: number;
  deny: number;
  reject: number;
  /** Bytes of flows joined to an allow verdict; null with filters (not filterable). */
  allow_bytes: number | null;
  deny_bytes: number | null;
}

export interface CountryCount {
  country: string | null;
  count: number;
}

export interface PortsOverTime {
  series: PortSeries[];
}

export interface CountryTraffic {
  country: string | null;
  flows: number;
  /** Bytes sent to the country. */
  bytes: number;
}

export interface Device {
  address: string;
  name: string;
  mac: string;
  /** Received in the window. */
  bytes_in: number;
  /** Sent in the window. */
  bytes_out: number;
  flows: number;
  denied_inbound: number;
  /** Bytes/s over the last complete minute. */
  rate_in: number;
  rate_out: number;
  /** Since first seen (as the sensors). */
  total_bytes_in: number;
  total_bytes_out: number;
  last_seen: string | null;
}

export interface Sources {
  top: Source[];
  scans: Scan[];
}

export interface Accuracy {
  exact: boolean;
  unattributed: number;
}

export interface AddressNames {
  hostname: string | null;
  asn: number | null;
  as_org: string | null;
}

export interface DestinationSeries {
  /** Remote address, or "other" for the rest. */
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

export interface ProtocolCount {
  protocol: string;
  count: number;
}

export interface PortCount {
  port: number | null;
  protocol: string;
  service: string | null;
  count: number;
}

export interface PortSeries {
  /** null for "other" and protocols without ports. */
  port: number | null;
  protocol: string;
  counts: number[];
}

export interface Source {
  address: string;
  country: string | null;
  /** Inbound firewall lines. */
  attempts: number;
  denied: number;
  /** Inbound flow records. */
  flows: number;
  bytes: number;
  port_count: number;
  ports: string[];
  target_count: number;
  targets: string[];
  first_seen: string;
  last_seen: string;
  verdict: "denied" | "allowed" | "mixed" | "flows only" | "unknown";
}

/** A scan_detected event payload (see README, Events). */
export interface Scan {
  source: string;
  hostname?: string | null;
  asn?: number | null;
  as_org?: string | null;
  country: string | null;
  country_name?: string | null;
  port_count: number;
  target_count: number;
  attempts?: number;
  first_seen: string;
  last_seen: string;
  severity: "low" | "medium" | "high";
  evidence?: string;
  [key: string]: unknown;
}
