// <balie-conversation>: one conversation as the agent works on it. The hand-off reason at the
// top; the whole transcript (live: it watches the conversation on the stream); the knowledge
// suggestions for the last question and a search, each insertable into the reply with its link;
// the reply box (or an internal note); and the actions: transfer, resolve, book a callback,
// record a callback's outcome, assign (supervisors), report knowledge as wrong or missing.
//
// Every action carries a client_id; when it failed in a way that may pass on a retry (no
// connection, 429, 5xx) the same client_id is used again, so Balie does it once.

import { html, nothing, type PropertyValues, type TemplateResult } from 'lit';
import { property, state } from 'lit/decorators.js';
import { formatDuration, formatMoment, formatSlot, slotsByDay } from '../shared/format';
import { normalisePhone } from '../shared/phone';
import {
  MAX_TEXT_LENGTH,
  type ConversationEvent,
  type HandoffEvent,
  type Language,
  type Slot,
} from '../shared/protocol';
import { StaffApi, StaffHttpError, StaffStream } from '../shared/staff-client';
import {
  hasRole,
  type AgentOverview,
  type CallbackOutcome,
  type ConversationDetail,
  type DecisionKind,
  type FlagKindName,
  type InboxItem,
  type QueueAvailability,
  type Staff,
  type StaffEvent,
  type StaffServerFrame,
  type Suggestion,
} from '../shared/staff-protocol';
import { LightElement } from './base';
import { errorText, isRetryable } from './errors';
import { reasonText, type Texts } from './i18n';
import { insertion, queueLabel, queueNamesOf } from './logic';
import { renderEvent, renderLink } from './transcript';
import './decision-panel';
import './flag-panel';

type Kind = 'reply' | 'note';

interface Retry {
  clientId: string;
  /** What the action was; a retry must be the same action with the same content. */
  key: string;
}

interface ActionState {
  busy: boolean;
  error: string;
}

const IDLE: ActionState = { busy: false, error: '' };
const TYPING_EVERY_MS = 3000;
const CUSTOMER_TYPING_MS = 6000;

export class ConversationView extends LightElement {
  @property({ attribute: false }) api!: StaffApi;
  @property({ attribute: false }) stream!: StaffStream;
  @property({ attribute: false }) conversationId = '';
  @property({ attribute: false }) me!: Staff;
  @property({ attribute: false }) t!: Texts;
  @property({ attribute: false }) language: Language = 'nl';
  /** The conversation's line in the live inbox, when it is there (fresher than `item`). */
  @property({ attribute: false }) liveItem: InboxItem | null = null;
  @property({ attribute: false }) queues: QueueAvailability[] = [];
  @property({ attribute: false }) agents: AgentOverview[] = [];
  @property({ attribute: false }) connected = false;
  /** The decisions staff may take for customers, with this member of staff's own limit. */
  @property({ attribute: false }) decisionKinds: DecisionKind[] = [];
  /** The kinds of flag staff may raise about customers. */
  @property({ attribute: false }) flagKinds: FlagKindName[] = [];

  @state() private loading = true;
  @state() private loadError = '';
  @state() private item: InboxItem | null = null;
  @state() private events: StaffEvent[] = [];
  @state() private earlier: InboxItem[] = [];
  @state() private suggestions: Suggestion[] = [];
  @state() private searchQuery = '';
  @state() private searchResults: Suggestion[] | null = null;
  @state() private searching = false;
  @state() private draft = '';
  @state() private kind: Kind = 'reply';
  @state() private composer: ActionState = IDLE;
  @state() private announcement = '';
  @state() private customerTypingUntil = 0;
  // Actions
  @state() private transferMode: 'queue' | 'agent' = 'queue';
  @state() private transferQueue = '';
  @state() private transferAgent = '';
  @state() private transferNote = '';
  @state() private transfer: ActionState = IDLE;
  @state() private resolving: ActionState = IDLE;
  @state() private slots: Slot[] | null = null;
  @state() private chosenSlot = '';
  @state() private phone = '';
  @state() private callback: ActionState = IDLE;
  @state() private outcome: CallbackOutcome | '' = '';
  @state() private outcomeNote = '';
  @state() private outcomeState: ActionState = IDLE;
  @state() private assignAgent = '';
  @state() private assigning: ActionState = IDLE;
  @state() private flagArticle: Suggestion | null = null;
  @state() private flagMissing = false;
  @state() private flagNote = '';
  @state() private flagging: ActionState = IDLE;

  private readonly seqs = new Map<number, StaffEvent>();
  private stopFrames: (() => void) | null = null;
  private stopState: (() => void) | null = null;
  private watching = '';
  private lastTypingSent = 0;
  private retries = new Map<string, Retry>();
  private typingTimer: ReturnType<typeof setTimeout> | undefined;
  private loadGeneration = 0;

  override connectedCallback(): void {
    super.connectedCallback();
    this.stopFrames = this.stream.onFrame((frame) => this.onFrame(frame));
    let wasOpen = this.stream.connection === 'open';
    this.stopState = this.stream.onState((connection) => {
      // After a reconnect, fetch the conversation again: events may have been missed.
      if (connection === 'open' && !wasOpen && this.watching) void this.load(false);
      wasOpen = connection === 'open';
    });
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.stopFrames?.();
    this.stopState?.();
    if (this.watching) this.stream.unwatch(this.watching);
    this.watching = '';
    clearTimeout(this.typingTimer);
  }

