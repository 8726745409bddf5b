// Every text of the agent console, in Dutch and English. Dutch is the default; the `Texts` type
// makes a missing translation a type error. Texts from Balie itself (the customer's messages,
// the bot's answers, hand-off reasons) are shown as they come, in the conversation's language.

import type { ConversationState, Language } from '../shared/protocol';
import type { CallbackOutcome, InboxItem, PresenceState, Role } from '../shared/staff-protocol';

export interface Texts {
  languageName: string;
  switchTo: string;
  product: string;
  skipToContent: string;
  loading: string;
  // Log-in
  loginTitle: string;
  loginIntro: string;
  name: string;
  password: string;
  logIn: string;
  loggingIn: string;
  loginWrong: string;
  loginLimited: (seconds: number | null) => string;
  loginFailed: string;
  sessionEnded: string;
  loggedOut: string;
  logOut: string;
  // Navigation and page titles
  mainNav: string;
  navInbox: string;
  navSupervisor: string;
  navAdmin: string;
  signedInAs: (name: string, role: string) => string;
  role: Record<Role, string>;
  // Connection
  connecting: string;
  offline: (seconds: number) => string;
  retryNow: string;
  // Presence
  presenceLabel: string;
  presence: Record<PresenceState, string>;
  presenceChats: (chats: number, capacity: number) => string;
  backAt: (time: string) => string;
  setAway: string;
  setAvailable: string;
  backAtLabel: string;
  backAtHint: string;
  presenceNotConnected: string;
  // Inbox
  inbox: string;
  waiting: string;
  mine: string;
  callbacksDue: string;
  emptyWaiting: string;
  emptyMine: string;
  emptyCallbacks: string;
  waitingFor: string;
  callbackAt: (when: string) => string;
  assignedTo: (name: string) => string;
  priority: (n: number) => string;
  languageOf: Record<Language, string>;
  assignedNotice: (queue: string, reason: string) => string;
  assignedMany: (count: number) => string;
  openFirst: string;
  open: string;
  dismiss: string;
  noConversation: string;
  noConversationHint: string;
  // Conversation
  conversation: string;
  conversationWith: (ref: string | null) => string;
  state: Record<ConversationState, string>;
  queue: string;
  customer: string;
  anonymous: string;
  handoffReason: string;
  noReason: string;
  /** The disclosure with the engine's own reasons (its scores, in English). */
  engineDetails: string;
  engineDetailsHint: string;
  /** Why a person is needed, by InboxItem.reason_code. */
  handoffCause: Record<string, string>;
  transcript: string;
  author: {
    customer: string;
    bot: string;
    agent: (name: string | undefined) => string;
    note: (name: string | undefined) => string;
    system: string;
  };
  botBadge: string;
  internalBadge: string;
  decision: Record<'answer' | 'clarify' | 'handoff' | 'decline', string>;
  confidence: (share: number) => string;
  botReasons: string;
  source: string;
  sources: string;
  optionsOffered: string;
  newTab: string;
  started: (language: string) => string;
  handedOff: (queue: string | undefined, open: boolean | undefined) => string;
  reasons: string;
  choice: (option: string, by: string | undefined) => string;
  /** Balie kept the question for a reply later itself (the queue was closed). */
  recordedBySystem: string;
  choiceOption: Record<string, string>;
  choiceCallback: (when: string, phone: string | undefined) => string;
  resolvedEvent: string;
  transferredEvent: (to: string) => string;
  assignedEvent: (to: string) => string;
  joinedEvent: (who: string) => string;
  callbackOutcomeEvent: (outcome: string) => string;
  otherEvent: (kind: string) => string;
  customerTyping: string;
  earlier: string;
  noEarlier: string;
  loadFailed: string;
  notFound: string;
  retry: string;
  // Suggestions
  suggestions: string;
  suggestionsFor: string;
  noSuggestions: string;
  searchKnowledge: string;
  searchLabel: string;
  search: string;
  searching: string;
  insert: (title: string) => string;
  insertButton: string;
  inserted: string;
  flagWrong: (title: string) => string;
  flagWrongButton: string;
  flagMissing: string;
  flagNote: string;
  flagSend: string;
  flagSent: string;
  flagNoteRequired: string;
  // Composer
  compose: string;
  kind: string;
  kindReply: string;
  kindNote: string;
  replyLabel: string;
  noteLabel: string;
  replyHint: string;
  noteHint: string;
  sendReply: string;
  saveNote: string;
  sending: string;
  tooLong: (max: number) => string;
  notAssigned: string;
  // Actions
  actions: string;
  transfer: string;
  transferTo: string;
  toQueue: string;
  toAgent: string;
  chooseQueue: string;
  chooseAgent: string;
  transferNote: string;
  transferSubmit: string;
  transferDone: string;
  transferPick: string;
  resolve: string;
  resolveConfirm: string;
  resolveDone: string;
  bookCallback: string;
  chooseTime: string;
  noSlots: string;
  loadingSlots: string;
  phone: string;
  phoneHint: string;
  phoneInvalid: string;
  slotRequired: string;
  bookSubmit: string;
  callbackBooked: (when: string) => string;
  callbackOutcome: string;
  outcome: Record<CallbackOutcome, string>;
  outcomeNote: string;
  outcomeLate: string;
  retryAt: (slot: string) => string;
  outcomeSubmit: string;
  outcomeDone: string;
  assign: string;
  assignSubmit: string;
  assignDone: (name: string) => string;
  cancel: string;
  // Errors
  errors: {
    conflict: string;
    forbidden: string;
    not_found: string;
    bad_request: string;
    rate_limited: (seconds: number | null) => string;
    network: string;
    generic: string;
  };
  // Supervisor
  supervisorTitle: string;
  queuesTitle: string;
  /** The alarm of a queue open by its hours with nobody on duty; `since` a time, if known. */
  nobodyOnDuty: (queue: string, since: string | null, waiting: number) => string;
  queueCol: string;
  openCol: string;
  waitingCol: string;
  oldestCol: string;
  /** The line now, and the questions left for a reply (with the oldest one's wait). */
  waitingAndLeft: (waiting: number, left: number) => string;
  oldestLeft: (duration: string) => string;
  estimateCol: string;
  agentsCol: string;
  callbacksCol: string;
  callbacksBooked: (booked: number, overdue: number) => string;
  serviceLevelCol: string;
  yes: string;
  no: string;
  unknown: string;
  serviceLevel: (share: number | null, within: number, answered: number, target: number) => string;
  agentsTitle: string;
  agentCol: string;
  stateCol: string;
  chatsCol: string;
  queuesCol: string;
  noAgents: string;
  reassignTitle: string;
  reassignConversation: string;
  /** A conversation in the supervisor's list: its queue, `where` (waitingFor or withAgent), why. */
  conversationOption: (queue: string, where: string, reason: string) => string;
  waitsFor: (wait: string) => string;
  withAgent: (name: string) => string;
  noConversations: string;
  flagsTitle: string;
  flagKind: Record<'wrong' | 'missing', string>;
  kindCol: string;
  articleCol: string;
  noteCol: string;
  byCol: string;
  atCol: string;
  noFlags: string;
  refresh: string;
  // Admin
  adminTitle: string;
  usersTitle: string;
  userName: string;
  displayName: string;
  roleLabel: string;
  queuesLabel: string;
  languagesLabel: string;
  languageLabel: string;
  capacityLabel: string;
  statusCol: string;
  active: string;
  disabled: string;
  disable: (name: string) => string;
  enable: (name: string) => string;
  resetPassword: (name: string) => string;
  editUser: (name: string) => string;
  newPassword: string;
  passwordHint: string;
  savePassword: string;
  passwordSaved: (name: string) => string;
  addUser: string;
  addUserSubmit: string;
  userAdded: (name: string) => string;
  userChanged: (name: string) => string;
  required: (field: string) => string;
  queuesAdminTitle: string;
  queueId: string;
  nameNl: string;
  nameEn: string;
  topics: string;
  topicsHint: string;
  hours: string;
  save: string;
  saved: (name: string) => string;
  day: Record<string, string>;
  closed: string;
  hoursHint: string;
  holidays: string;
  holidaysHint: string;
  /** A user with no queues of their own serves every queue. */
  allQueues: string;
  /** Room for judgement: decisions for customers, requests for approval (four-eyes). */
  decisions: DecisionTexts;
  /** Flags about customers: signals to check, with their facts. */
  flags: FlagTexts;
  /** An event whose text retention erased. */
  textErased: (seq: number) => string;
}

