// <balie-console>: the staff console's shell. It holds the session (log-in, the CSRF token, 401 →
// back to the log-in page), the live stream (inbox, assignments, presence, overview), the
// language, and the route (#/inbox, #/inbox/ID, #/supervisor, #/admin); the pages are their own
// elements and get what they need as properties.

import { html, nothing, type TemplateResult } from 'lit';
import { state } from 'lit/decorators.js';
import type { Language } from '../shared/protocol';
import { StaffApi, StaffHttpError, StaffStream, type StreamState } from '../shared/staff-client';
import {
  hasRole,
  overviewOf,
  type CustomerFlag,
  type DecisionItem,
  type DecisionKind,
  type FlagKindName,
  presenceOf,
  type Inbox,
  type InboxItem,
  type Overview,
  type Presence,
  type QueueAvailability,
  type Staff,
  type StaffServerFrame,
} from '../shared/staff-protocol';
import { browserStore, type KeyValueStore } from '../shared/storage';
import { LightElement } from './base';
import { languageOfBrowser, reasonText, texts, type Texts } from './i18n';
import {
  noticeAssigned,
  noticeOpened,
  parseRoute,
  queueLabel,
  queueNamesOf,
  type AssignedNotice,
  type QueueNames,
  type Route,
} from './logic';
import './login-page';
import './inbox-list';
import './conversation-view';
import './presence-control';
import './supervisor-page';
import './admin-page';

const LANGUAGE_KEY = 'balie:v1:console-language';
const EMPTY_INBOX: Inbox = { waiting: [], mine: [], callbacks_due: [], others: [] };

/** The least time between two fetches of the requests for approval and contests (ms). */
const JUDGEMENT_EVERY_MS = 3000;

export class BalieConsole extends LightElement {
  @state() private language: Language = 'nl';
  @state() private phase: 'loading' | 'login' | 'ready' = 'loading';
  @state() private loginNotice = '';
  @state() private me: Staff | null = null;
  @state() private presence: Presence | null = null;
  @state() private route: Route = { page: 'inbox', conversationId: null };
  @state() private inbox: Inbox = EMPTY_INBOX;
  @state() private inboxAt = Date.now();
  @state() private overview: Overview | null = null;
  @state() private queues: QueueAvailability[] = [];
  @state() private connection: StreamState = 'idle';
  @state() private retryAt: number | null = null;
  /** The conversations assigned to this agent and not opened yet: one notice, not a pile. */
  @state() private assigned: AssignedNotice | null = null;
  @state() private now = Date.now();
  /** The decisions staff may take for customers, with my limits (GET /me). */
  @state() private decisionKinds: DecisionKind[] = [];
  /** The kinds of flag about customers (GET /me). */
  @state() private flagKinds: FlagKindName[] = [];
  /** The requests for approval that wait: mine to answer, and my own. */
  @state() private approvals: DecisionItem[] = [];
  /** The flags whose contest waits for my review. */
  @state() private contests: CustomerFlag[] = [];

  private readonly api = new StaffApi();
  private readonly stream = new StaffStream();
  private store: KeyValueStore | null = null;
  private clock: ReturnType<typeof setInterval> | undefined;
  private stops: (() => void)[] = [];
  /** When the requests for approval and contests were last fetched, and the fetch to come. */
  private judgementAt = 0;
  private judgementTimer: ReturnType<typeof setTimeout> | undefined;

  private get t(): Texts {
    return texts(this.language);
  }

  override connectedCallback(): void {
    super.connectedCallback();
    this.store = browserStore();
    const saved = this.store.getItem(LANGUAGE_KEY);
    this.language =
      saved === 'nl' || saved === 'en' ? saved : languageOfBrowser(navigator.languages);
    this.applyLanguage();
    this.route = parseRoute(location.hash);
    window.addEventListener('hashchange', this.onHashChange);
    window.addEventListener('online', this.onOnline);
    this.stops.push(
      this.api.onUnauthorized(() => this.sessionEnded()),
      this.stream.onFrame((frame) => this.onFrame(frame)),
      this.stream.onState((connection, retryAt) => {
        this.connection = connection;
        this.retryAt = retryAt;
      }),
      // A stream that cannot even open may mean the session is gone: GET /me tells (a 401
      // there sends the console back to the log-in page).
      this.stream.onFailedOpen(() => void this.api.me().catch(() => undefined)),
    );
    this.clock = setInterval(() => (this.now = Date.now()), 1000);
    void this.resume();
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    window.removeEventListener('hashchange', this.onHashChange);
    window.removeEventListener('online', this.onOnline);
    for (const stop of this.stops) stop();
    this.stops = [];
    this.stream.stop();
    clearInterval(this.clock);
    clearTimeout(this.judgementTimer);
  }