  protected override willUpdate(changed: PropertyValues): void {
    const before = changed.get('liveItem') as InboxItem | null | undefined;
    if (before && !this.liveItem && !changed.has('conversationId')) {
      // It left this agent's inbox (resolved, transferred, reassigned): fetch where it stands.
      void this.load(false);
    }
    if (changed.has('conversationId') && this.conversationId !== this.watching) {
      if (this.watching) this.stream.unwatch(this.watching);
      this.watching = this.conversationId;
      this.stream.watch(this.conversationId);
      this.resetForConversation();
      void this.load(true);
    }
  }

  private resetForConversation(): void {
    this.seqs.clear();
    this.events = [];
    this.item = null;
    this.earlier = [];
    this.suggestions = [];
    this.searchResults = null;
    this.searchQuery = '';
    this.draft = '';
    this.kind = 'reply';
    this.composer = IDLE;
    this.announcement = '';
    this.transfer = this.resolving = this.callback = this.outcomeState = IDLE;
    this.assigning = this.flagging = IDLE;
    this.slots = null;
    this.chosenSlot = this.phone = this.outcomeNote = this.transferNote = this.flagNote = '';
    this.outcome = '';
    this.flagArticle = null;
    this.flagMissing = false;
    this.retries.clear();
  }

  private async load(initial: boolean): Promise<void> {
    const id = this.conversationId;
    const generation = ++this.loadGeneration;
    if (initial) {
      this.loading = true;
      this.loadError = '';
    }
    let detail: ConversationDetail;
    try {
      detail = await this.api.conversation(id);
    } catch (error) {
      if (generation !== this.loadGeneration) return;
      this.loading = false;
      if (initial || !this.item) {
        this.loadError =
          error instanceof StaffHttpError && error.status === 404
            ? this.t.notFound
            : `${this.t.loadFailed} ${errorText(this.t, error)}`;
      }
      return;
    }
    if (generation !== this.loadGeneration) return;
    this.loading = false;
    this.loadError = '';
    this.item = detail.conversation;
    this.earlier = detail.earlier;
    this.suggestions = detail.suggestions;
    for (const event of detail.events) this.seqs.set(event.seq, event);
    this.syncEvents();
    if (initial) {
      await this.updateComplete;
      this.scrollTranscript();
    }
  }

  private onFrame(frame: StaffServerFrame): void {
    if (frame.type === 'event' && frame.conversation_id === this.conversationId) {
      this.addEvent(frame.event);
      if (frame.event.author === 'customer') {
        this.customerTypingUntil = 0;
        if (frame.event.kind === 'customer_message' && this.searchResults === null) {
          void this.refreshSuggestions(frame.event as ConversationEvent & { text: string });
        }
      }
    } else if (frame.type === 'typing' && frame.conversation_id === this.conversationId) {
      this.customerTypingUntil = Date.now() + CUSTOMER_TYPING_MS;
      clearTimeout(this.typingTimer);
      this.typingTimer = setTimeout(() => this.requestUpdate(), CUSTOMER_TYPING_MS + 50);
    }
  }

  private async refreshSuggestions(event: { text: string }): Promise<void> {
    try {
      const found = await this.api.suggestions(event.text, this.conversationLanguage);
      if (this.searchResults === null) this.suggestions = found;
    } catch {
      // Keep the earlier suggestions.
    }
  }

  /**
   * Adds an event and follows it to the newest message, unless the agent scrolled up to read
   * (then the transcript stays where they are); `follow` for the agent's own message.
   */
  private addEvent(event: StaffEvent, follow = false): void {
    const known = this.seqs.get(event.seq);
    if (known && known.kind === event.kind) {
      if (follow) this.scrollTranscript();
      return;
    }
    const log = this.querySelector<HTMLElement>('.transcript');
    const atNewest = !log || log.scrollHeight - log.scrollTop - log.clientHeight < 48;
    this.seqs.set(event.seq, event);
    this.syncEvents();
    if (atNewest || follow) void this.updateComplete.then(() => this.scrollTranscript());
  }

  private syncEvents(): void {
    this.events = [...this.seqs.values()].sort((a, b) => a.seq - b.seq);
  }

  private scrollTranscript(): void {
    const log = this.querySelector<HTMLElement>('.transcript');
    if (log) log.scrollTop = log.scrollHeight;
  }

  // ---- Derived ----

  private get current(): InboxItem | null {
    return this.liveItem ?? this.item;
  }

  private get conversationLanguage(): Language {
    return this.current?.language ?? 'nl';
  }

  private get isSupervisor(): boolean {
    return hasRole(this.me.role, 'supervisor');
  }

  /**
   * Whether this agent may reply: it is theirs, they are a supervisor, or it is unassigned in
   * one of their queues (replying takes it, within their capacity; Balie decides).
   */
  private get canReply(): boolean {
    const item = this.current;
    if (!item || item.state === 'resolved') return false;
    if (this.isSupervisor || item.agent?.id === this.me.id) return true;
    const free = !item.agent && (item.state === 'waiting' || item.state === 'follow_up');
    const queues = this.me.queues;
    return free && (queues.length === 0 || (item.queue !== null && queues.includes(item.queue.id)));
  }

