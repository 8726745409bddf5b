// <balie-inbox>: the three lists of the inbox (waiting, assigned to me, callbacks due), each line
// a link to the conversation with its queue, the wait (ticking), the hand-off reason and the
// customer's last message. The wait ticks from the server's `wait_seconds` plus the time since
// the inbox frame arrived, so a browser clock that differs from the server's does not matter.

import { html, nothing, type TemplateResult } from 'lit';
import { property } from 'lit/decorators.js';
import { formatDuration, formatSlot, isoDuration } from '../shared/format';
import type { Language } from '../shared/protocol';
import type {
  CustomerFlag,
  DecisionItem,
  DecisionKind,
  FlagKindName,
  Inbox,
  InboxItem,
  Staff,
} from '../shared/staff-protocol';
import { LightElement } from './base';
import { reasonText, type Texts } from './i18n';
import { decisionWhat, flagKindName, queueLabel, waitedSeconds, type QueueNames } from './logic';

interface StaffEventWithDecision {
  decision_id?: string;
  unit?: string;
  amount?: number;
  reason?: string;
  by?: { name?: string };
}

export class InboxList extends LightElement {
  @property({ attribute: false }) inbox: Inbox = {
    waiting: [],
    mine: [],
    callbacks_due: [],
    others: [],
  };
  @property({ attribute: false }) receivedAt = 0;
  @property({ attribute: false }) now = 0;
  @property({ attribute: false }) t!: Texts;
  @property({ attribute: false }) language: Language = 'nl';
  @property({ attribute: false }) selected: string | null = null;
  /** Queue names in the console's language, by id. */
  @property({ attribute: false }) queueNames: QueueNames = new Map();
  /** Requests for approval that wait (GET /approvals): those this member of staff may answer. */
  @property({ attribute: false }) approvals: DecisionItem[] = [];
  @property({ attribute: false }) decisionKinds: DecisionKind[] = [];
  /** Flags whose contest waits for my review (GET /contests): I was not involved in them. */
  @property({ attribute: false }) contests: CustomerFlag[] = [];
  @property({ attribute: false }) flagKinds: FlagKindName[] = [];
  @property({ attribute: false }) me: Staff | null = null;

  protected override render(): TemplateResult {
    const t = this.t;
    return html`
      <h2 id="inbox-title" class="pane-title">${t.inbox}</h2>
      ${this.renderApprovals()} ${this.renderContests()}
      ${this.renderList('inbox-mine', t.mine, this.inbox.mine, t.emptyMine)}
      ${this.renderList('inbox-waiting', t.waiting, this.inbox.waiting, t.emptyWaiting)}
      ${this.renderList(
        'inbox-callbacks',
        t.callbacksDue,
        this.inbox.callbacks_due,
        t.emptyCallbacks,
      )}
    `;
  }

  /** Only when there is something to answer: a list that is always empty is noise. */
  private renderApprovals(): TemplateResult | typeof nothing {
    const d = this.t.decisions;
    const mine = this.approvals.filter((a) => a.may_answer === true);
    if (mine.length === 0) return nothing;
    return html`<section
      class="inbox-section approvals"
      aria-labelledby="inbox-approvals"
      data-testid="inbox-approvals"
    >
      <h3 id="inbox-approvals">${d.inboxTitle} <span class="count">(${mine.length})</span></h3>
      <ul class="inbox-items">
        ${mine.map((item) => {
          const decision = item.decision as StaffEventWithDecision;
          const current = this.selected === item.conversation_id;
          return html`<li>
            <a
              class="inbox-item ${current ? 'current' : ''}"
              href=${`#/inbox/${encodeURIComponent(item.conversation_id)}`}
              aria-current=${current ? 'page' : nothing}
              data-testid="approval-item"
            >
              <span class="line"
                ><strong
                  >${d.inboxItem(
                    decision.by?.name ?? '',
                    decisionWhat(this.decisionKinds, decision, this.language),
                  )}</strong
                ></span
              >
              ${decision.reason ? html`<span class="reason">${decision.reason}</span>` : nothing}
            </a>
          </li>`;
        })}
      </ul>
    </section>`;
  }