export interface FlagTexts {
  title: string;
  intro: string;
  none: string;
  status: Record<string, string>;
  severity: Record<string, string>;
  severityLabel: string;
  raisedBy: (who: string, when: string) => string;
  expires: (when: string) => string;
  reasonOf: (reason: string) => string;
  facts: string;
  eventFact: (seq: number) => string;
  documentFact: (reference: string) => string;
  change: (status: string, who: string, when: string, reason: string) => string;
  changeReason: string;
  confirm: string;
  dismiss: string;
  ownFlag: string;
  raise: string;
  kind: string;
  messages: string;
  messagesHint: string;
  factDescription: string;
  document: string;
  documentHint: string;
  reason: string;
  reasonHint: string;
  lifetime: string;
  days: (n: number) => string;
  submit: string;
  needFacts: string;
  needDescription: string;
  needReason: string;
  raised: string;
  changed: string;
  inactive: (n: number) => string;
  contest: {
    heading: string;
    received: (who: string, when: string) => string;
    words: (words: string) => string;
    wordsErased: string;
    stage: Record<string, string>;
    reviewed: (outcome: string, who: string, when: string, reason: string) => string;
    record: string;
    wordsLabel: string;
    wordsHint: string;
    submit: string;
    needWords: string;
    recorded: string;
    involved: string;
    reviewTitle: string;
    reviewReason: string;
    reviewHint: string;
    uphold: string;
    reject: string;
    needReason: string;
    done: string;
    inboxTitle: string;
    inboxItem: (kind: string) => string;
    event: (stage: string, who: string) => string;
  };
}

export interface DecisionTexts {
  title: string;
  record: string;
  which: string;
  amountEuro: string;
  amountDays: string;
  amountHint: string;
  amountInvalid: string;
  reason: string;
  reasonHint: string;
  reasonRequired: string;
  rule: string;
  ruleHint: string;
  /** Within the mandate (`limit` in words) or above it. */
  within: (limit: string) => string;
  above: (limit: string) => string;
  noMandate: string;
  /** An adverse step (it harms the customer) above one's own mandate: not theirs to take. */
  adverseNoMandate: string;
  fourEyes: string;
  adverseMark: string;
  submit: string;
  recorded: string;
  requested: string;
  none: string;
  /** An open request in the conversation. */
  waitingTitle: string;
  requestBy: (who: string, what: string) => string;
  expiresAt: (time: string) => string;
  ruleOf: (rule: string) => string;
  reasonOf: (reason: string) => string;
  ownRequest: string;
  notYours: string;
  answerReason: string;
  answerHint: string;
  approve: string;
  refuse: string;
  ask: string;
  answered: string;
  /** Transcript lines. */
  decisionEvent: (who: string, what: string) => string;
  requestEvent: (who: string, what: string) => string;
  approvalEvent: (verdict: string, who: string) => string;
  verdict: Record<string, string>;
  /** The inbox's list of requests waiting for me. */
  inboxTitle: string;
  inboxEmpty: string;
  inboxItem: (who: string, what: string) => string;
  /** The supervisor's report. */
  reportTitle: string;
  reportIntro: string;
  reportEmpty: string;
  columns: {
    decision: string;
    rule: string;
    queue: string;
    taken: string;
    requested: string;
    approved: string;
    refused: string;
    expired: string;
    waiting: string;
    median: string;
  };
}

