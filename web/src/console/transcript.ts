// The transcript as staff see it: every event of the conversation, each marked with who it is
// from. The bot's answers are visibly the bot's (label, badge, decision, confidence, its reasons
// and its source links with the URL written out); internal notes are visibly internal; system
// events (hand-off with its reasons, choices, callbacks, transfers) are said in plain words.
// All text is rendered as text; only http(s) URLs become links.

import { html, nothing, type TemplateResult } from 'lit';
import { formatClock, formatSlot } from '../shared/format';
import { safeHttpUrl } from '../shared/links';
import { messageText } from '../shared/message-text';
import type {
  AgentMessageEvent,
  BotReplyEvent,
  ChoiceEvent,
  CustomerMessageEvent,
  HandoffEvent,
  Language,
} from '../shared/protocol';
import type { DecisionKind, StaffEvent } from '../shared/staff-protocol';
import type { Texts } from './i18n';
import { decisionWhat, queueLabel, type DecisionFields, type QueueNames } from './logic';

/** Fields of events the customer API does not list (notes, transfers, …), read defensively. */
interface LooseEvent {
  seq: number;
  kind: string;
  at: string;
  author: string;
  text?: unknown;
  agent?: unknown;
  queue?: unknown;
  outcome?: unknown;
  reasons?: unknown;
  phone?: unknown;
  by?: unknown;
  language?: unknown;
  retry?: unknown;
  reason?: unknown;
  rule?: unknown;
  needs_approval?: unknown;
  verdict?: unknown;
  stage?: unknown;
}

function nameOf(value: unknown): string | undefined {
  if (typeof value === 'string') return value;
  if (typeof value === 'object' && value !== null) {
    const v = value as { name?: unknown; display_name?: unknown };
    if (typeof v.display_name === 'string') return v.display_name;
    if (typeof v.name === 'string') return v.name;
  }
  return undefined;
}

function strings(value: unknown): string[] {
  return Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string') : [];
}

export function renderLink(
  t: Texts,
  source: { title: string; url: string },
  testid = 'source-link',
): TemplateResult {
  const href = safeHttpUrl(source.url);
  if (!href) return html`<span>${source.title}</span>`;
  return html`<a href=${href} target="_blank" rel="noopener noreferrer" data-testid=${testid}
      >${source.title}<span class="sr-only"> ${t.newTab}</span></a
    >
    <span class="url">${href}</span>`;
}

function time(at: string, language: Language): TemplateResult {
  return html`<time datetime=${at}>${formatClock(at, language)}</time>`;
}

