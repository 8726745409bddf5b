// <balie-decisions>: room for judgement in one conversation (docs/accountability.md). The requests
// for approval that wait in it — answerable (approve, refuse, ask) by a colleague whose mandate
// covers them, never by the requester — and the form to record a decision: within the agent's
// mandate it takes effect at once, above it a colleague must approve. Balie decides who may; the
// form says beforehand which of the two it will be. Every action carries a client_id, kept for a
// retry of the same action.

import { html, nothing, type TemplateResult } from 'lit';
import { property, state } from 'lit/decorators.js';
import { formatMoment } from '../shared/format';
import type { Language } from '../shared/protocol';
import type { StaffApi } from '../shared/staff-client';
import type { DecisionKind, Staff, StaffEvent } from '../shared/staff-protocol';
import { LightElement } from './base';
import { errorText } from './errors';
import type { Texts } from './i18n';
import { amountText, decisionWhat, parseAmount, type DecisionFields } from './logic';
import { RetryIds } from './retry-ids';

interface DecisionEventFields extends DecisionFields {
  reason?: string;
  rule?: string;
  by?: { id?: string; name?: string };
  needs_approval?: boolean;
  expires?: string;
}

type Verdict = 'approved' | 'refused' | 'ask';

export class DecisionPanel extends LightElement {
  @property({ attribute: false }) api!: StaffApi;
  @property({ attribute: false }) me!: Staff;
  @property({ attribute: false }) t!: Texts;
  @property({ attribute: false }) language: Language = 'nl';
  @property({ attribute: false }) conversationId = '';
  @property({ attribute: false }) kinds: DecisionKind[] = [];
  @property({ attribute: false }) events: StaffEvent[] = [];
  /** The agent may act on the conversation (it is theirs, or they are a supervisor). */
  @property({ attribute: false }) mayDecide = false;

  @state() private kindId = '';
  @state() private amount = '';
  @state() private reason = '';
  @state() private rule = '';
  @state() private busy = false;
  @state() private error = '';
  @state() private answers = new Map<number, string>();
  @state() private answering = 0;
  @state() private answerError = new Map<number, string>();

  private readonly ids = new RetryIds(() => this.api.clientId());

  private get kind(): DecisionKind | undefined {
    return this.kinds.find((k) => k.id === this.kindId) ?? this.kinds[0];
  }

  /** The requests of this conversation nobody answered yet. */
  private get waiting(): (StaffEvent & DecisionEventFields)[] {
    const answered = new Set(
      this.events
        .filter((e) => e.kind === 'approval')
        .map((e) => (e as { request?: number }).request),
    );
    return this.events.filter(
      (e): e is StaffEvent & DecisionEventFields =>
        e.kind === 'decision' &&
        (e as DecisionEventFields).needs_approval === true &&
        !answered.has(e.seq),
    );
  }

  private told(event: StaffEvent): void {
    this.dispatchEvent(new CustomEvent('staff-event', { detail: event, bubbles: true }));
  }

  private async record(event: Event): Promise<void> {
    event.preventDefault();
    const kind = this.kind;
    if (!kind || this.busy) return;
    const d = this.t.decisions;
    const amount = parseAmount(kind.unit, this.amount);
    if (amount === null) {
      this.error = d.amountInvalid;
      return;
    }
    const reason = this.reason.trim();
    if (!reason) {
      this.error = d.reasonRequired;
      return;
    }
    const rule = this.rule.trim();
    const body = { decision: kind.id, amount, reason, ...(rule ? { rule } : {}) };
    this.busy = true;
    this.error = '';
    try {
      const recorded = await this.api.recordDecision(
        this.conversationId,
        body,
        this.ids.for(JSON.stringify(body)),
      );
      this.ids.settled();
      this.told(recorded);
      this.amount = this.reason = this.rule = '';
      const details = this.querySelector<HTMLDetailsElement>('#action-decide');
      if (details) details.open = false;
      this.announce(
        (recorded as DecisionEventFields).needs_approval === true ? d.requested : d.recorded,
      );
    } catch (error) {
      this.ids.settled(error);
      this.error = errorText(this.t, error);
    } finally {
      this.busy = false;
    }
  }

  private async answer(request: number, verdict: Verdict): Promise<void> {
    const reason = (this.answers.get(request) ?? '').trim();
    const errors = new Map(this.answerError);
    if (!reason) {
      errors.set(request, this.t.decisions.reasonRequired);
      this.answerError = errors;
      return;
    }
    this.answering = request;
    errors.delete(request);
    this.answerError = errors;
    try {
      const answered = await this.api.answerApproval(
        this.conversationId,
        request,
        verdict,
        reason,
        this.ids.for(`${request} ${verdict} ${reason}`),
      );
      this.ids.settled();
      this.told(answered);
      const answers = new Map(this.answers);
      answers.delete(request);
      this.answers = answers;
      this.announce(this.t.decisions.answered);
    } catch (error) {
      this.ids.settled(error);
      this.answerError = new Map(this.answerError).set(request, errorText(this.t, error));
    } finally {
      this.answering = 0;
    }
  }

  private announce(text: string): void {
    this.dispatchEvent(new CustomEvent('announce', { detail: text, bubbles: true }));
  }

  protected override render(): TemplateResult | typeof nothing {
    const waiting = this.waiting;
    const canRecord = this.mayDecide && this.kinds.length > 0;
    if (waiting.length === 0 && !canRecord) return nothing;
    const d = this.t.decisions;
    return html`<section
      class="decisions"
      aria-labelledby="decisions-title"
      data-testid="decisions"
    >
      <h2 id="decisions-title">${d.title}</h2>
      ${waiting.map((request) => this.renderRequest(request))}
      ${canRecord ? this.renderForm() : nothing}
    </section>`;
  }