  private readonly onHashChange = () => {
    const before = this.route;
    this.route = parseRoute(location.hash);
    const opened = this.conversationOf(this.route);
    if (opened) this.assigned = noticeOpened(this.assigned, opened);
    this.updateTitle();
    if (
      before.page !== this.route.page ||
      this.conversationOf(before) !== this.conversationOf(this.route)
    ) {
      void this.updateComplete.then(() => this.querySelector<HTMLElement>('main h1')?.focus());
    }
  };

  private readonly onOnline = () => this.stream.reconnectNow();

  private conversationOf(route: Route): string | null {
    return route.page === 'inbox' ? route.conversationId : null;
  }

  // ---- Session ----

  /** On load: an existing session (cookie) goes straight to the console. */
  private async resume(): Promise<void> {
    try {
      const me = await this.api.me();
      this.decisionKinds = me.decisions;
      this.flagKinds = me.flag_kinds;
      this.signedIn(me.staff, me.presence);
    } catch (error) {
      this.phase = 'login';
      // No session is the normal case; no answer at all is worth saying.
      if (error instanceof StaffHttpError && error.status === 0)
        this.loginNotice = this.t.loginFailed;
      this.updateTitle();
    }
  }

  private signedIn(staff: Staff, presence: Presence | null): void {
    this.me = staff;
    this.presence = presence;
    this.phase = 'ready';
    this.loginNotice = '';
    this.stream.start();
    void this.loadQueues();
    void this.loadApprovals();
    if (hasRole(staff.role, 'supervisor')) {
      void this.api
        .overview()
        .then((overview) => (this.overview ??= overview))
        .catch(() => undefined);
    }
    if (
      (this.route.page === 'supervisor' && !hasRole(staff.role, 'supervisor')) ||
      (this.route.page === 'admin' && !hasRole(staff.role, 'admin'))
    ) {
      location.hash = '#/inbox';
    }
    this.updateTitle();
    void this.updateComplete.then(() => this.querySelector<HTMLElement>('main h1')?.focus());
  }

  private async onLoggedIn(event: CustomEvent<{ staff: Staff }>): Promise<void> {
    // The log-in answer has no presence; GET /me has it (and the same CSRF token).
    let presence: Presence | null = null;
    try {
      const me = await this.api.me();
      presence = me.presence;
      this.decisionKinds = me.decisions;
      this.flagKinds = me.flag_kinds;
    } catch {
      // The presence frame will follow on the stream.
    }
    this.signedIn(event.detail.staff, presence);
  }

  private sessionEnded(): void {
    if (this.phase !== 'ready') return;
    this.reset();
    this.loginNotice = this.t.sessionEnded;
  }

  private async logOut(): Promise<void> {
    try {
      await this.api.logout();
    } catch {
      // The session ends here either way.
    }
    this.reset();
    this.loginNotice = this.t.loggedOut;
  }

  private reset(): void {
    this.stream.stop();
    this.api.forget();
    this.phase = 'login';
    this.me = null;
    this.presence = null;
    this.inbox = EMPTY_INBOX;
    this.overview = null;
    this.assigned = null;
    clearTimeout(this.judgementTimer);
    this.judgementTimer = undefined;
    this.approvals = [];
    this.contests = [];
    this.decisionKinds = [];
    this.flagKinds = [];
    this.updateTitle();
  }

  /**
   * Fetches what waits for my judgement with an inbox frame, at most once every
   * JUDGEMENT_EVERY_MS per console (inbox frames come with every change): a frame in between
   * is answered by one fetch when the time is up, so the last change is never missed.
   */
  private refreshApprovals(): void {
    const wait = this.judgementAt + JUDGEMENT_EVERY_MS - Date.now();
    if (wait <= 0) {
      void this.loadApprovals();
      return;
    }
    this.judgementTimer ??= setTimeout(() => {
      this.judgementTimer = undefined;
      this.refreshApprovals();
    }, wait);
  }

  /** What waits for my judgement: requests for approval and contests to review. */
  private async loadApprovals(): Promise<void> {
    this.judgementAt = Date.now();
    const [approvals, contests] = await Promise.allSettled([
      this.api.approvals(),
      this.api.contests(),
    ]);
    // A list that could not be fetched is kept; the next inbox frame tries again.
    if (approvals.status === 'fulfilled') this.approvals = approvals.value;
    if (contests.status === 'fulfilled') this.contests = contests.value;
  }

  private async loadQueues(): Promise<void> {
    try {
      this.queues = await this.api.availability(this.language);
    } catch {
      this.queues = [];
    }
  }

