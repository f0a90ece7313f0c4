// Styles of <netwatch-timechart>: theme variables only, light and dark alike.
import { css } from "lit";

export const timechartStyles = css`
    :host {
      display: block;
      --nw-muted: var(--secondary-text-color, #727272);
      --nw-line: var(--divider-color, rgba(0, 0, 0, 0.12));
    }
    :host([compact]) {
      --nw-chart-height: 56px;
    }
    .chart {
      display: flex;
      gap: 4px;
    }
    .yaxis {
      display: flex;
      flex-direction: column;
      justify-content: space-between;
      font-size: 11px;
      color: var(--nw-muted);
      text-align: right;
      min-width: 34px;
      padding-bottom: 18px;
    }
    .plotwrap {
      flex: 1;
      min-width: 0;
      position: relative;
      touch-action: pan-y;
      outline: none;
      user-select: none;
      -webkit-user-select: none;
    }
    .plotwrap:focus-visible {
      box-shadow: 0 0 0 2px var(--primary-color, #03a9f4);
      border-radius: 4px;
    }
    svg {
      width: 100%;
      height: var(--nw-chart-height, 160px);
      display: block;
      border-bottom: 1px solid var(--nw-line);
      cursor: crosshair;
    }
    .gridline {
      stroke: var(--nw-line);
      stroke-width: 1;
      vector-effect: non-scaling-stroke;
    }
    .area {
      fill-opacity: 0.35;
    }
    .line {
      fill: none;
      stroke-width: 1.5;
      vector-effect: non-scaling-stroke;
    }
    .cursor {
      fill: var(--primary-text-color, #212121);
      fill-opacity: 0.08;
    }
    .selection {
      fill: var(--primary-color, #03a9f4);
      fill-opacity: 0.18;
    }
    .xaxis {
      position: relative;
      height: 18px;
      font-size: 11px;
      color: var(--nw-muted);
      overflow: hidden;
    }
    .xaxis span {
      position: absolute;
      top: 2px;
      transform: translateX(-50%);
      white-space: nowrap;
    }
    .xaxis span.first {
      transform: none;
    }
    .xaxis span.last {
      transform: translateX(-100%);
    }
    .tip {
      position: absolute;
      top: 4px;
      z-index: 2;
      min-width: 140px;
      max-width: 260px;
      padding: 6px 8px;
      border-radius: 6px;
      font-size: 12px;
      line-height: 1.4;
      background: var(--card-background-color, #fff);
      color: var(--primary-text-color, #212121);
      border: 1px solid var(--nw-line);
      box-shadow: 0 2px 8px rgba(0, 0, 0, 0.25);
      pointer-events: none;
    }
    .tip b {
      display: block;
      font-weight: 500;
    }
    .tip .row {
      display: flex;
      gap: 6px;
      align-items: center;
    }
    .tip .row span:nth-child(2) {
      flex: 1;
      overflow: hidden;
      text-overflow: ellipsis;
      white-space: nowrap;
    }
    .swatch {
      width: 10px;
      height: 10px;
      border-radius: 2px;
      flex: none;
    }
    .caption {
      display: flex;
      justify-content: space-between;
      gap: 8px;
      font-size: 11px;
      color: var(--nw-muted);
    }
    .legend {
      list-style: none;
      padding: 0;
      margin: 6px 0 0;
      display: flex;
      flex-wrap: wrap;
      gap: 2px 10px;
      font-size: 12px;
    }
    .legend button,
    .legend span.item {
      display: inline-flex;
      align-items: center;
      gap: 6px;
      font: inherit;
      color: inherit;
      background: none;
      border: 0;
      padding: 2px 0;
      cursor: pointer;
      text-align: left;
    }
    .legend span.item {
      cursor: default;
    }
    .legend button:hover .lbl,
    .legend button:focus-visible .lbl {
      text-decoration: underline;
    }
    .sr {
      position: absolute;
      width: 1px;
      height: 1px;
      overflow: hidden;
      clip: rect(0 0 0 0);
      white-space: nowrap;
    }
  `;