  /** Only when there is something to review, like the approvals. */
  private renderContests(): TemplateResult | typeof nothing {
    const c = this.t.flags.contest;
    if (this.contests.length === 0) return nothing;
    return html`<section
      class="inbox-section approvals"
      aria-labelledby="inbox-contests"
      data-testid="inbox-contests"
    >
      <h3 id="inbox-contests">
        ${c.inboxTitle} <span class="count">(${this.contests.length})</span>
      </h3>
      <ul class="inbox-items">
        ${this.contests.map((flag) => {
          const current = this.selected === flag.conversation_id;
          const words = flag.contests.at(-1)?.words ?? '';
          return html`<li>
            <a
              class="inbox-item ${current ? 'current' : ''}"
              href=${`#/inbox/${encodeURIComponent(flag.conversation_id)}`}
              aria-current=${current ? 'page' : nothing}
              data-testid="contest-item"
            >
              <span class="line"
                ><strong
                  >${c.inboxItem(flagKindName(this.flagKinds, flag.kind, this.language))}</strong
                ></span
              >
              <span class="reason">${words}</span>
            </a>
          </li>`;
        })}
      </ul>
    </section>`;
  }

  private renderList(id: string, title: string, items: InboxItem[], empty: string): TemplateResult {
    return html`<section class="inbox-section" aria-labelledby=${id} data-testid=${id}>
      <h3 id=${id}>${title} <span class="count">(${items.length})</span></h3>
      ${
        items.length === 0
          ? html`<p class="muted">${empty}</p>`
          : html`<ul class="inbox-items">
              ${items.map((item) => this.renderItem(item))}
            </ul>`
      }
    </section>`;
  }

  private renderItem(item: InboxItem): TemplateResult {
    const t = this.t;
    const waited = waitedSeconds(item, this.receivedAt, this.now);
    const current = this.selected === item.conversation_id;
    return html`<li>
      <a
        class="inbox-item ${current ? 'current' : ''}"
        href=${`#/inbox/${encodeURIComponent(item.conversation_id)}`}
        aria-current=${current ? 'page' : nothing}
        data-testid="inbox-item"
        data-conversation=${item.conversation_id}
      >
        <span class="line">
          <strong>${queueLabel(item.queue, this.queueNames) ?? ''}</strong>
          ${
            waited !== null
              ? html`<span class="wait" data-testid="wait"
                  >${t.waitingFor}
                  <time datetime=${isoDuration(waited)}
                    >${formatDuration(waited, this.language)}</time
                  ></span
                >`
              : nothing
          }
        </span>
        ${
          reasonText(t, item)
            ? html`<span class="reason" data-testid="inbox-reason">${reasonText(t, item)}</span>`
            : nothing
        }
        ${
          item.last_message
            ? html`<span class="snippet" lang=${item.language}>“${item.last_message}”</span>`
            : nothing
        }
        <span class="line meta">
          <span>${t.state[item.state] ?? item.state}</span>
          <span>${t.languageOf[item.language] ?? item.language}</span>
          ${item.priority > 0 ? html`<span>${t.priority(item.priority)}</span>` : nothing}
          ${item.agent ? html`<span>${t.assignedTo(item.agent.display_name)}</span>` : nothing}
          ${item.customer_ref ? html`<span>${item.customer_ref}</span>` : nothing}
        </span>
        ${
          item.callback
            ? html`<span class="line callback"
                >${t.callbackAt(formatSlot(item.callback, this.language))},
                ${item.callback.phone}</span
              >`
            : nothing
        }
      </a>
    </li>`;
  }
}

customElements.define('balie-inbox', InboxList);
