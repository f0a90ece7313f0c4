// Entry point: registers <netwatch-card> and its editor, and lists the card in the card picker.
import { NetwatchCard } from "./card.ts";
import { NetwatchCardEditor } from "./editor.ts";
import "./dashboard.ts"; // the Network dashboard strategy and sidebar page
import { NetwatchTimeChart } from "./timechart.ts";

declare const __VERSION__: string;

interface CustomCardEntry {
  type: string;
  name: string;
  description: string;
  preview?: boolean;
  documentationURL?: string;
}

declare global {
  interface Window {
    customCards?: CustomCardEntry[];
  }
}

// The file can be loaded twice (integration-registered URL plus a manual resource): define once.
if (!customElements.get("netwatch-card")) {
  customElements.define("netwatch-timechart", NetwatchTimeChart);
  customElements.define("netwatch-card", NetwatchCard);
  customElements.define("netwatch-card-editor", NetwatchCardEditor);
  window.customCards = window.customCards ?? [];
  window.customCards.push({
    type: "netwatch-card",
    name: "netwatch",
    description:
      "Network panels from netwatch: destinations, denied traffic, countries, ports, allow/deny, devices and sources; click to filter, drag to zoom.",
    preview: true,
  });
  console.info(`%c netwatch-card ${__VERSION__} `, "background:#4e79a7;color:#fff;border-radius:3px");
}