  /** The client_id for an action: the failed one again when it is the same action. */
  private clientIdFor(action: string, key: string): string {
    const retry = this.retries.get(action);
    if (retry && retry.key === key) return retry.clientId;
    const clientId = this.api.clientId();
    this.retries.set(action, { clientId, key });
    return clientId;
  }

  private settled(action: string, error?: unknown): void {
    if (error === undefined || !isRetryable(error)) this.retries.delete(action);
  }

  private announce(text: string): void {
    // Re-announced even when the same text comes twice.
    this.announcement = '';
    void this.updateComplete.then(() => (this.announcement = text));
  }

  // ---- Composer ----

  private onDraftInput(event: Event): void {
    this.draft = (event.target as HTMLTextAreaElement).value;
    if (this.composer.error && this.draft.length <= MAX_TEXT_LENGTH) this.composer = IDLE;
    if (
      this.kind === 'reply' &&
      this.canReply &&
      Date.now() - this.lastTypingSent > TYPING_EVERY_MS
    ) {
      this.lastTypingSent = Date.now();
      this.stream.typing(this.conversationId);
    }
  }

  private onDraftKeydown(event: KeyboardEvent): void {
    if (event.key === 'Enter' && (event.ctrlKey || event.metaKey)) {
      event.preventDefault();
      void this.submitDraft();
    }
  }

  private async submitDraft(event?: Event): Promise<void> {
    event?.preventDefault();
    const text = this.draft.trim();
    if (!text || this.composer.busy) return;
    if (text.length > MAX_TEXT_LENGTH) {
      this.composer = { busy: false, error: this.t.tooLong(MAX_TEXT_LENGTH) };
      return;
    }
    const kind: Kind = this.kind === 'reply' && !this.canReply ? 'note' : this.kind;
    const action = `compose-${kind}`;
    const clientId = this.clientIdFor(action, text);
    this.composer = { busy: true, error: '' };
    try {
      const answer = (
        kind === 'reply'
          ? await this.api.reply(this.conversationId, text, clientId)
          : await this.api.note(this.conversationId, text, clientId)
      ) as { event?: StaffEvent } | null;
      this.settled(action);
      if (answer?.event && typeof answer.event.seq === 'number') this.addEvent(answer.event, true);
      this.draft = '';
      this.composer = IDLE;
    } catch (error) {
      this.settled(action, error);
      this.composer = { busy: false, error: errorText(this.t, error) };
    }
  }

  private insert(suggestion: Suggestion): void {
    this.draft = insertion(this.draft, suggestion);
    if (this.canReply) this.kind = 'reply';
    this.announce(this.t.inserted);
    void this.updateComplete.then(() => {
      const box = this.querySelector<HTMLTextAreaElement>('#reply-text');
      if (!box) return;
      box.focus();
      box.setSelectionRange(box.value.length, box.value.length);
    });
  }

  // ---- Knowledge ----

  private async search(event: Event): Promise<void> {
    event.preventDefault();
    const q = this.searchQuery.trim();
    if (!q) {
      this.searchResults = null;
      return;
    }
    this.searching = true;
    try {
      this.searchResults = await this.api.suggestions(q, this.conversationLanguage);
      this.announce(
        this.searchResults.length === 0
          ? this.t.noSuggestions
          : `${this.searchResults.length} ${this.t.suggestions.toLowerCase()}`,
      );
    } catch (error) {
      this.announce(errorText(this.t, error));
    } finally {
      this.searching = false;
    }
  }

  private async sendFlag(event: Event): Promise<void> {
    event.preventDefault();
    const note = this.flagNote.trim();
    if (!note) {
      this.flagging = { busy: false, error: this.t.flagNoteRequired };
      return;
    }
    this.flagging = { busy: true, error: '' };
    try {
      await this.api.flag({
        kind: this.flagArticle ? 'wrong' : 'missing',
        note,
        conversation_id: this.conversationId,
        ...(this.flagArticle ? { article_id: this.flagArticle.id } : {}),
      });
      this.flagging = IDLE;
      this.flagArticle = null;
      this.flagMissing = false;
      this.flagNote = '';
      this.announce(this.t.flagSent);
    } catch (error) {
      this.flagging = { busy: false, error: errorText(this.t, error) };
    }
  }

  // ---- Actions ----

  private async doTransfer(event: Event): Promise<void> {
    event.preventDefault();
    const t = this.t;
    const target =
      this.transferMode === 'queue'
        ? this.transferQueue
          ? { queue: this.transferQueue }
          : null
        : this.transferAgent
          ? { agent: this.transferAgent }
          : null;
    if (!target) {
      this.transfer = { busy: false, error: t.transferPick };
      return;
    }
    const note = this.transferNote.trim();
    const body = { ...target, ...(note ? { note } : {}) };
    const clientId = this.clientIdFor('transfer', JSON.stringify(body));
    this.transfer = { busy: true, error: '' };
    try {
      this.item = await this.api.transfer(this.conversationId, body, clientId);
      this.settled('transfer');
      this.transfer = IDLE;
      this.transferNote = '';
      this.closeDetails('#action-transfer');
      this.announce(t.transferDone);
    } catch (error) {
      this.settled('transfer', error);
      this.transfer = { busy: false, error: errorText(t, error) };
    }
  }