const nl: Texts = {
  languageName: 'Nederlands',
  switchTo: 'Schakel naar Nederlands',
  product: 'Balie',
  skipToContent: 'Naar de inhoud',
  loading: 'Laden…',
  loginTitle: 'Inloggen bij Balie',
  loginIntro: 'Log in met de naam en het wachtwoord van uw Balie-account.',
  name: 'Naam',
  password: 'Wachtwoord',
  logIn: 'Inloggen',
  loggingIn: 'Bezig met inloggen…',
  loginWrong:
    'Naam of wachtwoord klopt niet, of het account is uitgeschakeld. Controleer ze en probeer het opnieuw.',
  loginLimited: (s) =>
    s !== null
      ? `Te veel pogingen. Probeer het over ${s} ${s === 1 ? 'seconde' : 'seconden'} opnieuw.`
      : 'Te veel pogingen. Probeer het over een minuut opnieuw.',
  loginFailed: 'Inloggen lukt nu niet: Balie is niet bereikbaar. Probeer het zo opnieuw.',
  sessionEnded: 'Uw sessie is verlopen of beëindigd. Log opnieuw in.',
  loggedOut: 'U bent uitgelogd.',
  logOut: 'Uitloggen',
  mainNav: 'Hoofdmenu',
  navInbox: 'Inbox',
  navSupervisor: 'Overzicht',
  navAdmin: 'Beheer',
  signedInAs: (name, role) => `Ingelogd als ${name} (${role})`,
  role: { agent: 'medewerker', supervisor: 'teamleider', admin: 'beheerder' },
  connecting: 'Verbinden met Balie…',
  offline: (s) =>
    s > 0
      ? `Geen live verbinding. Opnieuw proberen over ${s} s.`
      : 'Geen live verbinding. Opnieuw proberen…',
  retryNow: 'Nu opnieuw verbinden',
  presenceLabel: 'Uw status',
  presence: {
    available: 'Beschikbaar',
    busy: 'Bezet',
    away: 'Afwezig',
    offline: 'Offline',
  },
  presenceChats: (c, cap) => `${c} van ${cap} gesprekken`,
  backAt: (time) => `terug om ${time}`,
  setAway: 'Afwezig melden',
  setAvailable: 'Beschikbaar melden',
  backAtLabel: 'Terug om (niet verplicht)',
  backAtHint: 'Tijd vandaag, bijvoorbeeld 14:30.',
  presenceNotConnected: 'Uw status kan alleen worden gewijzigd met een live verbinding.',
  inbox: 'Inbox',
  waiting: 'Wachtend',
  mine: 'Aan mij toegewezen',
  callbacksDue: 'Terugbellen',
  emptyWaiting: 'Niemand wacht.',
  emptyMine: 'U heeft geen gesprekken.',
  emptyCallbacks: 'Geen terugbelafspraken die nu aan de beurt zijn.',
  waitingFor: 'Wacht',
  callbackAt: (when) => `Terugbellen ${when}`,
  assignedTo: (name) => `Bij ${name}`,
  priority: (n) => `Prioriteit ${n}`,
  languageOf: { nl: 'Nederlands', en: 'Engels' },
  assignedNotice: (queue, reason) =>
    `Nieuw gesprek aan u toegewezen${queue ? ` (${queue})` : ''}${reason ? `: ${reason}` : '.'}`,
  open: 'Openen',
  openFirst: 'Eerste openen',
  assignedMany: (n) =>
    `${n} nieuwe gesprekken aan u toegewezen. Ze staan in uw inbox onder "Aan mij toegewezen".`,
  dismiss: 'Sluiten',
  noConversation: 'Geen gesprek geopend',
  noConversationHint: 'Kies links een gesprek uit de inbox.',
  conversation: 'Gesprek',
  conversationWith: (ref) => (ref ? `Gesprek met klant ${ref}` : 'Gesprek met een klant'),
  state: {
    bot: 'Bij de digitale assistent',
    waiting: 'Wacht op een medewerker',
    follow_up: 'Vraag achtergelaten',
    callback: 'Terugbelafspraak',
    assigned: 'Toegewezen',
    resolved: 'Afgesloten',
  },
  queue: 'Wachtrij',
  customer: 'Klant',
  anonymous: 'onbekend (anoniem)',
  handoffReason: 'Waarom een medewerker',
  noReason: 'Geen reden opgegeven.',
  engineDetails: 'Details',
  engineDetailsHint: 'Wat de bot heeft gemeten (technisch, in het Engels):',
  handoffCause: {
    asked_for_person: 'De klant vroeg de bot om een medewerker.',
    customer_request: 'De klant koos voor een medewerker.',
    advisor_request: 'De klant vroeg naar de eigen adviseur.',
    upset: 'De klant lijkt boos of van streek.',
    always_person: 'Dit onderwerp gaat altijd naar een medewerker.',
    out_of_scope: 'De vraag past bij geen van de artikelen.',
    no_match: 'Geen artikel beantwoordt de vraag goed genoeg.',
    not_covered: 'De vraag gaat over een product of dienst waar geen artikel over is.',
    engine_failed: 'De bot kon de vraag niet verwerken (storing).',
    transferred: 'Doorverbonden door een collega.',
  },
  transcript: 'Gespreksverloop',
  author: {
    customer: 'Klant',
    bot: 'Digitale assistent',
    agent: (name) => (name ? `${name} (medewerker)` : 'Medewerker'),
    note: (name) => (name ? `Interne notitie van ${name}` : 'Interne notitie'),
    system: 'Balie',
  },
  botBadge: 'Bot',
  internalBadge: 'Intern, niet zichtbaar voor de klant',
  decision: {
    answer: 'antwoord',
    clarify: 'vraagt door',
    handoff: 'doorgezet',
    decline: 'buiten onderwerp',
  },
  confidence: (share) => `zekerheid ${Math.round(share * 100)}%`,
  botReasons: 'Waarom',
  source: 'Bron',
  sources: 'Bronnen',
  optionsOffered: 'Aangeboden keuzes',
  newTab: '(opent in een nieuw tabblad)',
  started: (language) => `Gesprek begonnen (${language}).`,
  handedOff: (queue, open) =>
    `Doorgezet naar ${queue ?? 'een medewerker'}${open === false ? ' (buiten openingstijden)' : ''}.`,
  reasons: 'Redenen',
  choice: (option, by) =>
    by === 'system'
      ? `Balie koos: ${option}.`
      : by === 'agent'
        ? `Een medewerker koos: ${option}.`
        : `De klant koos: ${option}.`,
  recordedBySystem:
    'Balie heeft de vraag vastgelegd (de wachtrij was gesloten); de klant krijgt hier later antwoord.',
  choiceOption: {
    wait: 'blijven wachten',
    leave_message: 'vraag achterlaten',
    callback: 'terugbellen',
    advisor_message: 'bericht aan de adviseur',
  },
  choiceCallback: (when, phone) => `Terugbellen ${when}${phone ? ` op ${phone}` : ''}.`,
  resolvedEvent: 'Gesprek afgesloten.',
  transferredEvent: (to) => `Overgedragen aan ${to}.`,
  assignedEvent: (to) => `Toegewezen aan ${to}.`,
  joinedEvent: (who) => `${who} is begonnen; de klant leest dat ${who} nu helpt.`,
  callbackOutcomeEvent: (outcome) => `Terugbellen: ${outcome}.`,
  otherEvent: (kind) => `Gebeurtenis: ${kind}.`,
  customerTyping: 'De klant typt…',
  earlier: 'Eerdere gesprekken van deze klant',
  noEarlier: 'Geen eerdere gesprekken bekend.',
  loadFailed: 'Het gesprek kon niet worden geladen.',
  notFound: 'Dit gesprek bestaat niet (meer).',
  retry: 'Opnieuw proberen',
  suggestions: 'Kennis',
  suggestionsFor: 'Suggesties bij de laatste vraag',
  noSuggestions: 'Geen suggesties gevonden.',
  searchKnowledge: 'Zoeken in de kennisbank',
  searchLabel: 'Zoekterm',
  search: 'Zoeken',
  searching: 'Zoeken…',
  insert: (title) => `Invoegen in antwoord: ${title}`,
  insertButton: 'Invoegen',
  inserted: 'Tekst en link ingevoegd in het antwoord.',
  flagWrong: (title) => `Melden als onjuist: ${title}`,
  flagWrongButton: 'Onjuist melden',
  flagMissing: 'Ontbrekende kennis melden',
  flagNote: 'Wat klopt er niet of wat ontbreekt?',
  flagSend: 'Melding versturen',
  flagSent: 'Bedankt, de melding is verstuurd naar de teamleiders.',
  flagNoteRequired: 'Schrijf kort wat er niet klopt of ontbreekt.',
  compose: 'Reageren',
  kind: 'Soort bericht',
  kindReply: 'Antwoord aan de klant',
  kindNote: 'Interne notitie',
  replyLabel: 'Uw antwoord aan de klant',
  noteLabel: 'Interne notitie (de klant ziet dit niet)',
  replyHint: 'Ctrl+Enter verstuurt.',
  noteHint: 'Alleen collega’s zien deze notitie. Ctrl+Enter slaat op.',
  sendReply: 'Versturen',
  saveNote: 'Notitie opslaan',
  sending: 'Bezig…',
  tooLong: (max) => `Te lang: maximaal ${max} tekens.`,
  notAssigned:
    'Dit gesprek is niet aan u toegewezen: u kunt meelezen en notities maken, maar niet antwoorden.',
  actions: 'Acties',
  transfer: 'Overdragen',
  transferTo: 'Overdragen aan',
  toQueue: 'Een wachtrij',
  toAgent: 'Een collega',
  chooseQueue: 'Wachtrij',
  chooseAgent: 'Collega',
  transferNote: 'Notitie voor de collega (niet verplicht)',
  transferSubmit: 'Overdragen',
  transferDone: 'Het gesprek is overgedragen.',
  transferPick: 'Kies een wachtrij of een collega.',
  resolve: 'Afsluiten',
  resolveConfirm: 'Gesprek afsluiten',
  resolveDone: 'Het gesprek is afgesloten.',
  bookCallback: 'Terugbelafspraak maken',
  chooseTime: 'Kies een tijd',
  noSlots: 'Er zijn geen tijden vrij.',
  loadingSlots: 'Tijden ophalen…',
  phone: 'Telefoonnummer van de klant',
  phoneHint: 'Bijvoorbeeld 06 12345678.',
  phoneInvalid: 'Vul een geldig telefoonnummer in, met 10 tot 15 cijfers.',
  slotRequired: 'Kies een tijd.',
  bookSubmit: 'Afspraak maken',
  callbackBooked: (when) => `Terugbelafspraak gemaakt: ${when}.`,
  callbackOutcome: 'Uitkomst van het terugbellen',
  outcome: {
    reached: 'Klant gesproken',
    no_answer: 'Geen gehoor (opnieuw proberen)',
    wrong_number: 'Verkeerd nummer',
  },
  outcomeNote: 'Notitie (niet verplicht)',
  outcomeLate: 'niet op tijd gebeld',
  retryAt: (slot) => `Nieuwe poging: ${slot}.`,
  outcomeSubmit: 'Uitkomst vastleggen',
  outcomeDone: 'De uitkomst is vastgelegd.',
  assign: 'Toewijzen aan een medewerker',
  assignSubmit: 'Toewijzen',
  assignDone: (name) => `Toegewezen aan ${name}.`,
  cancel: 'Annuleren',
  errors: {
    conflict: 'Dat kan nu niet: het gesprek is intussen veranderd (of niet aan u toegewezen).',
    forbidden: 'U heeft hiervoor geen rechten.',
    not_found: 'Niet gevonden: misschien bestaat het niet meer.',
    bad_request: 'Balie weigerde dit:',
    rate_limited: (s) =>
      s !== null
        ? `Even te veel tegelijk. Probeer het over ${s} s opnieuw.`
        : 'Even te veel tegelijk. Probeer het zo opnieuw.',
    network: 'Geen verbinding met Balie. Probeer het opnieuw.',
    generic: 'Er ging iets mis. Probeer het opnieuw.',
  },
  supervisorTitle: 'Overzicht',
  queuesTitle: 'Wachtrijen',
  nobodyOnDuty: (queue, since, waiting) =>
    `${queue} is open, maar er is niemand aan het werk${since ? ` (sinds ${since})` : ''}. Klanten die naar een medewerker vragen, laten hun vraag achter${waiting > 0 ? `; ${waiting} ${waiting === 1 ? 'vraag wacht' : 'vragen wachten'} op antwoord` : ''}.`,
  queueCol: 'Wachtrij',
  openCol: 'Open',
  waitingCol: 'Wachtend',
  oldestCol: 'Langst wachtend',
  waitingAndLeft: (waiting, left) =>
    left > 0 ? `${waiting} in de rij, ${left} achtergelaten` : `${waiting} in de rij`,
  oldestLeft: (duration) => `achtergelaten: ${duration}`,
  estimateCol: 'Verwachte wachttijd',
  agentsCol: 'Medewerkers aanwezig',
  callbacksCol: 'Terugbelafspraken',
  callbacksBooked: (booked, overdue) =>
    booked === 0
      ? 'geen'
      : `${booked} gepland` + (overdue > 0 ? `, ${overdue} niet gebeld op tijd` : ''),
  serviceLevelCol: 'Servicelevel vandaag',
  yes: 'ja',
  no: 'nee',
  unknown: 'onbekend',
  serviceLevel: (share, within, answered, target) =>
    answered === 0
      ? `nog niets beantwoord (doel ${target} s)`
      : `${share !== null ? Math.round(share * 100) : Math.round((within / answered) * 100)}% binnen ${target} s (${within} van ${answered})`,
  agentsTitle: 'Medewerkers',
  agentCol: 'Medewerker',
  stateCol: 'Status',
  chatsCol: 'Gesprekken',
  queuesCol: 'Wachtrijen',
  noAgents: 'Geen medewerkers.',
  reassignTitle: 'Gesprek toewijzen',
  reassignConversation: 'Gesprek',
  conversationOption: (queue, where, reason) => `${queue}, ${where}${reason ? `: ${reason}` : ''}`,
  waitsFor: (wait) => `wacht ${wait}`,
  withAgent: (name) => `bij ${name}`,
  noConversations: 'Geen gesprekken om toe te wijzen.',
  flagsTitle: 'Meldingen over de kennisbank',
  flagKind: { wrong: 'onjuist', missing: 'ontbreekt' },
  kindCol: 'Soort',
  articleCol: 'Artikel',
  noteCol: 'Toelichting',
  byCol: 'Door',
  atCol: 'Wanneer',
  noFlags: 'Geen meldingen.',
  refresh: 'Vernieuwen',
  adminTitle: 'Beheer',
  usersTitle: 'Gebruikers',
  userName: 'Inlognaam',
  displayName: 'Weergavenaam',
  roleLabel: 'Rol',
  queuesLabel: 'Wachtrijen',
  languagesLabel: 'Talen',
  languageLabel: 'Taal',
  capacityLabel: 'Gesprekken tegelijk',
  statusCol: 'Account',
  active: 'actief',
  disabled: 'uitgeschakeld',
  disable: (name) => `${name} uitschakelen`,
  enable: (name) => `${name} inschakelen`,
  resetPassword: (name) => `Nieuw wachtwoord voor ${name}`,
  editUser: (name) => `Wijzig ${name}`,
  newPassword: 'Nieuw wachtwoord',
  passwordHint:
    'Minstens 10 tekens en moeilijk te raden: bijvoorbeeld een zin van vier of meer ongewone woorden. Niet de naam, geen reeks als 123456.',
  savePassword: 'Wachtwoord opslaan',
  passwordSaved: (name) => `Het wachtwoord van ${name} is gewijzigd.`,
  addUser: 'Gebruiker toevoegen',
  addUserSubmit: 'Toevoegen',
  userAdded: (name) => `${name} is toegevoegd.`,
  userChanged: (name) => `${name} is bijgewerkt.`,
  required: (field) => `${field} is verplicht.`,
  queuesAdminTitle: 'Wachtrijen',
  queueId: 'Code',
  nameNl: 'Naam (Nederlands)',
  nameEn: 'Naam (Engels)',
  topics: 'Onderwerpen',
  topicsHint: 'Gescheiden door komma’s.',
  hours: 'Openingstijden',
  save: 'Opslaan',
  saved: (name) => `${name} is opgeslagen.`,
  day: {
    monday: 'ma',
    tuesday: 'di',
    wednesday: 'wo',
    thursday: 'do',
    friday: 'vr',
    saturday: 'za',
    sunday: 'zo',
  },
  closed: 'gesloten',
  hoursHint:
    'Per dag de tijden, gescheiden door komma’s (bijv. 08:00-12:00, 13:00-17:00); leeg is gesloten. Tijd: {tz}.',
  holidays: 'Feestdagen en afwijkende dagen',
  holidaysHint:
    'Eén datum per regel: 2026-12-25 (de hele dag gesloten) of 2026-12-24 08:00-17:00 (alleen die tijden open).',
  allQueues: 'alle wachtrijen',
  decisions: {
    title: 'Besluiten voor de klant',
    record: 'Besluit vastleggen',
    which: 'Besluit',
    amountEuro: 'Bedrag in euro',
    amountDays: 'Aantal dagen',
    amountHint: 'Binnen uw mandaat gaat het meteen in; daarboven keurt een collega het goed.',
    amountInvalid: 'Vul een bedrag of aantal groter dan 0 in.',
    reason: 'Reden, in uw eigen woorden',
    reasonHint: 'Voor collega’s en de controle achteraf; de klant leest dit niet.',
    reasonRequired: 'Schrijf kort waarom.',
    rule: 'Regel waarvan u afwijkt',
    ruleHint: 'Leeg: de regel die bij dit besluit hoort.',
    within: (limit) => `Binnen uw mandaat (tot ${limit}): het gaat meteen in.`,
    above: (limit) =>
      `Boven uw mandaat (tot ${limit}): een collega met een groter mandaat moet het goedkeuren.`,
    noMandate: 'U hebt hiervoor geen eigen mandaat: een collega moet het goedkeuren.',
    adverseNoMandate:
      'Deze stap benadeelt de klant: alleen wie er zelf mandaat voor heeft, mag hem zetten. U hebt dat mandaat niet; vraag een collega die het wel heeft.',
    fourEyes: 'Deze stap vraagt altijd ook de goedkeuring van een collega.',
    adverseMark: 'benadeelt de klant',
    submit: 'Besluit vastleggen',
    recorded: 'Het besluit is vastgelegd en de klant is het verteld.',
    requested: 'Goedkeuring gevraagd; de klant hoort wanneer er een besluit is.',
    none: 'Er zijn geen besluiten ingesteld.',
    waitingTitle: 'Wacht op goedkeuring',
    requestBy: (who, what) => `${who} vraagt: ${what}`,
    expiresAt: (time) => `Vervalt ${time} als niemand beslist.`,
    ruleOf: (rule) => `Wijkt af van: ${rule}`,
    reasonOf: (reason) => `Reden: ${reason}`,
    ownRequest: 'Uw eigen verzoek: een collega met mandaat beslist.',
    notYours: 'Uw mandaat dekt dit niet: een collega met een groter mandaat beslist.',
    answerReason: 'Uw reden of vraag',
    answerHint: 'Bij afwijzen leest de klant deze reden. Een vraag gaat alleen naar de aanvrager.',
    approve: 'Goedkeuren',
    refuse: 'Afwijzen',
    ask: 'Vraag stellen',
    answered: 'Uw antwoord is vastgelegd.',
    decisionEvent: (who, what) => `${who} besloot: ${what}.`,
    requestEvent: (who, what) => `${who} vroeg goedkeuring voor: ${what}.`,
    approvalEvent: (verdict, who) => `${verdict}${who ? ` door ${who}` : ''}.`,
    verdict: {
      approved: 'Goedgekeurd',
      refused: 'Afgewezen',
      expired: 'Vervallen: niemand besliste op tijd',
    },
    inboxTitle: 'Goedkeuring gevraagd',
    inboxEmpty: 'Geen verzoeken voor u.',
    inboxItem: (who, what) => `${who}: ${what}`,
    reportTitle: 'Besluiten en uitzonderingen',
    reportIntro:
      'Per besluit, regel en team, de afgelopen 30 dagen: een regel waarvan elke dag wordt afgeweken, verdient een blik van wie hem beheert.',
    reportEmpty: 'Nog geen besluiten in deze periode.',
    columns: {
      decision: 'Besluit',
      rule: 'Regel',
      queue: 'Team',
      taken: 'Binnen mandaat',
      requested: 'Goedkeuring gevraagd',
      approved: 'Goedgekeurd',
      refused: 'Afgewezen',
      expired: 'Vervallen',
      waiting: 'Wacht nog',
      median: 'Mediane tijd tot besluit',
    },
  },
  flags: {
    title: 'Signalen om te controleren',
    intro: 'Een signaal is iets om na te gaan, met de feiten erbij: geen oordeel over de klant.',
    none: 'Geen signalen.',
    status: { unconfirmed: 'nog niet nagegaan', confirmed: 'bevestigd', dismissed: 'afgewezen' },
    severity: { low: 'laag', medium: 'middel', high: 'hoog' },
    severityLabel: 'Gewicht',
    raisedBy: (who, when) => `Gemeld door ${who}, ${when}`,
    expires: (when) => `Vervalt ${when}`,
    reasonOf: (reason) => `Waarom: ${reason}`,
    facts: 'Feiten',
    eventFact: (seq) => `Bericht ${seq} in dit gesprek`,
    documentFact: (reference) => `Document ${reference}`,
    change: (status, who, when, reason) => `${status} door ${who}, ${when}: ${reason}`,
    changeReason: 'Reden',
    confirm: 'Bevestigen',
    dismiss: 'Afwijzen',
    ownFlag: 'Uw eigen signaal: een collega bevestigt het; afwijzen kan wel.',
    raise: 'Signaal vastleggen',
    kind: 'Soort signaal',
    messages: 'Berichten van de klant waar het op rust',
    messagesHint: 'Kies minstens één bericht, of noem een document.',
    factDescription: 'Wat laten deze feiten zien?',
    document: 'Document (kenmerk)',
    documentHint: 'Bijvoorbeeld een dossiernummer of de datum van een brief.',
    reason: 'Waarom nagaan?',
    reasonHint: 'Beschrijf wat er gezien is, niet wat iemand is.',
    lifetime: 'Geldig',
    days: (n) => `${n} dagen`,
    submit: 'Signaal vastleggen',
    needFacts: 'Kies een bericht of noem een document: een signaal rust op feiten.',
    needDescription: 'Schrijf wat de feiten laten zien.',
    needReason: 'Schrijf waarom dit nagegaan moet worden.',
    raised: 'Het signaal is vastgelegd; een collega gaat het na.',
    changed: 'Het signaal is bijgewerkt.',
    inactive: (n) => `Afgewezen of verlopen (${n})`,
    contest: {
      heading: 'Bezwaar van de klant',
      received: (who, when) => `Ontvangen door ${who}, ${when}`,
      words: (words) => `De klant: “${words}”`,
      wordsErased: 'De woorden van de klant zijn gewist: de bewaartermijn is voorbij.',
      stage: {
        received: 'wacht op beoordeling',
        upheld: 'gegrond: signaal ingetrokken',
        rejected: 'ongegrond: signaal blijft',
      },
      reviewed: (outcome, who, when, reason) => `${outcome}, door ${who}, ${when}: ${reason}`,
      record: 'Bezwaar van de klant vastleggen',
      wordsLabel: 'Waar maakt de klant bezwaar tegen?',
      wordsHint:
        'In de woorden van de klant, uit de chat, een telefoongesprek of een brief. De klant leest dat een collega die er niet bij betrokken was het beoordeelt.',
      submit: 'Bezwaar vastleggen',
      needWords: 'Schrijf op waar de klant bezwaar tegen maakt.',
      recorded: 'Het bezwaar is vastgelegd; de klant is het verteld.',
      involved:
        'U bent bij dit signaal betrokken: een collega die er niet bij betrokken was, beoordeelt het bezwaar. Wijst u het signaal zelf af, dan krijgt de klant gelijk.',
      reviewTitle: 'Bezwaar beoordelen',
      reviewReason: 'Uw reden (de klant leest deze)',
      reviewHint: 'Leg uit wat u hebt nagegaan, in woorden die de klant begrijpt.',
      uphold: 'Gegrond: signaal intrekken',
      reject: 'Ongegrond: signaal blijft',
      needReason: 'Schrijf uw reden: de klant leest deze.',
      done: 'Het bezwaar is beoordeeld; de klant leest de uitkomst.',
      inboxTitle: 'Bezwaren te beoordelen',
      inboxItem: (kind) => `Bezwaar tegen: ${kind}`,
      event: (stage, who) => `Bezwaar van de klant ${stage} (${who})`,
    },
  },
  textErased: (seq) => `Bericht ${seq}: de tekst is gewist na de bewaartermijn.`,
};

