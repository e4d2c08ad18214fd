import {
  COMPETENCY_FRAMEWORK,
  GENERAL_EDUCATION_KINDS,
  isCompetencyCode,
  isSubject,
  type ProgramApprovedV1,
  type ProgramArchivedV1,
  type ProgramContent,
  type ProgramDraftEditedV1,
  type ProgramDraftedV1,
  type ProgramKind,
  type ProgramRejectedV1,
  type ProgramReturnedV1,
  type ProgramSubmittedV2,
  type ProviderOwnership,
  type ProviderRegisteredV3,
  type ProviderUpdatedV1,
  type ReviewOutcome,
} from '@pk/contracts';
import {
  type CommandMetadata,
  defineAggregate,
  defineFold,
  DomainError,
  type DomainEvent,
  unknownCommand,
} from '@pk/kernel';

/**
 * Minimum hours by kind (Порядок of 24.03.2025 N 266): повышение квалификации at least 16,
 * профессиональная переподготовка at least 250.
 */
export const MINIMUM_HOURS: Record<ProgramKind, number> = { 'advanced-training': 16, retraining: 250 };

/**
 * Since this day only state, municipal and named providers may train teachers of general-education
 * organizations (273-ФЗ as amended; DOMAIN.md). Programs submitted earlier keep their standing.
 */
export const GENERAL_EDUCATION_RULE_SINCE = new Date('2025-09-01T00:00:00+03:00');
const ADMITTED_FOR_GENERAL_EDUCATION: readonly ProviderOwnership[] = ['state', 'municipal', 'federal-named'];

/** What a program's decisions need to know of its provider, folded from the provider's stream. */
export interface ProviderFacts {
  readonly registered: boolean;
  readonly region: string | null;
  readonly ownership: ProviderOwnership | null;
}

type ProviderEvent =
  | DomainEvent<'catalog.ProviderRegistered', ProviderRegisteredV3>
  | DomainEvent<'catalog.ProviderUpdated', ProviderUpdatedV1>;

export const providerFacts = defineFold<ProviderFacts, ProviderEvent>({
  name: 'provider',
  initialState: { registered: false, region: null, ownership: null },
  evolve(state, event) {
    switch (event.type) {
      case 'catalog.ProviderRegistered':
      case 'catalog.ProviderUpdated':
        return { registered: true, region: event.data.region, ownership: event.data.ownership };
      default:
        return state;
    }
  },
});

type Key = { readonly programId: string; readonly providerId: string; readonly region: string };

/** A provider starts a program; drafting the same card again (a re-imported row) changes nothing. */
export type DraftProgram = { readonly type: 'DraftProgram'; readonly provider: ProviderFacts } & Key &
  ProgramContent;
/** The provider rewrites its draft (or a returned revision) as a whole. */
export type EditDraft = { readonly type: 'EditDraft' } & Key & ProgramContent;
/** The provider sends the current draft to the expert council; the draft becomes a frozen revision. */
export type SubmitProgram = { readonly type: 'SubmitProgram'; readonly provider: ProviderFacts } & Key;
/** The council's decision on a revision (catalog's reaction to expertise.ReviewDecided). */
export type RecordReviewDecision = {
  readonly type: 'RecordReviewDecision';
  readonly programId: string;
  readonly revision: number;
  readonly outcome: ReviewOutcome;
  readonly comments: readonly string[];
};
/** The provider or the ministry takes a program out of use. */
export type ArchiveProgram = {
  readonly type: 'ArchiveProgram';
  readonly programId: string;
  readonly reason: string;
};

export type ProgramCommand = DraftProgram | EditDraft | SubmitProgram | RecordReviewDecision | ArchiveProgram;

export type ProgramEvent =
  | DomainEvent<'catalog.ProgramDrafted', ProgramDraftedV1>
  | DomainEvent<'catalog.ProgramDraftEdited', ProgramDraftEditedV1>
  | DomainEvent<'catalog.ProgramSubmitted', ProgramSubmittedV2>
  | DomainEvent<'catalog.ProgramApproved', ProgramApprovedV1>
  | DomainEvent<'catalog.ProgramReturned', ProgramReturnedV1>
  | DomainEvent<'catalog.ProgramRejected', ProgramRejectedV1>
  | DomainEvent<'catalog.ProgramArchived', ProgramArchivedV1>;

/**
 * draft → submitted → approved (in the register) | returned (a draft again: edit, resubmit) |
 * rejected; any but submitted → archived.
 */
export type ProgramStatus = 'draft' | 'submitted' | 'approved' | 'returned' | 'rejected' | 'archived';

export type ProgramState =
  | { readonly status: 'none' }
  | {
      readonly status: ProgramStatus;
      readonly programId: string;
      readonly providerId: string;
      readonly region: string;
      /** The card as it now stands: the draft being edited, or the last submitted revision. */
      readonly content: ProgramContent;
      /** The last submitted revision; 0 before the first submission. */
      readonly revision: number;
      /** Outcomes already recorded, by revision: a redelivered decision is recognised. */
      readonly decided: Readonly<Record<number, ReviewOutcome>>;
    };