  private async doResolve(): Promise<void> {
    const clientId = this.clientIdFor('resolve', '');
    this.resolving = { busy: true, error: '' };
    try {
      this.item = await this.api.resolve(this.conversationId, clientId);
      this.settled('resolve');
      this.resolving = IDLE;
      this.closeDetails('#action-resolve');
      this.announce(this.t.resolveDone);
    } catch (error) {
      this.settled('resolve', error);
      this.resolving = { busy: false, error: errorText(this.t, error) };
    }
  }

  private async loadSlots(): Promise<void> {
    this.slots = null;
    try {
      const slots = await this.api.callbackSlots(this.conversationId);
      this.slots = slots;
      if (!slots.some((s) => s.start === this.chosenSlot)) this.chosenSlot = '';
    } catch (error) {
      this.slots = [];
      this.callback = { busy: false, error: errorText(this.t, error) };
    }
  }

  private async doCallback(event: Event): Promise<void> {
    event.preventDefault();
    const t = this.t;
    const phone = normalisePhone(this.phone);
    if (!this.chosenSlot) {
      this.callback = { busy: false, error: t.slotRequired };
      return;
    }
    if (!phone) {
      this.callback = { busy: false, error: t.phoneInvalid };
      return;
    }
    const clientId = this.clientIdFor('callback', `${this.chosenSlot} ${phone}`);
    this.callback = { busy: true, error: '' };
    try {
      const slot = this.slots?.find((s) => s.start === this.chosenSlot);
      this.item = await this.api.bookCallback(
        this.conversationId,
        this.chosenSlot,
        phone,
        clientId,
      );
      this.settled('callback');
      this.callback = IDLE;
      this.closeDetails('#action-callback');
      this.announce(t.callbackBooked(slot ? formatSlot(slot, this.language) : this.chosenSlot));
    } catch (error) {
      this.settled('callback', error);
      this.callback = { busy: false, error: errorText(t, error) };
      if (error instanceof StaffHttpError && error.status === 409) void this.loadSlots();
    }
  }

  private async doOutcome(event: Event): Promise<void> {
    event.preventDefault();
    if (!this.outcome) return;
    const note = this.outcomeNote.trim();
    const clientId = this.clientIdFor('outcome', `${this.outcome} ${note}`);
    this.outcomeState = { busy: true, error: '' };
    try {
      this.item = await this.api.callbackOutcome(this.conversationId, this.outcome, note, clientId);
      this.settled('outcome');
      this.outcomeState = IDLE;
      this.outcome = '';
      this.outcomeNote = '';
      this.closeDetails('#action-outcome');
      this.announce(this.t.outcomeDone);
    } catch (error) {
      this.settled('outcome', error);
      this.outcomeState = { busy: false, error: errorText(this.t, error) };
    }
  }

  private async doAssign(event: Event): Promise<void> {
    event.preventDefault();
    if (!this.assignAgent) return;
    const agent = this.agents.find((a) => a.id === this.assignAgent);
    const clientId = this.clientIdFor('assign', this.assignAgent);
    this.assigning = { busy: true, error: '' };
    try {
      this.item = await this.api.assign(this.conversationId, this.assignAgent, clientId);
      this.settled('assign');
      this.assigning = IDLE;
      this.closeDetails('#action-assign');
      this.announce(this.t.assignDone(agent?.display_name ?? this.assignAgent));
    } catch (error) {
      this.settled('assign', error);
      this.assigning = { busy: false, error: errorText(this.t, error) };
    }
  }

  private closeDetails(selector: string): void {
    const details = this.querySelector<HTMLDetailsElement>(selector);
    if (!details) return;
    details.open = false;
    details.querySelector<HTMLElement>('summary')?.focus();
  }

  // ---- Rendering ----

  protected override render(): TemplateResult {
    const t = this.t;
    if (this.loading && !this.item) {
      return html`<h1 tabindex="-1">${t.conversation}</h1>
        <p role="status">${t.loading}</p>`;
    }
    if (this.loadError && !this.item) {
      return html`<h1 tabindex="-1">${t.conversation}</h1>
        <p class="error-text" role="alert">${this.loadError}</p>
        <button type="button" class="secondary" @click=${() => this.load(true)}>
          ${t.retry}
        </button>`;
    }
    const item = this.current;
    if (!item) return html``;
    return html`
      <div class="conversation" data-testid="conversation">
        <div class="conv-main">
          ${this.renderHeader(item)} ${this.renderReason(item)} ${this.renderTranscript()}
          ${this.renderComposer()}
        </div>
        <div class="conv-side">
          <balie-decisions
            .api=${this.api}
            .me=${this.me}
            .t=${this.t}
            .language=${this.language}
            .conversationId=${this.conversationId}
            .kinds=${this.decisionKinds}
            .events=${this.events}
            .mayDecide=${this.canReply && item.state !== 'bot'}
            @staff-event=${(e: CustomEvent<StaffEvent>) => this.addEvent(e.detail, true)}
            @announce=${(e: CustomEvent<string>) => this.announce(e.detail)}
          ></balie-decisions>
          <balie-flags
            .api=${this.api}
            .me=${this.me}
            .t=${this.t}
            .language=${this.language}
            .conversationId=${this.conversationId}
            .kinds=${this.flagKinds}
            .events=${this.events}
            @announce=${(e: CustomEvent<string>) => this.announce(e.detail)}
          ></balie-flags>
          ${this.renderActions(item)} ${this.renderKnowledge()} ${this.renderEarlier()}
        </div>
        <div class="sr-only" role="status" aria-live="polite" data-testid="announcement">
          ${this.announcement}
        </div>
      </div>
    `;
  }

