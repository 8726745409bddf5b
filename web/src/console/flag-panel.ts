// <balie-flags>: the signals about this conversation's customer (docs/accountability.md). Each is
// shown as something to check, with the facts it rests on — the customer's messages (a link to
// the message in the transcript) or documents —, who raised it and why, its weight, its expiry
// and every change; never as a bare label. A colleague confirms it (never who raised it) or
// anyone who may see it dismisses it, with a reason. The form records a new one: it needs facts.
// The customer may object to a flag: whoever receives the objection records it, and a colleague
// not involved in the flag (not who raised it, not who changed it) upholds it (the flag is
// withdrawn) or rejects it, with a reason the customer reads.

import { html, nothing, type TemplateResult } from 'lit';
import { property, state } from 'lit/decorators.js';
import { formatMoment } from '../shared/format';
import type { Language } from '../shared/protocol';
import type { StaffApi } from '../shared/staff-client';
import type { CustomerFlag, FlagKindName, Staff, StaffEvent } from '../shared/staff-protocol';
import { LightElement } from './base';
import { errorText } from './errors';
import type { Texts } from './i18n';
import { flagKindName } from './logic';
import { RetryIds } from './retry-ids';

type Contest = CustomerFlag['contests'][number];

const LIFETIMES = [7, 30, 90];

export class FlagPanel extends LightElement {
  @property({ attribute: false }) api!: StaffApi;
  @property({ attribute: false }) me!: Staff;
  @property({ attribute: false }) t!: Texts;
  @property({ attribute: false }) language: Language = 'nl';
  @property({ attribute: false }) conversationId = '';
  @property({ attribute: false }) kinds: FlagKindName[] = [];
  @property({ attribute: false }) events: StaffEvent[] = [];

  @state() private flags: CustomerFlag[] | null = null;
  @state() private loadError = '';
  @state() private reasons = new Map<number, string>();
  @state() private rowError = new Map<number, string>();
  @state() private busy = 0;
  // The form
  @state() private kind = '';
  @state() private chosen = new Set<number>();
  @state() private description = '';
  @state() private document = '';
  @state() private reason = '';
  @state() private severity: 'low' | 'medium' | 'high' = 'medium';
  @state() private days = 30;
  @state() private formError = '';
  @state() private sending = false;
  // Objections: what the customer said, and the reviewer's reason, per flag.
  @state() private objections = new Map<number, string>();
  @state() private reviewReasons = new Map<number, string>();

  private readonly ids = new RetryIds(() => this.api.clientId());

  private loadedFor = '';

  protected override willUpdate(): void {
    if (this.conversationId && this.conversationId !== this.loadedFor) {
      this.loadedFor = this.conversationId;
      this.flags = null;
      void this.load();
    }
  }

  private async load(): Promise<void> {
    const id = this.conversationId;
    try {
      const flags = await this.api.customerFlags(id);
      if (id === this.conversationId) {
        this.flags = flags;
        this.loadError = '';
      }
    } catch (error) {
      if (id === this.conversationId) this.loadError = errorText(this.t, error);
    }
  }

  private announce(text: string): void {
    this.dispatchEvent(new CustomEvent('announce', { detail: text, bubbles: true }));
  }

  private async change(flag: CustomerFlag, status: 'confirmed' | 'dismissed'): Promise<void> {
    const reason = (this.reasons.get(flag.id) ?? '').trim();
    if (!reason) {
      this.rowError = new Map(this.rowError).set(flag.id, this.t.flags.needReason);
      return;
    }
    this.busy = flag.id;
    try {
      const changed = await this.api.changeFlag(flag.id, status, reason);
      const reasons = new Map(this.reasons);
      reasons.delete(flag.id);
      this.reasons = reasons;
      this.replaced(changed, this.t.flags.changed);
    } catch (error) {
      this.rowError = new Map(this.rowError).set(flag.id, errorText(this.t, error));
    } finally {
      this.busy = 0;
    }
  }

  /** Whether `flag` was raised or changed by me: then I do not review its contest. */
  private involved(flag: CustomerFlag): boolean {
    return flag.raised_by.id === this.me.id || flag.changes.some((c) => c.by.id === this.me.id);
  }

