// A person's message as the widget and the console show it: text, with its http(s) URLs as links
// (`linkParts`: nothing else becomes markup, `javascript:` and the like stay text). A link opens
// in a new tab without access to this page, and wraps at its slashes rather than mid-word.

import { html, type TemplateResult } from 'lit';
import { linkParts, urlBreaks } from './links';

/** `newTab` is the screen-reader note "(opens in a new tab)" in the message's language. */
export function messageText(text: string, newTab: string): TemplateResult {
  return html`${linkParts(text).map((part) =>
    'href' in part
      ? html`<a href=${part.href} target="_blank" rel="noopener noreferrer"
          >${urlBreaks(part.text).map((piece, i) => (i ? html`<wbr />${piece}` : piece))}<span
            class="sr-only"
          >
            ${newTab}</span
          ></a
        >`
      : part.text,
  )}`;
}
