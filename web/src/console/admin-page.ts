// <balie-admin>: the administration (role admin): the users (add with role, queues, languages,
// capacity and password; change role, queues, languages and capacity; disable and enable; a new
// password) and the queues (names in both
// languages, topics, languages, office hours and holidays, which Balie checks as it checks the
// configuration file's).

import { html, nothing, type TemplateResult } from 'lit';
import { property, state } from 'lit/decorators.js';
import { LANGUAGES, type Language } from '../shared/protocol';
import type { StaffApi } from '../shared/staff-client';
import type { AdminQueue, NewUser, Role, Staff } from '../shared/staff-protocol';
import { LightElement } from './base';
import { errorText } from './errors';
import type { Texts } from './i18n';
import { holidaysText, parseHolidays } from './logic';

const ROLES: Role[] = ['agent', 'supervisor', 'admin'];
const DAYS = ['monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday', 'sunday'];
const MIN_PASSWORD = 10; // as Balie requires (auth/password.cc)

/** A new user as the form holds it: the capacity as typed. */
interface UserForm extends Omit<NewUser, 'capacity' | 'schedule'> {
  capacity: string;
}

/** What the edit form of an existing user changes. */
type UserEdit = Pick<UserForm, 'role' | 'queues' | 'languages' | 'capacity'>;

const EMPTY_FORM: UserForm = {
  name: '',
  display_name: '',
  role: 'agent',
  password: '',
  queues: [],
  languages: ['nl'],
  capacity: '3',
};

/** "a, b ,c" → ["a", "b", "c"] */
export function splitList(value: string): string[] {
  return value
    .split(',')
    .map((part) => part.trim())
    .filter(Boolean);
}

type QueueDraft = Partial<AdminQueue> & {
  topicsText?: string;
  hoursText?: Record<string, string>;
  holidaysText?: string;
};

export class AdminPage extends LightElement {
  @property({ attribute: false }) api!: StaffApi;
  @property({ attribute: false }) t!: Texts;
  @property({ attribute: false }) language: Language = 'nl';

  @state() private users: Staff[] | null = null;
  @state() private queues: AdminQueue[] | null = null;
  @state() private loadError = '';
  @state() private form: UserForm = EMPTY_FORM;
  @state() private formErrors: Partial<Record<keyof UserForm, string>> = {};
  @state() private formError = '';
  @state() private adding = false;
  @state() private message = '';
  @state() private rowError = '';
  @state() private passwordFor: string | null = null;
  @state() private newPassword = '';
  @state() private editFor: string | null = null;
  @state() private edit: UserEdit = { role: 'agent', queues: [], languages: [], capacity: '' };
  @state() private queueDrafts: Record<string, QueueDraft> = {};

  override connectedCallback(): void {
    super.connectedCallback();
    void this.load();
  }

  private async load(): Promise<void> {
    try {
      const [users, queues] = await Promise.all([this.api.users(), this.api.queues()]);
      this.users = users;
      this.queues = queues;
      this.loadError = '';
    } catch (error) {
      this.users ??= [];
      this.queues ??= [];
      this.loadError = errorText(this.t, error);
    }
  }

  private say(message: string): void {
    this.rowError = '';
    this.message = '';
    void this.updateComplete.then(() => (this.message = message));
  }

  // ---- Users ----

  private patchForm(patch: Partial<UserForm>): void {
    this.form = { ...this.form, ...patch };
    const cleared = { ...this.formErrors };
    for (const key of Object.keys(patch)) delete cleared[key as keyof UserForm];
    this.formErrors = cleared;
  }

  private toggleIn<T>(list: T[], value: T, on: boolean): T[] {
    return on ? [...list.filter((v) => v !== value), value] : list.filter((v) => v !== value);
  }

