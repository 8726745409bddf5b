// Every text the widget shows, in Dutch and English. The customer reads Balie's own texts (bot
// answers, the status `message`) in the conversation's language; these are the widget's frame
// around them. Dutch is the default; the `Texts` type makes a missing translation a type error.

import type {
  ChoiceEvent,
  ChoiceOption,
  ConversationState,
  Language,
  Register,
  Slot,
} from '../shared/protocol';

export {
  formatClock,
  formatMoment,
  formatSlot,
  localeOf,
  slotsByDay,
  zoneNote,
} from '../shared/format';
export { normalisePhone } from '../shared/phone';

export interface Texts {
  languageName: string;
  switchTo: string;
  launcherOpen: string;
  launcherClose: string;
  unread: (count: number) => string;
  title: string;
  regionLabel: string;
  subtitle: string;
  close: string;
  greeting: string;
  conversationLog: string;
  you: string;
  bot: string;
  agent: (name: string | undefined) => string;
  system: string;
  sending: string;
  notSent: string;
  dismiss: string;
  source: string;
  sources: string;
  /** Above the page a hand-off links (the topic's article): not the source of an answer. */
  related: string;
  newTab: string;
  clarifyOptions: string;
  /** Above a "did you mean"'s buttons, in place of the reply's text (which names them too). */
  clarifyQuestion: string;
  typingBot: string;
  typingAgent: string;
  typingNamed: (name: string) => string;
  inputLabel: string;
  inputHint: string;
  placeholder: string;
  send: string;
  tooLong: (max: number) => string;
  talkToPerson: string;
  personOpen: (queue: string | undefined, until: string | null) => string;
  personClosed: (queue: string | undefined, opensAt: string | null) => string;
  /** Open by the hours, and nobody at work: `from` by the schedule, `elsewhere` a staffed queue. */
  personNobody: (
    queue: string | undefined,
    until: string | null,
    from: string | null,
    elsewhere: string | null,
  ) => string;
  /** Where the widget's times are in another zone than the browser's: which zone. */
  timesIn: (zone: string, city: string) => string;
  otherQueue: (name: string | undefined) => string;
  nobodyNow: string;
  advisorTitle: (name: string) => string;
  advisorState: {
    available: string;
    busy: (wait: string | null) => string;
    away: (backAt: string | null) => string;
    off_duty: (nextShift: string | null) => string;
  };
  advisorOption: {
    advisor: (name: string) => string;
    colleague: string;
    advisor_message: (name: string) => string;
    advisor_callback: (name: string) => string;
  };
  advisorCallbackTitle: (name: string) => string;
  advisorUnavailable: string;
  busy: string;
  connecting: string;
  offline: (seconds: number) => string;
  retryNow: string;
  stateHeading: Record<Exclude<ConversationState, 'bot'>, string>;
  queue: string;
  position: string;
  estimatedWait: string;
  unknownWait: string;
  closedNow: string;
  opensAt: string;
  howToContinue: string;
  changeChoice: string;
  option: Record<ChoiceOption, string>;
  optionHint: Record<ChoiceOption, string>;
  yourChoice: (option: string) => string;
  otherOptions: string;
  recordedHeading: string;
  followUp: string;
  comeBackAt: string;
  callbackTitle: string;
  chooseTime: string;
  loadingSlots: string;
  noSlots: string;
  slotsFailed: string;
  phoneLabel: string;
  phoneHint: string;
  phoneInvalid: string;
  nameLabel: string;
  slotRequired: string;
  bookCallback: string;
  cancel: string;
  callbackBooked: (when: string, phone: string) => string;
  resolved: string;
  newConversation: string;
  handedOff: (queue: string | undefined) => string;
  chose: (option: string) => string;
  choseCallback: (when: string) => string;
  recorded: string;
  recordedOption: (option: string) => string;
  staffBooked: (when: string) => string;
  staffChose: (option: string) => string;
  closedEvent: string;
  errors: {
    bad_field: string;
    too_large: string;
    conflict: string;
    slot_taken: string;
    conversation_lost: string;
    generic: string;
  };
  details: string;
  waitMinutes: (seconds: number) => string;
}