  /** `flag` as Balie now has it, after my change; `message` is announced. */
  private replaced(flag: CustomerFlag, message: string): void {
    this.flags = (this.flags ?? []).map((f) => (f.id === flag.id ? flag : f));
    const errors = new Map(this.rowError);
    errors.delete(flag.id);
    this.rowError = errors;
    this.announce(message);
    this.dispatchEvent(new CustomEvent('contests-changed', { bubbles: true }));
  }

  private async contest(flag: CustomerFlag): Promise<void> {
    const c = this.t.flags.contest;
    const words = (this.objections.get(flag.id) ?? '').trim();
    if (!words) {
      this.rowError = new Map(this.rowError).set(flag.id, c.needWords);
      return;
    }
    this.busy = flag.id;
    try {
      const contested = await this.api.contestFlag(
        flag.id,
        this.ids.for(`contest ${flag.id} ${words}`),
        words,
      );
      this.ids.settled();
      const objections = new Map(this.objections);
      objections.delete(flag.id);
      this.objections = objections;
      this.replaced(contested, c.recorded);
    } catch (error) {
      this.ids.settled(error);
      this.rowError = new Map(this.rowError).set(flag.id, errorText(this.t, error));
    } finally {
      this.busy = 0;
    }
  }

  private async review(flag: CustomerFlag, outcome: 'upheld' | 'rejected'): Promise<void> {
    const c = this.t.flags.contest;
    const reason = (this.reviewReasons.get(flag.id) ?? '').trim();
    if (!reason) {
      this.rowError = new Map(this.rowError).set(flag.id, c.needReason);
      return;
    }
    this.busy = flag.id;
    try {
      const reviewed = await this.api.reviewContest(
        flag.id,
        this.ids.for(`review ${flag.id} ${outcome} ${reason}`),
        outcome,
        reason,
      );
      this.ids.settled();
      const reasons = new Map(this.reviewReasons);
      reasons.delete(flag.id);
      this.reviewReasons = reasons;
      this.replaced(reviewed, c.done);
    } catch (error) {
      this.ids.settled(error);
      this.rowError = new Map(this.rowError).set(flag.id, errorText(this.t, error));
    } finally {
      this.busy = 0;
    }
  }

  private async raise(event: Event): Promise<void> {
    event.preventDefault();
    const f = this.t.flags;
    const description = this.description.trim();
    const document = this.document.trim();
    const reason = this.reason.trim();
    if (this.chosen.size === 0 && !document) return void (this.formError = f.needFacts);
    if (!description) return void (this.formError = f.needDescription);
    if (!reason) return void (this.formError = f.needReason);
    const facts = [
      ...[...this.chosen].sort((a, b) => a - b).map((seq) => ({ event: seq, description })),
      ...(document ? [{ document, description }] : []),
    ];
    this.sending = true;
    this.formError = '';
    try {
      const raised = await this.api.raiseFlag(this.conversationId, {
        kind: this.kind || (this.kinds[0]?.id ?? ''),
        facts,
        reason,
        severity: this.severity,
        expires_in_days: this.days,
      });
      this.flags = [raised, ...(this.flags ?? [])];
      this.chosen = new Set();
      this.description = this.document = this.reason = '';
      const details = this.querySelector<HTMLDetailsElement>('#action-flag-customer');
      if (details) details.open = false;
      this.announce(f.raised);
    } catch (error) {
      this.formError = errorText(this.t, error);
    } finally {
      this.sending = false;
    }
  }

