// <balie-widget>: the customer chat (a launcher button and a chat panel) in a Shadow DOM.
// It renders what a ConversationClient knows; every text from Balie or the customer is rendered
// as text by Lit (never as HTML), and only http(s) URLs become links.

import { html, LitElement, nothing, type PropertyValues, type TemplateResult } from 'lit';
import { property, query, state } from 'lit/decorators.js';
import {
  ConversationClient,
  type ClientSnapshot,
  type Notice,
} from '../shared/conversation-client';
import { safeHttpUrl } from '../shared/links';
import { messageText } from '../shared/message-text';
import {
  isLanguage,
  MAX_TEXT_LENGTH,
  type AgentMessageEvent,
  type BotReplyEvent,
  type ChoiceEvent,
  type ChoiceOption,
  type ConversationEvent,
  type CustomerMessageEvent,
  type AdvisorOption,
  type AdvisorStatus,
  type DurableFrame,
  type HandoffEvent,
  type Language,
  type QueueAvailability,
  type Register,
  type Slot,
  type Status,
} from '../shared/protocol';
import { browserStore, type KeyValueStore } from '../shared/storage';
import {
  choiceLine,
  formatClock,
  formatMoment,
  formatSlot,
  languageOfPage,
  latestChoice,
  normalisePhone,
  slotsByDay,
  texts,
  type Texts,
  zoneNote,
} from './i18n';
import { widgetStyles } from './styles';

interface CallbackForm {
  phase: 'loading' | 'ready' | 'failed' | 'sending';
  slots: Slot[];
  slot: string;
  phone: string;
  name: string;
  slotError: string;
  phoneError: string;
  formError: string;
  /** client_id of the choose frame being sent. */
  clientId: string;
  /** A callback by the personal advisor, in one of their slots. */
  withAdvisor: boolean;
}

interface ShownNotice {
  text: string;
  detail: string;
}

const UI_LANGUAGE_KEY = 'balie:v1:ui-language';
const OPEN_KEY = 'balie:v1:open:';
const SEEN_KEY = 'balie:v1:seen:';
const ADVISOR_POLL_MS = 30_000;
const EMPTY_SNAPSHOT: ClientSnapshot = {
  conversationId: null,
  language: null,
  connection: 'idle',
  retryAt: null,
  events: [],
  pending: [],
  failed: [],
  status: null,
  typing: null,
  typingName: null,
};

export class BalieWidget extends LitElement {
  static override styles = widgetStyles;

  /** The Balie server's origin (`https://chat.example.nl`); set before the element connects. */
  @property({ attribute: 'server' }) server = '';
  /**
   * The organisation's signed customer reference (`data-customer` on the script tag); set
   * before the element connects. With it the widget shows the customer's personal advisor.
   */
  @property({ attribute: 'customer' }) customer = '';

  @state() private open = false;
  @state() private language: Language = 'nl';
  /** How the organisation addresses customers in Dutch (from the server); null until known. */
  @state() private register: Register | null = null;
  @state() private snap: ClientSnapshot = EMPTY_SNAPSHOT;
  @state() private draft = '';
  @state() private composerError = '';
  @state() private notice: ShownNotice | null = null;
  @state() private callback: CallbackForm | null = null;
  @state() private seenSeq = 0;
  @state() private now = Date.now();
  @state() private advisor: AdvisorStatus | null = null;
  @state() private advisorFailed = false;
  /** The default queue's availability, for the line under "talk to a person" before a status. */
  @state() private queueNow: QueueAvailability | null = null;

  @query('.launcher') private launcher?: HTMLButtonElement;
  @query('#balie-input') private input?: HTMLTextAreaElement;
  @query('#balie-title') private heading?: HTMLElement;
  @query('.scroller') private scroller?: HTMLElement;

  private client: ConversationClient | null = null;
  private store: KeyValueStore | null = null;
  private unsubscribe: (() => void)[] = [];
  private languageChosen = false;
  private langObserver: MutationObserver | null = null;
  private clock: ReturnType<typeof setInterval> | undefined;
  private lastTypingSent = 0;
  private lastEventCount = 0;
  private advisorTimer: ReturnType<typeof setInterval> | undefined;
  private advisorRefresh: ReturnType<typeof setTimeout> | undefined;
  private advisorLoading = false;

  private get t(): Texts {
    return texts(this.language, this.register ?? 'u');
  }

  private get origin(): string {
    return this.server || window.location.origin;
  }

  // ---- Life cycle ----

  override connectedCallback(): void {
    super.connectedCallback();
    this.store = browserStore();
    const chosen = this.store.getItem(UI_LANGUAGE_KEY);
    if (chosen === 'nl' || chosen === 'en') {
      this.language = chosen;
      this.languageChosen = true;
    } else {
      this.language = languageOfPage(document.documentElement.lang);
      // Follow the page when it changes its language (single-page sites), until the customer
      // picks one in the widget.
      this.langObserver = new MutationObserver(() => {
        if (!this.languageChosen) this.language = languageOfPage(document.documentElement.lang);
      });
      this.langObserver.observe(document.documentElement, { attributeFilter: ['lang'] });
    }
    this.seenSeq = Number(this.store.getItem(SEEN_KEY + this.origin) ?? '0') || 0;

    const client = new ConversationClient({
      origin: this.origin,
      store: this.store,
      ...(this.customer ? { customer: this.customer } : {}),
    });
    this.client = client;
    this.unsubscribe.push(
      client.subscribe((snapshot) => this.onSnapshot(snapshot)),
      client.onNotice((notice) => this.onNotice(notice)),
    );
    client.restore();
    window.addEventListener('online', this.onOnline);
    // Reopen the panel after a reload when it was open (without taking the focus).
    if (window.sessionStorage && this.readSession(OPEN_KEY + this.origin) === '1') {
      this.open = true;
      this.startAdvisor();
    }
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    window.removeEventListener('online', this.onOnline);
    this.langObserver?.disconnect();
    for (const stop of this.unsubscribe) stop();
    this.unsubscribe = [];
    this.client?.dispose();
    this.client = null;
    clearInterval(this.clock);
    this.stopAdvisor();
  }

