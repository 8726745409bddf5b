// The entry point of widget.js, loaded by one classic script tag on any page:
//
//   <script src="https://chat.example.nl/widget.js" data-balie="https://chat.example.nl"></script>
//
// `data-balie` is the Balie server's origin; empty or absent means the origin widget.js was
// loaded from. `data-customer` (optional) is the organisation's signed customer reference: the
// widget then shows the customer's personal advisor. The script defines <balie-widget> and
// appends one to the page's body.

import { BalieWidget } from './balie-widget';
import { serverOrigin } from './origin';

const TAG = 'balie-widget';

/** The script element that loaded widget.js (also when loaded with defer or async). */
function ownScript(): HTMLScriptElement | null {
  const current = document.currentScript;
  if (current instanceof HTMLScriptElement) return current;
  const tagged = document.querySelector<HTMLScriptElement>('script[data-balie]');
  if (tagged) return tagged;
  return document.querySelector<HTMLScriptElement>('script[src$="widget.js"]');
}

function mount(origin: string, customer: string): void {
  if (document.querySelector(TAG)) return; // the script was included twice
  const widget = document.createElement(TAG) as BalieWidget;
  widget.server = origin;
  widget.customer = customer;
  document.body.appendChild(widget);
}

const script = ownScript();
const origin = serverOrigin(script, window.location.origin);
const customer = script?.getAttribute('data-customer')?.trim() ?? '';
if (!customElements.get(TAG)) customElements.define(TAG, BalieWidget);
if (document.body) mount(origin, customer);
else document.addEventListener('DOMContentLoaded', () => mount(origin, customer), { once: true });