export function renderEvent(
  event: StaffEvent,
  t: Texts,
  language: Language,
  conversationLanguage: Language,
  names: QueueNames = new Map(),
  kinds: readonly DecisionKind[] = [],
): TemplateResult | typeof nothing {
  const loose = event as LooseEvent;
  const queueName = (queue: unknown) => queueLabel(queue, names);
  if (event.text_erased === true) {
    // Retention erased its text (docs/accountability.md): say so, not an empty bubble.
    return html`<li class="system erased" data-testid="erased-event" data-seq=${event.seq}>
      ${t.textErased(event.seq)} ${time(event.at, language)}
    </li>`;
  }
  switch (event.kind) {
    case 'started':
      return html`<li class="system" data-testid="system-event">
        ${t.started(t.languageOf[conversationLanguage] ?? conversationLanguage)}
        ${time(event.at, language)}
      </li>`;
    case 'customer_message': {
      const e = event as CustomerMessageEvent;
      return html`<li class="msg customer" data-testid="customer-message" data-seq=${e.seq}>
        <span class="who">${t.author.customer} ${time(e.at, language)}</span>
        <div class="bubble" lang=${conversationLanguage}><p>${e.text}</p></div>
      </li>`;
    }
    case 'bot_reply':
      return renderBotReply(event as BotReplyEvent, t, language, conversationLanguage);
    case 'agent_message': {
      const e = event as AgentMessageEvent;
      return html`<li class="msg agent" data-testid="agent-message" data-seq=${e.seq}>
        <span class="who">${t.author.agent(e.agent?.name)} ${time(e.at, language)}</span>
        <div class="bubble" lang=${conversationLanguage}>
          <p>${messageText(e.text, t.newTab)}</p>
        </div>
      </li>`;
    }
    case 'note':
    case 'internal_note': {
      const text = typeof loose.text === 'string' ? loose.text : '';
      return html`<li class="msg note" data-testid="internal-note" data-seq=${event.seq}>
        <span class="who"
          >${t.author.note(nameOf(loose.agent))} ${time(event.at, language)}
          <span class="badge internal">${t.internalBadge}</span></span
        >
        <div class="bubble"><p>${text}</p></div>
      </li>`;
    }
    case 'handoff': {
      // Why, in plain words (the engine's own reasons are behind "Details" at the top).
      const e = event as HandoffEvent & { open?: boolean; cause?: unknown };
      const cause =
        typeof e.cause === 'string' && Object.hasOwn(t.handoffCause, e.cause)
          ? t.handoffCause[e.cause]
          : '';
      return html`<li class="system handoff" data-testid="system-event" data-seq=${e.seq}>
        <p><strong>${t.handedOff(queueName(e.queue), e.open)}</strong> ${time(e.at, language)}</p>
        ${cause ? html`<p>${cause}</p>` : nothing}
      </li>`;
    }
    case 'choice': {
      const e = event as ChoiceEvent & { by?: string; phone?: string; option: string };
      const chose =
        e.by === 'system' && (e.option === 'leave_message' || e.option === 'advisor_message')
          ? t.recordedBySystem
          : t.choice(t.choiceOption[e.option] ?? e.option, e.by);
      const slot =
        e.option === 'callback' && e.slot
          ? ` ${t.choiceCallback(formatSlot(e.slot, language), e.phone)}`
          : '';
      return html`<li class="system" data-testid="system-event" data-seq=${e.seq}>
        ${chose}${slot} ${time(e.at, language)}
      </li>`;
    }
    case 'resolved':
      return html`<li class="system" data-testid="system-event" data-seq=${event.seq}>
        ${t.resolvedEvent} ${time(event.at, language)}
      </li>`;
    case 'transferred': {
      // The note that goes with it is an event of its own (kind note), shown as internal.
      const to = nameOf(loose.agent) ?? queueName(loose.queue) ?? '';
      return html`<li class="system" data-testid="system-event" data-seq=${event.seq}>
        ${t.transferredEvent(to)} ${time(event.at, language)}
      </li>`;
    }
    case 'assigned':
      return html`<li class="system" data-testid="system-event" data-seq=${event.seq}>
        ${t.assignedEvent(nameOf(loose.agent) ?? '')} ${time(event.at, language)}
      </li>`;
    case 'agent_joined':
      // The customer read "… helpt u nu verder"; staff read who started.
      return html`<li class="system" data-testid="system-event" data-seq=${event.seq}>
        ${t.joinedEvent(nameOf(loose.agent) ?? '')} ${time(event.at, language)}
      </li>`;
    case 'callback_outcome': {
      const code = typeof loose.outcome === 'string' ? loose.outcome : '';
      const outcome =
        code === 'late' ? t.outcomeLate : (t.outcome[code as keyof Texts['outcome']] ?? code);
      const by = nameOf(loose.agent);
      const retry = loose.retry as { start?: unknown; end?: unknown } | undefined;
      return html`<li class="system" data-testid="system-event" data-seq=${event.seq}>
        ${t.callbackOutcomeEvent(outcome)}${by ? ` (${by})` : ''} ${time(event.at, language)}
        ${
          typeof retry?.start === 'string' && typeof retry.end === 'string'
            ? html`<p>
                ${t.retryAt(formatSlot({ start: retry.start, end: retry.end }, language))}
              </p>`
            : nothing
        }
      </li>`;
    }
    case 'decision': {
      // Staff read who decided what and why; the customer read the text.
      const d = t.decisions;
      const what = decisionWhat(kinds, loose as DecisionFields, language);
      const who = nameOf(loose.by) ?? '';
      return html`<li class="system decision" data-testid="decision-event" data-seq=${event.seq}>
        <p>
          <strong
            >${loose.needs_approval === true ? d.requestEvent(who, what) : d.decisionEvent(who, what)}</strong
          >
          ${time(event.at, language)}
        </p>
        ${typeof loose.reason === 'string' ? html`<p>${d.reasonOf(loose.reason)}</p>` : nothing}
        ${typeof loose.rule === 'string' ? html`<p>${d.ruleOf(loose.rule)}</p>` : nothing}
      </li>`;
    }
    case 'approval': {
      const d = t.decisions;
      const verdict = typeof loose.verdict === 'string' ? loose.verdict : '';
      return html`<li class="system decision" data-testid="approval-event" data-seq=${event.seq}>
        <p>
          <strong>${d.approvalEvent(d.verdict[verdict] ?? verdict, nameOf(loose.by) ?? '')}</strong>
          ${time(event.at, language)}
        </p>
        ${typeof loose.reason === 'string' ? html`<p>${d.reasonOf(loose.reason)}</p>` : nothing}
      </li>`;
    }
    case 'contest': {
      // Staff read the stage and who; the customer read the text (shown here too).
      const c = t.flags.contest;
      const stage = typeof loose.stage === 'string' ? loose.stage : '';
      return html`<li class="system decision" data-testid="contest-event" data-seq=${event.seq}>
        <p>
          <strong>${c.event(c.stage[stage] ?? stage, nameOf(loose.by) ?? '')}</strong>
          ${time(event.at, language)}
        </p>
        ${typeof loose.text === 'string' ? html`<p>${loose.text}</p>` : nothing}
      </li>`;
    }
    default: {
      // A kind this console does not know: say that it happened, with its text if any.
      const text = typeof loose.text === 'string' ? loose.text : '';
      return html`<li class="system" data-testid="system-event" data-seq=${event.seq}>
        ${text || t.otherEvent(event.kind)} ${time(event.at, language)}
      </li>`;
    }
  }
}