const nl: Texts = {
  languageName: 'Nederlands',
  switchTo: 'Schakel naar Nederlands',
  launcherOpen: 'Chat met ons',
  launcherClose: 'Chat sluiten',
  unread: (n) => (n === 1 ? '1 nieuw bericht' : `${n} nieuwe berichten`),
  title: 'Klantenservice',
  regionLabel: 'Chat met de klantenservice',
  subtitle: 'Digitale assistent, en een medewerker als dat nodig is',
  close: 'Sluiten',
  greeting:
    'Hallo! Ik ben de digitale assistent. Stel uw vraag, dan zoek ik het antwoord op onze website. Wilt u liever een medewerker spreken? Dat kan altijd.',
  conversationLog: 'Gesprek',
  you: 'U',
  bot: 'Digitale assistent',
  agent: (name) => (name ? `${name}, medewerker` : 'Medewerker'),
  system: 'Melding',
  sending: 'Wordt verstuurd…',
  notSent: 'Niet verstuurd',
  dismiss: 'Verbergen',
  source: 'Bron',
  sources: 'Bronnen',
  related: 'Misschien helpt deze pagina alvast',
  newTab: '(opent in een nieuw tabblad)',
  clarifyOptions: 'Kies wat u bedoelt',
  clarifyQuestion: 'Waarover gaat uw vraag? Kies hieronder, of stel uw vraag in een paar woorden.',
  typingBot: 'De assistent zoekt een antwoord…',
  typingAgent: 'De medewerker typt…',
  typingNamed: (name) => `${name} typt…`,
  inputLabel: 'Uw bericht',
  inputHint: 'Enter verstuurt, Shift+Enter begint een nieuwe regel.',
  placeholder: 'Typ uw vraag…',
  send: 'Versturen',
  tooLong: (max) => `Uw bericht is te lang: maximaal ${max} tekens.`,
  talkToPerson: 'Een medewerker spreken',
  personOpen: (queue, until) =>
    `${queue ?? 'De klantenservice'} is nu open${until ? ` tot ${until}` : ''}: er is iemand om u te helpen.`,
  personNobody: (queue, until, from, elsewhere) =>
    `${queue ?? 'De klantenservice'} is open${until ? ` tot ${until}` : ''}, maar er is nu niemand aan het werk${from ? ` (volgens het rooster weer ${from})` : ''}. U kunt uw vraag achterlaten: een medewerker antwoordt dan in dit gesprek.${elsewhere ? ` Bij ${elsewhere} is wel iemand aan het werk.` : ''}`,
  timesIn: (zone, city) => `Alle tijden zijn ${zone} (tijd in ${city}).`,
  otherQueue: (name) => `Chatten met ${name ?? 'een andere afdeling'}`,
  nobodyNow: 'Nu niemand aan het werk',
  personClosed: (queue, opensAt) =>
    `${queue ?? 'De klantenservice'} is nu gesloten${opensAt ? ` en gaat weer open ${opensAt}` : ''}. U kunt uw vraag wel achterlaten of een terugbelafspraak maken.`,
  advisorTitle: (name) => `Uw adviseur: ${name}`,
  advisorState: {
    available: 'Nu beschikbaar',
    busy: (wait) => (wait ? `Nu in gesprek, verwachte wachttijd ${wait}` : 'Nu in gesprek'),
    away: (backAt) => (backAt ? `Afwezig, terug ${backAt}` : 'Afwezig'),
    off_duty: (next) => (next ? `Niet aan het werk, weer aanwezig ${next}` : 'Niet aan het werk'),
  },
  advisorOption: {
    advisor: (name) => `Chatten met ${name}`,
    colleague: 'Een collega spreken',
    advisor_message: (name) => `Bericht voor ${name} achterlaten`,
    advisor_callback: (name) => `${name} laten terugbellen`,
  },
  advisorCallbackTitle: (name) => `Terugbelafspraak met ${name}`,
  advisorUnavailable: 'De gegevens van uw adviseur konden niet worden opgehaald.',
  busy: 'Bezig…',
  connecting: 'Verbinden…',
  offline: (s) =>
    s > 0
      ? `Geen verbinding. Opnieuw proberen over ${s} s. Uw berichten worden dan verstuurd.`
      : 'Geen verbinding. Opnieuw proberen… Uw berichten worden dan verstuurd.',
  retryNow: 'Nu opnieuw proberen',
  stateHeading: {
    waiting: 'U wacht op een medewerker',
    follow_up: 'Uw vraag is achtergelaten',
    callback: 'Terugbelafspraak gemaakt',
    assigned: 'In gesprek met een medewerker',
    resolved: 'Gesprek afgesloten',
  },
  queue: 'Wachtrij',
  position: 'Uw plaats',
  estimatedWait: 'Verwachte wachttijd',
  unknownWait: 'onbekend',
  closedNow: 'Nu gesloten',
  opensAt: 'Gaat open',
  howToContinue: 'Hoe wilt u verder?',
  changeChoice: 'Toch iets anders kiezen?',
  option: {
    wait: 'Blijven wachten',
    leave_message: 'Vraag achterlaten',
    callback: 'Terugbellen',
    advisor_message: 'Bericht aan uw adviseur',
    other_queue: 'Andere afdeling',
  },
  optionHint: {
    wait: 'U blijft in de wachtrij.',
    leave_message: 'Een medewerker antwoordt later in dit gesprek.',
    callback: 'Kies een tijd, wij bellen u.',
    advisor_message: 'Uw adviseur antwoordt later in dit gesprek.',
    other_queue: 'Daar is nu iemand aan het werk.',
  },
  yourChoice: (option) => `Uw keuze: ${option}`,
  otherOptions: 'Liever iets anders?',
  recordedHeading: 'Uw vraag is vastgelegd',
  followUp:
    'Een medewerker antwoordt in dit gesprek. U hoeft niet te wachten: kom later terug, dan staat het antwoord hier.',
  comeBackAt: 'Terugkomen kan op deze pagina, in deze browser:',
  callbackTitle: 'Terugbelafspraak maken',
  chooseTime: 'Kies een tijd',
  loadingSlots: 'Tijden ophalen…',
  noSlots: 'Er zijn nu geen tijden vrij. Kies een andere mogelijkheid.',
  slotsFailed: 'De tijden konden niet worden opgehaald. Probeer het opnieuw.',
  phoneLabel: 'Telefoonnummer',
  phoneHint: 'Bijvoorbeeld 06 12345678 of +31 20 1234567.',
  phoneInvalid: 'Vul een geldig telefoonnummer in, met 10 tot 15 cijfers.',
  nameLabel: 'Naam (niet verplicht)',
  slotRequired: 'Kies een tijd.',
  bookCallback: 'Terugbelafspraak maken',
  cancel: 'Annuleren',
  callbackBooked: (when, phone) => `Wij bellen u ${when} op ${phone}.`,
  resolved: 'Dit gesprek is afgesloten.',
  newConversation: 'Nieuw gesprek beginnen',
  handedOff: (queue) =>
    queue ? `Uw vraag is doorgezet naar ${queue}.` : 'Uw vraag is doorgezet naar een medewerker.',
  chose: (option) => `U koos: ${option.toLowerCase()}.`,
  choseCallback: (when) => `U koos: terugbellen, ${when}.`,
  recorded: 'Uw vraag is vastgelegd; een medewerker antwoordt hier later.',
  recordedOption: (option) => `Vastgelegd: ${option.toLowerCase()}.`,
  staffBooked: (when) => `Een medewerker heeft een terugbelafspraak voor u gemaakt: ${when}.`,
  staffChose: (option) => `Een medewerker koos voor u: ${option.toLowerCase()}.`,
  closedEvent: 'Het gesprek is afgesloten.',
  errors: {
    bad_field: 'Dit bericht kon niet worden verstuurd.',
    too_large: 'Dit bericht is te groot om te versturen.',
    conflict: 'Dat kan nu niet in dit gesprek.',
    slot_taken: 'Die tijd is net door iemand anders gekozen. Kies een andere tijd.',
    conversation_lost:
      'Het eerdere gesprek is niet meer beschikbaar. Uw nieuwe berichten beginnen een nieuw gesprek.',
    generic: 'Er ging iets mis. Probeer het opnieuw.',
  },
  details: 'Details',
  waitMinutes: (s) => {
    if (s < 60) return 'minder dan een minuut';
    const minutes = Math.round(s / 60);
    if (minutes < 60) return minutes === 1 ? 'ongeveer 1 minuut' : `ongeveer ${minutes} minuten`;
    const hours = Math.floor(minutes / 60);
    const rest = minutes % 60;
    return rest === 0 ? `ongeveer ${hours} uur` : `ongeveer ${hours} uur en ${rest} minuten`;
  },
};