  private renderHeader(item: InboxItem): TemplateResult {
    const t = this.t;
    return html`<header class="conv-header">
      <h1 tabindex="-1">${t.conversationWith(item.customer_ref)}</h1>
      <dl class="facts">
        <div>
          <dt>${t.stateCol}</dt>
          <dd data-testid="conversation-state">${t.state[item.state] ?? item.state}</dd>
        </div>
        <div>
          <dt>${t.queue}</dt>
          <dd data-testid="conversation-queue">
            ${queueLabel(item.queue, queueNamesOf(this.queues)) ?? '–'}
          </dd>
        </div>
        <div>
          <dt>${t.languageLabel}</dt>
          <dd>${t.languageOf[item.language] ?? item.language}</dd>
        </div>
        <div>
          <dt>${t.customer}</dt>
          <dd>${item.customer_ref ?? t.anonymous}</dd>
        </div>
        ${
          item.agent
            ? html`<div>
                <dt>${t.agentCol}</dt>
                <dd>${item.agent.display_name}</dd>
              </div>`
            : nothing
        }
        ${
          typeof item.wait_seconds === 'number' && item.state === 'waiting'
            ? html`<div>
                <dt>${t.waitingFor}</dt>
                <dd>${formatDuration(item.wait_seconds, this.language)}</dd>
              </div>`
            : nothing
        }
        ${
          item.callback
            ? html`<div>
                <dt>${t.callbacksDue}</dt>
                <dd>${formatSlot(item.callback, this.language)}, ${item.callback.phone}</dd>
              </div>`
            : nothing
        }
      </dl>
    </header>`;
  }

  private renderReason(item: InboxItem): TemplateResult {
    const t = this.t;
    const handoff = [...this.events].reverse().find((e) => e.kind === 'handoff') as
      (HandoffEvent & { cause?: unknown }) | undefined;
    const said = reasonText(t, {
      reason: item.reason,
      reason_code: item.reason_code ?? (typeof handoff?.cause === 'string' ? handoff.cause : ''),
    });
    // The engine's reasons (with its scores, in English) are for whoever wants the numbers:
    // behind "Details", once; the plain words above say why.
    const reasons = (handoff?.reasons ?? []).filter(
      (r): r is string => typeof r === 'string' && r !== said,
    );
    return html`<section class="handoff-reason" aria-labelledby="reason-title">
      <h2 id="reason-title">${t.handoffReason}</h2>
      <p data-testid="handoff-reason">${said || t.noReason}</p>
      ${
        reasons.length > 0
          ? html`<details class="engine-details" data-testid="handoff-details">
              <summary>${t.engineDetails}</summary>
              <p>${t.engineDetailsHint}</p>
              <ul lang="en">
                ${reasons.map((r) => html`<li>${r}</li>`)}
              </ul>
            </details>`
          : nothing
      }
    </section>`;
  }

  private renderTranscript(): TemplateResult {
    const t = this.t;
    const typing = this.customerTypingUntil > Date.now();
    const names = queueNamesOf(this.queues);
    return html`<section class="transcript-section" aria-labelledby="transcript-title">
      <h2 id="transcript-title">${t.transcript}</h2>
      <div class="transcript" role="log" aria-labelledby="transcript-title" tabindex="0">
        <ol>
          ${this.events.map((event) =>
            renderEvent(
              event,
              t,
              this.language,
              this.conversationLanguage,
              names,
              this.decisionKinds,
            ),
          )}
        </ol>
      </div>
      <p class="typing" aria-live="polite" data-testid="customer-typing">
        ${typing ? t.customerTyping : ''}
      </p>
    </section>`;
  }

