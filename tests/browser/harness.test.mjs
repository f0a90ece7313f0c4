// The built card in headless Chromium against contract-shaped fixtures (fast, no Home Assistant).
//   cd tests/browser && npm ci && npm test      (needs /usr/bin/chromium: apt-get install chromium)
import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { writeFileSync } from "node:fs";
import {
  ARTIFACTS, cardTimings, launch, median, NO_BROWSER, notDrawn, panelContent, panelStates, PANELS, serveHarness,
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
        assert.ok(content.outbound.paths >= 10 && content.outbound.rows === 5, JSON.stringify(content.outbound));
        assert.ok(content.outbound.ticks >= 4, "time axis labels");
        assert.ok(content.denied_table.rows >= 8);
        assert.ok(content.denied_share.paths >= 4, "two donuts");
        assert.match(content.drops.big ?? "", /^[\d,]+$/);
        assert.ok(content.drops.paths >= 2, "sparkline");
        assert.equal(content.verdicts.paths, 3, "allow/deny/reject slices");
        assert.ok(content.countries.bars >= 7);
        assert.ok(content.ports.rects >= 90, `stacked bars: ${content.ports.rects}`);
        assert.equal(content.devices.rows, 6);
        const text = (await page.locator("netwatch-card section[data-panel=countries]").textContent()) ?? "";
        assert.match(text, /\u{1F1E8}\u{1F1F3}\s*China/u);
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

  it("logged no page errors", () => {
    assert.deepEqual(errors, []);
  });
});