  /** Checkboxes for `options`, checked where `selected` has the value; `onChange` gets the new list. */
  private checkboxes<T extends string>(
    options: { value: T; label: string; id?: string }[],
    selected: T[],
    onChange: (next: T[]) => void,
  ): TemplateResult[] {
    return options.map(
      (o) =>
        html`<label
          ><input
            type="checkbox"
            id=${o.id ?? nothing}
            .checked=${selected.includes(o.value)}
            @change=${(e: Event) =>
              onChange(this.toggleIn(selected, o.value, (e.target as HTMLInputElement).checked))}
          />
          ${o.label}</label
        >`,
    );
  }

  private queueOptions(): { value: string; label: string }[] {
    return (this.queues ?? []).map((q) => ({
      value: q.id,
      label: this.language === 'en' ? q.name_en : q.name_nl,
    }));
  }

  private languageOptions(idPrefix?: string): { value: Language; label: string; id?: string }[] {
    return LANGUAGES.map((l) => ({
      value: l,
      label: this.t.languageOf[l],
      ...(idPrefix ? { id: l === 'nl' ? idPrefix : `${idPrefix}-${l}` } : {}),
    }));
  }

  private startEdit(user: Staff): void {
    this.passwordFor = null;
    this.editFor = this.editFor === user.id ? null : user.id;
    this.edit = {
      role: user.role,
      queues: [...user.queues],
      languages: [...user.languages],
      capacity: String(user.capacity),
    };
    void this.updateComplete.then(() =>
      this.querySelector<HTMLElement>(`#edit-role-${CSS.escape(user.id)}`)?.focus(),
    );
  }

  private async saveEdit(event: Event, user: Staff): Promise<void> {
    event.preventDefault();
    const t = this.t;
    const e = this.edit;
    const capacity = Number(e.capacity);
    if (!Number.isInteger(capacity) || capacity < 0 || capacity > 50) {
      this.rowError = t.required(t.capacityLabel);
      return;
    }
    if (e.languages.length === 0) {
      this.rowError = t.required(t.languagesLabel);
      return;
    }
    try {
      const changed = await this.api.updateUser(user.id, {
        role: e.role,
        queues: e.queues,
        languages: e.languages,
        capacity,
      });
      this.replaceUser(changed);
      this.editFor = null;
      this.say(t.userChanged(changed.display_name || changed.name));
    } catch (error) {
      this.rowError = errorText(t, error);
    }
  }

  private async addUser(event: Event): Promise<void> {
    event.preventDefault();
    const t = this.t;
    const f = this.form;
    const errors: Partial<Record<keyof UserForm, string>> = {};
    if (!f.name.trim()) errors.name = t.required(t.userName);
    if (!f.display_name.trim()) errors.display_name = t.required(t.displayName);
    if (f.password.length < MIN_PASSWORD) errors.password = t.passwordHint;
    const capacity = Number(f.capacity);
    if (!Number.isInteger(capacity) || capacity < 0 || capacity > 50) {
      errors.capacity = t.required(t.capacityLabel);
    }
    if (f.languages.length === 0) errors.languages = t.required(t.languagesLabel);
    this.formErrors = errors;
    const first = Object.keys(errors)[0];
    if (first) {
      await this.updateComplete;
      this.querySelector<HTMLElement>(`#user-${first}`)?.focus();
      return;
    }
    const user: NewUser = {
      name: f.name.trim(),
      display_name: f.display_name.trim(),
      role: f.role,
      password: f.password,
      queues: f.queues,
      languages: f.languages,
      capacity,
    };
    this.adding = true;
    this.formError = '';
    try {
      const added = await this.api.addUser(user);
      this.users = [...(this.users ?? []), added];
      this.form = EMPTY_FORM;
      this.say(t.userAdded(added.display_name || added.name));
    } catch (error) {
      this.formError = errorText(t, error);
    } finally {
      this.adding = false;
    }
  }

  private async setDisabled(user: Staff, disabled: boolean): Promise<void> {
    try {
      const changed = await this.api.updateUser(user.id, { disabled });
      this.replaceUser(changed);
      this.say(this.t.userChanged(changed.display_name || changed.name));
    } catch (error) {
      this.rowError = errorText(this.t, error);
    }
  }