  private renderComposer(): TemplateResult {
    const t = this.t;
    const canReply = this.canReply;
    const kind: Kind = canReply ? this.kind : 'note';
    const tooLong = this.draft.length > MAX_TEXT_LENGTH;
    const label = kind === 'reply' ? t.replyLabel : t.noteLabel;
    return html`<section class="composer ${kind}" aria-labelledby="compose-title">
      <h2 id="compose-title" class="sr-only">${t.compose}</h2>
      ${
        canReply || this.current?.state === 'resolved'
          ? nothing
          : html`<p class="notice">${t.notAssigned}</p>`
      }
      <form @submit=${this.submitDraft} data-testid="composer">
        <fieldset class="kind">
          <legend>${t.kind}</legend>
          <label>
            <input
              type="radio"
              name="compose-kind"
              value="reply"
              .checked=${kind === 'reply'}
              ?disabled=${!canReply}
              @change=${() => (this.kind = 'reply')}
            />
            ${t.kindReply}
          </label>
          <label>
            <input
              type="radio"
              name="compose-kind"
              value="note"
              .checked=${kind === 'note'}
              @change=${() => (this.kind = 'note')}
            />
            ${t.kindNote}
          </label>
        </fieldset>
        <label for="reply-text">${label}</label>
        <textarea
          id="reply-text"
          rows="3"
          lang=${this.conversationLanguage}
          aria-describedby="reply-hint${this.composer.error ? ' reply-error' : ''}"
          aria-invalid=${tooLong || this.composer.error ? 'true' : 'false'}
          .value=${this.draft}
          @input=${this.onDraftInput}
          @keydown=${this.onDraftKeydown}
        ></textarea>
        ${
          this.composer.error || tooLong
            ? html`<p id="reply-error" class="error-text" role="alert">
                ${this.composer.error || t.tooLong(MAX_TEXT_LENGTH)}
              </p>`
            : nothing
        }
        <div class="compose-row">
          <p id="reply-hint" class="hint-text">${kind === 'reply' ? t.replyHint : t.noteHint}</p>
          <button
            type="submit"
            class="primary"
            ?disabled=${this.composer.busy || !this.draft.trim() || tooLong}
          >
            ${this.composer.busy ? t.sending : kind === 'reply' ? t.sendReply : t.saveNote}
          </button>
        </div>
      </form>
    </section>`;
  }

  private renderActions(item: InboxItem): TemplateResult {
    const t = this.t;
    const resolved = item.state === 'resolved';
    // Actions need the conversation to be this agent's (an unassigned one is taken by replying).
    const mayAct = this.isSupervisor || item.agent?.id === this.me.id;
    // A callback's outcome is recorded by whom it was given to (the call to make stays with it).
    const showOutcome = item.state === 'assigned' && item.callback !== null;
    return html`<section class="actions" aria-labelledby="actions-title">
      <h2 id="actions-title">${t.actions}</h2>
      <div class="action-list">
        ${resolved || !mayAct ? nothing : this.renderTransfer()}
        ${resolved || !mayAct ? nothing : this.renderCallback()}
        ${showOutcome && mayAct ? this.renderOutcome() : nothing}
        ${!resolved && this.isSupervisor ? this.renderAssign() : nothing}
        ${
          resolved || !mayAct
            ? nothing
            : html`<details id="action-resolve" class="action">
                <summary>${t.resolve}</summary>
                <div class="action-body">
                  ${
                    this.resolving.error
                      ? html`<p class="error-text" role="alert">${this.resolving.error}</p>`
                      : nothing
                  }
                  <button
                    type="button"
                    class="primary"
                    ?disabled=${this.resolving.busy}
                    @click=${this.doResolve}
                  >
                    ${this.resolving.busy ? t.sending : t.resolveConfirm}
                  </button>
                </div>
              </details>`
        }
      </div>
    </section>`;
  }

  private renderTransfer(): TemplateResult {
    const t = this.t;
    const agents = this.agents.filter((a) => a.id !== this.me.id);
    const mode = agents.length === 0 ? 'queue' : this.transferMode;
    return html`<details id="action-transfer" class="action">
      <summary>${t.transfer}</summary>
      <form class="action-body" novalidate @submit=${this.doTransfer}>
        ${
          agents.length > 0
            ? html`<fieldset>
                <legend>${t.transferTo}</legend>
                <label
                  ><input
                    type="radio"
                    name="transfer-mode"
                    .checked=${mode === 'queue'}
                    @change=${() => (this.transferMode = 'queue')}
                  />
                  ${t.toQueue}</label
                >
                <label
                  ><input
                    type="radio"
                    name="transfer-mode"
                    .checked=${mode === 'agent'}
                    @change=${() => (this.transferMode = 'agent')}
                  />
                  ${t.toAgent}</label
                >
              </fieldset>`
            : nothing
        }
        ${
          mode === 'queue'
            ? html`<div class="field">
                <label for="transfer-queue">${t.chooseQueue}</label>
                <select
                  id="transfer-queue"
                  @change=${(e: Event) => (this.transferQueue = (e.target as HTMLSelectElement).value)}
                >
                  <option value="" ?selected=${!this.transferQueue}>–</option>
                  ${this.queues.map(
                    (q) =>
                      html`<option value=${q.id} ?selected=${this.transferQueue === q.id}>
                        ${q.name}
                      </option>`,
                  )}
                </select>
              </div>`
            : html`<div class="field">
                <label for="transfer-agent">${t.chooseAgent}</label>
                <select
                  id="transfer-agent"
                  @change=${(e: Event) => (this.transferAgent = (e.target as HTMLSelectElement).value)}
                >
                  <option value="" ?selected=${!this.transferAgent}>–</option>
                  ${agents.map(
                    (a) =>
                      html`<option value=${a.id} ?selected=${this.transferAgent === a.id}>
                        ${a.display_name} (${t.presence[a.presence.state]})
                      </option>`,
                  )}
                </select>
              </div>`
        }
        <div class="field">
          <label for="transfer-note">${t.transferNote}</label>
          <textarea
            id="transfer-note"
            rows="2"
            .value=${this.transferNote}
            @input=${(e: Event) => (this.transferNote = (e.target as HTMLTextAreaElement).value)}
          ></textarea>
        </div>
        ${
          this.transfer.error
            ? html`<p class="error-text" role="alert">${this.transfer.error}</p>`
            : nothing
        }
        <button type="submit" class="primary" ?disabled=${this.transfer.busy}>
          ${this.transfer.busy ? t.sending : t.transferSubmit}
        </button>
      </form>
    </details>`;
  }

