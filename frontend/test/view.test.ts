// The shared view in the URL, the request a card sends, and the export files.
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { describe, it } from "node:test";
import { requestOf } from "../src/card.ts";
import { fileName, panelTable, toCsv, toJson } from "../src/export.ts";
import type { PanelsResult } from "../src/types.ts";
import { fromSearch, toSearch } from "../src/view.ts";

const load = (name: string): PanelsResult =>
  JSON.parse(readFileSync(new URL(`fixtures/${name}.json`, import.meta.url), "utf8")) as PanelsResult;

describe("the view in the URL", () => {
  it("round-trips range, window and filters and keeps other parameters", () => {
    const search = toSearch("?edit=1", {
      range: "7d",
      start: 1_800_000_000,
      end: 1_800_003_600,
      filters: { country: "CN", port: "23/tcp", device: "192.168.1.10" },
    });
    assert.equal(search, "?edit=1&nw_range=7d&nw_from=1800000000&nw_to=1800003600&nw_device=192.168.1.10&nw_country=CN&nw_port=23%2Ftcp");
    assert.deepEqual(fromSearch(search), {
      range: "7d",
      start: 1_800_000_000,
      end: 1_800_003_600,
      filters: { device: "192.168.1.10", country: "CN", port: "23/tcp" },
    });
  });
  it("ignores what is not a view", () => {
    assert.equal(fromSearch("?edit=1"), null);
    assert.deepEqual(fromSearch("?nw_range=2h&nw_from=5&nw_to=1&nw_remote=8.8.8.8"), { filters: { remote: "8.8.8.8" } });
  });
});

describe("requestOf", () => {
  it("adds the card's own device and the zoom window to the page's filters", () => {
    const msg = requestOf({ type: "x", device: " 192.168.1.10 ", entry_id: "e1" }, { country: "CN" }, "24h", 10, 70);
    assert.deepEqual(msg, {
      type: "netwatch/panels",
      range: "24h",
      filters: { country: "CN", device: "192.168.1.10" },
      start: 10,
      end: 70,
      entry_id: "e1",
    });
  });
});

describe("export", () => {
  it("writes what the panel shows with the window and filters", () => {
    const r = { ...load("panels-24h"), filters: { country: "CN" } };
    const csv = toCsv("denied_table", r).split("\r\n");
    assert.match(csv[0], /^# netwatch denied_table 2026-11-2\dT\d\d:\d\d:00Z\.\.2026-11-27T20:00:00Z \(24h\)$/);
    assert.equal(csv[1], "# filters: country=CN");
    assert.equal(csv[2], "port,protocol,service,country,attempts");
    assert.equal(csv.length - 4, r.inbound_denied_table.length); // two comments, a header, a final CRLF
    const row = r.inbound_denied_table[0];
    assert.equal(csv[3], [row.port, row.protocol, row.service ?? "", row.country ?? "", row.count].join(","));
    const json = JSON.parse(toJson("outbound", r));
    assert.deepEqual(json.filters, { country: "CN" });
    assert.equal(json.rows.length, r.outbound_destinations.top.length);
    assert.equal(json.rows[0].address, r.outbound_destinations.top[0].address);
    assert.equal(fileName("outbound", r, "csv"), "netwatch-outbound-24h-country-CN.csv");
  });
  it("quotes cells with commas and turns series into one row per bucket", () => {
    const r = load("panels-1h");
    r.sources.top[0].ports = ["23/tcp", "2323/tcp"];
    r.names[r.sources.top[0].address] = { hostname: 'a "b", c', asn: 1, as_org: null };
    assert.match(toCsv("sources", r), /"a ""b"", c"/);
    const table = panelTable("ports", r);
    assert.equal(table.rows.length, r.buckets.length);
    assert.equal(table.columns.length, r.denied_ports_over_time.series.length + 1);
  });
});