  protected override render(): TemplateResult | typeof nothing {
    if (this.kinds.length === 0 && (this.flags ?? []).length === 0) return nothing;
    const f = this.t.flags;
    const flags = this.flags ?? [];
    const active = flags.filter((flag) => flag.active);
    const inactive = flags.filter((flag) => !flag.active);
    return html`<section
      class="flags"
      aria-labelledby="flags-panel-title"
      data-testid="customer-flags"
    >
      <h2 id="flags-panel-title">${f.title}</h2>
      <p class="hint-text">${f.intro}</p>
      ${this.loadError ? html`<p class="error-text" role="alert">${this.loadError}</p>` : nothing}
      ${
        this.flags === null && !this.loadError
          ? html`<p role="status">${this.t.loading}</p>`
          : active.length === 0
            ? html`<p class="muted">${f.none}</p>`
            : active.map((flag) => this.renderFlag(flag))
      }
      ${
        inactive.length > 0
          ? html`<details class="inactive-flags">
              <summary>${f.inactive(inactive.length)}</summary>
              ${inactive.map((flag) => this.renderFlag(flag))}
            </details>`
          : nothing
      }
      ${this.kinds.length > 0 ? this.renderForm() : nothing}
    </section>`;
  }

  private renderFlag(flag: CustomerFlag): TemplateResult {
    const f = this.t.flags;
    const when = (iso: string) => formatMoment(iso, this.language);
    const own = flag.raised_by.id === this.me.id;
    const id = `flag-reason-${flag.id}`;
    const error = this.rowError.get(flag.id);
    return html`<article
      class="customer-flag severity-${flag.severity}"
      data-testid="customer-flag"
    >
      <h3>${flagKindName(this.kinds, flag.kind, this.language)}</h3>
      <p>
        <strong>${f.status[flag.status] ?? flag.status}</strong> · ${f.severityLabel}:
        ${f.severity[flag.severity] ?? flag.severity}
      </p>
      <p>${f.reasonOf(flag.reason)}</p>
      <h4>${f.facts}</h4>
      <ul class="flag-facts" data-testid="flag-facts">
        ${flag.facts.map(
          (fact) =>
            html`<li>
              ${
                typeof fact.event === 'number'
                  ? html`<a
                      href=${`#/inbox/${encodeURIComponent(flag.conversation_id)}`}
                      @click=${(e: Event) => this.showEvent(e, fact.event as number)}
                      >${f.eventFact(fact.event)}</a
                    >`
                  : html`<span>${f.documentFact(fact.document ?? '')}</span>`
              }:
              ${fact.description}
            </li>`,
        )}
      </ul>
      <p class="hint-text">
        ${f.raisedBy(flag.raised_by.name ?? flag.raised_by.id, when(flag.raised_at))} ·
        ${f.expires(when(flag.expires_at))}
      </p>
      ${
        flag.changes.length > 0
          ? html`<ul class="flag-changes">
              ${flag.changes.map(
                (c) =>
                  html`<li>
                    ${f.change(f.status[c.status] ?? c.status, c.by.name ?? c.by.id, when(c.at), c.reason)}
                  </li>`,
              )}
            </ul>`
          : nothing
      }
      ${
        flag.active
          ? html`<div class="field">
                <label for=${id}>${f.changeReason}</label>
                <textarea
                  id=${id}
                  rows="2"
                  .value=${this.reasons.get(flag.id) ?? ''}
                  @input=${(e: Event) =>
                    (this.reasons = new Map(this.reasons).set(
                      flag.id,
                      (e.target as HTMLTextAreaElement).value,
                    ))}
                ></textarea>
              </div>
              ${own && flag.status === 'unconfirmed' ? html`<p class="notice">${f.ownFlag}</p>` : nothing}
              ${error ? html`<p class="error-text" role="alert">${error}</p>` : nothing}
              <div class="button-row">
                ${
                  flag.status === 'unconfirmed' && !own
                    ? html`<button
                        type="button"
                        class="secondary"
                        ?disabled=${this.busy === flag.id}
                        @click=${() => this.change(flag, 'confirmed')}
                      >
                        ${f.confirm}
                      </button>`
                    : nothing
                }
                <button
                  type="button"
                  class="secondary"
                  ?disabled=${this.busy === flag.id}
                  @click=${() => this.change(flag, 'dismissed')}
                >
                  ${f.dismiss}
                </button>
              </div>`
          : nothing
      }
      ${this.renderContests(flag)}
    </article>`;
  }

  /** The customer's objections to `flag`, and what I can do: record one, or review the open one. */
  private renderContests(flag: CustomerFlag): TemplateResult {
    const c = this.t.flags.contest;
    const open = flag.contests.at(-1)?.stage === 'received';
    const error = this.rowError.get(flag.id);
    return html`<section class="flag-contests" data-testid="flag-contests">
      ${
        flag.contests.length > 0
          ? html`<h4>${c.heading}</h4>
              <ul>
                ${flag.contests.map((contest) => this.renderContest(contest))}
              </ul>`
          : nothing
      }
      ${open ? this.renderReview(flag) : nothing}
      ${!open && flag.status !== 'dismissed' ? this.renderObjectionForm(flag) : nothing}
      ${
        error && (open || flag.status !== 'dismissed')
          ? html`<p class="error-text" role="alert">${error}</p>`
          : nothing
      }
    </section>`;
  }

  private renderContest(contest: Contest): TemplateResult {
    const c = this.t.flags.contest;
    const when = (iso: string) => formatMoment(iso, this.language);
    return html`<li data-testid="flag-contest">
      <p>${contest.words_erased === true ? c.wordsErased : c.words(contest.words)}</p>
      <p class="hint-text">
        ${c.received(contest.recorded_by.name ?? contest.recorded_by.id, when(contest.recorded_at))}
        · <strong>${c.stage[contest.stage] ?? contest.stage}</strong>
      </p>
      ${
        contest.reviewed_by && contest.reviewed_at
          ? html`<p>
              ${c.reviewed(
                c.stage[contest.stage] ?? contest.stage,
                contest.reviewed_by.name ?? contest.reviewed_by.id,
                when(contest.reviewed_at),
                contest.reason ?? '',
              )}
            </p>`
          : nothing
      }
    </li>`;
  }

  private renderReview(flag: CustomerFlag): TemplateResult {
    const c = this.t.flags.contest;
    if (this.involved(flag)) return html`<p class="notice">${c.involved}</p>`;
    const id = `contest-reason-${flag.id}`;
    return html`<div class="contest-review" data-testid="contest-review">
      <h4>${c.reviewTitle}</h4>
      <div class="field">
        <label for=${id}>${c.reviewReason}</label>
        <textarea
          id=${id}
          rows="2"
          aria-describedby=${`${id}-hint`}
          .value=${this.reviewReasons.get(flag.id) ?? ''}
          @input=${(e: Event) =>
            (this.reviewReasons = new Map(this.reviewReasons).set(
              flag.id,
              (e.target as HTMLTextAreaElement).value,
            ))}
        ></textarea>
        <span id=${`${id}-hint`} class="hint-text">${c.reviewHint}</span>
      </div>
      <div class="button-row">
        <button
          type="button"
          ?disabled=${this.busy === flag.id}
          @click=${() => this.review(flag, 'upheld')}
        >
          ${c.uphold}
        </button>
        <button
          type="button"
          class="secondary"
          ?disabled=${this.busy === flag.id}
          @click=${() => this.review(flag, 'rejected')}
        >
          ${c.reject}
        </button>
      </div>
    </div>`;
  }

  private renderObjectionForm(flag: CustomerFlag): TemplateResult {
    const c = this.t.flags.contest;
    const id = `contest-words-${flag.id}`;
    return html`<details class="action" data-testid="contest-form">
      <summary>${c.record}</summary>
      <div class="action-body">
        <div class="field">
          <label for=${id}>${c.wordsLabel}</label>
          <textarea
            id=${id}
            rows="2"
            aria-describedby=${`${id}-hint`}
            .value=${this.objections.get(flag.id) ?? ''}
            @input=${(e: Event) =>
              (this.objections = new Map(this.objections).set(
                flag.id,
                (e.target as HTMLTextAreaElement).value,
              ))}
          ></textarea>
          <span id=${`${id}-hint`} class="hint-text">${c.wordsHint}</span>
        </div>
        <div class="button-row">
          <button
            type="button"
            ?disabled=${this.busy === flag.id}
            @click=${() => this.contest(flag)}
          >
            ${c.submit}
          </button>
        </div>
      </div>
    </details>`;
  }

  /** Scrolls the transcript to the message a fact names, and marks it for a moment. */
  private showEvent(event: Event, seq: number): void {
    event.preventDefault();
    const item = document.querySelector<HTMLElement>(`.transcript [data-seq="${seq}"]`);
    if (!item) return;
    item.scrollIntoView({ block: 'center' });
    item.classList.add('highlight');
    setTimeout(() => item.classList.remove('highlight'), 2000);
  }

  private renderForm(): TemplateResult {
    const t = this.t;
    const f = t.flags;
    const messages = this.events.filter((e) => e.kind === 'customer_message');
    return html`<details id="action-flag-customer" class="action">
      <summary>${f.raise}</summary>
      <form class="action-body" novalidate @submit=${this.raise} data-testid="flag-form">
        <div class="field">
          <label for="flag-kind">${f.kind}</label>
          <select
            id="flag-kind"
            @change=${(e: Event) => (this.kind = (e.target as HTMLSelectElement).value)}
          >
            ${this.kinds.map(
              (k) =>
                html`<option value=${k.id} ?selected=${k.id === this.kind}>
                  ${this.language === 'nl' ? k.name_nl : k.name_en}
                </option>`,
            )}
          </select>
        </div>
        <fieldset>
          <legend>${f.messages}</legend>
          <p class="hint-text">${f.messagesHint}</p>
          ${messages.map(
            (m) =>
              html`<label class="fact-choice"
                ><input
                  type="checkbox"
                  .checked=${this.chosen.has(m.seq)}
                  @change=${(e: Event) => {
                    const next = new Set(this.chosen);
                    if ((e.target as HTMLInputElement).checked) next.add(m.seq);
                    else next.delete(m.seq);
                    this.chosen = next;
                  }}
                />
                ${f.eventFact(m.seq)}: “${(m.text ?? '').slice(0, 80)}”</label
              >`,
          )}
        </fieldset>
        <div class="field">
          <label for="flag-document">${f.document}</label>
          <input
            id="flag-document"
            autocomplete="off"
            aria-describedby="flag-document-hint"
            .value=${this.document}
            @input=${(e: Event) => (this.document = (e.target as HTMLInputElement).value)}
          />
          <span id="flag-document-hint" class="hint-text">${f.documentHint}</span>
        </div>
        <div class="field">
          <label for="flag-description">${f.factDescription}</label>
          <textarea
            id="flag-description"
            rows="2"
            .value=${this.description}
            @input=${(e: Event) => (this.description = (e.target as HTMLTextAreaElement).value)}
          ></textarea>
        </div>
        <div class="field">
          <label for="flag-why">${f.reason}</label>
          <textarea
            id="flag-why"
            rows="2"
            aria-describedby="flag-why-hint"
            .value=${this.reason}
            @input=${(e: Event) => (this.reason = (e.target as HTMLTextAreaElement).value)}
          ></textarea>
          <span id="flag-why-hint" class="hint-text">${f.reasonHint}</span>
        </div>
        <div class="field">
          <label for="flag-severity">${f.severityLabel}</label>
          <select
            id="flag-severity"
            @change=${(e: Event) =>
              (this.severity = (e.target as HTMLSelectElement).value as 'low' | 'medium' | 'high')}
          >
            ${(['low', 'medium', 'high'] as const).map(
              (s) =>
                html`<option value=${s} ?selected=${s === this.severity}>${f.severity[s]}</option>`,
            )}
          </select>
        </div>
        <div class="field">
          <label for="flag-days">${f.lifetime}</label>
          <select
            id="flag-days"
            @change=${(e: Event) => (this.days = Number((e.target as HTMLSelectElement).value))}
          >
            ${LIFETIMES.map(
              (d) => html`<option value=${d} ?selected=${d === this.days}>${f.days(d)}</option>`,
            )}
          </select>
        </div>
        ${this.formError ? html`<p class="error-text" role="alert">${this.formError}</p>` : nothing}
        <button type="submit" class="primary" ?disabled=${this.sending}>
          ${this.sending ? t.sending : f.submit}
        </button>
      </form>
    </details>`;
  }
}

customElements.define('balie-flags', FlagPanel);
