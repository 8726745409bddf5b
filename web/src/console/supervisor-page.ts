// <balie-supervisor>: the supervisor's overview (live from `overview` frames): per queue the
// waiting customers, the oldest wait, the estimated wait, the agents on duty and today's service
// level; the agents by state; assigning a conversation to an agent; the decisions staff took for
// customers per decision, rule and team (exceptions made every day show here); and the reports
// about the knowledge base.

import { html, nothing, type TemplateResult } from 'lit';
import { property, state } from 'lit/decorators.js';
import { formatClock, formatDuration, formatMoment } from '../shared/format';
import type { Language } from '../shared/protocol';
import type { StaffApi } from '../shared/staff-client';
import type {
  AgentOverview,
  DecisionKind,
  DecisionReport,
  Inbox,
  InboxItem,
  KnowledgeFlag,
  Overview,
  PresenceState,
} from '../shared/staff-protocol';
import { LightElement } from './base';
import { errorText } from './errors';
import { reasonText, type Texts } from './i18n';
import { queueLabel, waitedSeconds, type QueueNames } from './logic';

const STATE_ORDER: PresenceState[] = ['available', 'busy', 'away', 'offline'];

export class SupervisorPage extends LightElement {
  @property({ attribute: false }) api!: StaffApi;
  @property({ attribute: false }) t!: Texts;
  @property({ attribute: false }) language: Language = 'nl';
  @property({ attribute: false }) overview: Overview | null = null;
  /** Queue names in the console's language, by id. */
  @property({ attribute: false }) queueNames: QueueNames = new Map();
  @property({ attribute: false }) inbox: Inbox = {
    waiting: [],
    mine: [],
    callbacks_due: [],
    others: [],
  };
  @property({ attribute: false }) inboxAt = 0;
  @property({ attribute: false }) now = 0;

  /** The decisions staff may take, for their names in the report. */
  @property({ attribute: false }) decisionKinds: DecisionKind[] = [];
  @state() private report: DecisionReport | null = null;
  @state() private reportError = '';
  @state() private flags: KnowledgeFlag[] | null = null;
  @state() private flagsError = '';
  @state() private conversation = '';
  @state() private agent = '';
  @state() private busy = false;
  @state() private message = '';
  @state() private error = '';
  @state() private loaded: Overview | null = null;

  private clientId: { key: string; id: string } | null = null;

  override connectedCallback(): void {
    super.connectedCallback();
    void this.loadFlags();
    void this.loadReport();
    if (!this.overview) {
      void this.api
        .overview()
        .then((overview) => (this.loaded = overview))
        .catch(() => undefined);
    }
  }

  private get data(): Overview | null {
    return this.overview ?? this.loaded;
  }

  private async loadReport(): Promise<void> {
    try {
      this.report = await this.api.decisionReport(30);
      this.reportError = '';
    } catch (error) {
      this.reportError = errorText(this.t, error);
    }
  }

  private async loadFlags(): Promise<void> {
    try {
      this.flags = await this.api.flags();
      this.flagsError = '';
    } catch (error) {
      this.flags = [];
      this.flagsError = errorText(this.t, error);
    }
  }

  /** A staff member's name for their id (the flags say who by id), the id when unknown. */
  private nameOf(id: string): string {
    return this.data?.agents.find((agent) => agent.id === id)?.display_name ?? id;
  }

  private conversations(): InboxItem[] {
    const seen = new Set<string>();
    const all: InboxItem[] = [];
    const { waiting, mine, callbacks_due, others } = this.inbox;
    for (const item of [...waiting, ...mine, ...callbacks_due, ...others]) {
      if (seen.has(item.conversation_id)) continue;
      seen.add(item.conversation_id);
      all.push(item);
    }
    return all;
  }

