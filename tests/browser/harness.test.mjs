// The built card in headless Chromium against contract-shaped fixtures (fast, no Home Assistant).
//   cd tests/browser && npm ci && npm test      (needs /usr/bin/chromium: apt-get install chromium)
import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { readFileSync, writeFileSync } from "node:fs";
import {
  ARTIFACTS, cardTimings, launch, median, NO_BROWSER, notDrawn, panelContent, panelStates, PANELS, serveHarness,
  touchContext,
} from "./lib.mjs";

let browser;
let server;
const errors = [];

async function open(query, viewport = { width: 1280, height: 900 }) {
  const page = await browser.context.newPage();
  await page.setViewportSize(viewport);
  page.on("pageerror", (e) => errors.push(`${query}: ${e.message}`));
  page.on("console", (m) => m.type() === "error" && errors.push(`${query}: ${m.text()}`));
  await page.goto(`${server.url}/tests/browser/harness.html?${query}`);
  return page;
}

const shot = (page, name) => page.screenshot({ path: `${ARTIFACTS}harness-${name}.png`, fullPage: true });

describe("netwatch card with fixture data", { skip: NO_BROWSER }, () => {
  before(async () => {
    server = await serveHarness();
    browser = await launch();
  });

  after(async () => {
    await browser?.close();
    await server?.close();
  });

  it("draws all eight panels with 24 h of data (1440 buckets) in under a second", async () => {
    const timings = [];
    for (let run = 0; run < 5; run++) {
      const page = await open("config={}");
      const states = await panelStates(page);
      assert.deepEqual(states.map((s) => s.panel), PANELS);
      assert.deepEqual(notDrawn(states), []);
      timings.push(await cardTimings(page));
      if (run === 4) {
        const content = await panelContent(page);
        assert.ok(content.outbound.paths >= 10 && content.outbound.rows >= 5, JSON.stringify(content.outbound));
        assert.ok(content.outbound.ticks >= 4, "time axis labels");
        assert.ok(content.denied_table.rows >= 8);
        assert.ok(content.denied_share.paths >= 4, "two donuts");
        assert.match(content.drops.big ?? "", /^[\d,]+$/);
        assert.ok(content.drops.rects >= 10, "drops over time");
        assert.equal(content.verdicts.paths, 3, "allow/deny/reject slices");
        assert.ok(content.countries.bars >= 7);
        assert.ok(content.ports.rects >= 90, `stacked bars: ${content.ports.rects}`);
        assert.equal(content.devices.rows, 6);
        const text = (await page.locator("netwatch-card section[data-panel=countries]").textContent()) ?? "";
        // A flag where the browser has a colour-emoji font, else the ISO code in a badge: never boxes.
        assert.match(text, /(\u{1F1E8}\u{1F1F3}|CN)\s*China/u);
        assert.ok(content.outbound.ylabels[0].endsWith("flows"), `y-axis unit: ${content.outbound.ylabels}`);
        await shot(page, "24h-light");
      }
      await page.close();
    }
    const nav = median(timings.map((t) => t.navigationToReadyMs));
    const own = median(timings.map((t) => t.cardConnectedToReadyMs));
    writeFileSync(`${ARTIFACTS}harness-timings.json`, `${JSON.stringify({ runs: timings, median: { nav, own } }, null, 2)}\n`);
    console.log(`# harness load (24h, 1440 buckets): navigation→ready median ${nav} ms, card connected→ready ${own} ms`);
    assert.ok(nav < 1000, `navigation → all panels drawn took ${nav} ms (goal < 1000 ms)`);
  });

  it("switches ranges and re-fetches with the chosen range", async () => {
    const page = await open("");
    await panelStates(page);
    for (const range of ["1h", "7d", "30d", "24h"]) {
      await page.locator(`netwatch-card button[data-range="${range}"]`).click();
      await page.locator(`netwatch-card .panels[data-range="${range}"]:not(.stale)`).waitFor();
      assert.deepEqual(notDrawn(await panelStates(page)), [], range);
      assert.equal(await page.locator(`netwatch-card button[data-range="${range}"]`).getAttribute("aria-pressed"), "true");
      if (range === "30d") await shot(page, "30d");
    }
    // Back on 24 h within 2 s the card reuses the first 24 h answer (shared between cards), so the
    // websocket saw the first load and then each new range once.
    const ranges = await page.evaluate(() => window.__netwatchCalls.map((c) => c.range));
    assert.deepEqual(ranges, ["24h", "1h", "7d", "30d"]);
    assert.match(page.url(), /nw_range=24h/); // the view is in the URL
    await page.close();
  });

  it("refreshes live on the configured interval", async () => {
    const page = await open(`config=${encodeURIComponent('{"refresh_interval":5,"panel":"drops"}')}`);
    await panelStates(page, ["drops"]);
    await page.waitForFunction(() => window.__netwatchCalls.length >= 2, null, { timeout: 8000 });
    await page.close();
  });

  it("follows the dark theme's variables", async () => {
    const page = await open("theme=dark");
    await panelStates(page);
    const bg = await page.locator("netwatch-card ha-card").evaluate((e) => getComputedStyle(e).backgroundColor);
    assert.equal(bg, "rgb(28, 28, 28)");
    const fg = await page.locator("netwatch-card .panel h3").first().evaluate((e) => getComputedStyle(e).color);
    assert.equal(fg, "rgb(225, 225, 225)");
    await shot(page, "24h-dark");
    await page.close();
  });

  it("fits a narrow phone screen without horizontal scrolling", async () => {
    const page = await open("", { width: 360, height: 780 });
    assert.deepEqual(notDrawn(await panelStates(page)), []);
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
    assert.ok(overflow <= 0, `page scrolls sideways by ${overflow}px`);
    const columns = await page.locator("netwatch-card .panels").evaluate((e) => getComputedStyle(e).gridTemplateColumns.split(" ").length);
    assert.equal(columns, 1);
    await shot(page, "24h-narrow");
    await page.close();
  });

  it("tells a new user where to send data when nothing arrived", async () => {
    const page = await open("fixture=panels-empty-24h");
    const states = await panelStates(page);
    const banner = (await page.locator("netwatch-card .banner[data-state=no_data]").textContent()) ?? "";
    assert.match(banner, /UDP port 2055/);
    assert.match(banner, /allowed senders/);
    assert.equal(states.find((s) => s.panel === "outbound")?.state, "no_flows");
    assert.equal(states.find((s) => s.panel === "verdicts")?.state, "needs_syslog");
    await shot(page, "empty");
    await page.close();
  });

  it("explains missing syslog and GeoIP while flow panels still draw", async () => {
    const page = await open("fixture=panels-flows-only-24h");
    const states = await panelStates(page);
    const byPanel = Object.fromEntries(states.map((s) => [s.panel, s]));
    assert.equal(byPanel.outbound.state, "data");
    assert.equal(byPanel.devices.state, "data");
    for (const p of ["denied_table", "denied_share", "drops", "verdicts", "countries", "ports"]) {
      assert.equal(byPanel[p].state, "needs_syslog", p);
      assert.match(byPanel[p].text, /Needs firewall syslog/);
    }
    // The how-to is said once, above the panels.
    const hints = await page.locator("netwatch-card .banner[data-state=hint]").allTextContents();
    assert.equal(hints.length, 1);
    assert.match(hints[0], /configure your router's firewall syslog to send to Home Assistant's address, port 5514/);
    await shot(page, "flows-only");
    await page.close();
  });

  it("says what to do on a websocket error", async () => {
    const page = await open("error=unknown_command");
    const banner = page.locator("netwatch-card .banner[data-state=error]");
    await banner.waitFor();
    assert.match((await banner.textContent()) ?? "", /netwatch integration is installed and set up.*restart/s);
    await shot(page, "error");
    await page.close();
  });

  it("registers in the card picker and edits its config visually", async () => {
    const page = await open("");
    await panelStates(page);
    const picker = await page.evaluate(() => window.customCards.find((c) => c.type === "netwatch-card"));
    assert.equal(picker?.preview, true);
    const changed = await page.evaluate(async () => {
      const Card = customElements.get("netwatch-card");
      const editor = Card.getConfigElement();
      editor.setConfig({ type: "custom:netwatch-card", ...Card.getStubConfig() });
      document.body.append(editor);
      await editor.updateComplete;
      const got = new Promise((r) => editor.addEventListener("config-changed", (e) => r(e.detail.config), { once: true }));
      const box = editor.shadowRoot.querySelector('input[type=checkbox][name="countries"]');
      box.click();
      return got;
    });
    assert.deepEqual(changed, { type: "custom:netwatch-card", title: "Network", range: "24h", panels: ["countries"] });
    await page.close();
  });

  it("cross-filters every panel from a click and clears with Esc, in the URL", async () => {
    const page = await open("");
    await panelStates(page);
    await page.locator('netwatch-card section[data-panel=countries] button.pick', { hasText: "China" }).click();
    await page.locator('netwatch-card .chip[data-chip="country"]').waitFor();
    assert.match((await page.locator("netwatch-card .chips").textContent()) ?? "", /Country: China/);
    const last = await page.evaluate(() => window.__netwatchCalls.at(-1));
    assert.deepEqual(last.filters, { country: "CN" });
    assert.match(page.url(), /nw_country=CN/);
    await page.locator('netwatch-card .panels[data-filters=\'{"country":"CN"}\']').waitFor();
    // A port from the table narrows further; both chips show.
    await page.locator("netwatch-card section[data-panel=denied_table] button.pick").first().click();
    await page.locator('netwatch-card .chip[data-chip="port"]').waitFor();
    assert.deepEqual(Object.keys((await page.evaluate(() => window.__netwatchCalls.at(-1))).filters).sort(), ["country", "port"]);
    await shot(page, "filtered");
    await page.keyboard.press("Escape");
    await page.locator("netwatch-card .chips").waitFor({ state: "detached" });
    await page.locator("netwatch-card .panels[data-filters='{}']").waitFor();
    assert.doesNotMatch(page.url(), /nw_country/);
    // A reload keeps the view: open the URL with a filter in it.
    await page.goto(`${page.url()}&nw_country=RU`);
    await page.locator('netwatch-card .chip[data-chip="country"]').waitFor();
    assert.deepEqual((await page.evaluate(() => window.__netwatchCalls[0])).filters, { country: "RU" });
    await page.close();
  });

  it("zooms by dragging across a chart and goes back", async () => {
    const page = await open("");
    await panelStates(page);
    const plot = page.locator("netwatch-card section[data-panel=ports] netwatch-timechart .plotwrap");
    await plot.scrollIntoViewIfNeeded();
    const box = await plot.boundingBox();
    await page.mouse.move(box.x + box.width * 0.4, box.y + 40);
    await page.mouse.down();
    await page.mouse.move(box.x + box.width * 0.5, box.y + 40, { steps: 5 });
    await page.mouse.move(box.x + box.width * 0.6, box.y + 40, { steps: 5 });
    await page.mouse.up();
    await page.locator('netwatch-card .chip[data-chip="window"]').waitFor();
    const zoom = await page.evaluate(() => window.__netwatchCalls.at(-1));
    const span = zoom.end - zoom.start;
    assert.ok(span > 3 * 3600 && span < 6 * 3600, `a fifth of 24 h: ${span} s`);
    assert.match(page.url(), /nw_from=\d+&nw_to=\d+/);
    await page.locator('netwatch-card .panels[data-range="custom"]').waitFor();
    await shot(page, "zoomed");
    await page.locator('netwatch-card .chip[data-chip="window"] button').click();
    await page.locator('netwatch-card .chip[data-chip="window"]').waitFor({ state: "detached" });
    await page.locator('netwatch-card .panels[data-range="24h"]:not(.stale)').waitFor();
    assert.doesNotMatch(page.url(), /nw_from/);
    await page.close();
  });

  it("shows an absolute window from the custom range form", async () => {
    const page = await open("");
    await panelStates(page);
    await page.locator('netwatch-card button[data-range="custom"]').click();
    await page.locator('netwatch-card form.custom input[name="from"]').fill("2026-11-27T08:00");
    await page.locator('netwatch-card form.custom input[name="to"]').fill("2026-11-27T12:30");
    await page.locator("netwatch-card form.custom button[type=submit]").click();
    await page.locator('netwatch-card .panels[data-range="custom"]').waitFor();
    const call = await page.evaluate(() => window.__netwatchCalls.at(-1));
    assert.equal(call.end - call.start, 4.5 * 3600);
    assert.equal(await page.locator('netwatch-card button[data-range="custom"]').getAttribute("aria-pressed"), "true");
    await page.close();
  });

  it("reads every chart value by keyboard", async () => {
    const page = await open("");
    await panelStates(page);
    const plot = page.locator("netwatch-card section[data-panel=ports] netwatch-timechart .plotwrap");
    await plot.focus();
    await page.keyboard.press("End");
    const live = plot.locator(".sr");
    assert.match((await live.textContent()) ?? "", /\d/);
    await page.keyboard.press("ArrowLeft");
    const tip = plot.locator(".tip");
    assert.match((await tip.textContent()) ?? "", /(23\/TCP|none)/);
    await page.close();
  });

  it("exports what a panel shows as CSV and JSON with the filters", async () => {
    const page = await open("");
    await panelStates(page);
    await page.locator('netwatch-card section[data-panel=countries] button.pick', { hasText: "China" }).click();
    await page.locator('netwatch-card .panels[data-filters=\'{"country":"CN"}\']').waitFor();
    const [csv] = await Promise.all([
      page.waitForEvent("download"),
      page.locator('netwatch-card section[data-panel=denied_table] button[data-export="csv"]').click(),
    ]);
    assert.equal(csv.suggestedFilename(), "netwatch-denied_table-24h-country-CN.csv");
    const text = readFileSync(await csv.path(), "utf8").split("\r\n");
    assert.equal(text[1], "# filters: country=CN");
    assert.equal(text[2], "port,protocol,service,country,attempts");
    assert.ok(text.length > 5);
    const [json] = await Promise.all([
      page.waitForEvent("download"),
      page.locator('netwatch-card section[data-panel=devices] button[data-export="json"]').click(),
    ]);
    const data = JSON.parse(readFileSync(await json.path(), "utf8"));
    assert.deepEqual(data.filters, { country: "CN" });
    assert.equal(data.panel, "devices");
    assert.equal(data.rows.length, 6);
    await page.close();
  });

  it("shows values on touch at 412 px and keeps the axes", async () => {
    const touch = await touchContext({ width: 412, height: 915 });
    const page = await touch.newPage();
    page.on("pageerror", (e) => errors.push(`touch: ${e.message}`));
    await page.goto(`${server.url}/tests/browser/harness.html?theme=dark`);
    await panelStates(page);
    const plot = page.locator("netwatch-card section[data-panel=outbound] netwatch-timechart .plotwrap");
    await plot.scrollIntoViewIfNeeded();
    const box = await plot.boundingBox();
    await page.touchscreen.tap(box.x + box.width * 0.7, box.y + 60);
    const tip = plot.locator(".tip");
    await tip.waitFor();
    assert.match((await tip.textContent()) ?? "", /\d/);
    const content = await panelContent(page);
    assert.ok(content.outbound.ticks >= 2 && content.ports.ticks >= 2, "time axes on a phone");
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
    assert.ok(overflow <= 0, `page scrolls sideways by ${overflow}px`);
    await page.screenshot({ path: `${ARTIFACTS}harness-touch-412-dark.png`, fullPage: true });
    await touch.close();
  });

  it("shows the ISO code where flags cannot be drawn", async () => {
    const page = await open("noflags=1");
    await panelStates(page);
    const text = (await page.locator("netwatch-card section[data-panel=countries]").textContent()) ?? "";
    assert.match(text, /CN\s*China/);
    assert.doesNotMatch(text, /[\u{1F1E6}-\u{1F1FF}]/u);
    await page.close();
  });

  it("gives users who are not administrators the aggregate panels only", async () => {
    const page = await open(`user=readonly&config=${encodeURIComponent('{"panels":["outbound","countries","devices","sources"]}')}`);
    const states = await panelStates(page, ["outbound", "countries", "devices", "sources"]);
    const byPanel = Object.fromEntries(states.map((s) => [s.panel, s]));
    for (const p of ["outbound", "devices", "sources"]) {
      assert.equal(byPanel[p].state, "redacted", p);
      assert.match(byPanel[p].text, /Only Home Assistant administrators/);
    }
    assert.equal(byPanel.countries.state, "data");
    await shot(page, "readonly");
    await page.close();
  });

  it("ignores a scanner from the sources panel and draws one device's card", async () => {
    const page = await open(`config=${encodeURIComponent('{"panels":["sources"]}')}`);
    await panelStates(page, ["sources"]);
    await page.locator("netwatch-card button[data-ignore]").first().click();
    await page.locator('netwatch-card .banner[data-state="notice"]').waitFor();
    const call = await page.evaluate(() => window.__netwatchCalls.find((c) => c.type === "netwatch/scan_ignore"));
    assert.equal(call.source, "175.16.199.10");
    await page.close();
    const device = await open(`config=${encodeURIComponent('{"device":"192.168.1.30"}')}`);
    const states = await panelStates(device, ["outbound", "outbound_countries", "denied_table", "drops", "verdicts"]);
    assert.deepEqual(notDrawn(states), []);
    assert.equal((await device.evaluate(() => window.__netwatchCalls[0])).filters.device, "192.168.1.30");
    assert.match((await device.locator("netwatch-card .chip.fixed").textContent()) ?? "", /Device: nas/);
    await shot(device, "device-card");
    await device.close();
  });

  it("logged no page errors", () => {
    assert.deepEqual(errors, []);
  });
});