  // ---- The stream ----

  private onFrame(frame: StaffServerFrame): void {
    switch (frame.type) {
      case 'inbox':
        this.inbox = {
          waiting: frame.waiting,
          mine: frame.mine,
          callbacks_due: frame.callbacks_due,
          others: frame.others,
        };
        this.inboxAt = Date.now();
        // The inbox comes with every change and every status_refresh_seconds: the requests
        // for approval and the contests are fetched with it (not more often than every few
        // seconds).
        this.refreshApprovals();
        break;
      case 'assigned':
        this.onAssigned(frame.conversation_id);
        break;
      case 'presence':
        this.presence = presenceOf(frame);
        break;
      case 'overview':
        this.overview = overviewOf(frame);
        break;
      default:
        break; // events and typing go to the open conversation, which listens itself
    }
  }

  /**
   * A conversation was assigned to this agent: a notification. Its queue and reason come from the
   * inbox, which follows with the change; the conversation is not fetched here, because fetching
   * it is opening it, and opening is when the customer hears that a person helps them.
   */
  private onAssigned(conversationId: string): void {
    if (this.conversationOf(this.route) === conversationId) return; // it is open already
    this.assigned = noticeAssigned(this.assigned, conversationId);
  }

  // ---- Language ----

  private switchLanguage(): void {
    this.language = this.language === 'nl' ? 'en' : 'nl';
    this.store?.setItem(LANGUAGE_KEY, this.language);
    this.applyLanguage();
    if (this.phase === 'ready') void this.loadQueues();
  }

  private applyLanguage(): void {
    document.documentElement.lang = this.language;
    this.updateTitle();
  }

  private updateTitle(): void {
    const t = this.t;
    let page: string = t.loginTitle;
    if (this.phase === 'ready') {
      if (this.route.page === 'supervisor') page = t.supervisorTitle;
      else if (this.route.page === 'admin') page = t.adminTitle;
      else page = this.route.conversationId ? t.conversation : t.inbox;
    }
    document.title = `${page} – ${t.product}`;
  }

  // ---- Rendering ----

  protected override render(): TemplateResult {
    const t = this.t;
    if (this.phase === 'loading') {
      return html`<main id="main" class="centered" tabindex="-1">
        <p role="status">${t.loading}</p>
      </main>`;
    }
    if (this.phase === 'login') {
      return html`
        <header class="topbar">
          <span class="brand">${t.product}</span>
          <span class="spacer"></span>
          ${this.renderLanguageButton()}
        </header>
        <main id="main" class="centered" tabindex="-1">
          <balie-login
            .api=${this.api}
            .t=${t}
            .notice=${this.loginNotice}
            @logged-in=${this.onLoggedIn}
          ></balie-login>
        </main>
      `;
    }
    return html`
      <a class="skip-link" href="#main" @click=${this.skipToMain}>${t.skipToContent}</a>
      ${this.renderTopbar()} ${this.renderConnection()} ${this.renderToasts()} ${this.renderPage()}
    `;
  }

  private skipToMain(event: Event): void {
    event.preventDefault(); // the hash is the route: move the focus instead
    this.querySelector<HTMLElement>('#main')?.focus();
  }

  private renderLanguageButton(): TemplateResult {
    const other: Language = this.language === 'nl' ? 'en' : 'nl';
    const otherTexts = texts(other);
    return html`<button
      type="button"
      class="secondary"
      lang=${other}
      aria-label=${otherTexts.switchTo}
      @click=${this.switchLanguage}
    >
      ${otherTexts.languageName}
    </button>`;
  }

