// Country flags need a colour-emoji font; without one the regional indicators show as two boxed
// letters. The card checks once by drawing a flag, and shows the ISO code in a badge instead.
import { html, type TemplateResult } from "lit";
import { countryName, flagEmoji } from "./shape.ts";

let supported: boolean | undefined;

/** Tell whether this browser draws flag emoji in colour (cached; tests may set __netwatchFlags). */
export function flagsSupported(): boolean {
  const forced = (globalThis as { __netwatchFlags?: boolean }).__netwatchFlags;
  if (forced !== undefined) return forced;
  if (supported !== undefined) return supported;
  supported = false;
  try {
    const canvas = document.createElement("canvas");
    canvas.width = canvas.height = 20;
    const g = canvas.getContext("2d", { willReadFrequently: true });
    if (g) {
      g.textBaseline = "top";
      g.font = "16px sans-serif";
      g.fillText(flagEmoji("CN"), 0, 0);
      const d = g.getImageData(0, 0, 20, 20).data;
      // China's flag is red and yellow; two fallback letters are drawn in one grey or black.
      for (let i = 0; i < d.length && !supported; i += 4) {
        if (d[i + 3] > 128 && d[i] - d[i + 2] > 80) supported = true;
      }
    }
  } catch {
    supported = false;
  }
  return supported;
}

/** Draw a country: flag (or an ISO badge without a flag font) and its localised name. */
export function countryLabel(code: string | null | undefined, language: string, withName = true): TemplateResult {
  const name = countryName(code, language);
  const mark = !code
    ? html`<span class="cc unknown" aria-hidden="true">??</span>`
    : flagsSupported()
      ? html`<span class="flag" aria-hidden="true">${flagEmoji(code)}</span>`
      : html`<span class="cc" aria-hidden="true">${code.toUpperCase()}</span>`;
  return withName ? html`${mark}<span class="cname">${name}</span>` : html`<span title=${name}>${mark}</span>`;
}
