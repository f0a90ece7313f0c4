// Styles of the card's controls: filter chips, the custom range form, export and filter buttons,
// country badges, accuracy notes and the sources panel's badges.
import { css } from "lit";

export const controlStyles = css`
  /* filters, ranges, exports */
  .chips {
    display: flex;
    flex-wrap: wrap;
    gap: 6px;
    align-items: center;
    margin: 0 0 8px;
  }
  .chip {
    display: inline-flex;
    align-items: center;
    gap: 4px;
    font-size: 13px;
    padding: 2px 4px 2px 10px;
    border-radius: 14px;
    background: var(--secondary-background-color, rgba(127, 127, 127, 0.12));
    border: 1px solid var(--nw-line);
  }
  .chip.fixed {
    padding-right: 10px;
  }
  .chip button,
  .clear,
  .exports button,
  .custom button,
  .action {
    font: inherit;
    font-size: 12px;
    color: var(--primary-text-color);
    background: transparent;
    border: 1px solid var(--nw-line);
    border-radius: 12px;
    padding: 1px 8px;
    cursor: pointer;
    min-height: 24px;
  }
  .chip button {
    border: 0;
    font-size: 15px;
    line-height: 1;
    padding: 0 6px;
  }
  .custom {
    display: flex;
    flex-wrap: wrap;
    gap: 8px;
    align-items: center;
    font-size: 13px;
    margin: 0 0 8px;
  }
  .custom input {
    font: inherit;
    color: var(--primary-text-color);
    background: var(--card-background-color, #fff);
    border: 1px solid var(--nw-line);
    border-radius: 4px;
    padding: 2px 4px;
  }
  .note {
    color: var(--nw-muted);
    font-size: 12px;
    margin: 0 0 8px;
  }
  .panelhead {
    display: flex;
    justify-content: space-between;
    align-items: baseline;
    gap: 8px;
  }
  .exports {
    display: inline-flex;
    gap: 4px;
    flex: none;
  }
  .exports button {
    font-size: 11px;
    padding: 0 6px;
    color: var(--nw-muted);
    min-height: 22px;
  }
  button.pick {
    font: inherit;
    color: inherit;
    background: none;
    border: 0;
    padding: 0;
    margin: 0;
    cursor: pointer;
    text-align: left;
    display: inline;
  }
  button.pick:hover,
  button.pick:focus-visible {
    text-decoration: underline;
    color: var(--primary-color, #03a9f4);
  }
  .legend button.pick {
    display: flex;
    align-items: center;
    gap: 6px;
    width: 100%;
  }
  .cc {
    display: inline-block;
    font-size: 10px;
    font-weight: 600;
    letter-spacing: 0.5px;
    line-height: 14px;
    padding: 0 3px;
    margin-right: 4px;
    border-radius: 3px;
    border: 1px solid var(--nw-muted);
    color: var(--nw-muted);
    vertical-align: 1px;
  }
  .approx {
    font-size: 12px;
    margin: 6px 0 0;
    padding: 4px 8px;
    border-left: 3px solid var(--warning-color, #ffa600);
    color: var(--nw-muted);
  }
  .verdict {
    font-size: 11px;
    padding: 0 6px;
    border-radius: 8px;
    border: 1px solid var(--nw-line);
    white-space: nowrap;
  }
  .verdict.denied {
    border-color: var(--error-color, #db4437);
  }
  .verdict.allowed {
    border-color: var(--success-color, #43a047);
  }
  .scans {
    list-style: none;
    margin: 4px 0 0;
    padding: 0;
    font-size: 13px;
    display: grid;
    gap: 4px;
  }
  .sev {
    font-size: 11px;
    text-transform: uppercase;
    padding: 0 5px;
    border-radius: 4px;
    border: 1px solid var(--nw-line);
  }
  .sev.high {
    border-color: var(--error-color, #db4437);
  }
  .sev.medium {
    border-color: var(--warning-color, #ffa600);
  }
`;