export const program = defineAggregate<ProgramState, ProgramCommand, ProgramEvent>({
  name: 'program',
  initialState: { status: 'none' },

  decide(command, state, metadata) {
    const { type } = command;
    switch (type) {
      case 'DraftProgram':
        return draft(command, state);
      case 'EditDraft':
        return edit(command, state);
      case 'SubmitProgram':
        return submit(command, state, metadata);
      case 'RecordReviewDecision':
        return recordDecision(command, state);
      case 'ArchiveProgram':
        return archive(command, state);
      default:
        return unknownCommand(type);
    }
  },

  evolve(state, event) {
    switch (event.type) {
      case 'catalog.ProgramDrafted': {
        const { programId, providerId, region, ...content } = event.data;
        return { status: 'draft', programId, providerId, region, content, revision: 0, decided: {} };
      }
      case 'catalog.ProgramDraftEdited': {
        if (state.status === 'none') return state;
        const { programId: _p, providerId: _o, region: _r, ...content } = event.data;
        return { ...state, content };
      }
      case 'catalog.ProgramSubmitted':
        return state.status === 'none'
          ? state
          : { ...state, status: 'submitted', revision: event.data.revision };
      case 'catalog.ProgramApproved':
        return decided(state, event.data.revision, 'approved', 'approved');
      case 'catalog.ProgramReturned':
        return decided(state, event.data.revision, 'returned', 'returned');
      case 'catalog.ProgramRejected':
        return decided(state, event.data.revision, 'rejected', 'rejected');
      case 'catalog.ProgramArchived':
        return state.status === 'none' ? state : { ...state, status: 'archived' };
    }
  },
});

function decided(
  state: ProgramState,
  revision: number,
  status: ProgramStatus,
  outcome: ReviewOutcome,
): ProgramState {
  if (state.status === 'none') return state;
  return { ...state, status, decided: { ...state.decided, [revision]: outcome } };
}

function draft(command: DraftProgram, state: ProgramState): ProgramEvent[] {
  const { type: _type, provider, programId, providerId, region, ...content } = command;
  checkProvider(provider, providerId, region);
  checkContent(content);
  if (state.status === 'none') {
    return [{ type: 'catalog.ProgramDrafted', data: { programId, providerId, region, ...content } }];
  }
  ownedBy(state, providerId);
  if (sameContent(state.content, content)) return [];
  return edit({ type: 'EditDraft', programId, providerId, region, ...content }, state);
}

function edit(command: EditDraft, state: ProgramState): ProgramEvent[] {
  const { type: _type, programId, providerId, region: _region, ...content } = command;
  const current = existing(state, programId);
  ownedBy(current, providerId);
  if (current.status !== 'draft' && current.status !== 'returned') {
    throw new DomainError(
      'program-not-editable',
      `программа ${programId} в статусе ${current.status}: изменять можно только черновик или возвращённую на доработку`,
    );
  }
  checkContent(content);
  if (sameContent(current.content, content)) return [];
  return [
    {
      type: 'catalog.ProgramDraftEdited',
      data: { programId, providerId, region: current.region, ...content },
    },
  ];
}

function submit(command: SubmitProgram, state: ProgramState, { now }: CommandMetadata): ProgramEvent[] {
  const current = existing(state, command.programId);
  ownedBy(current, command.providerId);
  if (current.status !== 'draft' && current.status !== 'returned') {
    throw new DomainError(
      'program-not-submittable',
      `программа ${command.programId} в статусе ${current.status}: на экспертизу подают только черновик или возвращённую на доработку`,
    );
  }
  checkProvider(command.provider, current.providerId, current.region);
  const { content } = current;
  const missing = [
    content.annotation.trim() === '' && 'annotation',
    content.format === 'unspecified' && 'format',
    content.targetPositions.length === 0 && 'targetPositions',
    content.organizationTypes.length === 0 && 'organizationTypes',
    content.subjects.length === 0 && content.workProfile.trim() === '' && 'subjects or workProfile',
    content.competencies.length === 0 && 'competencies',
    content.practiceShare === null && 'practiceShare',
  ].filter((field): field is string => field !== false);
  if (missing.length > 0) {
    throw new DomainError(
      'program-incomplete',
      `программу ${command.programId} нельзя подать на экспертизу, пока не заполнены поля: ${missing.join(', ')}`,
    );
  }
  const teachesGeneralEducation = content.organizationTypes.some((kind) =>
    GENERAL_EDUCATION_KINDS.includes(kind),
  );
  const ownership = command.provider.ownership;
  if (
    teachesGeneralEducation &&
    now >= GENERAL_EDUCATION_RULE_SINCE &&
    (ownership === null || !ADMITTED_FOR_GENERAL_EDUCATION.includes(ownership))
  ) {
    throw new DomainError(
      'provider-not-admitted-for-general-education',
      `с 01.09.2025 обучать работников школ и детских садов могут только государственные, муниципальные или поименованные в законе организации; ` +
        `форма собственности организации ${command.providerId}: ${ownership ?? 'неизвестна'}`,
    );
  }
  const { programId, providerId, region } = current;
  return [
    {
      type: 'catalog.ProgramSubmitted',
      data: { programId, providerId, region, revision: current.revision + 1, ...content },
    },
  ];
}