  private readonly onOnline = () => this.client?.reconnectNow();

  private onSnapshot(snapshot: ClientSnapshot): void {
    const previous = this.snap;
    this.snap = snapshot;
    // The conversation goes on in the language of the customer's latest question (the status
    // says which when it changes): the widget's labels follow, to match the answers they frame.
    const spoken = snapshot.status?.language;
    if (previous.status && spoken !== previous.status.language && isLanguage(spoken)) {
      this.language = spoken;
      this.languageChosen = true;
    }
    if (
      this.callback?.phase === 'sending' &&
      snapshot.status?.state === 'callback' &&
      !snapshot.pending.some((f) => f.client_id === this.callback?.clientId)
    ) {
      this.callback = null;
    }
    if (snapshot.status?.state === 'resolved') this.callback = null;
    if (this.customer && this.open && snapshot.conversationId) {
      // The advisor's situation changes with the conversation's: ask again on every status.
      if (!previous.conversationId || snapshot.status !== previous.status)
        this.refreshAdvisorSoon();
    }
    if (!snapshot.conversationId) this.advisor = null;
    if (snapshot.connection === 'offline' && previous.connection !== 'offline') {
      clearInterval(this.clock);
      this.now = Date.now();
      this.clock = setInterval(() => (this.now = Date.now()), 1000);
    } else if (snapshot.connection !== 'offline') {
      clearInterval(this.clock);
    }
    if (this.open) this.markSeen();
  }

  private onNotice(notice: Notice): void {
    const errors = this.t.errors;
    const frame = notice.frame;
    if (frame?.type === 'choose' && this.callback && frame.client_id === this.callback.clientId) {
      // The booking was refused (most likely the slot was just taken): stay in the form.
      this.callback = {
        ...this.callback,
        phase: 'ready',
        formError: notice.code === 'conflict' ? errors.slot_taken : errors.generic,
      };
      if (notice.code === 'conflict') void this.loadSlots();
      return;
    }
    const known: Record<string, string> = {
      bad_field: errors.bad_field,
      too_large: errors.too_large,
      conflict: errors.conflict,
      conversation_lost: errors.conversation_lost,
    };
    this.notice = {
      text: known[notice.code] ?? errors.generic,
      detail: notice.code === 'bad_field' || notice.code === 'too_large' ? notice.message : '',
    };
  }

  protected override updated(changed: PropertyValues): void {
    if (changed.has('snap') || changed.has('open')) {
      const count = this.snap.events.length + this.snap.pending.length + this.snap.failed.length;
      if (count !== this.lastEventCount || changed.has('open')) {
        this.lastEventCount = count;
        const scroller = this.scroller;
        if (scroller) scroller.scrollTop = scroller.scrollHeight;
      }
    }
  }

  // ---- Opening and closing ----

  /** Opens the panel; moves the focus into it (to the message field) unless told not to. */
  async show(focus = true): Promise<void> {
    this.open = true;
    this.writeSession(OPEN_KEY + this.origin, '1');
    this.markSeen();
    this.startAdvisor();
    if (!this.snap.status || this.register === null) void this.loadAvailability();
    await this.updateComplete;
    if (!focus) return;
    if (this.input) this.input.focus();
    else this.heading?.focus();
  }

  /** Closes the panel and gives the focus back to the launcher. */
  async hide(): Promise<void> {
    this.open = false;
    this.stopAdvisor();
    this.writeSession(OPEN_KEY + this.origin, '0');
    await this.updateComplete;
    this.launcher?.focus();
  }

  private toggle(): void {
    if (this.open) void this.hide();
    else void this.show();
  }

  private onPanelKeydown(event: KeyboardEvent): void {
    if (event.key === 'Escape') {
      event.preventDefault();
      event.stopPropagation();
      void this.hide();
    }
  }

  private markSeen(): void {
    const highest = this.snap.events.at(-1)?.seq ?? 0;
    if (highest > this.seenSeq) {
      this.seenSeq = highest;
      this.store?.setItem(SEEN_KEY + this.origin, String(highest));
    }
  }

  private get unread(): number {
    if (this.open) return 0;
    return this.snap.events.filter(
      (e) => e.seq > this.seenSeq && (e.author === 'bot' || e.author === 'agent'),
    ).length;
  }

  private switchLanguage(): void {
    this.language = this.language === 'nl' ? 'en' : 'nl';
    this.languageChosen = true;
    this.store?.setItem(UI_LANGUAGE_KEY, this.language);
    if (!this.snap.status) void this.loadAvailability();
  }

  // ---- Sending ----

  private onInput(event: Event): void {
    this.draft = (event.target as HTMLTextAreaElement).value;
    if (this.draft.length <= MAX_TEXT_LENGTH) this.composerError = '';
    const state = this.snap.status?.state;
    if ((state === 'assigned' || state === 'waiting') && Date.now() - this.lastTypingSent > 3000) {
      this.lastTypingSent = Date.now();
      this.client?.sendTyping();
    }
  }

