// Card styles: only Home Assistant theme variables (with fallbacks), so light and dark themes just work.
import { css } from "lit";

export const cardStyles = css`
  :host {
    display: block;
    --nw-muted: var(--secondary-text-color, #727272);
    --nw-line: var(--divider-color, rgba(0, 0, 0, 0.12));
  }
  ha-card {
    display: block;
    /* Size rules follow the card's own width (a card can be narrow on a wide screen). */
    container-type: inline-size;
    padding: 12px 16px 16px;
    color: var(--primary-text-color);
    background: var(--ha-card-background, var(--card-background-color, #fff));
  }
  .header {
    display: flex;
    flex-wrap: wrap;
    align-items: center;
    justify-content: space-between;
    gap: 8px;
    margin-bottom: 8px;
  }
  .title {
    font-size: var(--ha-card-header-font-size, 20px);
    font-weight: 500;
    margin: 0;
  }
  .updated {
    color: var(--nw-muted);
    font-size: 12px;
  }
  .ranges {
    display: inline-flex;
    border: 1px solid var(--nw-line);
    border-radius: 16px;
    overflow: hidden;
  }
  .ranges button {
    font: inherit;
    font-size: 13px;
    padding: 4px 12px;
    border: 0;
    background: transparent;
    color: var(--primary-text-color);
    cursor: pointer;
  }
  .ranges button[aria-pressed="true"] {
    background: var(--primary-color, #03a9f4);
    color: var(--text-primary-color, #fff);
  }
  .banner {
    border-left: 4px solid var(--warning-color, #ffa600);
    background: var(--secondary-background-color, rgba(127, 127, 127, 0.08));
    padding: 8px 12px;
    margin: 8px 0;
    border-radius: 4px;
    font-size: 14px;
  }
  .banner.error {
    border-left-color: var(--error-color, #db4437);
  }
  .panels {
    display: grid;
    grid-template-columns: repeat(auto-fit, minmax(280px, 1fr));
    gap: 12px;
  }
  .panels.stale {
    opacity: 0.5;
    transition: opacity 0.2s;
  }
  .panel {
    border: 1px solid var(--nw-line);
    border-radius: 8px;
    padding: 10px 12px;
    min-width: 0;
  }
  .panel.single {
    border: 0;
    padding: 0;
  }
  .panel.wide {
    grid-column: 1 / -1;
  }
  .panel h3 {
    margin: 0 0 8px;
    font-size: 15px;
    font-weight: 500;
  }
  h4 {
    margin: 0 0 4px;
    font-size: 13px;
    font-weight: 500;
    color: var(--nw-muted);
  }
  .state {
    color: var(--nw-muted);
    font-size: 14px;
    padding: 12px 0;
  }
  .hint {
    color: var(--nw-muted);
    font-size: 12px;
    margin: 6px 0 0;
  }
  .loading {
    color: var(--nw-muted);
    padding: 24px 0;
    text-align: center;
  }
  /* legends of the share charts (the time charts style themselves: timechart-styles.ts) */
  .legend {
    list-style: none;
    padding: 0;
    margin: 6px 0 0;
    display: flex;
    flex-wrap: wrap;
    gap: 4px 12px;
    font-size: 12px;
  }
  .legend.vertical {
    flex-direction: column;
    flex-wrap: nowrap;
    flex: 1;
    min-width: 0;
  }
  .legend li {
    display: flex;
    align-items: center;
    gap: 6px;
    min-width: 0;
  }
  .legend .lbl {
    flex: 1;
    overflow: hidden;
    text-overflow: ellipsis;
    white-space: nowrap;
  }
  .legend .detail {
    display: block;
    color: var(--nw-muted);
    font-size: 11px;
  }
  .legend .num {
    color: var(--nw-muted);
    white-space: nowrap;
  }
  .swatch {
    width: 10px;
    height: 10px;
    border-radius: 2px;
    flex: none;
  }
  /* donut */
  .pair {
    display: grid;
    grid-template-columns: repeat(auto-fit, minmax(250px, 1fr));
    gap: 12px;
  }
  .donutwrap {
    display: flex;
    align-items: center;
    gap: 12px;
  }
  svg.donut {
    width: 110px;
    height: 110px;
    flex: none;
  }
  svg.donut .center {
    font-size: 14px;
    font-weight: 600;
    text-anchor: middle;
    fill: var(--primary-text-color);
  }
  svg.donut .center-sub {
    font-size: 8px;
    text-anchor: middle;
    fill: var(--nw-muted);
  }
  /* big number */
  .big {
    font-size: 40px;
    font-weight: 500;
    line-height: 1.1;
    color: var(--error-color, #db4437);
  }
  .sub {
    color: var(--nw-muted);
    font-size: 12px;
  }
  svg.spark {
    width: 100%;
    height: 48px;
    display: block;
    margin-top: 8px;
  }
  /* horizontal bars */
  .hbars {
    list-style: none;
    margin: 0;
    padding: 0;
    display: grid;
    gap: 4px;
    font-size: 13px;
  }
  .hbars li > .row {
    width: 100%;
    display: grid;
    grid-template-columns: minmax(80px, 40%) 1fr auto;
    align-items: center;
    gap: 8px;
  }
  .hlabel {
    overflow: hidden;
    text-overflow: ellipsis;
    white-space: nowrap;
  }
  .flag {
    margin-right: 4px;
  }
  .htrack {
    height: 10px;
    background: var(--secondary-background-color, rgba(127, 127, 127, 0.1));
    border-radius: 5px;
    overflow: hidden;
  }
  .hbar {
    display: block;
    height: 100%;
    border-radius: 5px;
  }
  .hnum {
    color: var(--nw-muted);
    font-variant-numeric: tabular-nums;
  }
  /* tables */
  .scroll {
    overflow-x: auto;
  }
  table {
    width: 100%;
    border-collapse: collapse;
    font-size: 13px;
  }
  table.compact {
    margin-top: 8px;
  }
  th {
    text-align: left;
    font-weight: 500;
    color: var(--nw-muted);
    border-bottom: 1px solid var(--nw-line);
    padding: 4px 6px;
  }
  td {
    padding: 4px 6px;
    border-bottom: 1px solid var(--nw-line);
  }
  .num {
    text-align: right;
    font-variant-numeric: tabular-nums;
    white-space: nowrap;
  }
  .dev {
    font-weight: 500;
  }
  table.compact td:first-child,
  table.sources td:first-child {
    overflow-wrap: anywhere;
  }
  .addr {
    color: var(--nw-muted);
    font-size: 11px;
  }
  .narrow-only {
    display: none;
  }
  @container (max-width: 520px) {
    .panels {
      grid-template-columns: 1fr;
    }
    .wide-only {
      display: none;
    }
    .narrow-only {
      display: inline;
    }
  }
`;
