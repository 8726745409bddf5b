// <balie-login>: name and password. A wrong name or password (401) and too many attempts (429,
// with the wait from Retry-After, counted down) each get their own clear message. Fires
// `logged-in` with the staff member on success; the CSRF token stays in the StaffApi.

import { html, nothing, type TemplateResult } from 'lit';
import { property, state } from 'lit/decorators.js';
import { StaffApi, StaffHttpError } from '../shared/staff-client';
import { LightElement } from './base';
import type { Texts } from './i18n';

export class LoginPage extends LightElement {
  @property({ attribute: false }) api!: StaffApi;
  @property({ attribute: false }) t!: Texts;
  /** Why the log-in page is shown again (session ended, logged out), if it is. */
  @property({ attribute: false }) notice = '';

  @state() private name = '';
  @state() private password = '';
  @state() private busy = false;
  @state() private error = '';
  @state() private nameError = '';
  @state() private passwordError = '';
  /** Epoch ms until which log-in is refused (after a 429). */
  @state() private blockedUntil = 0;
  @state() private now = Date.now();

  private timer: ReturnType<typeof setInterval> | undefined;

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    clearInterval(this.timer);
  }

  private get secondsLeft(): number {
    return Math.max(0, Math.ceil((this.blockedUntil - this.now) / 1000));
  }

  private async submit(event: Event): Promise<void> {
    event.preventDefault();
    if (this.busy || this.secondsLeft > 0) return;
    const t = this.t;
    this.nameError = this.name.trim() ? '' : t.required(t.name);
    this.passwordError = this.password ? '' : t.required(t.password);
    if (this.nameError || this.passwordError) {
      this.error = '';
      await this.updateComplete;
      this.querySelector<HTMLElement>(this.nameError ? '#login-name' : '#login-password')?.focus();
      return;
    }
    this.busy = true;
    this.error = '';
    try {
      const answer = await this.api.login(this.name.trim(), this.password);
      this.password = '';
      this.dispatchEvent(new CustomEvent('logged-in', { detail: { staff: answer.staff } }));
    } catch (error) {
      this.password = '';
      if (error instanceof StaffHttpError && error.status === 401) {
        this.error = t.loginWrong;
      } else if (error instanceof StaffHttpError && error.status === 429) {
        const seconds = error.retryAfter ?? 60;
        this.blockedUntil = Date.now() + seconds * 1000;
        this.now = Date.now();
        clearInterval(this.timer);
        this.timer = setInterval(() => {
          this.now = Date.now();
          if (this.secondsLeft === 0) {
            clearInterval(this.timer);
            this.error = '';
          }
        }, 1000);
        // Said once (an alert that changed every second would be read out every second); the
        // button counts down.
        this.error = t.loginLimited(seconds);
      } else {
        this.error = t.loginFailed;
      }
      await this.updateComplete;
      this.querySelector<HTMLElement>('#login-password')?.focus();
    } finally {
      this.busy = false;
    }
  }

  protected override render(): TemplateResult {
    const t = this.t;
    const seconds = this.secondsLeft;
    const errorText = this.error;
    const blocked = seconds > 0;
    return html`
      <section class="login card" aria-labelledby="login-title">
        <h1 id="login-title" tabindex="-1">${t.loginTitle}</h1>
        ${this.notice ? html`<p class="notice" role="status">${this.notice}</p>` : nothing}
        <p>${t.loginIntro}</p>
        <form novalidate @submit=${this.submit} data-testid="login-form">
          <div class="field">
            <label for="login-name">${t.name}</label>
            <input
              id="login-name"
              name="username"
              autocomplete="username"
              autocapitalize="none"
              spellcheck="false"
              required
              aria-required="true"
              aria-invalid=${this.nameError ? 'true' : 'false'}
              aria-describedby=${this.nameError ? 'login-name-error' : nothing}
              .value=${this.name}
              @input=${(e: Event) => {
                this.name = (e.target as HTMLInputElement).value;
                this.nameError = '';
              }}
            />
            ${
              this.nameError
                ? html`<span id="login-name-error" class="error-text">${this.nameError}</span>`
                : nothing
            }
          </div>
          <div class="field">
            <label for="login-password">${t.password}</label>
            <input
              id="login-password"
              name="password"
              type="password"
              autocomplete="current-password"
              required
              aria-required="true"
              aria-invalid=${this.passwordError ? 'true' : 'false'}
              aria-describedby=${this.passwordError ? 'login-password-error' : nothing}
              .value=${this.password}
              @input=${(e: Event) => {
                this.password = (e.target as HTMLInputElement).value;
                this.passwordError = '';
              }}
            />
            ${
              this.passwordError
                ? html`<span id="login-password-error" class="error-text"
                    >${this.passwordError}</span
                  >`
                : nothing
            }
          </div>
          <div class="error-slot" role="alert" data-testid="login-error">
            ${errorText ? html`<p class="error-text">${errorText}</p>` : nothing}
          </div>
          <button type="submit" class="primary" ?disabled=${this.busy || blocked}>
            ${this.busy ? t.loggingIn : blocked ? `${t.logIn} (${seconds} s)` : t.logIn}
          </button>
        </form>
      </section>
    `;
  }
}

customElements.define('balie-login', LoginPage);
