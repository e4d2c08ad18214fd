import type { ProgramContent } from '@pk/contracts';
import { deciderSpec } from '@pk/test-kit';
import { type DraftProgram, program, type ProgramEvent, type ProviderFacts } from './program.decider';

const key = {
  programId: '0f3e9a52-8d0b-4c1e-9a6c-3c2b1a0e9f21',
  providerId: '5b1c1c7e-2f51-4f4e-9f7e-0d1f0a8b7c11',
  region: '63',
};
const card: ProgramContent = {
  title: 'Формирование функциональной грамотности',
  annotation: 'Для учителей естественно-научного цикла.',
  kind: 'advanced-training',
  hours: 36,
  format: 'blended',
  targetPositions: ['teacher'],
  organizationTypes: ['school'],
  subjects: ['physics', 'biology'],
  workProfile: '',
  competencies: ['R/01'],
  voucherEligible: true,
  employerAssessment: false,
  practiceShare: 40,
};
const stateProvider: ProviderFacts = { registered: true, region: '63', ownership: 'state' };
const draft: DraftProgram = { type: 'DraftProgram', ...key, ...card, provider: stateProvider };
const drafted: ProgramEvent = { type: 'catalog.ProgramDrafted', data: { ...key, ...card } };
const submitted = (revision: number, content: ProgramContent = card): ProgramEvent => ({
  type: 'catalog.ProgramSubmitted',
  data: { ...key, revision, ...content },
});
const submit = { type: 'SubmitProgram', ...key, provider: stateProvider } as const;
const decision = (revision: number, outcome: 'approved' | 'returned' | 'rejected') =>
  ({
    type: 'RecordReviewDecision',
    programId: key.programId,
    revision,
    outcome,
    comments: ['Нет оценочных материалов'],
  }) as const;
const returned: ProgramEvent = {
  type: 'catalog.ProgramReturned',
  data: { ...key, revision: 1, comments: ['Нет оценочных материалов'] },
};