  private onComposerKeydown(event: KeyboardEvent): void {
    if (event.key === 'Enter' && !event.shiftKey && !event.isComposing) {
      event.preventDefault();
      this.submitDraft();
    }
  }

  private onSubmit(event: Event): void {
    event.preventDefault();
    this.submitDraft();
  }

  private submitDraft(): void {
    const text = this.draft.trim();
    if (!text || !this.client) return;
    if (text.length > MAX_TEXT_LENGTH) {
      this.composerError = this.t.tooLong(MAX_TEXT_LENGTH);
      return;
    }
    this.client.sendMessage(text, { language: this.language });
    this.draft = '';
    this.composerError = '';
    this.notice = null;
  }

  private pickOption(source: { id: string; title: string }): void {
    this.client?.sendMessage(source.title, { articleId: source.id, language: this.language });
    this.notice = null;
  }

  private askForPerson(): void {
    this.client?.requestHandoff({ language: this.language });
    this.notice = null;
  }

  private chooseOption(option: ChoiceOption): void {
    if (option === 'callback') {
      void this.openCallbackForm();
      return;
    }
    this.callback = null;
    this.client?.choose(option);
  }

  private newConversation(): void {
    this.client?.forget();
    this.notice = null;
    this.callback = null;
    void this.show();
  }

  // ---- The personal advisor ----

  /**
   * While the panel is open, a known customer (data-customer) sees their advisor: the
   * conversation starts at once (the advisor endpoint needs it), and the advisor's situation
   * is asked every 30 s and on every status.
   */
  private startAdvisor(): void {
    if (!this.customer || !this.client) return;
    this.client.ensureStarted({ language: this.language });
    clearInterval(this.advisorTimer);
    this.advisorTimer = setInterval(() => void this.loadAdvisor(), ADVISOR_POLL_MS);
    if (this.snap.conversationId) this.refreshAdvisorSoon();
  }

  private stopAdvisor(): void {
    clearInterval(this.advisorTimer);
    clearTimeout(this.advisorRefresh);
  }

  private refreshAdvisorSoon(): void {
    clearTimeout(this.advisorRefresh);
    this.advisorRefresh = setTimeout(() => void this.loadAdvisor(), 200);
  }

  private async loadAdvisor(): Promise<void> {
    if (!this.client || !this.customer || this.advisorLoading) return;
    this.advisorLoading = true;
    try {
      this.advisor = await this.client.advisor();
      this.advisorFailed = false;
    } catch {
      this.advisorFailed = true; // keep what was shown; the next poll tries again
    } finally {
      this.advisorLoading = false;
    }
  }

  private chooseAdvisorOption(option: AdvisorOption): void {
    if (!this.client) return;
    this.notice = null;
    switch (option) {
      case 'advisor':
        this.client.requestHandoff({ language: this.language, to: 'advisor' });
        break;
      case 'colleague':
        this.client.requestHandoff({ language: this.language });
        break;
      case 'advisor_message':
        this.callback = null;
        this.client.choose('advisor_message');
        break;
      case 'advisor_callback':
        void this.openCallbackForm(true);
        break;
    }
  }

  // ---- Callback booking ----

  private async openCallbackForm(withAdvisor = false): Promise<void> {
    this.callback = {
      withAdvisor,
      phase: 'loading',
      slots: [],
      slot: '',
      phone: '',
      name: '',
      slotError: '',
      phoneError: '',
      formError: '',
      clientId: '',
    };
    await this.loadSlots();
    await this.updateComplete;
    this.renderRoot.querySelector<HTMLElement>('#balie-callback-title')?.focus();
  }

  private async loadSlots(): Promise<void> {
    if (!this.client || !this.callback) return;
    let slots: Slot[];
    try {
      if (this.callback.withAdvisor) {
        await this.loadAdvisor();
        slots = this.advisor?.slots ?? [];
      } else {
        slots = await this.client.callbackSlots();
      }
    } catch {
      if (this.callback) this.callback = { ...this.callback, phase: 'failed' };
      return;
    }
    if (!this.callback) return;
    const stillThere = slots.some((s) => s.start === this.callback?.slot);
    this.callback = {
      ...this.callback,
      phase: 'ready',
      slots,
      slot: stillThere ? this.callback.slot : '',
    };
  }

  private updateCallback(patch: Partial<CallbackForm>): void {
    if (this.callback) this.callback = { ...this.callback, ...patch };
  }

  private submitCallback(event: Event): void {
    event.preventDefault();
    const form = this.callback;
    if (!form || !this.client || form.phase !== 'ready') return;
    const phone = normalisePhone(form.phone);
    const slotError = form.slot ? '' : this.t.slotRequired;
    const phoneError = phone ? '' : this.t.phoneInvalid;
    if (slotError || phoneError) {
      this.callback = { ...form, slotError, phoneError, formError: '' };
      void this.updateComplete.then(() => {
        const first = slotError ? 'input[name="balie-slot"]' : '#balie-phone';
        this.renderRoot.querySelector<HTMLElement>(first)?.focus();
      });
      return;
    }
    const frame = this.client.choose('callback', {
      slot: form.slot,
      phone: phone ?? form.phone,
      ...(form.name.trim() ? { name: form.name.trim() } : {}),
      ...(form.withAdvisor ? { withAdvisor: true } : {}),
    });
    this.callback = {
      ...form,
      phase: 'sending',
      slotError: '',
      phoneError: '',
      formError: '',
      clientId: frame.client_id,
    };
  }

  // ---- Rendering ----

