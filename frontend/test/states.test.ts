// Panel states and card config on the contract-shaped fixtures; the fixtures themselves must conform.
import assert from "node:assert/strict";
import { readFileSync, readdirSync } from "node:fs";
import { describe, it } from "node:test";
import { checkConfig, errorText } from "../src/card.ts";
import { withValue } from "../src/editor.ts";
import { noDataHint, panelState } from "../src/states.ts";
import { PANEL_IDS, type PanelsResult } from "../src/types.ts";
import { contractProblems } from "./contract.mjs";

const FIXTURES = new URL("fixtures/", import.meta.url);
const load = (name: string): PanelsResult => JSON.parse(readFileSync(new URL(`${name}.json`, FIXTURES), "utf8"));

describe("fixtures follow the panel data contract", () => {
  for (const file of readdirSync(FIXTURES).filter((f) => f.endsWith(".json"))) {
    it(file, () => assert.deepEqual(contractProblems(load(file.replace(/\.json$/, ""))), []));
  }
  it("the 24 h dataset has 1440 one-minute buckets", () => {
    const r = load("panels-24h");
    assert.equal(r.buckets.length, 1440);
    assert.equal(r.bucket_seconds, 60);
  });
  it("the contract check catches a wrong counts length and an unknown range", () => {
    const r = load("panels-1h");
    r.inbound_drops.counts = r.inbound_drops.counts.slice(1);
    (r as { range: string }).range = "2h";
    const problems = contractProblems(r);
    assert.ok(problems.some((p: string) => p.includes("inbound_drops")));
    assert.ok(problems.some((p: string) => p.includes("range")));
  });
});

describe("panelState", () => {
  it("shows data on every panel of a full dataset", () => {
    for (const range of ["1h", "24h", "7d", "30d"]) {
      const r = load(`panels-${range}`);
      for (const id of PANEL_IDS) assert.equal(panelState(id, r).kind, "data", `${range} ${id}`);
      assert.equal(noDataHint(r), null);
    }
  });
  it("tells a new user where to send flows and syslog", () => {
    const r = load("panels-empty-24h");
    const hint = noDataHint(r) ?? "";
    assert.match(hint, /UDP port 2055/);
    assert.match(hint, /port 5514/);
    assert.match(hint, /allowed senders/);
    assert.equal(panelState("outbound", r).kind, "no_flows");
    assert.equal(panelState("devices", r).kind, "no_flows");
    assert.equal(panelState("verdicts", r).kind, "needs_syslog");
  });
  it("uses the listener ports when the status names them", () => {
    const r = load("panels-empty-24h");
    r.status.flow_port = 9995;
    r.status.syslog_port = 514;
    assert.match(noDataHint(r) ?? "", /UDP port 9995.*port 514/s);
    assert.match(panelState("ports", r).text, /port 514/);
  });
  it("explains missing syslog on verdict panels while flow panels show data", () => {
    const r = load("panels-flows-only-24h");
    assert.equal(noDataHint(r), null);
    assert.equal(panelState("outbound", r).kind, "data");
    assert.equal(panelState("devices", r).kind, "data");
    for (const id of ["denied_table", "denied_share", "drops", "verdicts", "countries", "ports"] as const) {
      const st = panelState(id, r);
      assert.equal(st.kind, "needs_syslog", id);
      assert.match(st.text, /firewall syslog/);
    }
  });
  it("asks for a GeoIP database when verdicts exist but countries are unknown", () => {
    const r = load("panels-24h");
    r.status.geoip = false;
    r.status.geoip_error = "database is older than 60 days";
    r.denied_by_country = [{ country: null, count: 40 }];
    const st = panelState("countries", r);
    assert.equal(st.kind, "needs_geoip");
    assert.match(st.text, /GeoIP database.*netwatch options/);
    assert.match(st.text, /older than 60 days/);
  });
  it("says the range is quiet when inputs work but nothing matched", () => {
    const r = load("panels-24h");
    r.denied_ports_over_time.series = r.denied_ports_over_time.series.map((s) => ({ ...s, counts: s.counts.map(() => 0) }));
    assert.equal(panelState("ports", r).kind, "empty");
  });
});