describe('program', () => {
  const spec = deciderSpec(program);

  describe('drafting', () => {
    it('starts a draft of a registered provider of the same region', () => {
      spec.given([]).when(draft).then([drafted]);
    });

    it('finds the same card drafted again unchanged (a re-imported row), and a changed card edited', () => {
      spec.given([drafted]).when(draft).then([]);
      spec
        .given([drafted])
        .when({ ...draft, hours: 72 })
        .then([{ type: 'catalog.ProgramDraftEdited', data: { ...key, ...card, hours: 72 } }]);
    });

    it('refuses providers that are unknown or of another region', () => {
      spec
        .given([])
        .when({ ...draft, provider: { registered: false, region: null, ownership: null } })
        .thenFails('provider-not-registered');
      spec
        .given([])
        .when({ ...draft, provider: { ...stateProvider, region: '24' } })
        .thenFails('provider-in-another-region', /зарегистрирована в регионе 24, а не 63/);
    });

    it('refuses hours below the minimum of the kind, and codes outside the vocabulary', () => {
      spec
        .given([])
        .when({ ...draft, hours: 8 })
        .thenFails('program-hours-below-minimum', /не меньше 16 часов, указано 8/);
      spec
        .given([])
        .when({ ...draft, kind: 'retraining', hours: 249 })
        .thenFails('program-hours-below-minimum', /не меньше 250 часов/);
      spec
        .given([])
        .when({ ...draft, subjects: ['astrology' as never] })
        .thenFails('unknown-subject', /astrology/);
      spec
        .given([])
        .when({ ...draft, competencies: ['Z/99' as never] })
        .thenFails('unknown-competency', /Z\/99/);
    });

    it('does not let another provider touch the draft, and says no more than that it has no such program', () => {
      spec
        .given([drafted])
        .when({ type: 'EditDraft', ...key, providerId: '7a2d9c14-4b3e-4f5a-8c6d-1e2f3a4b5c6d', ...card })
        .thenFails('program-not-found');
    });
  });

  describe('submission', () => {
    it('freezes the draft as revision 1', () => {
      spec
        .given([drafted])
        .at('2026-09-01')
        .when(submit)
        .then([submitted(1)]);
    });

    it('refuses an incomplete card, naming what is missing', () => {
      spec
        .given([
          { type: 'catalog.ProgramDrafted', data: { ...key, ...card, annotation: ' ', competencies: [] } },
        ])
        .when(submit)
        .thenFails('program-incomplete', /не заполнены поля: annotation, competencies/);
    });

    it('keeps school and preschool staff from private providers since 01.09.2025, not before', () => {
      const privateProvider = { ...submit, provider: { ...stateProvider, ownership: 'private' as const } };
      spec
        .given([drafted])
        .at('2026-09-01')
        .when(privateProvider)
        .thenFails(
          'provider-not-admitted-for-general-education',
          /форма собственности организации .*: private/,
        );
      spec
        .given([drafted])
        .at('2025-08-20')
        .when(privateProvider)
        .then([submitted(1)]);
      const forColleges = { ...card, organizationTypes: ['vocational-college' as const] };
      spec
        .given([{ type: 'catalog.ProgramDrafted', data: { ...key, ...forColleges } }])
        .at('2026-09-01')
        .when(privateProvider)
        .then([submitted(1, forColleges)]);
    });

    it('refuses to submit a revision under review or a decided program', () => {
      spec
        .given([drafted, submitted(1)])
        .when(submit)
        .thenFails('program-not-submittable', /в статусе submitted/);
      spec
        .given([
          drafted,
          submitted(1),
          { type: 'catalog.ProgramRejected', data: { ...key, revision: 1, comments: [] } },
        ])
        .when(submit)
        .thenFails('program-not-submittable', /в статусе rejected/);
    });
  });

  describe('the council decides', () => {
    it('puts an approved revision in the register with its card', () => {
      spec
        .given([drafted, submitted(1)])
        .when(decision(1, 'approved'))
        .then([{ type: 'catalog.ProgramApproved', data: { ...key, revision: 1, ...card } }]);
    });

    it('returns a revision with comments; the provider edits and resubmits it as revision 2', () => {
      spec
        .given([drafted, submitted(1)])
        .when(decision(1, 'returned'))
        .then([returned]);
      spec
        .given([drafted, submitted(1), returned])
        .when({ type: 'EditDraft', ...key, ...card, hours: 48 })
        .then([{ type: 'catalog.ProgramDraftEdited', data: { ...key, ...card, hours: 48 } }]);
      spec
        .given([
          drafted,
          submitted(1),
          returned,
          { type: 'catalog.ProgramDraftEdited', data: { ...key, ...card, hours: 48 } },
        ])
        .when(submit)
        .then([submitted(2, { ...card, hours: 48 })]);
    });

    it('takes the same decision delivered twice once, and refuses a decision on another revision', () => {
      spec
        .given([drafted, submitted(1), returned])
        .when(decision(1, 'returned'))
        .then([]);
      spec
        .given([drafted, submitted(1), returned])
        .when(decision(1, 'approved'))
        .thenFails('review-already-decided');
      spec
        .given([drafted, submitted(1)])
        .when(decision(2, 'approved'))
        .thenFails('revision-not-under-review');
    });

    it('edits nothing once approved', () => {
      spec
        .given([
          drafted,
          submitted(1),
          { type: 'catalog.ProgramApproved', data: { ...key, revision: 1, ...card } },
        ])
        .when({ type: 'EditDraft', ...key, ...card, hours: 40 })
        .thenFails('program-not-editable', /в статусе approved/);
    });
  });

  describe('archive', () => {
    it('archives anything but a revision under review, once', () => {
      const archive = {
        type: 'ArchiveProgram',
        programId: key.programId,
        reason: 'Заменена новой редакцией',
      } as const;
      spec
        .given([drafted])
        .when(archive)
        .then([{ type: 'catalog.ProgramArchived', data: { ...key, reason: 'Заменена новой редакцией' } }]);
      spec
        .given([drafted, submitted(1)])
        .when(archive)
        .thenFails('program-under-review');
      spec
        .given([drafted, { type: 'catalog.ProgramArchived', data: { ...key, reason: 'x' } }])
        .when(archive)
        .then([]);
    });
  });
});
