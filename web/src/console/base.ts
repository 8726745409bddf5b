// The console renders into the light DOM (one style sheet, console.css, loaded by index.html:
// allowed by the strict CSP, and axe-core and the browser tests see one document).

import { LitElement } from 'lit';

export class LightElement extends LitElement {
  protected override createRenderRoot(): HTMLElement {
    return this;
  }
}