  private async assign(event: Event): Promise<void> {
    event.preventDefault();
    const t = this.t;
    if (!this.conversation || !this.agent) {
      this.error = t.transferPick;
      return;
    }
    const key = `${this.conversation} ${this.agent}`;
    if (this.clientId?.key !== key) this.clientId = { key, id: this.api.clientId() };
    this.busy = true;
    this.error = '';
    this.message = '';
    try {
      await this.api.assign(this.conversation, this.agent, this.clientId.id);
      const agent = this.data?.agents.find((a) => a.id === this.agent);
      this.message = t.assignDone(agent?.display_name ?? this.agent);
      this.clientId = null;
      this.conversation = '';
    } catch (error) {
      this.error = errorText(t, error);
    } finally {
      this.busy = false;
    }
  }

  protected override render(): TemplateResult {
    const t = this.t;
    return html`
      <h1 tabindex="-1">${t.supervisorTitle}</h1>
      ${this.renderQueues()} ${this.renderAgents()} ${this.renderReassign()}
      ${this.renderDecisions()} ${this.renderFlags()}
    `;
  }

  private renderQueues(): TemplateResult {
    const t = this.t;
    const queues = this.data?.queues ?? [];
    const duration = (s: number | null) =>
      typeof s === 'number' ? formatDuration(s, this.language) : t.unknown;
    const alarms = queues.filter((q) => q.nobody_on_duty);
    return html`<section data-testid="overview-queues">
      <h2 id="queues-title">${t.queuesTitle}</h2>
      ${alarms.map(
        (q) =>
          html`<p class="alarm" role="alert" data-testid="nobody-on-duty">
            ${t.nobodyOnDuty(
              queueLabel(q, this.queueNames) ?? q.name,
              q.nobody_on_duty_since ? formatClock(q.nobody_on_duty_since, this.language) : null,
              q.waiting + (q.left ?? 0),
            )}
          </p>`,
      )}
      ${
        this.data === null
          ? html`<p role="status">${t.loading}</p>`
          : html`<div class="table-wrap" tabindex="0" role="region" aria-labelledby="queues-title">
              <table>
                <thead>
                  <tr>
                    <th scope="col">${t.queueCol}</th>
                    <th scope="col">${t.openCol}</th>
                    <th scope="col">${t.waitingCol}</th>
                    <th scope="col">${t.oldestCol}</th>
                    <th scope="col">${t.estimateCol}</th>
                    <th scope="col">${t.agentsCol}</th>
                    <th scope="col">${t.callbacksCol}</th>
                    <th scope="col">${t.serviceLevelCol}</th>
                  </tr>
                </thead>
                <tbody>
                  ${queues.map(
                    (q) =>
                      html`<tr>
                        <th scope="row">${queueLabel(q, this.queueNames)}</th>
                        <td>${q.open ? t.yes : t.no}</td>
                        <td data-testid="waiting">${t.waitingAndLeft(q.waiting, q.left ?? 0)}</td>
                        <td data-testid="oldest">
                          ${duration(q.oldest_wait_seconds)}
                          ${
                            typeof q.oldest_left_seconds === 'number'
                              ? html`<br />${t.oldestLeft(duration(q.oldest_left_seconds))}`
                              : nothing
                          }
                        </td>
                        <td>${duration(q.estimated_wait_seconds)}</td>
                        <td>${q.agents_on_duty}</td>
                        <td data-testid="callbacks">
                          ${t.callbacksBooked(q.callbacks.booked, q.callbacks.overdue)}
                        </td>
                        <td>
                          ${
                            q.service_level_today
                              ? t.serviceLevel(
                                  q.service_level_today.share,
                                  q.service_level_today.within_target,
                                  q.service_level_today.answered,
                                  q.service_level_today.target_seconds,
                                )
                              : t.unknown
                          }
                        </td>
                      </tr>`,
                  )}
                </tbody>
              </table>
            </div>`
      }
    </section>`;
  }