/**
 * Dutch for an organisation that says "je" ([organisation] register, from the server): every
 * label that addresses the customer, in the informal register; the rest as in `nl`.
 */
const nlJe: Texts = {
  ...nl,
  greeting:
    'Hallo! Ik ben de digitale assistent. Stel je vraag, dan zoek ik het antwoord op onze website. Wil je liever een medewerker spreken? Dat kan altijd.',
  you: 'Jij',
  clarifyOptions: 'Kies wat je bedoelt',
  clarifyQuestion: 'Waarover gaat je vraag? Kies hieronder, of stel je vraag in een paar woorden.',
  inputLabel: 'Je bericht',
  placeholder: 'Typ je vraag…',
  tooLong: (max) => `Je bericht is te lang: maximaal ${max} tekens.`,
  personOpen: (queue, until) =>
    `${queue ?? 'De klantenservice'} is nu open${until ? ` tot ${until}` : ''}: er is iemand om je te helpen.`,
  personNobody: (queue, until, from, elsewhere) =>
    `${queue ?? 'De klantenservice'} is open${until ? ` tot ${until}` : ''}, maar er is nu niemand aan het werk${from ? ` (volgens het rooster weer ${from})` : ''}. Je kunt je vraag achterlaten: een medewerker antwoordt dan in dit gesprek.${elsewhere ? ` Bij ${elsewhere} is wel iemand aan het werk.` : ''}`,
  personClosed: (queue, opensAt) =>
    `${queue ?? 'De klantenservice'} is nu gesloten${opensAt ? ` en gaat weer open ${opensAt}` : ''}. Je kunt je vraag wel achterlaten of een terugbelafspraak maken.`,
  advisorTitle: (name) => `Jouw adviseur: ${name}`,
  advisorUnavailable: 'De gegevens van je adviseur konden niet worden opgehaald.',
  offline: (s) =>
    s > 0
      ? `Geen verbinding. Opnieuw proberen over ${s} s. Je berichten worden dan verstuurd.`
      : 'Geen verbinding. Opnieuw proberen… Je berichten worden dan verstuurd.',
  stateHeading: {
    ...nl.stateHeading,
    waiting: 'Je wacht op een medewerker',
    follow_up: 'Je vraag is achtergelaten',
  },
  position: 'Jouw plaats',
  howToContinue: 'Hoe wil je verder?',
  option: { ...nl.option, advisor_message: 'Bericht aan je adviseur' },
  optionHint: {
    ...nl.optionHint,
    wait: 'Je blijft in de wachtrij.',
    callback: 'Kies een tijd, wij bellen je.',
    advisor_message: 'Je adviseur antwoordt later in dit gesprek.',
  },
  yourChoice: (option) => `Jouw keuze: ${option}`,
  recordedHeading: 'Je vraag is vastgelegd',
  followUp:
    'Een medewerker antwoordt in dit gesprek. Je hoeft niet te wachten: kom later terug, dan staat het antwoord hier.',
  callbackBooked: (when, phone) => `Wij bellen je ${when} op ${phone}.`,
  handedOff: (queue) =>
    queue ? `Je vraag is doorgezet naar ${queue}.` : 'Je vraag is doorgezet naar een medewerker.',
  chose: (option) => `Je koos: ${option.toLowerCase()}.`,
  choseCallback: (when) => `Je koos: terugbellen, ${when}.`,
  recorded: 'Je vraag is vastgelegd; een medewerker antwoordt hier later.',
  staffBooked: (when) => `Een medewerker heeft een terugbelafspraak voor je gemaakt: ${when}.`,
  staffChose: (option) => `Een medewerker koos voor je: ${option.toLowerCase()}.`,
  errors: {
    ...nl.errors,
    conversation_lost:
      'Het eerdere gesprek is niet meer beschikbaar. Je nieuwe berichten beginnen een nieuw gesprek.',
  },
};