describe("card config and errors", () => {
  it("accepts the documented options and rejects unknown panels and ranges", () => {
    assert.doesNotThrow(() => checkConfig({ type: "custom:netwatch-card", range: "7d", panels: ["drops", "devices"] }));
    assert.doesNotThrow(() => checkConfig({ type: "custom:netwatch-card", panel: "countries" }));
    assert.throws(() => checkConfig({ type: "custom:netwatch-card", range: "2h" as never }), /range must be one of/);
    assert.throws(() => checkConfig({ type: "custom:netwatch-card", panels: ["pie" as never] }), /unknown panel "pie"/);
  });
  it("turns websocket errors into next steps", () => {
    assert.match(errorText({ code: "unknown_command", message: "Unknown command." }, 15), /restart Home Assistant/);
    assert.match(errorText({ code: "not_found", message: "x" }, 15), /entry_id/);
    assert.match(errorText({ code: "home_assistant_error", message: "boom" }, 30), /boom.*log.*every 30 s/);
    assert.match(errorText(new Error("socket closed"), 15), /socket closed/);
  });
  it("editor drops emptied options and replaces the one-panel shorthand", () => {
    const c = { type: "custom:netwatch-card", title: "Net", panel: "drops" as const };
    assert.deepEqual(withValue(c, "title", ""), { type: "custom:netwatch-card", panel: "drops" });
    assert.deepEqual(withValue(c, "panels", ["devices"]), { type: "custom:netwatch-card", title: "Net", panels: ["devices"] });
  });
});

describe("fetchPanels", () => {
  it("shares one websocket call between cards asking the same within 2 s", async () => {
    const { fetchPanels } = await import("../src/card.ts");
    const calls: unknown[] = [];
    const hass = { callWS: async <T>(msg: Record<string, unknown>) => (calls.push(msg), { range: msg.range } as T) };
    const a = fetchPanels(hass, { type: "netwatch/panels", range: "1h" }, 1_000);
    const b = fetchPanels(hass, { type: "netwatch/panels", range: "1h" }, 2_500);
    const c = fetchPanels(hass, { type: "netwatch/panels", range: "7d" }, 2_500);
    const d = fetchPanels(hass, { type: "netwatch/panels", range: "1h" }, 3_100);
    assert.equal(a, b);
    await Promise.all([a, b, c, d]);
    assert.deepEqual(calls.map((m) => (m as { range: string }).range), ["1h", "7d", "1h"]);
  });
  it("does not keep a failed answer", async () => {
    const { fetchPanels } = await import("../src/card.ts");
    let n = 0;
    const hass = {
      callWS: async <T>(): Promise<T> => {
        n += 1;
        throw { code: "x", message: "down" };
      },
    };
    await assert.rejects(fetchPanels(hass, { type: "netwatch/panels", range: "30d" }, 10));
    await assert.rejects(fetchPanels(hass, { type: "netwatch/panels", range: "30d" }, 11));
    assert.equal(n, 2);
  });
});

describe("summarizeStates", () => {
  it("says a hint shared by several panels once, in a banner", async () => {
    const { summarizeStates } = await import("../src/states.ts");
    const r = load("panels-flows-only-24h");
    const states = PANEL_IDS.map((id) => panelState(id, r));
    const { banners, panelText } = summarizeStates(states, noDataHint(r));
    assert.equal(banners.length, 1);
    assert.match(banners[0], /firewall syslog to send to Home Assistant/);
    assert.equal(panelText[PANEL_IDS.indexOf("verdicts")], "Needs firewall syslog (see above).");
  });
  it("keeps the full hint inside a lone panel", async () => {
    const { summarizeStates } = await import("../src/states.ts");
    const r = load("panels-flows-only-24h");
    const { banners, panelText } = summarizeStates([panelState("countries", r)], null);
    assert.deepEqual(banners, []);
    assert.match(panelText[0], /configure your router's firewall syslog/);
  });
  it("lets the no-data banner cover flows and syslog, not GeoIP", async () => {
    const { summarizeStates } = await import("../src/states.ts");
    const states = [
      { kind: "no_flows" as const, text: "f" },
      { kind: "needs_syslog" as const, text: "s" },
      { kind: "needs_geoip" as const, text: "g" },
    ];
    const { banners, panelText } = summarizeStates(states, "nothing yet");
    assert.deepEqual(banners, ["nothing yet"]);
    assert.deepEqual(panelText, ["Waiting for flows (see above).", "Needs firewall syslog (see above).", "g"]);
  });
});