  private renderTopbar(): TemplateResult {
    const t = this.t;
    const me = this.me;
    const page = this.route.page;
    const link = (target: Route['page'], label: string) =>
      html`<li>
        <a href=${`#/${target}`} aria-current=${page === target ? 'page' : nothing}>${label}</a>
      </li>`;
    return html`
      <header class="topbar">
        <span class="brand">${t.product}</span>
        <nav aria-label=${t.mainNav}>
          <ul>
            ${link('inbox', t.navInbox)}
            ${hasRole(me?.role, 'supervisor') ? link('supervisor', t.navSupervisor) : nothing}
            ${hasRole(me?.role, 'admin') ? link('admin', t.navAdmin) : nothing}
          </ul>
        </nav>
        <span class="spacer"></span>
        <balie-presence
          .presence=${this.presence}
          .t=${t}
          .language=${this.language}
          .connected=${this.connection === 'open'}
          .stream=${this.stream}
        ></balie-presence>
        <span class="who" data-testid="signed-in-as"
          >${me ? t.signedInAs(me.display_name || me.name, t.role[me.role]) : ''}</span
        >
        ${this.renderLanguageButton()}
        <button type="button" class="secondary" @click=${this.logOut}>${t.logOut}</button>
      </header>
    `;
  }

  private renderConnection(): TemplateResult | typeof nothing {
    const t = this.t;
    if (this.connection === 'open' || this.connection === 'idle') return nothing;
    const seconds = Math.max(0, Math.ceil(((this.retryAt ?? 0) - this.now) / 1000));
    return html`<div class="banner" role="status" data-testid="connection">
      <p>${this.connection === 'connecting' ? t.connecting : t.offline(seconds)}</p>
      ${
        this.connection === 'offline'
          ? html`<button type="button" class="secondary" @click=${() => this.stream.reconnectNow()}>
              ${t.retryNow}
            </button>`
          : nothing
      }
    </div>`;
  }

  private renderToasts(): TemplateResult {
    const t = this.t;
    const ids = this.assigned?.conversationIds ?? [];
    const first = ids[0];
    let text = '';
    if (ids.length === 1 && first) {
      const item = this.findItem(first);
      text = t.assignedNotice(
        queueLabel(item?.queue, this.queueNames) ?? '',
        item ? reasonText(t, item) : '',
      );
    } else if (ids.length > 1) {
      text = t.assignedMany(ids.length);
    }
    return html`<div class="toasts" role="status" aria-live="polite" data-testid="notifications">
      ${
        first
          ? html`<div class="toast" data-testid="notification">
              <p>${text}</p>
              <a class="button" href=${`#/inbox/${encodeURIComponent(first)}`}
                >${ids.length > 1 ? t.openFirst : t.open}</a
              >
              <button type="button" class="secondary" @click=${() => (this.assigned = null)}>
                ${t.dismiss}
              </button>
            </div>`
          : nothing
      }
    </div>`;
  }

  private get queueNames(): QueueNames {
    return queueNamesOf(this.queues);
  }

  private renderPage(): TemplateResult {
    const t = this.t;
    const route = this.route;
    if (route.page === 'supervisor' && hasRole(this.me?.role, 'supervisor')) {
      return html`<main id="main" tabindex="-1" class="page">
        <balie-supervisor
          .api=${this.api}
          .t=${t}
          .language=${this.language}
          .overview=${this.overview}
          .queueNames=${this.queueNames}
          .inbox=${this.inbox}
          .inboxAt=${this.inboxAt}
          .now=${this.now}
          .decisionKinds=${this.decisionKinds}
        ></balie-supervisor>
      </main>`;
    }
    if (route.page === 'admin' && hasRole(this.me?.role, 'admin')) {
      return html`<main id="main" tabindex="-1" class="page">
        <balie-admin .api=${this.api} .t=${t} .language=${this.language}></balie-admin>
      </main>`;
    }
    const id = route.page === 'inbox' ? route.conversationId : null;
    return html`<div class="workspace">
      <aside class="inbox-pane" aria-labelledby="inbox-title">
        <balie-inbox
          .inbox=${this.inbox}
          .receivedAt=${this.inboxAt}
          .now=${this.now}
          .t=${t}
          .language=${this.language}
          .selected=${id}
          .queueNames=${this.queueNames}
          .approvals=${this.approvals}
          .contests=${this.contests}
          .flagKinds=${this.flagKinds}
          .decisionKinds=${this.decisionKinds}
          .me=${this.me}
        ></balie-inbox>
      </aside>
      <main id="main" tabindex="-1" class="conversation-pane">
        ${
          id && this.me
            ? html`<balie-conversation
                .api=${this.api}
                .stream=${this.stream}
                .conversationId=${id}
                .me=${this.me}
                .t=${t}
                .language=${this.language}
                .liveItem=${this.findItem(id)}
                .queues=${this.queues}
                .agents=${this.overview?.agents ?? []}
                .connected=${this.connection === 'open'}
                .decisionKinds=${this.decisionKinds}
                .flagKinds=${this.flagKinds}
                @contests-changed=${() => void this.loadApprovals()}
              ></balie-conversation>`
            : html`<div class="empty">
                <h1 tabindex="-1">${t.noConversation}</h1>
                <p>${t.noConversationHint}</p>
              </div>`
        }
      </main>
    </div>`;
  }

  private findItem(id: string): InboxItem | null {
    for (const list of [
      this.inbox.mine,
      this.inbox.waiting,
      this.inbox.callbacks_due,
      this.inbox.others,
    ]) {
      const found = list.find((item) => item.conversation_id === id);
      if (found) return found;
    }
    return null;
  }
}

customElements.define('balie-console', BalieConsole);