const en: Texts = {
  languageName: 'English',
  switchTo: 'Switch to English',
  launcherOpen: 'Chat with us',
  launcherClose: 'Close chat',
  unread: (n) => (n === 1 ? '1 new message' : `${n} new messages`),
  title: 'Customer service',
  regionLabel: 'Customer service chat',
  subtitle: 'Digital assistant, and a person when you need one',
  close: 'Close',
  greeting:
    'Hello! I am the digital assistant. Ask your question and I will look up the answer on our website. Would you rather talk to a person? You can, at any time.',
  conversationLog: 'Conversation',
  you: 'You',
  bot: 'Digital assistant',
  agent: (name) => (name ? `${name}, staff` : 'Staff member'),
  system: 'Notice',
  sending: 'Sending…',
  notSent: 'Not sent',
  dismiss: 'Dismiss',
  source: 'Source',
  sources: 'Sources',
  related: 'This page may help in the meantime',
  newTab: '(opens in a new tab)',
  clarifyOptions: 'Choose what you mean',
  clarifyQuestion:
    'What is your question about? Choose below, or ask your question in a few words.',
  typingBot: 'The assistant is looking for an answer…',
  typingAgent: 'The staff member is typing…',
  typingNamed: (name) => `${name} is typing…`,
  inputLabel: 'Your message',
  inputHint: 'Enter sends, Shift+Enter starts a new line.',
  placeholder: 'Type your question…',
  send: 'Send',
  tooLong: (max) => `Your message is too long: at most ${max} characters.`,
  talkToPerson: 'Talk to a person',
  personOpen: (queue, until) =>
    `${queue ?? 'Customer service'} is open now${until ? ` until ${until}` : ''}: someone is there to help you.`,
  personNobody: (queue, until, from, elsewhere) =>
    `${queue ?? 'Customer service'} is open${until ? ` until ${until}` : ''}, but nobody is at work right now${from ? ` (by the schedule, someone is back ${from})` : ''}. You can leave your question: a staff member will then reply in this conversation.${elsewhere ? ` ${elsewhere} does have someone at work now.` : ''}`,
  timesIn: (zone, city) => `All times are ${zone} (${city} time).`,
  otherQueue: (name) => `Chat with ${name ?? 'another team'}`,
  nobodyNow: 'Nobody at work now',
  personClosed: (queue, opensAt) =>
    `${queue ?? 'Customer service'} is closed now${opensAt ? ` and opens again ${opensAt}` : ''}. You can still leave your question or book a callback.`,
  advisorTitle: (name) => `Your advisor: ${name}`,
  advisorState: {
    available: 'Available now',
    busy: (wait) =>
      wait ? `In a conversation now, expected wait ${wait}` : 'In a conversation now',
    away: (backAt) => (backAt ? `Away, back ${backAt}` : 'Away'),
    off_duty: (next) => (next ? `Not working now, back ${next}` : 'Not working now'),
  },
  advisorOption: {
    advisor: (name) => `Chat with ${name}`,
    colleague: 'Talk to a colleague',
    advisor_message: (name) => `Leave a message for ${name}`,
    advisor_callback: (name) => `Have ${name} call me back`,
  },
  advisorCallbackTitle: (name) => `Callback with ${name}`,
  advisorUnavailable: 'Your advisor’s details could not be loaded.',
  busy: 'Working…',
  connecting: 'Connecting…',
  offline: (s) =>
    s > 0
      ? `No connection. Trying again in ${s} s. Your messages will be sent then.`
      : 'No connection. Trying again… Your messages will be sent then.',
  retryNow: 'Try again now',
  stateHeading: {
    waiting: 'Waiting for a staff member',
    follow_up: 'Your question has been left',
    callback: 'Callback booked',
    assigned: 'Talking to a staff member',
    resolved: 'Conversation closed',
  },
  queue: 'Queue',
  position: 'Your place',
  estimatedWait: 'Estimated wait',
  unknownWait: 'unknown',
  closedNow: 'Closed now',
  opensAt: 'Opens',
  howToContinue: 'How would you like to continue?',
  changeChoice: 'Would you rather do something else?',
  option: {
    wait: 'Keep waiting',
    leave_message: 'Leave your question',
    callback: 'Book a callback',
    advisor_message: 'Message to your advisor',
    other_queue: 'Another team',
  },
  optionHint: {
    wait: 'You stay in the queue.',
    leave_message: 'A staff member replies later in this conversation.',
    callback: 'Pick a time and we call you.',
    advisor_message: 'Your advisor replies later in this conversation.',
    other_queue: 'Someone is at work there now.',
  },
  yourChoice: (option) => `Your choice: ${option}`,
  otherOptions: 'Would you rather do something else?',
  recordedHeading: 'Your question has been recorded',
  followUp:
    'A staff member will reply in this conversation. No need to wait: come back later and the answer will be here.',
  comeBackAt: 'You can come back on this page, in this browser:',
  callbackTitle: 'Book a callback',
  chooseTime: 'Choose a time',
  loadingSlots: 'Loading times…',
  noSlots: 'No times are free right now. Please choose another option.',
  slotsFailed: 'The times could not be loaded. Please try again.',
  phoneLabel: 'Phone number',
  phoneHint: 'For example +31 6 12345678.',
  phoneInvalid: 'Please enter a valid phone number of 10 to 15 digits.',
  nameLabel: 'Name (optional)',
  slotRequired: 'Please choose a time.',
  bookCallback: 'Book the callback',
  cancel: 'Cancel',
  callbackBooked: (when, phone) => `We will call you ${when} on ${phone}.`,
  resolved: 'This conversation is closed.',
  newConversation: 'Start a new conversation',
  handedOff: (queue) =>
    queue ? `Your question has been passed to ${queue}.` : 'Your question has been passed on.',
  chose: (option) => `You chose: ${option.toLowerCase()}.`,
  choseCallback: (when) => `You chose a callback, ${when}.`,
  recorded: 'Your question has been recorded; a staff member will reply here later.',
  recordedOption: (option) => `Recorded: ${option.toLowerCase()}.`,
  staffBooked: (when) => `A staff member booked a callback for you: ${when}.`,
  staffChose: (option) => `A staff member chose for you: ${option.toLowerCase()}.`,
  closedEvent: 'The conversation was closed.',
  errors: {
    bad_field: 'This message could not be sent.',
    too_large: 'This message is too large to send.',
    conflict: 'That is not possible in this conversation right now.',
    slot_taken: 'Someone else just took that time. Please choose another.',
    conversation_lost:
      'The earlier conversation is no longer available. Your next message starts a new one.',
    generic: 'Something went wrong. Please try again.',
  },
  details: 'Details',
  waitMinutes: (s) => {
    if (s < 60) return 'less than a minute';
    const minutes = Math.round(s / 60);
    if (minutes < 60) return minutes === 1 ? 'about 1 minute' : `about ${minutes} minutes`;
    const hours = Math.floor(minutes / 60);
    const rest = minutes % 60;
    const h = hours === 1 ? '1 hour' : `${hours} hours`;
    return rest === 0 ? `about ${h}` : `about ${h} and ${rest} minutes`;
  },
};