  protected override render(): TemplateResult {
    const t = this.t;
    const unread = this.unread;
    return html`
      <aside
        class="root ${this.open ? 'open' : ''}"
        lang=${this.language}
        aria-label=${t.regionLabel}
      >
        <button
          class="launcher"
          type="button"
          aria-expanded=${this.open ? 'true' : 'false'}
          aria-controls="balie-panel"
          @click=${this.toggle}
        >
          <svg viewBox="0 0 24 24" aria-hidden="true" focusable="false">
            <path
              d="M4 4h16a2 2 0 0 1 2 2v10a2 2 0 0 1-2 2H9l-5 4v-4H4a2 2 0 0 1-2-2V6a2 2 0 0 1 2-2z"
            />
          </svg>
          <span>${this.open ? t.launcherClose : t.launcherOpen}</span>
          ${
            unread > 0
              ? html`<span class="badge"
                  ><span aria-hidden="true">${unread}</span
                  ><span class="sr-only">${t.unread(unread)}</span></span
                >`
              : nothing
          }
        </button>
        <div
          id="balie-panel"
          class="panel"
          role="dialog"
          aria-modal="false"
          aria-labelledby="balie-title"
          ?hidden=${!this.open}
          @keydown=${this.onPanelKeydown}
        >
          ${this.renderHeader()} ${this.renderBanner()}
          <div class="scroller">
            ${this.renderLog()}
            <div class="typing" aria-live="polite">
              ${
                this.snap.typing === 'bot'
                  ? t.typingBot
                  : this.snap.typing === 'agent'
                    ? this.snap.typingName
                      ? t.typingNamed(this.snap.typingName)
                      : t.typingAgent
                    : ''
              }
            </div>
            ${this.renderAdvisor()} ${this.renderStatusCard()} ${this.renderCallbackForm()}
          </div>
          ${this.renderComposer()} ${this.renderTimeZoneNote()}
        </div>
      </aside>
    `;
  }

  private renderHeader(): TemplateResult {
    const t = this.t;
    const other = texts(this.language === 'nl' ? 'en' : 'nl');
    const otherLanguage: Language = this.language === 'nl' ? 'en' : 'nl';
    return html`
      <header>
        <div class="titles">
          <h2 id="balie-title" tabindex="-1">${t.title}</h2>
          <p>${t.subtitle}</p>
        </div>
        <button
          type="button"
          lang=${otherLanguage}
          aria-label=${other.switchTo}
          @click=${this.switchLanguage}
        >
          ${other.languageName}
        </button>
        <button type="button" class="close" aria-label=${t.close} @click=${this.hide}>
          <span aria-hidden="true">×</span>
        </button>
      </header>
    `;
  }

  private renderBanner(): TemplateResult | typeof nothing {
    const t = this.t;
    const parts: TemplateResult[] = [];
    if (this.snap.connection === 'offline' && this.snap.conversationId) {
      const seconds = Math.max(0, Math.ceil(((this.snap.retryAt ?? 0) - this.now) / 1000));
      parts.push(html`
        <div class="banner" role="status" data-testid="connection">
          <p>${t.offline(seconds)}</p>
          <button type="button" @click=${() => this.client?.reconnectNow()}>${t.retryNow}</button>
        </div>
      `);
    }
    if (this.notice) {
      const notice = this.notice;
      parts.push(html`
        <div class="banner" role="alert" data-testid="notice">
          <p>
            ${notice.text}
            ${notice.detail ? html`<br /><span lang="en">${notice.detail}</span>` : nothing}
          </p>
          <button type="button" @click=${() => (this.notice = null)}>${t.dismiss}</button>
        </div>
      `);
    }
    return parts.length ? html`${parts}` : nothing;
  }

  private renderLog(): TemplateResult {
    const t = this.t;
    const events = this.snap.events;
    const lastReplyIndex = findLastIndex(events, (e) => e.kind === 'bot_reply');
    const answeredAfter =
      lastReplyIndex >= 0 &&
      (events.slice(lastReplyIndex + 1).some((e) => e.author === 'customer') ||
        this.snap.pending.some((f) => f.type === 'message'));
    return html`
      <div class="log" role="log" aria-label=${t.conversationLog} data-testid="log">
        <ol class="log-list">
          <li class="msg bot">
            <span class="who">${t.bot}</span>
            <div class="bubble"><p>${t.greeting}</p></div>
          </li>
          ${events.map((event, index) =>
            this.renderEvent(event, index === lastReplyIndex && !answeredAfter),
          )}
          ${this.snap.pending.map((frame) => this.renderPending(frame))}
          ${this.snap.failed.map(
            (failed) => html`
              ${
                failed.frame.type === 'message'
                  ? html`<li class="msg customer failed" data-testid="failed-message">
                      <span class="who">${t.you}</span>
                      <div class="bubble"><p>${failed.frame.text}</p></div>
                      <span class="meta"
                        >${t.notSent}
                        <button
                          type="button"
                          class="link-button"
                          @click=${() => this.client?.dismissFailed(failed.frame.client_id)}
                        >
                          ${t.dismiss}
                        </button></span
                      >
                    </li>`
                  : nothing
              }
            `,
          )}
        </ol>
      </div>
    `;
  }

  private contentLanguage(event?: { language?: unknown }): Language {
    const lang = event?.language;
    if (lang === 'nl' || lang === 'en') return lang;
    return this.snap.language ?? this.language;
  }

