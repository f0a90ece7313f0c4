// Shared browser-test helpers: the Debian Chromium via playwright-core, a static server, panel checks.
import { createServer } from "node:http";
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { extname, join, normalize, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { chromium } from "playwright-core";

export const ROOT = resolve(fileURLToPath(new URL("../..", import.meta.url)));
export const ARTIFACTS = fileURLToPath(new URL("artifacts/", import.meta.url));
export const CHROMIUM = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";
// Like tests/helpers.py require_tool: a missing browser skips locally and fails under CI=true.
export const NO_BROWSER =
  !existsSync(CHROMIUM) && process.env.CI !== "true"
    ? `${CHROMIUM} not found: apt-get install -y chromium chromium-driver (or set CHROMIUM_PATH)`
    : false;
export const PANELS = ["outbound", "denied_table", "denied_share", "drops", "verdicts", "countries", "ports", "devices"];
export const ALL_PANELS = [...PANELS, "outbound_countries", "sources"];

/** Launch headless Debian Chromium with a fresh profile; returns {browser, close}. */
export async function launch() {
  const profile = mkdtempSync(join(tmpdir(), "netwatch-chromium-"));
  mkdirSync(ARTIFACTS, { recursive: true });
  // launchPersistentContext is the playwright way to pass --user-data-dir (a fresh one per run).
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM,
    headless: true,
    args: [
      "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
      "--disable-background-networking", "--disable-component-update", "--disable-sync",
    ],
    viewport: { width: 1280, height: 900 },
  });
  return {
    context,
    async close() {
      await context.close();
      rmSync(profile, { recursive: true, force: true });
    },
  };
}

/** A fresh browser context of a touch phone (412 px wide); close() ends its browser. */
export async function touchContext(viewport = { width: 412, height: 915 }) {
  const browser = await chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: ["--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking"],
  });
  const context = await browser.newContext({ viewport, hasTouch: true, isMobile: true, deviceScaleFactor: 2, colorScheme: "dark" });
  return {
    newPage: () => context.newPage(),
    async close() {
      await context.close();
      await browser.close();
    },
  };
}

const TYPES = { ".html": "text/html", ".js": "text/javascript", ".mjs": "text/javascript", ".json": "application/json" };
// Only what the harness needs is served: the page, the built card and the fixtures.
const ALLOWED = ["tests/browser/harness.html", "custom_components/netwatch/frontend/", "frontend/test/fixtures/"];

/** Serve the harness files from the repository on 127.0.0.1:<free port>; returns {url, close}. */
export async function serveHarness() {
  const server = createServer((req, res) => {
    const path = normalize(decodeURIComponent(new URL(req.url, "http://x").pathname)).replace(/^\/+/, "");
    if (!ALLOWED.some((a) => path === a || (a.endsWith("/") && path.startsWith(a)))) {
      res.writeHead(404).end();
      return;
    }
    try {
      const body = readFileSync(join(ROOT, path));
      res.writeHead(200, { "content-type": TYPES[extname(path)] ?? "application/octet-stream" }).end(body);
    } catch {
      res.writeHead(404).end();
    }
  });
  await new Promise((r) => server.listen(0, "127.0.0.1", r));
  const { port } = server.address();
  return { url: `http://127.0.0.1:${port}`, close: () => new Promise((r) => server.close(r)) };
}

/** Wait until the card on `page` shows every expected panel, then return [{panel, state, text}]. */
export async function panelStates(page, expected = PANELS, timeout = 15000) {
  const panels = page.locator("netwatch-card section.panel");
  await page.waitForFunction(
    (n) => {
      const find = (root) => {
        for (const el of root.querySelectorAll("*")) {
          if (el.localName === "netwatch-card") return el;
          if (el.shadowRoot) {
            const hit = find(el.shadowRoot);
            if (hit) return hit;
          }
        }
        return null;
      };
      const card = find(document);
      return card?.shadowRoot?.querySelectorAll("section.panel").length === n;
    },
    expected.length,
    { timeout, polling: 50 },
  );
  return panels.evaluateAll((els) =>
    els.map((e) => ({ panel: e.dataset.panel, state: e.dataset.state, text: e.textContent.replace(/\s+/g, " ").trim() })),
  );
}

/** Return what each panel draws: SVG shapes, table rows, bars, big number — to prove it has data. */
export async function panelContent(page) {
  return page.locator("netwatch-card section.panel").evaluateAll((els) =>
    Object.fromEntries(
      els.map((e) => {
        // Time charts draw inside their own shadow roots.
        const roots = [e, ...[...e.querySelectorAll("netwatch-timechart")].map((c) => c.shadowRoot)];
        const all = (sel) => roots.flatMap((r) => [...r.querySelectorAll(sel)]);
        return [
          e.dataset.panel,
          {
            paths: all("svg path").filter((p) => (p.getAttribute("d") ?? "").length > 10).length,
            rects: all("svg g rect").length,
            rows: e.querySelectorAll("tbody tr").length,
            bars: e.querySelectorAll(".hbar").length,
            big: e.querySelector(".big")?.textContent ?? null,
            ticks: all(".xaxis span").length,
            ylabels: all(".yaxis span").map((s) => s.textContent),
          },
        ];
      }),
    ),
  );
}

/** Assert-friendly summary: panels not in the "data" state. */
export function notDrawn(states) {
  return states.filter((s) => s.state !== "data");
}

/** Return the card's load timings from its performance marks (ms). */
export async function cardTimings(page) {
  await page.waitForFunction(() => performance.getEntriesByName("netwatch-card-ready").length > 0, null, { timeout: 30000 });
  return page.evaluate(() => {
    const ready = performance.getEntriesByName("netwatch-card-ready").at(-1);
    const nav = performance.getEntriesByType("navigation")[0];
    return {
      navigationToReadyMs: Math.round(ready.startTime),
      cardConnectedToReadyMs: Math.round(ready.detail?.sinceConnectedMs ?? Number.NaN),
      waitHassMs: Math.round(ready.detail?.waitHassMs ?? Number.NaN),
      fetchMs: Math.round(ready.detail?.fetchMs ?? Number.NaN),
      drawMs: Math.round(ready.detail?.drawMs ?? Number.NaN),
      domContentLoadedMs: nav ? Math.round(nav.domContentLoadedEventEnd) : null,
    };
  });
}

export function median(values) {
  const s = [...values].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)];
}

/** The text a user sees inside the first element named `tag`, through every shadow root. */
export function deepText(page, tag) {
  return page.evaluate((name) => {
    const find = (root) => {
      for (const el of root.querySelectorAll("*")) {
        if (el.localName === name) return el;
        const hit = el.shadowRoot && find(el.shadowRoot);
        if (hit) return hit;
      }
      return null;
    };
    const parts = [];
    const walk = (node) => {
      if (node.nodeType === Node.TEXT_NODE) parts.push(node.textContent);
      if (node.shadowRoot) walk(node.shadowRoot);
      for (const child of node.childNodes) walk(child);
    };
    const host = find(document);
    if (!host) return null;
    walk(host);
    return parts.join(" ").replace(/\s+/g, " ").trim();
  }, tag);
}
