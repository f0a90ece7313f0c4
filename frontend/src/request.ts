// What a card asks Home Assistant for, and what it says when that fails.
import { PANEL_IDS, RANGES, type Filters, type HassLike, type NetwatchCardConfig, type PanelsResult, type Range } from "./types.ts";
import { view } from "./view.ts";

interface WsError {
  code?: string;
  message?: string;
}

/** Validate a card config, throwing the message Home Assistant shows in its error card. */
export function checkConfig(config: NetwatchCardConfig): NetwatchCardConfig {
  if (!config || typeof config !== "object") throw new Error("netwatch-card: invalid configuration");
  if (config.range !== undefined && !RANGES.includes(config.range)) {
    throw new Error(`netwatch-card: range must be one of ${RANGES.join(", ")}`);
  }
  const panels = config.panel !== undefined ? [config.panel] : (config.panels ?? []);
  for (const p of panels) {
    if (!PANEL_IDS.includes(p)) throw new Error(`netwatch-card: unknown panel "${p}" (use ${PANEL_IDS.join(", ")})`);
  }
  if (config.device !== undefined && (typeof config.device !== "string" || !config.device.trim())) {
    throw new Error("netwatch-card: device must be a home address, for example 192.168.1.10");
  }
  return config;
}

/** Turn a websocket error into what the user should do about it. */
export function errorText(err: unknown, refreshS: number): string {
  const e = (err ?? {}) as WsError;
  if (e.code === "unknown_command") {
    return (
      "The netwatch websocket command is not available. Make sure the netwatch integration is " +
      "installed and set up (Settings → Devices & services) and restart Home Assistant after installing or updating it."
    );
  }
  if (e.code === "not_found") {
    return "The netwatch entry set in this card (entry_id) does not exist: clear it or pick another in the card editor.";
  }
  if (e.code === "unauthorized") {
    return "Only Home Assistant administrators can see single devices and addresses: remove the device or address filter.";
  }
  const msg = e.message ?? (err instanceof Error ? err.message : String(err));
  return `Could not load netwatch data: ${msg}. Check the Home Assistant log for netwatch errors; retrying every ${refreshS} s.`;
}

// Several cards on one dashboard ask for the same data: identical requests within this window share
// one websocket call (the answer can be ~100 kB for 24 h of 1-minute buckets).
const SHARE_MS = 2000;
const shared = new Map<string, { at: number; answer: Promise<PanelsResult> }>();

/** Call `netwatch/panels`, reusing an identical request made in the last SHARE_MS. */
export function fetchPanels(hass: HassLike, msg: Record<string, unknown>, now = Date.now()): Promise<PanelsResult> {
  const key = JSON.stringify(msg);
  const hit = shared.get(key);
  if (hit && now - hit.at < SHARE_MS) return hit.answer;
  const answer = hass.callWS<PanelsResult>(msg);
  shared.set(key, { at: now, answer });
  for (const [k, v] of shared) if (now - v.at > SHARE_MS) shared.delete(k);
  answer.catch(() => shared.delete(key));
  return answer;
}

/** Build the websocket request of a card: the page's view plus the card's own device. */
export function requestOf(config: NetwatchCardConfig, filters: Filters, range: Range, start?: number, end?: number): Record<string, unknown> {
  const all: Filters = { ...filters };
  if (config.device) all.device = config.device.trim();
  const msg: Record<string, unknown> = { type: "netwatch/panels", range, filters: all };
  if (start !== undefined && end !== undefined) {
    msg.start = start;
    msg.end = end;
  }
  if (config.entry_id) msg.entry_id = config.entry_id;
  return msg;
}

let escapeBound = false;
/** Esc anywhere outside a dialog or form field clears the filters of the page. */
export function bindEscape(): void {
  if (escapeBound || typeof document === "undefined") return;
  escapeBound = true;
  document.addEventListener("keydown", (event) => {
    if (event.key !== "Escape" || event.defaultPrevented || !Object.keys(view.filters).length) return;
    const target = event.composedPath()[0] as HTMLElement | undefined;
    if (target && /^(INPUT|TEXTAREA|SELECT)$/.test(target.tagName)) return;
    if (document.querySelector("home-assistant")?.shadowRoot?.querySelector("ha-dialog, ha-more-info-dialog")) return;
    view.clearFilters();
  });
}