function renderBotReply(
  e: BotReplyEvent,
  t: Texts,
  language: Language,
  conversationLanguage: Language,
): TemplateResult {
  const sources = (e.sources ?? []).filter((s) => s && typeof s.title === 'string');
  const clarify = e.decision === 'clarify';
  const decision = t.decision[e.decision] ?? e.decision;
  const lang = e.language === 'nl' || e.language === 'en' ? e.language : conversationLanguage;
  return html`<li class="msg bot" data-testid="bot-message" data-seq=${e.seq}>
    <span class="who"
      ><span class="badge bot">${t.botBadge}</span> ${t.author.bot} ·
      ${decision}${
        typeof e.confidence === 'number' ? html` · ${t.confidence(e.confidence)}` : nothing
      }
      ${time(e.at, language)}</span
    >
    <div class="bubble" lang=${lang}>
      ${e.heading ? html`<strong>${e.heading}</strong>` : nothing}
      <p>${e.text}</p>
      ${
        sources.length > 0
          ? html`<div class="sources" data-testid="bot-sources">
              <span
                >${clarify ? t.optionsOffered : sources.length === 1 ? t.source : t.sources}:</span
              >
              <ul>
                ${sources.map((s) => html`<li>${renderLink(t, s)}</li>`)}
              </ul>
            </div>`
          : nothing
      }
      ${
        e.reasons && e.reasons.length > 0 && e.decision === 'clarify'
          ? html`<details class="engine-details">
              <summary>${t.engineDetails}</summary>
              <ul lang="en">
                ${strings(e.reasons).map((r) => html`<li>${r}</li>`)}
              </ul>
            </details>`
          : nothing
      }
    </div>
  </li>`;
}
