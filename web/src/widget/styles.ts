import { css } from 'lit';

// The widget's styles live in its Shadow DOM (adopted style sheets: allowed by a strict CSP),
// so the host page's selectors cannot reach in. What can cross the boundary is inheritance and
// rules that match the <balie-widget> element itself: `all: initial` and !important on :host,
// and typography set on .root, take care of those. A host page may theme the widget with the
// --balie-accent* custom properties, which do cross the boundary on purpose.
export const widgetStyles = css`
  :host {
    all: initial;
    /* !important in a shadow tree beats the host page's !important (CSS Scoping), so a page
       rule such as "* { display: none !important }" cannot hide or move the widget. */
    display: block !important;
    position: fixed !important;
    right: var(--balie-offset-right, 16px) !important;
    bottom: var(--balie-offset-bottom, 16px) !important;
    z-index: 2147483000 !important;
    --accent: var(--balie-accent, #0b5d4b);
    --accent-text: var(--balie-accent-text, #ffffff);
    --accent-soft: var(--balie-accent-soft, #e6f2ef);
    --text: #1b1f23;
    --muted: #4f5b66;
    --line: #c9d1d9;
    --surface: #ffffff;
    --bot-bg: #f1f4f6;
    --agent-bg: #fff6dc;
    --agent-line: #8a5a00;
    --danger: #b3261e;
    --focus: #0b57d0;
  }

  /* Typography is set here, not on :host, because page rules that match the host element
     (e.g. "* { font-size: 40px !important }") would otherwise be inherited. */
  .root {
    font-family:
      system-ui,
      -apple-system,
      'Segoe UI',
      Roboto,
      'Helvetica Neue',
      Arial,
      sans-serif;
    font-size: 16px;
    font-style: normal;
    font-weight: 400;
    line-height: 1.45;
    letter-spacing: normal;
    text-align: left;
    text-transform: none;
    color: var(--text);
  }

  *,
  *::before,
  *::after {
    box-sizing: border-box;
  }

  [hidden] {
    display: none !important;
  }

  .sr-only {
    position: absolute;
    width: 1px;
    height: 1px;
    margin: -1px;
    padding: 0;
    overflow: hidden;
    clip: rect(0 0 0 0);
    white-space: nowrap;
    border: 0;
  }

  .root {
    display: flex;
    flex-direction: column-reverse;
    align-items: flex-end;
    gap: 12px;
  }

  button,
  input,
  textarea {
    font: inherit;
    color: inherit;
  }

  button {
    cursor: pointer;
  }

  :focus {
    outline: none;
  }

  :focus-visible {
    outline: 3px solid var(--focus);
    outline-offset: 2px;
    box-shadow: 0 0 0 5px #ffffff;
  }

  a {
    color: var(--focus);
    text-decoration: underline;
  }

  .launcher {
    display: inline-flex;
    align-items: center;
    gap: 8px;
    min-height: 48px;
    padding: 12px 20px;
    border: 0;
    border-radius: 999px;
    background: var(--accent);
    color: var(--accent-text);
    font-weight: 600;
    box-shadow: 0 4px 14px rgba(0, 0, 0, 0.25);
  }

  .launcher svg {
    width: 22px;
    height: 22px;
    fill: currentColor;
  }

  .badge {
    min-width: 22px;
    padding: 0 6px;
    border-radius: 11px;
    background: #ffffff;
    color: var(--accent);
    font-size: 14px;
    line-height: 22px;
    text-align: center;
  }

  .panel {
    display: flex;
    flex-direction: column;
    width: min(400px, calc(100vw - 32px));
    height: min(640px, calc(100vh - 100px));
    background: var(--surface);
    border: 1px solid var(--line);
    border-radius: 12px;
    box-shadow: 0 10px 40px rgba(0, 0, 0, 0.25);
    overflow: hidden;
  }

  /* On a phone the open panel is the whole screen (like an app's own screen), and the launcher
     steps aside while it is open: the panel's own close button closes it. */
  @media (max-width: 480px) {
    :host {
      right: 8px !important;
      bottom: 8px !important;
    }
    .panel {
      position: fixed;
      inset: 0;
      width: 100vw;
      height: 100vh;
      height: 100dvh;
      border: 0;
      border-radius: 0;
      box-shadow: none;
    }
    .root.open .launcher {
      display: none;
    }
  }

  header {
    display: flex;
    align-items: flex-start;
    gap: 8px;
    padding: 12px 12px 12px 16px;
    background: var(--accent);
    color: var(--accent-text);
  }

  header .titles {
    flex: 1;
    min-width: 0;
  }

  h2 {
    margin: 0;
    font-size: 18px;
    line-height: 1.3;
  }

  header p {
    margin: 2px 0 0;
    font-size: 14px;
  }

  header button {
    min-height: 36px;
    padding: 4px 10px;
    border: 1px solid rgba(255, 255, 255, 0.7);
    border-radius: 6px;
    background: transparent;
    color: var(--accent-text);
    font-size: 14px;
  }

  header .close {
    min-width: 36px;
    font-size: 20px;
    line-height: 1;
  }

  .banner {
    display: flex;
    align-items: center;
    gap: 8px;
    padding: 8px 16px;
    background: #fdf0ef;
    color: var(--danger);
    font-size: 14px;
    border-bottom: 1px solid var(--line);
  }

  .banner.info {
    background: var(--accent-soft);
    color: var(--text);
  }

  .banner p {
    flex: 1;
    margin: 0;
  }

  .banner button,
  .link-button {
    padding: 2px 8px;
    border: 1px solid currentColor;
    border-radius: 6px;
    background: transparent;
    color: inherit;
    font-size: 14px;
  }

  .scroller {
    flex: 1;
    overflow-y: auto;
    overscroll-behavior: contain;
  }

  .log {
    padding: 12px 16px 0;
  }

  .log-list {
    margin: 0;
    padding: 0;
    list-style: none;
  }

  .msg {
    display: flex;
    flex-direction: column;
    margin: 0 0 12px;
    max-width: 88%;
  }

  .msg .who {
    margin-bottom: 2px;
    color: var(--muted);
    font-size: 13px;
  }

  /* Words wrap whole; only a word wider than the bubble is broken ("anywhere" would also let a
     shrink-to-fit bubble narrow itself by breaking words). Links wrap at their slashes (<wbr>). */
  .bubble {
    padding: 8px 12px;
    border-radius: 12px;
    overflow-wrap: break-word;
  }

  .bubble p {
    margin: 0;
    white-space: pre-wrap;
  }

  .bubble p + p,
  .bubble .sources,
  .bubble .options {
    margin-top: 8px;
  }

  .bubble strong {
    display: block;
    margin-bottom: 4px;
  }

  .msg.customer {
    margin-left: auto;
    align-items: flex-end;
  }

  .msg.customer .bubble {
    background: var(--accent);
    color: var(--accent-text);
    border-bottom-right-radius: 4px;
  }

  .msg.customer.pending .bubble {
    opacity: 0.75;
  }

  .msg.customer.failed .bubble {
    background: #ffffff;
    color: var(--text);
    border: 2px solid var(--danger);
  }

  .msg.bot .bubble {
    background: var(--bot-bg);
    border-bottom-left-radius: 4px;
  }

  .msg.agent .bubble {
    background: var(--agent-bg);
    border-left: 4px solid var(--agent-line);
    border-bottom-left-radius: 4px;
  }

  .msg.agent .who {
    color: var(--agent-line);
    font-weight: 600;
  }

  .meta {
    margin-top: 2px;
    color: var(--muted);
    font-size: 12px;
  }

  .msg.failed .meta {
    color: var(--danger);
  }

  .system {
    margin: 0 0 12px;
    color: var(--muted);
    font-size: 14px;
    text-align: center;
  }

  .sources {
    font-size: 14px;
  }

  .sources ul {
    margin: 2px 0 0;
    padding-left: 18px;
  }

  .options {
    display: flex;
    flex-direction: column;
    gap: 6px;
  }

  .choice-button,
  .secondary {
    min-height: 40px;
    padding: 6px 12px;
    border: 1px solid var(--accent);
    border-radius: 8px;
    background: var(--surface);
    color: var(--accent);
    text-align: left;
    font-weight: 600;
  }

  .choice-button:disabled,
  .secondary:disabled,
  .primary:disabled {
    cursor: default;
    opacity: 0.6;
  }

  .choice-button[aria-pressed='true'] {
    background: var(--accent-soft);
    color: var(--text);
  }

  .choice-button .hint {
    display: block;
    color: var(--muted);
    font-size: 13px;
    font-weight: 400;
  }

  .primary {
    min-height: 40px;
    padding: 6px 16px;
    border: 0;
    border-radius: 8px;
    background: var(--accent);
    color: var(--accent-text);
    font-weight: 600;
  }

  .typing {
    padding: 0 16px 4px;
    color: var(--muted);
    font-size: 14px;
    font-style: italic;
  }

  .card {
    margin: 4px 12px 12px;
    padding: 12px 14px;
    border: 1px solid var(--line);
    border-radius: 10px;
    background: #fbfcfd;
  }

  h3 {
    margin: 0 0 6px;
    font-size: 16px;
  }

  .card p {
    margin: 0 0 8px;
  }

  .facts {
    display: grid;
    grid-template-columns: auto 1fr;
    gap: 2px 12px;
    margin: 0 0 8px;
    font-size: 14px;
  }

  .facts dt {
    color: var(--muted);
  }

  .facts dd {
    margin: 0;
    font-weight: 600;
  }

  .card .options {
    margin-top: 4px;
  }

  fieldset {
    margin: 0 0 10px;
    padding: 0;
    border: 0;
  }

  legend {
    margin-bottom: 4px;
    font-weight: 600;
  }

  .slot-day + .slot-day {
    margin-top: 10px;
  }

  .slot-day-name {
    margin: 0 0 4px;
    font-weight: 600;
  }

  .slot-day-name::first-letter {
    text-transform: uppercase;
  }

  .slots {
    display: grid;
    grid-template-columns: repeat(auto-fill, minmax(128px, 1fr));
    gap: 4px;
  }

  .slot {
    display: flex;
    align-items: center;
    gap: 8px;
    padding: 6px 8px;
    border: 1px solid var(--line);
    border-radius: 6px;
    cursor: pointer;
  }

  .slot input {
    margin: 0;
    width: 18px;
    height: 18px;
    accent-color: var(--accent);
  }

  .field {
    display: flex;
    flex-direction: column;
    gap: 2px;
    margin-bottom: 10px;
  }

  .field label {
    font-weight: 600;
  }

  .field input {
    min-height: 40px;
    padding: 6px 10px;
    border: 1px solid #6b7681;
    border-radius: 6px;
    background: #ffffff;
  }

  .field input[aria-invalid='true'] {
    border: 2px solid var(--danger);
  }

  .hint-text {
    color: var(--muted);
    font-size: 13px;
  }

  .error-text {
    color: var(--danger);
    font-size: 14px;
  }

  .row {
    display: flex;
    flex-wrap: wrap;
    gap: 8px;
  }

  .composer {
    display: flex;
    align-items: flex-end;
    gap: 8px;
    padding: 10px 12px 6px;
    border-top: 1px solid var(--line);
  }

  .composer textarea {
    flex: 1;
    min-height: 44px;
    max-height: 140px;
    padding: 10px 12px;
    border: 1px solid #6b7681;
    border-radius: 8px;
    resize: none;
    background: #ffffff;
  }

  .composer-hint,
  .composer-error {
    margin: 0;
    padding: 0 12px 4px;
    font-size: 12px;
    color: var(--muted);
  }

  .composer-error {
    color: var(--danger);
    font-size: 14px;
  }

  .actions {
    display: flex;
    flex-direction: column;
    align-items: stretch;
    gap: 4px;
    padding: 4px 12px 12px;
  }

  .availability {
    margin: 0;
    font-size: 14px;
    color: var(--muted);
  }

  .availability.closed {
    color: var(--agent-line);
  }

  .zone-note {
    margin: 0;
    padding: 0 12px 8px;
    font-size: 13px;
    color: var(--muted);
  }

  .advisor-state {
    display: flex;
    align-items: center;
    gap: 6px;
    font-weight: 600;
  }

  .advisor-state .dot {
    width: 10px;
    height: 10px;
    border-radius: 50%;
    border: 1px solid var(--text);
    background: #9aa0a6;
  }

  .advisor-state.available .dot {
    background: #1e8e3e;
  }

  .advisor-state.busy .dot {
    background: #e37400;
  }

  .advisor-state.away .dot {
    background: #fbbc04;
  }

  .actions .secondary {
    width: 100%;
    text-align: center;
  }

  @media (prefers-reduced-motion: no-preference) {
    .launcher,
    .primary,
    .choice-button {
      transition: filter 0.15s ease;
    }
    .launcher:hover,
    .primary:hover {
      filter: brightness(1.12);
    }
  }

  @media (forced-colors: active) {
    .launcher,
    .primary,
    .bubble {
      border: 1px solid CanvasText;
    }
  }
`;