  private renderEvent(
    event: ConversationEvent,
    latestReply: boolean,
  ): TemplateResult | typeof nothing {
    const t = this.t;
    switch (event.kind) {
      case 'customer_message': {
        const e = event as CustomerMessageEvent;
        return html`<li class="msg customer" data-testid="customer-message" data-seq=${e.seq}>
          <span class="who">${t.you}</span>
          <div class="bubble" lang=${this.contentLanguage()}><p>${e.text}</p></div>
          <span class="meta"
            ><time datetime=${e.at}>${formatClock(e.at, this.language, this.timeZone)}</time></span
          >
        </li>`;
      }
      case 'bot_reply':
        return this.renderBotReply(event as BotReplyEvent, latestReply);
      case 'agent_message': {
        const e = event as AgentMessageEvent;
        return html`<li class="msg agent" data-testid="agent-message" data-seq=${e.seq}>
          <span class="who">${t.agent(e.agent?.name)}</span>
          <div class="bubble" lang=${this.contentLanguage()}>
            <p>${messageText(e.text, texts(this.contentLanguage()).newTab)}</p>
          </div>
          <span class="meta"
            ><time datetime=${e.at}>${formatClock(e.at, this.language, this.timeZone)}</time></span
          >
        </li>`;
      }
      case 'handoff': {
        const e = event as HandoffEvent;
        return html`<li class="system" data-testid="system-event" data-seq=${e.seq}>
          ${t.handedOff(e.queue?.name)}
        </li>`;
      }
      case 'choice': {
        const e = event as ChoiceEvent;
        const text = choiceLine(t, e, (slot) => formatSlot(slot, this.language, this.timeZone));
        return html`<li class="system" data-testid="system-event" data-seq=${e.seq}>${text}</li>`;
      }
      case 'resolved':
        return html`<li class="system" data-testid="system-event" data-seq=${event.seq}>
          ${t.closedEvent}
        </li>`;
      case 'started':
        return nothing;
      default: {
        // Other events Balie shows the customer (a person took the conversation, a transfer, a
        // callback's outcome, kinds of a newer server) carry their own sentence in `text`.
        const text = (event as { text?: unknown }).text;
        if (typeof text !== 'string' || !text.trim()) return nothing;
        return html`<li
          class="system"
          data-testid="system-event"
          data-seq=${event.seq}
          lang=${this.contentLanguage()}
        >
          ${text}
        </li>`;
      }
    }
  }

  private renderBotReply(e: BotReplyEvent, latest: boolean): TemplateResult {
    const t = this.t;
    // The labels inside the answer ("Bron", "Source") are in the answer's language.
    const at = texts(this.contentLanguage(e), this.register ?? 'u');
    const sources = (e.sources ?? []).filter((s) => s && typeof s.title === 'string');
    // A "did you mean": its text names the options for channels without buttons; here they are
    // buttons, so the widget asks its own question above them.
    const clarify = e.decision === 'clarify' && sources.length > 0;
    const links = clarify ? [] : sources.filter((s) => safeHttpUrl(s.url));
    // A hand-off's page is its topic's, not where a reply came from: under "I have no good
    // answer" a "Source" would say otherwise.
    const label =
      e.decision === 'handoff' ? at.related : links.length === 1 ? at.source : at.sources;
    return html`<li class="msg bot" data-testid="bot-message" data-seq=${e.seq}>
      <span class="who">${t.bot}</span>
      <div class="bubble" lang=${this.contentLanguage(e)}>
        ${e.heading ? html`<strong>${e.heading}</strong>` : nothing}
        <p>${clarify ? at.clarifyQuestion : e.text}</p>
        ${
          clarify
            ? html`<div class="options" role="group" aria-label=${at.clarifyOptions}>
                ${sources.map(
                  (s) =>
                    html`<button
                      type="button"
                      class="choice-button"
                      ?disabled=${!latest}
                      @click=${() => this.pickOption(s)}
                    >
                      ${s.title}
                    </button>`,
                )}
              </div>`
            : nothing
        }
        ${
          links.length > 0
            ? html`<div class="sources">
                ${label}:
                ${
                  links.length === 1
                    ? this.renderLink(links[0]!, at)
                    : html`<ul>
                        ${links.map((s) => html`<li>${this.renderLink(s, at)}</li>`)}
                      </ul>`
                }
              </div>`
            : nothing
        }
      </div>
      <span class="meta"
        ><time datetime=${e.at}>${formatClock(e.at, this.language, this.timeZone)}</time></span
      >
    </li>`;
  }

  private renderLink(source: { title: string; url: string }, t: Texts = this.t): TemplateResult {
    const href = safeHttpUrl(source.url);
    if (!href) return html`${source.title}`;
    return html`<a href=${href} target="_blank" rel="noopener noreferrer"
      >${source.title}<span class="sr-only"> ${t.newTab}</span></a
    >`;
  }

  private renderPending(frame: DurableFrame): TemplateResult | typeof nothing {
    if (frame.type !== 'message') return nothing;
    return html`<li class="msg customer pending" data-testid="pending-message" aria-busy="true">
      <span class="who">${this.t.you}</span>
      <div class="bubble"><p>${frame.text}</p></div>
      <span class="meta">${this.t.sending}</span>
    </li>`;
  }

