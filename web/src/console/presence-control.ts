// <balie-presence>: the agent's own presence as Balie computes it (from `presence` frames: it is
// derived from real activity, not only this control), and the two things an agent may set:
// away (optionally with the time they are back) and available.

import { html, nothing, type TemplateResult } from 'lit';
import { property, state } from 'lit/decorators.js';
import { formatClock } from '../shared/format';
import type { Language } from '../shared/protocol';
import type { StaffStream } from '../shared/staff-client';
import type { Presence } from '../shared/staff-protocol';
import { LightElement } from './base';
import type { Texts } from './i18n';
import { backAtFrom } from './logic';

export class PresenceControl extends LightElement {
  @property({ attribute: false }) presence: Presence | null = null;
  @property({ attribute: false }) t!: Texts;
  @property({ attribute: false }) language: Language = 'nl';
  @property({ attribute: false }) connected = false;
  @property({ attribute: false }) stream!: StaffStream;

  @state() private backAt = '';
  @state() private open = false;

  private setAway(event: Event): void {
    event.preventDefault();
    const at = this.backAt ? backAtFrom(this.backAt) : null;
    if (this.stream.setPresence('away', at ?? undefined)) this.close();
  }

  private setAvailable(): void {
    if (this.stream.setPresence('available')) this.close();
  }

  private close(): void {
    this.open = false;
    this.backAt = '';
    this.querySelector<HTMLElement>('summary')?.focus();
  }

  protected override render(): TemplateResult {
    const t = this.t;
    const p = this.presence;
    const state = p?.state ?? 'offline';
    const detail: string[] = [];
    if (p && (state === 'available' || state === 'busy') && p.capacity > 0) {
      detail.push(t.presenceChats(p.chats, p.capacity));
    }
    if (p?.back_at && state === 'away')
      detail.push(t.backAt(formatClock(p.back_at, this.language)));
    return html`
      <details
        class="presence"
        ?open=${this.open}
        @toggle=${(e: Event) => (this.open = (e.target as HTMLDetailsElement).open)}
      >
        <summary>
          <span class="sr-only">${t.presenceLabel}:</span>
          <span class="dot ${state}" aria-hidden="true"></span>
          <span data-testid="presence-state">${t.presence[state]}</span>
          ${detail.length ? html`<span class="muted">(${detail.join(', ')})</span>` : nothing}
        </summary>
        <div class="popover">
          ${
            this.connected
              ? nothing
              : html`<p class="muted" role="status">${t.presenceNotConnected}</p>`
          }
          <form @submit=${this.setAway}>
            <div class="field">
              <label for="presence-back-at">${t.backAtLabel}</label>
              <input
                id="presence-back-at"
                type="time"
                aria-describedby="presence-back-at-hint"
                .value=${this.backAt}
                @input=${(e: Event) => (this.backAt = (e.target as HTMLInputElement).value)}
              />
              <span id="presence-back-at-hint" class="hint-text">${t.backAtHint}</span>
            </div>
            <div class="row">
              <button type="submit" class="secondary" ?disabled=${!this.connected}>
                ${t.setAway}
              </button>
              <button
                type="button"
                class="primary"
                ?disabled=${!this.connected}
                @click=${this.setAvailable}
              >
                ${t.setAvailable}
              </button>
            </div>
          </form>
        </div>
      </details>
    `;
  }
}

customElements.define('balie-presence', PresenceControl);