function recordDecision(command: RecordReviewDecision, state: ProgramState): ProgramEvent[] {
  const current = existing(state, command.programId);
  const already = current.decided[command.revision];
  if (already === command.outcome) return []; // the same decision delivered again
  if (already !== undefined) {
    throw new DomainError(
      'review-already-decided',
      `по редакции ${command.revision} программы ${command.programId} решение уже принято (${already})`,
    );
  }
  if (current.status !== 'submitted' || current.revision !== command.revision) {
    throw new DomainError(
      'revision-not-under-review',
      `у программы ${command.programId} редакция ${current.revision} в статусе ${current.status}; редакция ${command.revision} не на экспертизе`,
    );
  }
  const { programId, providerId, region, revision } = current;
  switch (command.outcome) {
    case 'approved':
      return [
        {
          type: 'catalog.ProgramApproved',
          data: { programId, providerId, region, revision, ...current.content },
        },
      ];
    case 'returned':
      return [
        {
          type: 'catalog.ProgramReturned',
          data: { programId, providerId, region, revision, comments: command.comments },
        },
      ];
    case 'rejected':
      return [
        {
          type: 'catalog.ProgramRejected',
          data: { programId, providerId, region, revision, comments: command.comments },
        },
      ];
  }
}

function archive(command: ArchiveProgram, state: ProgramState): ProgramEvent[] {
  const current = existing(state, command.programId);
  if (current.status === 'archived') return [];
  if (current.status === 'submitted') {
    throw new DomainError(
      'program-under-review',
      `программа ${command.programId} на экспертизе: отправить её в архив можно после решения совета`,
    );
  }
  const { programId, providerId, region } = current;
  return [
    { type: 'catalog.ProgramArchived', data: { programId, providerId, region, reason: command.reason } },
  ];
}

type Existing = Exclude<ProgramState, { status: 'none' }>;

function existing(state: ProgramState, programId: string): Existing {
  if (state.status === 'none') throw new DomainError('program-not-found', `нет программы ${programId}`);
  return state;
}

function ownedBy(state: Existing, providerId: string): void {
  if (state.providerId !== providerId) {
    // the same answer as for a program that does not exist: nothing of another provider's drafts leaks
    throw new DomainError(
      'program-not-found',
      `у организации ${providerId} нет программы ${state.programId}`,
    );
  }
}

function checkProvider(provider: ProviderFacts, providerId: string, region: string): void {
  if (!provider.registered) {
    throw new DomainError(
      'provider-not-registered',
      `организация ${providerId} не зарегистрирована в справочнике`,
    );
  }
  if (provider.region !== region) {
    throw new DomainError(
      'provider-in-another-region',
      `организация ${providerId} зарегистрирована в регионе ${provider.region}, а не ${region}`,
    );
  }
}

function checkContent(content: ProgramContent): void {
  const minimum = MINIMUM_HOURS[content.kind];
  if (content.hours < minimum) {
    throw new DomainError(
      'program-hours-below-minimum',
      `${content.kind === 'retraining' ? 'программа профессиональной переподготовки' : 'программа повышения квалификации'} — не меньше ${minimum} часов, указано ${content.hours}`,
    );
  }
  const unknownSubjects = content.subjects.filter((code) => !isSubject(code));
  if (unknownSubjects.length > 0) {
    throw new DomainError('unknown-subject', `неизвестные коды предметов: ${unknownSubjects.join(', ')}`);
  }
  const unknownCompetencies = content.competencies.filter((code) => !isCompetencyCode(code));
  if (unknownCompetencies.length > 0) {
    throw new DomainError(
      'unknown-competency',
      `неизвестные коды компетенций (рамка ${COMPETENCY_FRAMEWORK.version}): ${unknownCompetencies.join(', ')}`,
    );
  }
}

function sameContent(a: ProgramContent, b: ProgramContent): boolean {
  return JSON.stringify(canonical(a)) === JSON.stringify(canonical(b));
}

// Key order differs between a stored event and a fresh request; compare field by field.
function canonical(content: ProgramContent): unknown[] {
  return [
    content.title,
    content.annotation,
    content.kind,
    content.hours,
    content.format,
    [...content.targetPositions].sort(),
    [...content.organizationTypes].sort(),
    [...content.subjects].sort(),
    content.workProfile,
    [...content.competencies].sort(),
    content.voucherEligible,
    content.employerAssessment,
    content.practiceShare,
  ];
}