  /** The free times grouped by day: the day once, then its times. */
  private renderSlotDays(slots: Slot[]): TemplateResult {
    let index = 0;
    return html`${slotsByDay(slots, this.language).map(
      (day, d) =>
        html`<div class="slot-day" role="group" aria-labelledby=${`staff-slot-day-${d}`}>
          <p class="slot-day-name" id=${`staff-slot-day-${d}`}>${day.day}</p>
          <div class="slots">
            ${day.slots.map(({ slot, time }) => {
              const i = index++;
              return html`<label class="slot" for=${`staff-slot-${i}`}>
                <input
                  type="radio"
                  id=${`staff-slot-${i}`}
                  name="staff-slot"
                  .checked=${this.chosenSlot === slot.start}
                  @change=${() => (this.chosenSlot = slot.start)}
                />
                ${time}
              </label>`;
            })}
          </div>
        </div>`,
    )}`;
  }

  private renderCallback(): TemplateResult {
    const t = this.t;
    const slots = this.slots;
    return html`<details
      id="action-callback"
      class="action"
      @toggle=${(e: Event) => {
        if ((e.target as HTMLDetailsElement).open) void this.loadSlots();
      }}
    >
      <summary>${t.bookCallback}</summary>
      <form class="action-body" novalidate @submit=${this.doCallback} data-testid="staff-callback">
        ${
          slots === null
            ? html`<p role="status">${t.loadingSlots}</p>`
            : slots.length === 0
              ? html`<p>${t.noSlots}</p>`
              : html`<fieldset>
                  <legend>${t.chooseTime}</legend>
                  ${this.renderSlotDays(slots)}
                </fieldset>`
        }
        <div class="field">
          <label for="staff-phone">${t.phone}</label>
          <input
            id="staff-phone"
            type="tel"
            autocomplete="off"
            aria-describedby="staff-phone-hint"
            .value=${this.phone}
            @input=${(e: Event) => (this.phone = (e.target as HTMLInputElement).value)}
          />
          <span id="staff-phone-hint" class="hint-text">${t.phoneHint}</span>
        </div>
        ${
          this.callback.error
            ? html`<p class="error-text" role="alert">${this.callback.error}</p>`
            : nothing
        }
        <button
          type="submit"
          class="primary"
          ?disabled=${this.callback.busy || !slots || slots.length === 0}
        >
          ${this.callback.busy ? t.sending : t.bookSubmit}
        </button>
      </form>
    </details>`;
  }

  private renderOutcome(): TemplateResult {
    const t = this.t;
    const outcomes: CallbackOutcome[] = ['reached', 'no_answer', 'wrong_number'];
    return html`<details id="action-outcome" class="action">
      <summary>${t.callbackOutcome}</summary>
      <form class="action-body" novalidate @submit=${this.doOutcome}>
        <fieldset>
          <legend>${t.callbackOutcome}</legend>
          ${outcomes.map(
            (o) =>
              html`<label
                ><input
                  type="radio"
                  name="callback-outcome"
                  .checked=${this.outcome === o}
                  @change=${() => (this.outcome = o)}
                />
                ${t.outcome[o]}</label
              >`,
          )}
        </fieldset>
        <div class="field">
          <label for="outcome-note">${t.outcomeNote}</label>
          <textarea
            id="outcome-note"
            rows="2"
            .value=${this.outcomeNote}
            @input=${(e: Event) => (this.outcomeNote = (e.target as HTMLTextAreaElement).value)}
          ></textarea>
        </div>
        ${
          this.outcomeState.error
            ? html`<p class="error-text" role="alert">${this.outcomeState.error}</p>`
            : nothing
        }
        <button type="submit" class="primary" ?disabled=${this.outcomeState.busy || !this.outcome}>
          ${this.outcomeState.busy ? t.sending : t.outcomeSubmit}
        </button>
      </form>
    </details>`;
  }

  private renderAssign(): TemplateResult {
    const t = this.t;
    return html`<details id="action-assign" class="action">
      <summary>${t.assign}</summary>
      <form class="action-body" novalidate @submit=${this.doAssign}>
        <div class="field">
          <label for="assign-agent">${t.chooseAgent}</label>
          <select
            id="assign-agent"
            @change=${(e: Event) => (this.assignAgent = (e.target as HTMLSelectElement).value)}
          >
            <option value="" ?selected=${!this.assignAgent}>–</option>
            ${this.agents.map(
              (a) =>
                html`<option value=${a.id} ?selected=${this.assignAgent === a.id}>
                  ${a.display_name} (${t.presence[a.presence.state]})
                </option>`,
            )}
          </select>
        </div>
        ${
          this.assigning.error
            ? html`<p class="error-text" role="alert">${this.assigning.error}</p>`
            : nothing
        }
        <button type="submit" class="primary" ?disabled=${this.assigning.busy || !this.assignAgent}>
          ${this.assigning.busy ? t.sending : t.assignSubmit}
        </button>
      </form>
    </details>`;
  }