  private renderAgents(): TemplateResult {
    const t = this.t;
    const agents = [...(this.data?.agents ?? [])];
    const byState = new Map<PresenceState, AgentOverview[]>();
    for (const agent of agents) {
      const list = byState.get(agent.presence.state) ?? [];
      list.push(agent);
      byState.set(agent.presence.state, list);
    }
    return html`<section aria-labelledby="agents-title" data-testid="overview-agents">
      <h2 id="agents-title">${t.agentsTitle}</h2>
      ${
        agents.length === 0
          ? html`<p class="muted">${t.noAgents}</p>`
          : STATE_ORDER.filter((s) => byState.has(s)).map(
              (s) =>
                html`<h3>
                    <span class="dot ${s}" aria-hidden="true"></span> ${t.presence[s]}
                    (${byState.get(s)?.length ?? 0})
                  </h3>
                  <ul class="agents">
                    ${(byState.get(s) ?? []).map(
                      (a) =>
                        html`<li>
                          <strong>${a.display_name}</strong>
                          <span>${t.presenceChats(a.presence.chats, a.presence.capacity)}</span>
                          ${
                            a.presence.back_at
                              ? html`<span
                                  >${t.backAt(formatMoment(a.presence.back_at, this.language))}</span
                                >`
                              : nothing
                          }
                          ${
                            a.queues.length
                              ? html`<span class="muted"
                                  >${t.queuesCol}:
                                  ${a.queues.map((id) => queueLabel(id, this.queueNames)).join(', ')}</span
                                >`
                              : nothing
                          }
                        </li>`,
                    )}
                  </ul>`,
            )
      }
    </section>`;
  }

  private renderReassign(): TemplateResult {
    const t = this.t;
    const conversations = this.conversations();
    const agents = this.data?.agents ?? [];
    return html`<section aria-labelledby="reassign-title">
      <h2 id="reassign-title">${t.reassignTitle}</h2>
      ${
        conversations.length === 0
          ? html`<p class="muted">${t.noConversations}</p>`
          : html`<form class="inline-form" novalidate @submit=${this.assign}>
              <div class="field">
                <label for="reassign-conversation">${t.reassignConversation}</label>
                <select
                  id="reassign-conversation"
                  @change=${(e: Event) => (this.conversation = (e.target as HTMLSelectElement).value)}
                >
                  <option value="" ?selected=${!this.conversation}>–</option>
                  ${conversations.map((item) => {
                    const waited = waitedSeconds(item, this.inboxAt, this.now);
                    const where =
                      item.state === 'assigned' && item.agent
                        ? t.withAgent(item.agent.display_name)
                        : t.waitsFor(
                            waited !== null ? formatDuration(waited, this.language) : t.unknown,
                          );
                    return html`<option
                      value=${item.conversation_id}
                      ?selected=${this.conversation === item.conversation_id}
                    >
                      ${t.conversationOption(
                        queueLabel(item.queue, this.queueNames) ?? '',
                        where,
                        reasonText(t, item),
                      )}
                    </option>`;
                  })}
                </select>
              </div>
              <div class="field">
                <label for="reassign-agent">${t.chooseAgent}</label>
                <select
                  id="reassign-agent"
                  @change=${(e: Event) => (this.agent = (e.target as HTMLSelectElement).value)}
                >
                  <option value="" ?selected=${!this.agent}>–</option>
                  ${agents.map(
                    (a) =>
                      html`<option value=${a.id} ?selected=${this.agent === a.id}>
                        ${a.display_name} (${t.presence[a.presence.state]},
                        ${t.presenceChats(a.presence.chats, a.presence.capacity)})
                      </option>`,
                  )}
                </select>
              </div>
              <button type="submit" class="primary" ?disabled=${this.busy}>
                ${this.busy ? t.sending : t.assignSubmit}
              </button>
            </form>`
      }
      <div role="status">${this.message ? html`<p>${this.message}</p>` : nothing}</div>
      ${this.error ? html`<p class="error-text" role="alert">${this.error}</p>` : nothing}
    </section>`;
  }