  private renderRequest(request: StaffEvent & DecisionEventFields): TemplateResult {
    const d = this.t.decisions;
    const what = decisionWhat(this.kinds, request, this.language);
    const own = request.by?.id === this.me.id;
    const limit = this.kinds.find((k) => k.id === request.decision_id)?.limit ?? 0;
    const mine = !own && limit >= (request.amount ?? 0);
    const id = `answer-${request.seq}`;
    const error = this.answerError.get(request.seq);
    return html`<article class="approval-request" data-testid="approval-request">
      <h3>${d.waitingTitle}</h3>
      <p><strong>${d.requestBy(request.by?.name ?? '', what)}</strong></p>
      ${request.reason ? html`<p>${d.reasonOf(request.reason)}</p>` : nothing}
      ${request.rule ? html`<p>${d.ruleOf(request.rule)}</p>` : nothing}
      ${
        request.expires
          ? html`<p class="hint-text">
              ${d.expiresAt(formatMoment(request.expires, this.language))}
            </p>`
          : nothing
      }
      ${
        mine
          ? html`<div class="field">
                <label for=${id}>${d.answerReason}</label>
                <textarea
                  id=${id}
                  rows="2"
                  aria-describedby=${`${id}-hint`}
                  .value=${this.answers.get(request.seq) ?? ''}
                  @input=${(e: Event) =>
                    (this.answers = new Map(this.answers).set(
                      request.seq,
                      (e.target as HTMLTextAreaElement).value,
                    ))}
                ></textarea>
                <span id=${`${id}-hint`} class="hint-text">${d.answerHint}</span>
              </div>
              ${error ? html`<p class="error-text" role="alert">${error}</p>` : nothing}
              <div class="button-row">
                ${(['approved', 'refused', 'ask'] as const).map(
                  (verdict) =>
                    html`<button
                      type="button"
                      class=${verdict === 'approved' ? 'primary' : 'secondary'}
                      ?disabled=${this.answering === request.seq}
                      @click=${() => this.answer(request.seq, verdict)}
                    >
                      ${verdict === 'approved' ? d.approve : verdict === 'refused' ? d.refuse : d.ask}
                    </button>`,
                )}
              </div>`
          : html`<p class="notice">${own ? d.ownRequest : d.notYours}</p>`
      }
    </article>`;
  }

  private renderForm(): TemplateResult {
    const t = this.t;
    const d = t.decisions;
    const kind = this.kind!;
    const typed = parseAmount(kind.unit, this.amount);
    const limitText =
      kind.unit === 'exception' ? '' : amountText(kind.unit, kind.limit, this.language);
    const above = kind.limit <= 0 || (typed !== null && typed > kind.limit);
    // An adverse step is only for whoever's own mandate covers it: the form says so and sends
    // nothing (Balie refuses it too).
    const refused = kind.adverse && above;
    const verdict = refused
      ? d.adverseNoMandate
      : kind.limit <= 0
        ? d.noMandate
        : above
          ? d.above(limitText)
          : `${d.within(limitText)}${kind.four_eyes ? ` ${d.fourEyes}` : ''}`;
    return html`<details id="action-decide" class="action">
      <summary>${d.record}</summary>
      <form class="action-body" novalidate @submit=${this.record} data-testid="decision-form">
        <div class="field">
          <label for="decision-kind">${d.which}</label>
          <select
            id="decision-kind"
            @change=${(e: Event) => (this.kindId = (e.target as HTMLSelectElement).value)}
          >
            ${this.kinds.map(
              (k) =>
                html`<option value=${k.id} ?selected=${k.id === kind.id}>
                  ${this.language === 'nl' ? k.name_nl : k.name_en}${
                    k.adverse ? ` (${d.adverseMark})` : ''
                  }
                </option>`,
            )}
          </select>
        </div>
        ${
          kind.unit === 'exception'
            ? nothing
            : html`<div class="field">
                <label for="decision-amount"
                  >${kind.unit === 'euro' ? d.amountEuro : d.amountDays}</label
                >
                <input
                  id="decision-amount"
                  inputmode="decimal"
                  autocomplete="off"
                  .value=${this.amount}
                  @input=${(e: Event) => (this.amount = (e.target as HTMLInputElement).value)}
                />
              </div>`
        }
        <p class=${refused ? 'notice' : 'hint-text'} data-testid="mandate-hint">${verdict}</p>
        <div class="field">
          <label for="decision-reason">${d.reason}</label>
          <textarea
            id="decision-reason"
            rows="2"
            aria-describedby="decision-reason-hint"
            .value=${this.reason}
            @input=${(e: Event) => (this.reason = (e.target as HTMLTextAreaElement).value)}
          ></textarea>
          <span id="decision-reason-hint" class="hint-text">${d.reasonHint}</span>
        </div>
        <div class="field">
          <label for="decision-rule">${d.rule}</label>
          <input
            id="decision-rule"
            autocomplete="off"
            placeholder=${kind.rule}
            aria-describedby="decision-rule-hint"
            .value=${this.rule}
            @input=${(e: Event) => (this.rule = (e.target as HTMLInputElement).value)}
          />
          <span id="decision-rule-hint" class="hint-text">${d.ruleHint}</span>
        </div>
        ${this.error ? html`<p class="error-text" role="alert">${this.error}</p>` : nothing}
        <button type="submit" class="primary" ?disabled=${this.busy || refused}>
          ${this.busy ? t.sending : d.submit}
        </button>
      </form>
    </details>`;
  }
}

customElements.define('balie-decisions', DecisionPanel);