  private renderKnowledge(): TemplateResult {
    const t = this.t;
    const list = this.searchResults ?? this.suggestions;
    const title = this.searchResults ? t.searchKnowledge : t.suggestionsFor;
    return html`<section class="knowledge" aria-labelledby="knowledge-title">
      <h2 id="knowledge-title">${t.suggestions}</h2>
      <form role="search" aria-label=${t.searchKnowledge} @submit=${this.search}>
        <label for="knowledge-q">${t.searchLabel}</label>
        <div class="row">
          <input
            id="knowledge-q"
            type="search"
            .value=${this.searchQuery}
            @input=${(e: Event) => (this.searchQuery = (e.target as HTMLInputElement).value)}
          />
          <button type="submit" class="secondary" ?disabled=${this.searching}>
            ${this.searching ? t.searching : t.search}
          </button>
        </div>
      </form>
      <h3 class="list-title" id="suggestions-title">${title}</h3>
      ${
        list.length === 0
          ? html`<p class="muted">${t.noSuggestions}</p>`
          : html`<ul class="suggestions" aria-labelledby="suggestions-title">
              ${list.map((s) => this.renderSuggestion(s))}
            </ul>`
      }
      ${
        this.flagArticle || this.flagMissing
          ? this.renderFlagForm()
          : html`<button
              type="button"
              class="link-button"
              @click=${() => {
                this.flagMissing = true;
                this.flagArticle = null;
                this.flagging = IDLE;
                void this.updateComplete.then(() =>
                  this.querySelector<HTMLElement>('#flag-note')?.focus(),
                );
              }}
            >
              ${t.flagMissing}
            </button>`
      }
    </section>`;
  }

  private renderSuggestion(s: Suggestion): TemplateResult {
    const t = this.t;
    return html`<li class="suggestion" data-testid="suggestion">
      <h4>${s.title}</h4>
      ${s.heading && s.heading !== s.title ? html`<p class="heading">${s.heading}</p>` : nothing}
      <p class="passage" lang=${this.conversationLanguage}>${s.passage}</p>
      <p>${renderLink(t, s, 'suggestion-link')}</p>
      <div class="row">
        <button
          type="button"
          class="secondary"
          aria-label=${t.insert(s.title)}
          @click=${() => this.insert(s)}
        >
          ${t.insertButton}
        </button>
        <button
          type="button"
          class="link-button"
          aria-label=${t.flagWrong(s.title)}
          @click=${() => {
            this.flagArticle = s;
            this.flagMissing = false;
            this.flagging = IDLE;
            void this.updateComplete.then(() =>
              this.querySelector<HTMLElement>('#flag-note')?.focus(),
            );
          }}
        >
          ${t.flagWrongButton}
        </button>
      </div>
    </li>`;
  }

  private renderFlagForm(): TemplateResult {
    const t = this.t;
    const article = this.flagArticle;
    return html`<form class="flag-form card" novalidate @submit=${this.sendFlag}>
      <h3 id="flag-title">${article ? t.flagWrong(article.title) : t.flagMissing}</h3>
      <div class="field">
        <label for="flag-note">${t.flagNote}</label>
        <textarea
          id="flag-note"
          rows="3"
          aria-describedby=${this.flagging.error ? 'flag-error' : nothing}
          .value=${this.flagNote}
          @input=${(e: Event) => (this.flagNote = (e.target as HTMLTextAreaElement).value)}
        ></textarea>
      </div>
      ${
        this.flagging.error
          ? html`<p id="flag-error" class="error-text" role="alert">${this.flagging.error}</p>`
          : nothing
      }
      <div class="row">
        <button type="submit" class="primary" ?disabled=${this.flagging.busy}>
          ${this.flagging.busy ? t.sending : t.flagSend}
        </button>
        <button
          type="button"
          class="secondary"
          @click=${() => {
            this.flagArticle = null;
            this.flagMissing = false;
          }}
        >
          ${t.cancel}
        </button>
      </div>
    </form>`;
  }

  private renderEarlier(): TemplateResult {
    const t = this.t;
    return html`<section class="earlier" aria-labelledby="earlier-title">
      <h2 id="earlier-title">${t.earlier}</h2>
      ${
        this.earlier.length === 0
          ? html`<p class="muted">${t.noEarlier}</p>`
          : html`<ul>
              ${this.earlier.map(
                (item) =>
                  html`<li>
                    <a href=${`#/inbox/${encodeURIComponent(item.conversation_id)}`}
                      >${queueLabel(item.queue, queueNamesOf(this.queues)) ?? t.conversation}:
                      ${t.state[item.state] ?? item.state}</a
                    >
                    ${
                      item.waiting_since
                        ? html`<time datetime=${item.waiting_since}
                            >${formatMoment(item.waiting_since, this.language)}</time
                          >`
                        : nothing
                    }
                    ${reasonText(t, item) ? html`<p>${reasonText(t, item)}</p>` : nothing}
                    ${
                      item.last_message
                        ? html`<p class="snippet" lang=${item.language}>“${item.last_message}”</p>`
                        : nothing
                    }
                  </li>`,
              )}
            </ul>`
      }
    </section>`;
  }
}

customElements.define('balie-conversation', ConversationView);