  private async savePassword(event: Event, user: Staff): Promise<void> {
    event.preventDefault();
    if (this.newPassword.length < MIN_PASSWORD) {
      this.rowError = this.t.passwordHint;
      return;
    }
    try {
      await this.api.updateUser(user.id, { password: this.newPassword });
      this.passwordFor = null;
      this.newPassword = '';
      this.say(this.t.passwordSaved(user.display_name || user.name));
    } catch (error) {
      this.rowError = errorText(this.t, error);
    }
  }

  private replaceUser(user: Staff): void {
    this.users = (this.users ?? []).map((u) => (u.id === user.id ? user : u));
  }

  // ---- Queues ----

  private draftOf(queue: AdminQueue) {
    return this.queueDrafts[queue.id] ?? {};
  }

  private patchQueue(queue: AdminQueue, patch: QueueDraft) {
    this.queueDrafts = {
      ...this.queueDrafts,
      [queue.id]: { ...this.draftOf(queue), ...patch },
    };
  }

  private async saveQueue(event: Event, queue: AdminQueue): Promise<void> {
    event.preventDefault();
    const draft = this.draftOf(queue);
    const changes = {
      ...(draft.name_nl !== undefined ? { name_nl: draft.name_nl.trim() } : {}),
      ...(draft.name_en !== undefined ? { name_en: draft.name_en.trim() } : {}),
      ...(draft.topicsText !== undefined ? { topics: splitList(draft.topicsText) } : {}),
      ...(draft.languages !== undefined ? { languages: draft.languages } : {}),
      ...(draft.hoursText !== undefined
        ? {
            hours: Object.fromEntries(
              DAYS.map((day): [string, string[]] => [
                day,
                splitList(draft.hoursText?.[day] ?? (queue.hours[day] ?? []).join(', ')),
              ]).filter(([, ranges]) => ranges.length > 0),
            ),
          }
        : {}),
      ...(draft.holidaysText !== undefined ? { holidays: parseHolidays(draft.holidaysText) } : {}),
    };
    try {
      const saved = await this.api.updateQueue(queue.id, changes);
      this.queues = (this.queues ?? []).map((q) => (q.id === saved.id ? saved : q));
      const { [queue.id]: _done, ...rest } = this.queueDrafts;
      this.queueDrafts = rest;
      this.say(this.t.saved(this.language === 'en' ? saved.name_en : saved.name_nl));
    } catch (error) {
      this.rowError = errorText(this.t, error);
    }
  }

  // ---- Rendering ----

  protected override render(): TemplateResult {
    const t = this.t;
    return html`
      <h1 tabindex="-1">${t.adminTitle}</h1>
      <div role="status" data-testid="admin-status">
        ${this.message ? html`<p class="notice">${this.message}</p>` : nothing}
      </div>
      ${this.rowError ? html`<p class="error-text" role="alert">${this.rowError}</p>` : nothing}
      ${this.loadError ? html`<p class="error-text" role="alert">${this.loadError}</p>` : nothing}
      ${this.renderUsers()} ${this.renderAddUser()} ${this.renderQueues()}
    `;
  }

  private renderUsers(): TemplateResult {
    const t = this.t;
    const users = this.users;
    return html`<section data-testid="admin-users">
      <h2 id="users-title">${t.usersTitle}</h2>
      ${
        users === null
          ? html`<p role="status">${t.loading}</p>`
          : html`<div class="table-wrap" tabindex="0" role="region" aria-labelledby="users-title">
              <table>
                <thead>
                  <tr>
                    <th scope="col">${t.displayName}</th>
                    <th scope="col">${t.userName}</th>
                    <th scope="col">${t.roleLabel}</th>
                    <th scope="col">${t.queuesLabel}</th>
                    <th scope="col">${t.languagesLabel}</th>
                    <th scope="col">${t.capacityLabel}</th>
                    <th scope="col">${t.statusCol}</th>
                    <th scope="col"><span class="sr-only">${t.actions}</span></th>
                  </tr>
                </thead>
                <tbody>
                  ${users.map((u) => this.renderUserRow(u))}
                </tbody>
              </table>
            </div>`
      }
    </section>`;
  }