  private renderDecisions(): TemplateResult {
    const d = this.t.decisions;
    const c = d.columns;
    const report = this.report;
    const name = (id: string) => {
      const kind = this.decisionKinds.find((k) => k.id === id);
      return kind ? (this.language === 'nl' ? kind.name_nl : kind.name_en) : id;
    };
    return html`<section data-testid="decision-report">
      <h2 id="decisions-report-title">${d.reportTitle}</h2>
      <p>${d.reportIntro}</p>
      <button type="button" class="secondary" @click=${this.loadReport}>${this.t.refresh}</button>
      ${this.reportError ? html`<p class="error-text" role="alert">${this.reportError}</p>` : nothing}
      ${
        report === null
          ? html`<p role="status">${this.t.loading}</p>`
          : report.rows.length === 0
            ? html`<p class="muted">${d.reportEmpty}</p>`
            : html`<div
                class="table-wrap"
                tabindex="0"
                role="region"
                aria-labelledby="decisions-report-title"
              >
                <table>
                  <thead>
                    <tr>
                      ${[
                        c.decision,
                        c.rule,
                        c.queue,
                        c.taken,
                        c.requested,
                        c.approved,
                        c.refused,
                        c.expired,
                        c.waiting,
                        c.median,
                      ].map((h) => html`<th scope="col">${h}</th>`)}
                    </tr>
                  </thead>
                  <tbody>
                    ${report.rows.map(
                      (r) =>
                        html`<tr>
                          <td>${name(r.decision)}</td>
                          <td>${r.rule || '–'}</td>
                          <td>${queueLabel({ id: r.queue }, this.queueNames) ?? r.queue}</td>
                          <td>${r.taken}</td>
                          <td>${r.requested}</td>
                          <td>${r.approved}</td>
                          <td>${r.refused}</td>
                          <td>${r.expired}</td>
                          <td>${r.waiting}</td>
                          <td>
                            ${
                              r.median_answer_seconds === null
                                ? '–'
                                : formatDuration(r.median_answer_seconds, this.language)
                            }
                          </td>
                        </tr>`,
                    )}
                  </tbody>
                </table>
              </div>`
      }
    </section>`;
  }

  private renderFlags(): TemplateResult {
    const t = this.t;
    const flags = this.flags;
    return html`<section data-testid="knowledge-flags">
      <h2 id="flags-title">${t.flagsTitle}</h2>
      <button type="button" class="secondary" @click=${this.loadFlags}>${t.refresh}</button>
      ${this.flagsError ? html`<p class="error-text" role="alert">${this.flagsError}</p>` : nothing}
      ${
        flags === null
          ? html`<p role="status">${t.loading}</p>`
          : flags.length === 0
            ? html`<p class="muted">${t.noFlags}</p>`
            : html`<div class="table-wrap" tabindex="0" role="region" aria-labelledby="flags-title">
                <table>
                  <thead>
                    <tr>
                      <th scope="col">${t.kindCol}</th>
                      <th scope="col">${t.articleCol}</th>
                      <th scope="col">${t.noteCol}</th>
                      <th scope="col">${t.byCol}</th>
                      <th scope="col">${t.atCol}</th>
                    </tr>
                  </thead>
                  <tbody>
                    ${flags.map(
                      (f) =>
                        html`<tr>
                          <td>${t.flagKind[f.kind] ?? f.kind}</td>
                          <td>${f.article_id ?? '–'}</td>
                          <td>
                            ${f.note}
                            ${
                              f.conversation_id
                                ? html`<a href=${`#/inbox/${encodeURIComponent(f.conversation_id)}`}
                                    >${t.conversation}</a
                                  >`
                                : nothing
                            }
                          </td>
                          <td>${this.nameOf(f.by)}</td>
                          <td>
                            <time datetime=${f.at}>${formatMoment(f.at, this.language)}</time>
                          </td>
                        </tr>`,
                    )}
                  </tbody>
                </table>
              </div>`
      }
    </section>`;
  }
}

customElements.define('balie-supervisor', SupervisorPage);
