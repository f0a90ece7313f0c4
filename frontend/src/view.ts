// One view state for every netwatch card of a page: range or zoom window, and the cross-filters.
// It lives in the URL (?nw_range=7d&nw_country=CN&nw_from=…&nw_to=…), so a reload, a shared link or
// the "Visit" link of a device page opens the same view. Cards listen for "change".
import { DIMENSIONS, RANGES, type Dimension, type Filters, type Range } from "./types.ts";

export interface ViewState {
  range: Range;
  /** A zoom or custom window (epoch seconds); both set or both absent. */
  start?: number;
  end?: number;
  filters: Filters;
}

const PREFIX = "nw_";

/** Read a view from URL search parameters; null when the URL holds none. */
export function fromSearch(search: string): Partial<ViewState> | null {
  const q = new URLSearchParams(search);
  const out: Partial<ViewState> = {};
  let any = false;
  const range = q.get(`${PREFIX}range`);
  if (range && (RANGES as readonly string[]).includes(range)) {
    out.range = range as Range;
    any = true;
  }
  const from = Number(q.get(`${PREFIX}from`));
  const to = Number(q.get(`${PREFIX}to`));
  if (from > 0 && to > from) {
    out.start = from;
    out.end = to;
    any = true;
  }
  const filters: Filters = {};
  for (const dim of DIMENSIONS) {
    const value = q.get(`${PREFIX}${dim}`);
    if (value) {
      filters[dim] = value;
      any = true;
    }
  }
  out.filters = filters;
  return any ? out : null;
}

/** Write a view into URL search parameters, keeping every other parameter. */
export function toSearch(search: string, state: ViewState): string {
  const q = new URLSearchParams(search);
  for (const key of [...q.keys()]) if (key.startsWith(PREFIX)) q.delete(key);
  q.set(`${PREFIX}range`, state.range);
  if (state.start !== undefined && state.end !== undefined) {
    q.set(`${PREFIX}from`, String(Math.round(state.start)));
    q.set(`${PREFIX}to`, String(Math.round(state.end)));
  }
  for (const dim of DIMENSIONS) {
    const value = state.filters[dim];
    if (value) q.set(`${PREFIX}${dim}`, value);
  }
  const text = q.toString();
  return text ? `?${text}` : "";
}

export class DashboardView extends EventTarget {
  state?: ViewState;

  /** Start from the URL, else from the first card's configured range. */
  init(defaultRange: Range): ViewState {
    if (!this.state) {
      const fromUrl = typeof location === "undefined" ? null : fromSearch(location.search);
      this.state = { range: fromUrl?.range ?? defaultRange, filters: fromUrl?.filters ?? {} };
      if (fromUrl?.start !== undefined && fromUrl.end !== undefined) {
        this.state.start = fromUrl.start;
        this.state.end = fromUrl.end;
      }
      if (typeof window !== "undefined") {
        window.addEventListener("location-changed", () => this._onLocation());
        window.addEventListener("popstate", () => this._onLocation());
      }
    }
    return this.state;
  }

  get filters(): Filters {
    return this.state?.filters ?? {};
  }

  setRange(range: Range): void {
    this._set({ range, start: undefined, end: undefined });
  }

  zoom(start: number, end: number): void {
    if (end - start >= 60) this._set({ start, end });
  }

  resetZoom(): void {
    this._set({ start: undefined, end: undefined });
  }

  setFilter(dim: Dimension, value: string | undefined): void {
    const filters = { ...this.filters };
    if (value) filters[dim] = value;
    else delete filters[dim];
    this._set({ filters });
  }

  clearFilters(): void {
    this._set({ filters: {} });
  }

  private _set(change: Partial<ViewState>): void {
    const base = this.state ?? { range: "24h" as Range, filters: {} };
    this.state = { ...base, ...change };
    if (this.state.start === undefined || this.state.end === undefined) {
      delete this.state.start;
      delete this.state.end;
    }
    this._writeUrl();
    this.dispatchEvent(new Event("change"));
  }

  private _writeUrl(): void {
    if (typeof history === "undefined" || !this.state) return;
    const search = toSearch(location.search, this.state);
    if (search !== location.search) history.replaceState(history.state, "", `${location.pathname}${search}${location.hash}`);
  }

  /** Another view of the dashboard was opened: adopt a view its URL carries, else keep ours. */
  private _onLocation(): void {
    const fromUrl = fromSearch(location.search);
    if (fromUrl && this.state) {
      this.state = { ...this.state, start: undefined, end: undefined, ...fromUrl, filters: fromUrl.filters ?? {} };
      if (this.state.start === undefined) delete this.state.start;
      if (this.state.end === undefined) delete this.state.end;
      this.dispatchEvent(new Event("change"));
    } else {
      this._writeUrl();
    }
  }
}

/** The page's one view (module state: every card of the bundle shares it). */
export const view = new DashboardView();