const TEXTS: Record<Language, Texts> = { nl, en };

/** Who made a choice: the customer, a member of staff, or Balie itself (`by` of the event). */
export type ChoiceBy = 'customer' | 'agent' | 'system';

/** Who made the choice of a `choice` event; events of older servers without `by`: its author. */
export function choiceBy(event: Pick<ChoiceEvent, 'author'> & { by?: unknown }): ChoiceBy {
  const by = event.by ?? event.author;
  return by === 'system' || by === 'agent' ? by : 'customer';
}

/** The latest choice in a conversation's events, and who made it; null when none was made. */
export function latestChoice(
  events: readonly { kind: string }[],
): { option: string; by: ChoiceBy } | null {
  for (let i = events.length - 1; i >= 0; i--) {
    const event = events[i]!;
    if (event.kind === 'choice') {
      const choice = event as ChoiceEvent & { by?: unknown };
      return { option: choice.option, by: choiceBy(choice) };
    }
  }
  return null;
}

/**
 * The conversation's line for a choice: what happened, said truthfully. "You chose" only when
 * the customer chose; when Balie recorded the question itself (closed) or staff booked a
 * callback, it says that.
 */
export function choiceLine(
  t: Texts,
  event: ChoiceEvent & { by?: unknown },
  formatWhen: (slot: Slot) => string,
): string {
  const by = choiceBy(event);
  const callback = event.option === 'callback' && event.slot ? event.slot : null;
  const option = t.option[event.option] ?? event.option;
  if (by === 'system') {
    const left = event.option === 'leave_message' || event.option === 'advisor_message';
    return left ? t.recorded : t.recordedOption(option);
  }
  if (by === 'agent') return callback ? t.staffBooked(formatWhen(callback)) : t.staffChose(option);
  if (callback) return t.choseCallback(formatWhen(callback));
  return t.chose(option);
}

/** The widget's texts in `language`; Dutch in the organisation's `register` (default "u"). */
export function texts(language: Language, register: Register = 'u'): Texts {
  return language === 'nl' && register === 'je' ? nlJe : TEXTS[language];
}

/** The widget's language for a page: its `<html lang>` when that is English, else Dutch. */
export function languageOfPage(lang: string | null | undefined): Language {
  return (lang ?? '').trim().toLowerCase().startsWith('en') ? 'en' : 'nl';
}