  private renderStatusCard(): TemplateResult | typeof nothing {
    const status = this.snap.status;
    if (!status || status.state === 'bot') return nothing;
    const t = this.t;
    const state = status.state;
    const choosing = this.snap.pending.some((f) => f.type === 'choose');
    const options = (status.options ?? []).filter(
      (o): o is ChoiceOption =>
        o === 'wait' ||
        o === 'leave_message' ||
        o === 'callback' ||
        (o === 'other_queue' && Boolean(status.alternative?.name)),
    );
    const chosen = status.choice?.option;
    // "Your choice" only for what the customer chose; Balie may have recorded the question
    // itself (closed), or staff booked a callback.
    const made = latestChoice(this.snap.events);
    const byCustomer = made?.by === 'customer' && made.option === chosen;
    const recorded = state === 'follow_up' && made?.by === 'system';
    const optionsLabel = byCustomer ? t.changeChoice : chosen ? t.otherOptions : t.howToContinue;
    // A booked callback is said once: Balie's own sentence when it sends one, else the widget's.
    const booked = state === 'callback' && Boolean(status.callback);
    return html`
      <section class="card" aria-labelledby="balie-status-title" data-testid="queue-status">
        <h3 id="balie-status-title">
          ${recorded ? t.recordedHeading : (t.stateHeading[state] ?? '')}
        </h3>
        ${
          status.message
            ? html`<p
                role="status"
                lang=${this.contentLanguage(status)}
                data-testid=${booked ? 'callback-confirmation' : 'status-message'}
              >
                ${status.message}
              </p>`
            : nothing
        }
        ${this.renderFacts(status)}
        ${state === 'follow_up' ? this.renderFollowUp(!status.message) : nothing}
        ${
          booked && status.callback && !status.message
            ? html`<p data-testid="callback-confirmation">
                ${t.callbackBooked(
                  formatSlot(status.callback, this.language, this.timeZone),
                  status.callback.phone ?? '',
                )}
              </p>`
            : nothing
        }
        ${
          state === 'resolved'
            ? html`${status.message ? nothing : html`<p>${t.resolved}</p>`}
                <button type="button" class="primary" @click=${this.newConversation}>
                  ${t.newConversation}
                </button>`
            : nothing
        }
        ${
          chosen && byCustomer && state !== 'resolved' && state !== 'callback'
            ? html`<p data-testid="current-choice">
                <strong>${t.yourChoice(t.option[chosen] ?? chosen)}</strong>
              </p>`
            : nothing
        }
        ${
          options.length > 0 && state !== 'resolved' && state !== 'assigned'
            ? html`<div class="options" role="group" aria-label=${optionsLabel}>
                <span>${optionsLabel}</span>
                ${options.map(
                  (option) =>
                    html`<button
                      type="button"
                      class="choice-button"
                      aria-pressed=${chosen === option ? 'true' : 'false'}
                      ?disabled=${choosing}
                      @click=${() => this.chooseOption(option)}
                    >
                      ${
                        option === 'other_queue'
                          ? t.otherQueue(status.alternative?.name)
                          : t.option[option]
                      }<span class="hint">${t.optionHint[option]}</span>
                    </button>`,
                )}
              </div>`
            : nothing
        }
      </section>
    `;
  }

  private renderFacts(status: Status): TemplateResult | typeof nothing {
    const t = this.t;
    if (status.state !== 'waiting' && status.state !== 'follow_up') return nothing;
    const rows: TemplateResult[] = [];
    if (status.queue?.name)
      rows.push(
        html`<dt>${t.queue}</dt>
          <dd>${status.queue.name}</dd>`,
      );
    if (status.open === false) {
      rows.push(
        html`<dt>${t.closedNow}</dt>
          <dd></dd>`,
      );
      if (status.opens_at) {
        rows.push(
          html`<dt>${t.opensAt}</dt>
            <dd data-testid="opens-at">
              ${formatMoment(status.opens_at, this.language, this.timeZone)}
            </dd>`,
        );
      }
    }
    if (status.open === true && status.staffed === false) {
      rows.push(
        html`<dt>${t.nobodyNow}</dt>
          <dd></dd>`,
      );
    }
    if (status.state === 'waiting') {
      if (typeof status.position === 'number') {
        rows.push(
          html`<dt>${t.position}</dt>
            <dd data-testid="position">${status.position}</dd>`,
        );
      }
      const wait = status.estimated_wait_seconds;
      rows.push(
        html`<dt>${t.estimatedWait}</dt>
          <dd data-testid="estimated-wait">
            ${typeof wait === 'number' ? t.waitMinutes(wait) : t.unknownWait}
          </dd>`,
      );
    }
    return rows.length ? html`<dl class="facts">${rows}</dl>` : nothing;
  }

  /** Where to come back; what happens next too unless Balie's `message` says it already. */
  private renderFollowUp(sayWhatNext: boolean): TemplateResult {
    const t = this.t;
    const page = safeHttpUrl(window.location.href);
    return html`${sayWhatNext ? html`<p>${t.followUp}</p>` : nothing}
    ${
      page
        ? html`<p>${t.comeBackAt} <a href=${page} data-testid="come-back-link">${page}</a></p>`
        : nothing
    }`;
  }