const en: Texts = {
  languageName: 'English',
  switchTo: 'Switch to English',
  product: 'Balie',
  skipToContent: 'Skip to content',
  loading: 'Loading…',
  loginTitle: 'Log in to Balie',
  loginIntro: 'Log in with the name and password of your Balie account.',
  name: 'Name',
  password: 'Password',
  logIn: 'Log in',
  loggingIn: 'Logging in…',
  loginWrong:
    'The name or password is wrong, or the account is disabled. Check them and try again.',
  loginLimited: (s) =>
    s !== null
      ? `Too many attempts. Try again in ${s} ${s === 1 ? 'second' : 'seconds'}.`
      : 'Too many attempts. Try again in a minute.',
  loginFailed: 'Logging in is not possible now: Balie cannot be reached. Try again shortly.',
  sessionEnded: 'Your session expired or was ended. Please log in again.',
  loggedOut: 'You are logged out.',
  logOut: 'Log out',
  mainNav: 'Main menu',
  navInbox: 'Inbox',
  navSupervisor: 'Overview',
  navAdmin: 'Administration',
  signedInAs: (name, role) => `Logged in as ${name} (${role})`,
  role: { agent: 'agent', supervisor: 'supervisor', admin: 'administrator' },
  connecting: 'Connecting to Balie…',
  offline: (s) =>
    s > 0 ? `No live connection. Trying again in ${s} s.` : 'No live connection. Trying again…',
  retryNow: 'Reconnect now',
  presenceLabel: 'Your status',
  presence: { available: 'Available', busy: 'Busy', away: 'Away', offline: 'Offline' },
  presenceChats: (c, cap) => `${c} of ${cap} conversations`,
  backAt: (time) => `back at ${time}`,
  setAway: 'Set away',
  setAvailable: 'Set available',
  backAtLabel: 'Back at (optional)',
  backAtHint: 'A time today, for example 14:30.',
  presenceNotConnected: 'Your status can only be changed with a live connection.',
  inbox: 'Inbox',
  waiting: 'Waiting',
  mine: 'Assigned to me',
  callbacksDue: 'Callbacks due',
  emptyWaiting: 'Nobody is waiting.',
  emptyMine: 'You have no conversations.',
  emptyCallbacks: 'No callbacks due now.',
  waitingFor: 'Waiting',
  callbackAt: (when) => `Callback ${when}`,
  assignedTo: (name) => `With ${name}`,
  priority: (n) => `Priority ${n}`,
  languageOf: { nl: 'Dutch', en: 'English' },
  assignedNotice: (queue, reason) =>
    `A new conversation was assigned to you${queue ? ` (${queue})` : ''}${reason ? `: ${reason}` : '.'}`,
  open: 'Open',
  openFirst: 'Open the first',
  assignedMany: (n) =>
    `${n} new conversations were assigned to you. They are in your inbox under "Assigned to me".`,
  dismiss: 'Dismiss',
  noConversation: 'No conversation open',
  noConversationHint: 'Pick a conversation from the inbox on the left.',
  conversation: 'Conversation',
  conversationWith: (ref) =>
    ref ? `Conversation with customer ${ref}` : 'Conversation with a customer',
  state: {
    bot: 'With the digital assistant',
    waiting: 'Waiting for a person',
    follow_up: 'Question left',
    callback: 'Callback booked',
    assigned: 'Assigned',
    resolved: 'Resolved',
  },
  queue: 'Queue',
  customer: 'Customer',
  anonymous: 'unknown (anonymous)',
  handoffReason: 'Why a person is needed',
  noReason: 'No reason given.',
  engineDetails: 'Details',
  engineDetailsHint: 'What the bot measured (technical):',
  handoffCause: {
    asked_for_person: 'The customer asked the bot for a person.',
    customer_request: 'The customer chose to talk to a person.',
    advisor_request: 'The customer asked for their personal advisor.',
    upset: 'The customer seems upset or distressed.',
    always_person: 'This topic always goes to a person.',
    out_of_scope: 'The question fits none of the articles.',
    no_match: 'No article answers the question well enough.',
    not_covered: 'The question is about a product or service that no article covers.',
    engine_failed: 'The bot could not process the question (a failure).',
    transferred: 'Transferred by a colleague.',
  },
  transcript: 'Transcript',
  author: {
    customer: 'Customer',
    bot: 'Digital assistant',
    agent: (name) => (name ? `${name} (staff)` : 'Staff member'),
    note: (name) => (name ? `Internal note by ${name}` : 'Internal note'),
    system: 'Balie',
  },
  botBadge: 'Bot',
  internalBadge: 'Internal, not shown to the customer',
  decision: {
    answer: 'answer',
    clarify: 'asks to clarify',
    handoff: 'handed off',
    decline: 'off-topic',
  },
  confidence: (share) => `confidence ${Math.round(share * 100)}%`,
  botReasons: 'Why',
  source: 'Source',
  sources: 'Sources',
  optionsOffered: 'Options offered',
  newTab: '(opens in a new tab)',
  started: (language) => `Conversation started (${language}).`,
  handedOff: (queue, open) =>
    `Handed off to ${queue ?? 'a person'}${open === false ? ' (outside office hours)' : ''}.`,
  reasons: 'Reasons',
  choice: (option, by) =>
    by === 'system'
      ? `Balie chose: ${option}.`
      : by === 'agent'
        ? `A staff member chose: ${option}.`
        : `The customer chose: ${option}.`,
  recordedBySystem:
    'Balie recorded the question (the queue was closed); the customer gets a reply here later.',
  choiceOption: {
    wait: 'keep waiting',
    leave_message: 'leave the question',
    callback: 'a callback',
    advisor_message: 'a message to the advisor',
  },
  choiceCallback: (when, phone) => `Callback ${when}${phone ? ` on ${phone}` : ''}.`,
  resolvedEvent: 'Conversation resolved.',
  transferredEvent: (to) => `Transferred to ${to}.`,
  assignedEvent: (to) => `Assigned to ${to}.`,
  joinedEvent: (who) => `${who} started; the customer reads that ${who} is helping now.`,
  callbackOutcomeEvent: (outcome) => `Callback: ${outcome}.`,
  otherEvent: (kind) => `Event: ${kind}.`,
  customerTyping: 'The customer is typing…',
  earlier: 'Earlier conversations of this customer',
  noEarlier: 'No earlier conversations known.',
  loadFailed: 'The conversation could not be loaded.',
  notFound: 'This conversation does not exist (any more).',
  retry: 'Try again',
  suggestions: 'Knowledge',
  suggestionsFor: 'Suggestions for the last question',
  noSuggestions: 'No suggestions found.',
  searchKnowledge: 'Search the knowledge base',
  searchLabel: 'Search for',
  search: 'Search',
  searching: 'Searching…',
  insert: (title) => `Insert into reply: ${title}`,
  insertButton: 'Insert',
  inserted: 'Text and link inserted into the reply.',
  flagWrong: (title) => `Report as wrong: ${title}`,
  flagWrongButton: 'Report as wrong',
  flagMissing: 'Report missing knowledge',
  flagNote: 'What is wrong or missing?',
  flagSend: 'Send report',
  flagSent: 'Thank you, the report was sent to the supervisors.',
  flagNoteRequired: 'Write briefly what is wrong or missing.',
  compose: 'Respond',
  kind: 'Kind of message',
  kindReply: 'Reply to the customer',
  kindNote: 'Internal note',
  replyLabel: 'Your reply to the customer',
  noteLabel: 'Internal note (the customer does not see this)',
  replyHint: 'Ctrl+Enter sends.',
  noteHint: 'Only colleagues see this note. Ctrl+Enter saves.',
  sendReply: 'Send',
  saveNote: 'Save note',
  sending: 'Working…',
  tooLong: (max) => `Too long: at most ${max} characters.`,
  notAssigned:
    'This conversation is not assigned to you: you can read along and add notes, but not reply.',
  actions: 'Actions',
  transfer: 'Transfer',
  transferTo: 'Transfer to',
  toQueue: 'A queue',
  toAgent: 'A colleague',
  chooseQueue: 'Queue',
  chooseAgent: 'Colleague',
  transferNote: 'Note for the colleague (optional)',
  transferSubmit: 'Transfer',
  transferDone: 'The conversation was transferred.',
  transferPick: 'Choose a queue or a colleague.',
  resolve: 'Resolve',
  resolveConfirm: 'Resolve the conversation',
  resolveDone: 'The conversation was resolved.',
  bookCallback: 'Book a callback',
  chooseTime: 'Choose a time',
  noSlots: 'No times are free.',
  loadingSlots: 'Loading times…',
  phone: "Customer's phone number",
  phoneHint: 'For example +31 6 12345678.',
  phoneInvalid: 'Enter a valid phone number of 10 to 15 digits.',
  slotRequired: 'Choose a time.',
  bookSubmit: 'Book',
  callbackBooked: (when) => `Callback booked: ${when}.`,
  callbackOutcome: 'Outcome of the callback',
  outcome: {
    reached: 'Reached the customer',
    no_answer: 'No answer (try again)',
    wrong_number: 'Wrong number',
  },
  outcomeNote: 'Note (optional)',
  outcomeLate: 'not called in time',
  retryAt: (slot) => `Next attempt: ${slot}.`,
  outcomeSubmit: 'Record the outcome',
  outcomeDone: 'The outcome was recorded.',
  assign: 'Assign to an agent',
  assignSubmit: 'Assign',
  assignDone: (name) => `Assigned to ${name}.`,
  cancel: 'Cancel',
  errors: {
    conflict: 'Not possible now: the conversation has changed (or is not assigned to you).',
    forbidden: 'You do not have the rights for this.',
    not_found: 'Not found: it may no longer exist.',
    bad_request: 'Balie refused this:',
    rate_limited: (s) =>
      s !== null
        ? `Too much at once. Try again in ${s} s.`
        : 'Too much at once. Try again shortly.',
    network: 'No connection to Balie. Try again.',
    generic: 'Something went wrong. Try again.',
  },
  supervisorTitle: 'Overview',
  queuesTitle: 'Queues',
  nobodyOnDuty: (queue, since, waiting) =>
    `${queue} is open, but nobody is on duty${since ? ` (since ${since})` : ''}. Customers who ask for a person leave their question${waiting > 0 ? `; ${waiting} ${waiting === 1 ? 'question waits' : 'questions wait'} for a reply` : ''}.`,
  queueCol: 'Queue',
  openCol: 'Open',
  waitingCol: 'Waiting',
  oldestCol: 'Oldest wait',
  waitingAndLeft: (waiting, left) =>
    left > 0 ? `${waiting} in line, ${left} left for a reply` : `${waiting} in line`,
  oldestLeft: (duration) => `left: ${duration}`,
  estimateCol: 'Estimated wait',
  agentsCol: 'Agents on duty',
  callbacksCol: 'Callbacks',
  callbacksBooked: (booked, overdue) =>
    booked === 0
      ? 'none'
      : `${booked} booked` + (overdue > 0 ? `, ${overdue} not called in time` : ''),
  serviceLevelCol: 'Service level today',
  yes: 'yes',
  no: 'no',
  unknown: 'unknown',
  serviceLevel: (share, within, answered, target) =>
    answered === 0
      ? `nothing answered yet (target ${target} s)`
      : `${share !== null ? Math.round(share * 100) : Math.round((within / answered) * 100)}% within ${target} s (${within} of ${answered})`,
  agentsTitle: 'Agents',
  agentCol: 'Agent',
  stateCol: 'State',
  chatsCol: 'Conversations',
  queuesCol: 'Queues',
  noAgents: 'No agents.',
  reassignTitle: 'Assign a conversation',
  reassignConversation: 'Conversation',
  conversationOption: (queue, where, reason) => `${queue}, ${where}${reason ? `: ${reason}` : ''}`,
  waitsFor: (wait) => `waiting ${wait}`,
  withAgent: (name) => `with ${name}`,
  noConversations: 'No conversations to assign.',
  flagsTitle: 'Reports about the knowledge base',
  flagKind: { wrong: 'wrong', missing: 'missing' },
  kindCol: 'Kind',
  articleCol: 'Article',
  noteCol: 'Note',
  byCol: 'By',
  atCol: 'When',
  noFlags: 'No reports.',
  refresh: 'Refresh',
  adminTitle: 'Administration',
  usersTitle: 'Users',
  userName: 'Log-in name',
  displayName: 'Display name',
  roleLabel: 'Role',
  queuesLabel: 'Queues',
  languagesLabel: 'Languages',
  languageLabel: 'Language',
  capacityLabel: 'Conversations at once',
  statusCol: 'Account',
  active: 'active',
  disabled: 'disabled',
  disable: (name) => `Disable ${name}`,
  enable: (name) => `Enable ${name}`,
  resetPassword: (name) => `New password for ${name}`,
  editUser: (name) => `Change ${name}`,
  newPassword: 'New password',
  passwordHint:
    'At least 10 characters and hard to guess: for example a sentence of four or more unusual words. Not the name, no run like 123456.',
  savePassword: 'Save password',
  passwordSaved: (name) => `The password of ${name} was changed.`,
  addUser: 'Add a user',
  addUserSubmit: 'Add',
  userAdded: (name) => `${name} was added.`,
  userChanged: (name) => `${name} was updated.`,
  required: (field) => `${field} is required.`,
  queuesAdminTitle: 'Queues',
  queueId: 'Code',
  nameNl: 'Name (Dutch)',
  nameEn: 'Name (English)',
  topics: 'Topics',
  topicsHint: 'Separated by commas.',
  hours: 'Office hours',
  save: 'Save',
  saved: (name) => `${name} was saved.`,
  day: {
    monday: 'Mon',
    tuesday: 'Tue',
    wednesday: 'Wed',
    thursday: 'Thu',
    friday: 'Fri',
    saturday: 'Sat',
    sunday: 'Sun',
  },
  closed: 'closed',
  hoursHint:
    'The times per day, separated by commas (e.g. 08:00-12:00, 13:00-17:00); empty is closed. Time zone: {tz}.',
  holidays: 'Holidays and special days',
  holidaysHint:
    'One date a line: 2026-12-25 (closed all day) or 2026-12-24 08:00-17:00 (open only then).',
  allQueues: 'all queues',
  decisions: {
    title: 'Decisions for the customer',
    record: 'Record a decision',
    which: 'Decision',
    amountEuro: 'Amount in euros',
    amountDays: 'Number of days',
    amountHint: 'Within your mandate it takes effect at once; above it a colleague approves it.',
    amountInvalid: 'Enter an amount or number above 0.',
    reason: 'Reason, in your own words',
    reasonHint: 'For colleagues and later review; the customer does not read this.',
    reasonRequired: 'Write briefly why.',
    rule: 'Rule you depart from',
    ruleHint: 'Empty: the rule that goes with this decision.',
    within: (limit) => `Within your mandate (up to ${limit}): it takes effect at once.`,
    above: (limit) =>
      `Above your mandate (up to ${limit}): a colleague with a larger mandate must approve it.`,
    noMandate: 'You have no mandate of your own for this: a colleague must approve it.',
    adverseNoMandate:
      'This step harms the customer: only someone whose own mandate covers it may take it. You do not have that mandate; ask a colleague who does.',
    fourEyes: 'This step always needs a colleague’s approval too.',
    adverseMark: 'harms the customer',
    submit: 'Record decision',
    recorded: 'The decision is recorded and the customer has been told.',
    requested: 'Approval requested; the customer will hear when it is decided.',
    none: 'No decisions are configured.',
    waitingTitle: 'Waiting for approval',
    requestBy: (who, what) => `${who} asks: ${what}`,
    expiresAt: (time) => `Lapses ${time} if nobody decides.`,
    ruleOf: (rule) => `Departs from: ${rule}`,
    reasonOf: (reason) => `Reason: ${reason}`,
    ownRequest: 'Your own request: a colleague with the mandate decides.',
    notYours: 'Your mandate does not cover this: a colleague with a larger mandate decides.',
    answerReason: 'Your reason or question',
    answerHint:
      'On a refusal the customer reads this reason. A question goes to the requester only.',
    approve: 'Approve',
    refuse: 'Refuse',
    ask: 'Ask a question',
    answered: 'Your answer is recorded.',
    decisionEvent: (who, what) => `${who} decided: ${what}.`,
    requestEvent: (who, what) => `${who} asked approval for: ${what}.`,
    approvalEvent: (verdict, who) => `${verdict}${who ? ` by ${who}` : ''}.`,
    verdict: {
      approved: 'Approved',
      refused: 'Refused',
      expired: 'Lapsed: nobody decided in time',
    },
    inboxTitle: 'Approval requested',
    inboxEmpty: 'No requests for you.',
    inboxItem: (who, what) => `${who}: ${what}`,
    reportTitle: 'Decisions and exceptions',
    reportIntro:
      'Per decision, rule and team, over the last 30 days: a rule departed from every day deserves a look from whoever owns it.',
    reportEmpty: 'No decisions in this period yet.',
    columns: {
      decision: 'Decision',
      rule: 'Rule',
      queue: 'Team',
      taken: 'Within mandate',
      requested: 'Approval requested',
      approved: 'Approved',
      refused: 'Refused',
      expired: 'Lapsed',
      waiting: 'Still waiting',
      median: 'Median time to a decision',
    },
  },
  flags: {
    title: 'Signals to check',
    intro: 'A signal is something to check, with its facts: not a verdict about the customer.',
    none: 'No signals.',
    status: { unconfirmed: 'not yet checked', confirmed: 'confirmed', dismissed: 'dismissed' },
    severity: { low: 'low', medium: 'medium', high: 'high' },
    severityLabel: 'Weight',
    raisedBy: (who, when) => `Raised by ${who}, ${when}`,
    expires: (when) => `Expires ${when}`,
    reasonOf: (reason) => `Why: ${reason}`,
    facts: 'Facts',
    eventFact: (seq) => `Message ${seq} in this conversation`,
    documentFact: (reference) => `Document ${reference}`,
    change: (status, who, when, reason) => `${status} by ${who}, ${when}: ${reason}`,
    changeReason: 'Reason',
    confirm: 'Confirm',
    dismiss: 'Dismiss',
    ownFlag: 'Your own signal: a colleague confirms it; you may dismiss it.',
    raise: 'Record a signal',
    kind: 'Kind of signal',
    messages: "The customer's messages it rests on",
    messagesHint: 'Choose at least one message, or name a document.',
    factDescription: 'What do these facts show?',
    document: 'Document (reference)',
    documentHint: 'For example a file number or the date of a letter.',
    reason: 'Why check it?',
    reasonHint: 'Describe what was seen, not what someone is.',
    lifetime: 'Valid for',
    days: (n) => `${n} days`,
    submit: 'Record signal',
    needFacts: 'Choose a message or name a document: a signal rests on facts.',
    needDescription: 'Write what the facts show.',
    needReason: 'Write why this should be checked.',
    raised: 'The signal is recorded; a colleague will check it.',
    changed: 'The signal is updated.',
    inactive: (n) => `Dismissed or expired (${n})`,
    contest: {
      heading: "The customer's objection",
      received: (who, when) => `Received by ${who}, ${when}`,
      words: (words) => `The customer: “${words}”`,
      wordsErased: "The customer's words were erased: the retention period has passed.",
      stage: {
        received: 'waiting for review',
        upheld: 'upheld: signal withdrawn',
        rejected: 'rejected: signal stands',
      },
      reviewed: (outcome, who, when, reason) => `${outcome}, by ${who}, ${when}: ${reason}`,
      record: "Record the customer's objection",
      wordsLabel: 'What does the customer object to?',
      wordsHint:
        "In the customer's words, from the chat, a phone call or a letter. The customer reads that a colleague who was not involved will review it.",
      submit: 'Record objection',
      needWords: 'Write down what the customer objects to.',
      recorded: 'The objection is recorded; the customer has been told.',
      involved:
        'You are involved in this signal: a colleague who was not involved reviews the objection. If you dismiss the signal yourself, the customer is proved right.',
      reviewTitle: 'Review the objection',
      reviewReason: 'Your reason (the customer reads it)',
      reviewHint: 'Explain what you checked, in words the customer understands.',
      uphold: 'Uphold: withdraw the signal',
      reject: 'Reject: the signal stands',
      needReason: 'Write your reason: the customer reads it.',
      done: 'The objection is reviewed; the customer reads the outcome.',
      inboxTitle: 'Objections to review',
      inboxItem: (kind) => `Objection to: ${kind}`,
      event: (stage, who) => `Customer's objection ${stage} (${who})`,
    },
  },
  textErased: (seq) => `Message ${seq}: the text was erased after the retention period.`,
};

const TEXTS: Record<Language, Texts> = { nl, en };

/** Why a person is needed for `item`, in the console's language where its code is known. */
export function reasonText(t: Texts, item: Pick<InboxItem, 'reason' | 'reason_code'>): string {
  const code = item.reason_code ?? '';
  return (
    (Object.hasOwn(t.handoffCause, code) ? t.handoffCause[code] : undefined) ?? item.reason ?? ''
  );
}

export function texts(language: Language): Texts {
  return TEXTS[language];
}

/**
 * The console's language from the browser's preferred languages: the first that is Dutch or
 * English, Dutch when none is (Dutch first).
 */
export function languageOfBrowser(preferred: readonly string[] | undefined): Language {
  for (const tag of preferred ?? []) {
    const lower = tag.trim().toLowerCase();
    if (lower.startsWith('nl')) return 'nl';
    if (lower.startsWith('en')) return 'en';
  }
  return 'nl';
}