  private renderUserRow(u: Staff): TemplateResult {
    const t = this.t;
    const label = u.display_name || u.name;
    return html`<tr data-testid="user-row">
      <th scope="row">${label}</th>
      <td>${u.name}</td>
      <td>${t.role[u.role] ?? u.role}</td>
      <td>${this.queueNames(u.queues)}</td>
      <td>${u.languages.join(', ')}</td>
      <td>${u.capacity}</td>
      <td>${u.disabled ? t.disabled : t.active}</td>
      <td>
        <div class="row">
          <button
            type="button"
            class="secondary"
            aria-expanded=${this.editFor === u.id ? 'true' : 'false'}
            @click=${() => this.startEdit(u)}
          >
            ${t.editUser(label)}
          </button>
          <button type="button" class="secondary" @click=${() => this.setDisabled(u, !u.disabled)}>
            ${u.disabled ? t.enable(label) : t.disable(label)}
          </button>
          <button
            type="button"
            class="secondary"
            aria-expanded=${this.passwordFor === u.id ? 'true' : 'false'}
            @click=${() => {
              this.passwordFor = this.passwordFor === u.id ? null : u.id;
              this.editFor = null;
              this.newPassword = '';
              void this.updateComplete.then(() =>
                this.querySelector<HTMLElement>(`#password-${u.id}`)?.focus(),
              );
            }}
          >
            ${t.resetPassword(label)}
          </button>
        </div>
        ${
          this.passwordFor === u.id
            ? html`<form
                class="inline-form"
                novalidate
                @submit=${(e: Event) => this.savePassword(e, u)}
              >
                <div class="field">
                  <label for=${`password-${u.id}`}>${t.newPassword}</label>
                  <input
                    id=${`password-${u.id}`}
                    type="password"
                    autocomplete="new-password"
                    aria-describedby=${`password-hint-${u.id}`}
                    .value=${this.newPassword}
                    @input=${(e: Event) => (this.newPassword = (e.target as HTMLInputElement).value)}
                  />
                  <span id=${`password-hint-${u.id}`} class="hint-text">${t.passwordHint}</span>
                </div>
                <button type="submit" class="primary">${t.savePassword}</button>
              </form>`
            : nothing
        }
        ${this.editFor === u.id ? this.renderEdit(u) : nothing}
      </td>
    </tr>`;
  }

  private renderEdit(u: Staff): TemplateResult {
    const t = this.t;
    const e = this.edit;
    const id = (field: string) => `edit-${field}-${u.id}`;
    const patch = (change: Partial<UserEdit>) => (this.edit = { ...this.edit, ...change });
    return html`<form
      class="inline-form"
      novalidate
      data-testid="edit-user"
      aria-label=${t.editUser(u.display_name || u.name)}
      @submit=${(event: Event) => this.saveEdit(event, u)}
    >
      <div class="field">
        <label for=${id('role')}>${t.roleLabel}</label>
        <select
          id=${id('role')}
          @change=${(event: Event) =>
            patch({ role: (event.target as HTMLSelectElement).value as Role })}
        >
          ${ROLES.map((r) => html`<option value=${r} ?selected=${e.role === r}>${t.role[r]}</option>`)}
        </select>
      </div>
      <div class="field">
        <label for=${id('capacity')}>${t.capacityLabel}</label>
        <input
          id=${id('capacity')}
          type="number"
          min="0"
          max="50"
          .value=${e.capacity}
          @input=${(event: Event) => patch({ capacity: (event.target as HTMLInputElement).value })}
        />
      </div>
      <fieldset>
        <legend>${t.queuesLabel}</legend>
        ${this.checkboxes(this.queueOptions(), e.queues, (queues) => patch({ queues }))}
      </fieldset>
      <fieldset>
        <legend>${t.languagesLabel}</legend>
        ${this.checkboxes(this.languageOptions(), e.languages, (languages) => patch({ languages }))}
      </fieldset>
      <div class="row">
        <button type="submit" class="primary">${t.save}</button>
        <button type="button" class="secondary" @click=${() => (this.editFor = null)}>
          ${t.cancel}
        </button>
      </div>
    </form>`;
  }

  private fieldError(key: keyof UserForm): TemplateResult | typeof nothing {
    const error = this.formErrors[key];
    return error
      ? html`<span id=${`user-${key}-error`} class="error-text">${error}</span>`
      : nothing;
  }

  private describedBy(key: keyof UserForm, hint?: string): string | typeof nothing {
    const ids = [hint, this.formErrors[key] ? `user-${key}-error` : undefined].filter(Boolean);
    return ids.length ? ids.join(' ') : nothing;
  }

  private renderAddUser(): TemplateResult {
    const t = this.t;
    const f = this.form;
    const input = (
      key: 'name' | 'display_name' | 'password' | 'capacity',
      label: string,
      type = 'text',
      hint?: string,
    ) =>
      html`<div class="field">
        <label for=${`user-${key}`}>${label}</label>
        <input
          id=${`user-${key}`}
          type=${type}
          autocomplete=${type === 'password' ? 'new-password' : 'off'}
          aria-invalid=${this.formErrors[key] ? 'true' : 'false'}
          aria-describedby=${this.describedBy(key, hint ? `user-${key}-hint` : undefined)}
          .value=${f[key]}
          @input=${(e: Event) => this.patchForm({ [key]: (e.target as HTMLInputElement).value })}
        />
        ${hint ? html`<span id=${`user-${key}-hint`} class="hint-text">${hint}</span>` : nothing}
        ${this.fieldError(key)}
      </div>`;
    return html`<section aria-labelledby="add-user-title">
      <h2 id="add-user-title">${t.addUser}</h2>
      <form class="grid-form" novalidate @submit=${this.addUser} data-testid="add-user">
        ${input('name', t.userName)} ${input('display_name', t.displayName)}
        <div class="field">
          <label for="user-role">${t.roleLabel}</label>
          <select
            id="user-role"
            @change=${(e: Event) => this.patchForm({ role: (e.target as HTMLSelectElement).value as Role })}
          >
            ${ROLES.map((r) => html`<option value=${r} ?selected=${f.role === r}>${t.role[r]}</option>`)}
          </select>
        </div>
        ${input('password', t.password, 'password', t.passwordHint)}
        ${input('capacity', t.capacityLabel, 'number')}
        <fieldset>
          <legend>${t.queuesLabel}</legend>
          ${this.checkboxes(this.queueOptions(), f.queues, (queues) => this.patchForm({ queues }))}
        </fieldset>
        <fieldset aria-describedby=${this.describedBy('languages')}>
          <legend>${t.languagesLabel}</legend>
          ${this.checkboxes(this.languageOptions('user-languages'), f.languages, (languages) =>
            this.patchForm({ languages }),
          )}
          ${this.fieldError('languages')}
        </fieldset>
        ${this.formError ? html`<p class="error-text" role="alert">${this.formError}</p>` : nothing}
        <div class="row">
          <button type="submit" class="primary" ?disabled=${this.adding}>
            ${this.adding ? t.sending : t.addUserSubmit}
          </button>
        </div>
      </form>
    </section>`;
  }

  private renderQueues(): TemplateResult {
    const t = this.t;
    const queues = this.queues;
    return html`<section aria-labelledby="queues-admin-title" data-testid="admin-queues">
      <h2 id="queues-admin-title">${t.queuesAdminTitle}</h2>
      ${
        queues === null
          ? html`<p role="status">${t.loading}</p>`
          : queues.map((q) => this.renderQueue(q))
      }
    </section>`;
  }

  /** The names of these queues in the console's language; none of their own: every queue. */
  private queueNames(ids: string[]): string {
    if (ids.length === 0) return this.t.allQueues;
    return ids
      .map((id) => {
        const queue = (this.queues ?? []).find((q) => q.id === id);
        return queue ? (this.language === 'en' ? queue.name_en : queue.name_nl) : id;
      })
      .join(', ');
  }

  private renderQueue(q: AdminQueue): TemplateResult {
    const t = this.t;
    const d = this.draftOf(q);
    const id = (field: string) => `queue-${q.id}-${field}`;
    const languages = d.languages ?? q.languages;
    return html`<form
      class="card queue-form"
      novalidate
      aria-labelledby=${id('title')}
      @submit=${(e: Event) => this.saveQueue(e, q)}
    >
      <h3 id=${id('title')}>
        ${this.language === 'en' ? q.name_en : q.name_nl}
        <span class="muted">(${t.queueId}: ${q.id})</span>
      </h3>
      <div class="grid-form">
        <div class="field">
          <label for=${id('nl')}>${t.nameNl}</label>
          <input
            id=${id('nl')}
            .value=${d.name_nl ?? q.name_nl}
            @input=${(e: Event) => this.patchQueue(q, { name_nl: (e.target as HTMLInputElement).value })}
          />
        </div>
        <div class="field">
          <label for=${id('en')}>${t.nameEn}</label>
          <input
            id=${id('en')}
            .value=${d.name_en ?? q.name_en}
            @input=${(e: Event) => this.patchQueue(q, { name_en: (e.target as HTMLInputElement).value })}
          />
        </div>
        <div class="field wide">
          <label for=${id('topics')}>${t.topics}</label>
          <input
            id=${id('topics')}
            aria-describedby=${id('topics-hint')}
            .value=${d.topicsText ?? q.topics.join(', ')}
            @input=${(e: Event) => this.patchQueue(q, { topicsText: (e.target as HTMLInputElement).value })}
          />
          <span id=${id('topics-hint')} class="hint-text">${t.topicsHint}</span>
        </div>
        <fieldset>
          <legend>${t.languagesLabel}</legend>
          ${this.checkboxes(this.languageOptions(), languages, (next) =>
            this.patchQueue(q, { languages: next }),
          )}
        </fieldset>
      </div>
      <fieldset class="hours" data-testid="queue-hours">
        <legend>${t.hours}</legend>
        <p id=${id('hours-hint')} class="hint-text">
          ${t.hoursHint.replace('{tz}', q.time_zone ?? 'Europe/Amsterdam')}
        </p>
        <div class="grid-form">
          ${DAYS.map(
            (day) =>
              html`<div class="field">
                <label for=${id(`hours-${day}`)}>${t.day[day] ?? day}</label>
                <input
                  id=${id(`hours-${day}`)}
                  data-day=${day}
                  aria-describedby=${id('hours-hint')}
                  placeholder=${t.closed}
                  .value=${d.hoursText?.[day] ?? (q.hours?.[day] ?? []).join(', ')}
                  @input=${(e: Event) =>
                    this.patchQueue(q, {
                      hoursText: {
                        ...(d.hoursText ?? {}),
                        [day]: (e.target as HTMLInputElement).value,
                      },
                    })}
                />
              </div>`,
          )}
        </div>
        <div class="field wide">
          <label for=${id('holidays')}>${t.holidays}</label>
          <textarea
            id=${id('holidays')}
            rows="4"
            aria-describedby=${id('holidays-hint')}
            .value=${d.holidaysText ?? holidaysText(q.holidays)}
            @input=${(e: Event) =>
              this.patchQueue(q, { holidaysText: (e.target as HTMLTextAreaElement).value })}
          ></textarea>
          <span id=${id('holidays-hint')} class="hint-text">${t.holidaysHint}</span>
        </div>
      </fieldset>
      <button type="submit" class="primary">${t.save}</button>
    </form>`;
  }
}

customElements.define('balie-admin', AdminPage);