  private renderCallbackForm(): TemplateResult | typeof nothing {
    const form = this.callback;
    if (!form) return nothing;
    const t = this.t;
    const busy = form.phase === 'sending';
    let slotsPart: TemplateResult;
    if (form.phase === 'loading') {
      slotsPart = html`<p role="status">${t.loadingSlots}</p>`;
    } else if (form.phase === 'failed') {
      slotsPart = html`<p class="error-text" role="alert">${t.slotsFailed}</p>
        <button
          type="button"
          class="secondary"
          @click=${() => this.openCallbackForm(form.withAdvisor)}
        >
          ${t.retryNow}
        </button>`;
    } else if (form.slots.length === 0) {
      slotsPart = html`<p role="status">${t.noSlots}</p>`;
    } else {
      // Grouped by day: a heading per day and its times, not one long list repeating the date.
      let index = 0;
      slotsPart = html`<fieldset
        aria-describedby=${form.slotError ? 'balie-slot-error' : nothing}
        ?disabled=${busy}
      >
        <legend>${t.chooseTime}</legend>
        ${slotsByDay(form.slots, this.language, this.timeZone).map(
          (day, d) =>
            html`<div class="slot-day" role="group" aria-labelledby=${`balie-slot-day-${d}`}>
              <p class="slot-day-name" id=${`balie-slot-day-${d}`} data-testid="slot-day">
                ${day.day}
              </p>
              <div class="slots">
                ${day.slots.map(({ slot, time }) => {
                  const i = index++;
                  return html`<label class="slot" for=${`balie-slot-${i}`}>
                    <input
                      type="radio"
                      id=${`balie-slot-${i}`}
                      name="balie-slot"
                      .value=${slot.start}
                      .checked=${form.slot === slot.start}
                      @change=${() => this.updateCallback({ slot: slot.start, slotError: '' })}
                    />
                    <span>${time}</span>
                  </label>`;
                })}
              </div>
            </div>`,
        )}
        ${
          form.slotError
            ? html`<p id="balie-slot-error" class="error-text">${form.slotError}</p>`
            : nothing
        }
      </fieldset>`;
    }
    const ready = form.phase === 'ready' && form.slots.length > 0;
    return html`
      <form
        class="card"
        aria-labelledby="balie-callback-title"
        novalidate
        @submit=${this.submitCallback}
        data-testid="callback-form"
      >
        <h3 id="balie-callback-title" tabindex="-1">
          ${
            form.withAdvisor && this.advisor
              ? t.advisorCallbackTitle(this.advisor.advisor.name)
              : t.callbackTitle
          }
        </h3>
        ${slotsPart}
        ${
          ready || busy
            ? html`
                <div class="field">
                  <label for="balie-phone">${t.phoneLabel}</label>
                  <input
                    id="balie-phone"
                    type="tel"
                    autocomplete="tel"
                    inputmode="tel"
                    required
                    aria-required="true"
                    aria-invalid=${form.phoneError ? 'true' : 'false'}
                    aria-describedby=${
                      form.phoneError ? 'balie-phone-hint balie-phone-error' : 'balie-phone-hint'
                    }
                    maxlength="32"
                    .value=${form.phone}
                    ?disabled=${busy}
                    @input=${(e: Event) =>
                      this.updateCallback({
                        phone: (e.target as HTMLInputElement).value,
                        phoneError: '',
                      })}
                  />
                  <span id="balie-phone-hint" class="hint-text">${t.phoneHint}</span>
                  ${
                    form.phoneError
                      ? html`<span id="balie-phone-error" class="error-text"
                          >${form.phoneError}</span
                        >`
                      : nothing
                  }
                </div>
                <div class="field">
                  <label for="balie-name">${t.nameLabel}</label>
                  <input
                    id="balie-name"
                    type="text"
                    autocomplete="name"
                    maxlength="100"
                    .value=${form.name}
                    ?disabled=${busy}
                    @input=${(e: Event) =>
                      this.updateCallback({ name: (e.target as HTMLInputElement).value })}
                  />
                </div>
              `
            : nothing
        }
        ${form.formError ? html`<p class="error-text" role="alert">${form.formError}</p>` : nothing}
        <div class="row">
          ${
            ready || busy
              ? html`<button type="submit" class="primary" ?disabled=${busy}>
                  ${busy ? t.busy : t.bookCallback}
                </button>`
              : nothing
          }
          <button type="button" class="secondary" @click=${() => (this.callback = null)}>
            ${t.cancel}
          </button>
        </div>
      </form>
    `;
  }

  private renderComposer(): TemplateResult | typeof nothing {
    const t = this.t;
    const state = this.snap.status?.state ?? 'bot';
    if (state === 'resolved') return nothing;
    const handoffPending = this.snap.pending.some((f) => f.type === 'handoff');
    const tooLong = this.draft.length > MAX_TEXT_LENGTH;
    const status = this.snap.status;
    const availability = this.personAvailability(status ?? this.statusBeforeStart());
    return html`
      <form class="composer" @submit=${this.onSubmit}>
        <label for="balie-input" class="sr-only">${t.inputLabel}</label>
        <textarea
          id="balie-input"
          rows="1"
          placeholder=${t.placeholder}
          aria-describedby="balie-input-hint"
          aria-invalid=${tooLong || this.composerError ? 'true' : 'false'}
          .value=${this.draft}
          @input=${this.onInput}
          @keydown=${this.onComposerKeydown}
        ></textarea>
        <button type="submit" class="primary" ?disabled=${!this.draft.trim()}>${t.send}</button>
      </form>
      ${
        this.composerError || tooLong
          ? html`<p class="composer-error" role="alert">
              ${this.composerError || t.tooLong(MAX_TEXT_LENGTH)}
            </p>`
          : nothing
      }
      <p id="balie-input-hint" class="composer-hint">${t.inputHint}</p>
      ${
        state === 'bot'
          ? html`<div class="actions">
              <button
                type="button"
                class="secondary"
                aria-describedby=${availability ? 'balie-person-availability' : nothing}
                ?disabled=${handoffPending}
                @click=${this.askForPerson}
              >
                ${handoffPending ? t.busy : t.talkToPerson}
              </button>
              ${
                availability
                  ? html`<p
                      id="balie-person-availability"
                      class="availability ${status?.open === false || status?.staffed === false ? 'closed' : 'open'}"
                      data-testid="person-availability"
                    >
                      ${availability}
                    </p>`
                  : nothing
              }
            </div>`
          : nothing
      }
    `;
  }

  /**
   * Whether a person can be reached now, from the status (Balie puts the queue's hours in
   * every status, also while the bot answers): the line under "talk to a person".
   */
  /** Before the first status: what the default queue's availability says, in a status's terms. */
  private statusBeforeStart(): Pick<
    Status,
    'open' | 'staffed' | 'closes_at' | 'opens_at' | 'staffed_from' | 'alternative' | 'queue'
  > | null {
    const queue = this.queueNow;
    if (!queue) return null;
    return {
      open: queue.open,
      staffed: queue.staffed,
      closes_at: queue.closes_at,
      opens_at: queue.opens_at,
      staffed_from: queue.staffed_from,
      alternative: null,
      queue: { id: queue.id, name: queue.name, time_zone: queue.time_zone },
    };
  }

  private async loadAvailability(): Promise<void> {
    const availability = (await this.client?.availability(this.language)) ?? null;
    this.queueNow = availability?.queue ?? null;
    if (availability) this.register = availability.register;
  }

  private personAvailability(
    status: Pick<
      Status,
      'open' | 'staffed' | 'closes_at' | 'opens_at' | 'staffed_from' | 'alternative' | 'queue'
    > | null,
  ): string {
    const t = this.t;
    if (!status || typeof status.open !== 'boolean') return '';
    const queue = status.queue?.name;
    const until = status.closes_at
      ? formatClock(status.closes_at, this.language, this.timeZone)
      : null;
    if (status.open && status.staffed === false) {
      return t.personNobody(
        queue,
        until,
        status.staffed_from
          ? formatMoment(status.staffed_from, this.language, this.timeZone)
          : null,
        status.alternative?.name ?? null,
      );
    }
    if (status.open) return t.personOpen(queue, until);
    return t.personClosed(
      queue,
      status.opens_at ? formatMoment(status.opens_at, this.language, this.timeZone) : null,
    );
  }

  /**
   * The time zone of every time the widget shows: the queue's (Balie's sentences are in it too),
   * from the status; the browser's until a status names one.
   */
  private get timeZone(): string | undefined {
    return this.snap.status?.queue?.time_zone || this.queueNow?.time_zone || undefined;
  }

  /** "Alle tijden zijn …": only where the browser's clock differs from the queue's now. */
  private renderTimeZoneNote(): TemplateResult | typeof nothing {
    const zone = this.timeZone;
    if (!zone) return nothing;
    const note = zoneNote(zone, this.language);
    return note
      ? html`<p class="zone-note" data-testid="zone-note">
          ${this.t.timesIn(note.name, note.city)}
        </p>`
      : nothing;
  }

  private renderAdvisor(): TemplateResult | typeof nothing {
    const advisor = this.advisor;
    const state = this.snap.status?.state ?? 'bot';
    if (!this.customer || state === 'assigned' || state === 'resolved' || state === 'callback') {
      return nothing;
    }
    const t = this.t;
    if (!advisor) {
      return this.advisorFailed
        ? html`<p class="card" role="status">${t.advisorUnavailable}</p>`
        : nothing;
    }
    const name = advisor.advisor.name;
    const moment = (iso: string | null) =>
      iso ? formatMoment(iso, this.language, this.timeZone) : null;
    const wait = advisor.estimated_wait_seconds;
    const stateText =
      advisor.state === 'available'
        ? t.advisorState.available
        : advisor.state === 'busy'
          ? t.advisorState.busy(typeof wait === 'number' ? t.waitMinutes(wait) : null)
          : advisor.state === 'away'
            ? t.advisorState.away(moment(advisor.back_at))
            : t.advisorState.off_duty(moment(advisor.next_shift));
    const choosing = this.snap.pending.some((f) => f.type === 'choose' || f.type === 'handoff');
    const label = (option: AdvisorOption) =>
      option === 'colleague' ? t.advisorOption.colleague : t.advisorOption[option](name);
    return html`<section
      class="card advisor"
      aria-labelledby="balie-advisor-title"
      data-testid="advisor"
    >
      <h3 id="balie-advisor-title">${t.advisorTitle(name)}</h3>
      <p class="advisor-state ${advisor.state}" data-testid="advisor-state">
        <span class="dot" aria-hidden="true"></span>${stateText}
      </p>
      ${
        advisor.message
          ? html`<p lang=${this.contentLanguage()} data-testid="advisor-message">
              ${advisor.message}
            </p>`
          : nothing
      }
      ${
        advisor.options.length > 0
          ? html`<div class="options" role="group" aria-labelledby="balie-advisor-title">
              ${advisor.options.map(
                (option) =>
                  html`<button
                    type="button"
                    class="choice-button"
                    ?disabled=${choosing}
                    @click=${() => this.chooseAdvisorOption(option)}
                  >
                    ${label(option)}
                  </button>`,
              )}
            </div>`
          : nothing
      }
    </section>`;
  }

  // ---- Small helpers ----

  private readSession(key: string): string | null {
    try {
      return window.sessionStorage.getItem(key);
    } catch {
      return null;
    }
  }

  private writeSession(key: string, value: string): void {
    try {
      window.sessionStorage.setItem(key, value);
    } catch {
      // Not remembering whether the panel was open is harmless.
    }
  }
}

function findLastIndex<T>(items: readonly T[], test: (item: T) => boolean): number {
  for (let i = items.length - 1; i >= 0; i--) if (test(items[i] as T)) return i;
  return -1;
}
