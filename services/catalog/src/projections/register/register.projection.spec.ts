import { goldenExample } from '@pk/contracts';
import { projectionSpec, publishedEvent } from '@pk/test-kit';
import { register, shardKeyOf, shardsOf, wordsOf } from './register.projection';

const providerId = '3e9a1c74-58b2-4f06-a1d3-7c2b9e5f8a10';
const programId = '4b8d2f16-e9a3-4c57-8f10-6a3e9d7b2c58';
const offeringId = 'f4c1a8e6-2d7b-4953-8e0a-5b3d9c6f1a27';
const onProgram = (position: number, time: string) => ({ subject: `program-${programId}`, position, time });
const onOffering = (position: number, time: string) => ({
  subject: `offering-${offeringId}`,
  position,
  time,
});

/** The card a provider drafts: every field of the program but its ids. */
const {
  programId: _program,
  providerId: _provider,
  region: _region,
  ...drafted
} = goldenExample('catalog.ProgramDrafted').data;
/** The card as the provider edited it before submitting. */
const edited = { ...drafted, title: 'Ёлка и физика: функциональная грамотность', hours: 48 };
/** What the projection adds to a card to find and order it: title words, and title then id. */
const words = (title: string, id = programId) => ({
  words: wordsOf(title),
  sortKey: `${title.toLocaleLowerCase('ru').replaceAll('ё', 'е')}\u0001${id}`,
});

const draftedEvent = publishedEvent(
  'catalog.ProgramDrafted',
  { programId, providerId, ...drafted },
  onProgram(0, '2025-09-04T08:00:00.000Z'),
);
const editedEvent = publishedEvent(
  'catalog.ProgramDraftEdited',
  { programId, providerId, ...edited },
  onProgram(1, '2025-09-05T09:40:00.000Z'),
);
const submitted = (revision: number, position: number, time: string, card = edited) =>
  publishedEvent(
    'catalog.ProgramSubmitted',
    { programId, providerId, revision, ...card },
    onProgram(position, time),
  );
const returned = (revision: number, position: number, time: string) =>
  publishedEvent(
    'catalog.ProgramReturned',
    { programId, providerId, revision, comments: ['Нет критериев оценки итоговой работы.'] },
    onProgram(position, time),
  );

describe('register projection', () => {
  describe('programs', () => {
    it('keeps a draft with its card, words to search its title by, and an order by title then id', () => {
      projectionSpec(register)
        .given([draftedEvent])
        .then('programs', [
          {
            _id: programId,
            region: '63',
            providerId,
            status: 'draft',
            revision: 0,
            comments: [],
            ...drafted,
            ...words(drafted.title),
            updatedAt: '2025-09-04T08:00:00.000Z',
          },
        ])
        .thenRedeliveryChangesNothing();
    });

    it('searches a title by its words and their beginnings, in lower case and with ё as е', () => {
      expect(wordsOf('Ёлка и физика')).toEqual(['елка', 'елк', 'и', 'физика', 'физ', 'физи', 'физик']);
    });

    it('takes an edit of the draft: the new card and its words, still a draft of revision 0', () => {
      projectionSpec(register)
        .given([draftedEvent, editedEvent])
        .then('programs', [
          {
            _id: programId,
            region: '63',
            providerId,
            status: 'draft',
            revision: 0,
            comments: [],
            ...edited,
            ...words(edited.title),
            updatedAt: '2025-09-05T09:40:00.000Z',
          },
        ])
        .thenRedeliveryChangesNothing();
    });

    it('shows a submitted program as submitted, with its revision', () => {
      projectionSpec(register)
        .given([draftedEvent, editedEvent, submitted(1, 2, '2025-09-05T10:03:27.640Z')])
        .thenDocument('programs', programId, {
          status: 'submitted',
          revision: 1,
          title: edited.title,
          hours: 48,
          comments: [],
          updatedAt: '2025-09-05T10:03:27.640Z',
        })
        .thenRedeliveryChangesNothing();
    });

    it('keeps a program submitted before drafts existed: its submission is its first event', () => {
      projectionSpec(register)
        .given([submitted(1, 0, '2025-06-01T10:00:00.000Z')])
        .then('programs', [
          {
            _id: programId,
            region: '63',
            providerId,
            status: 'submitted',
            revision: 1,
            comments: [],
            ...edited,
            ...words(edited.title),
            updatedAt: '2025-06-01T10:00:00.000Z',
          },
        ]);
    });

    it('shows the council’s comments on a returned revision, and clears them when it is submitted again', () => {
      const history = [
        draftedEvent,
        submitted(1, 1, '2025-09-05T10:00:00.000Z'),
        returned(1, 2, '2025-09-19T12:00:00.000Z'),
      ];
      projectionSpec(register)
        .given(history)
        .thenDocument('programs', programId, {
          status: 'returned',
          revision: 1,
          comments: ['Нет критериев оценки итоговой работы.'],
          updatedAt: '2025-09-19T12:00:00.000Z',
        })
        .thenRedeliveryChangesNothing();

      const resubmitted = { ...edited, hours: 72 };
      projectionSpec(register)
        .given([...history, submitted(2, 3, '2025-09-25T08:00:00.000Z', resubmitted)])
        .thenDocument('programs', programId, {
          status: 'submitted',
          revision: 2,
          hours: 72,
          comments: [],
          updatedAt: '2025-09-25T08:00:00.000Z',
        })
        .thenRedeliveryChangesNothing();
    });

    it('puts an approved revision in the register with the approved card', () => {
      const approvedCard = { ...edited, title: 'Функциональная грамотность: итоговая редакция' };
      const approved = publishedEvent(
        'catalog.ProgramApproved',
        { programId, providerId, revision: 2, ...approvedCard },
        onProgram(4, '2025-10-03T12:00:00.000Z'),
      );
      projectionSpec(register)
        .given([
          draftedEvent,
          submitted(1, 1, '2025-09-05T10:00:00.000Z'),
          returned(1, 2, '2025-09-19T12:00:00.000Z'),
          submitted(2, 3, '2025-09-25T08:00:00.000Z'),
          approved,
        ])
        .then('programs', [
          {
            _id: programId,
            region: '63',
            providerId,
            status: 'approved',
            revision: 2,
            approvedRevision: 2,
            comments: [],
            ...approvedCard,
            ...words(approvedCard.title),
            updatedAt: '2025-10-03T12:00:00.000Z',
          },
        ])
        .thenRedeliveryChangesNothing();
    });

    it('shows a rejected revision with the council’s reasons', () => {
      const rejected = publishedEvent(
        'catalog.ProgramRejected',
        { programId, providerId, revision: 1, comments: ['Не соответствует профессиональному стандарту.'] },
        onProgram(2, '2025-09-19T12:00:00.000Z'),
      );
      projectionSpec(register)
        .given([draftedEvent, submitted(1, 1, '2025-09-05T10:00:00.000Z'), rejected])
        .thenDocument('programs', programId, {
          status: 'rejected',
          revision: 1,
          comments: ['Не соответствует профессиональному стандарту.'],
          title: edited.title,
          updatedAt: '2025-09-19T12:00:00.000Z',
        })
        .thenRedeliveryChangesNothing();
    });

    it('archives a program with the reason, keeping its card and the revision it was approved in', () => {
      const approved = publishedEvent(
        'catalog.ProgramApproved',
        { programId, providerId, revision: 1, ...edited },
        onProgram(2, '2025-10-03T12:00:00.000Z'),
      );
      const archived = publishedEvent(
        'catalog.ProgramArchived',
        { programId, providerId, reason: 'Программа заменена обновлённой редакцией' },
        onProgram(3, '2026-06-30T12:00:00.000Z'),
      );
      projectionSpec(register)
        .given([draftedEvent, submitted(1, 1, '2025-09-05T10:00:00.000Z'), approved, archived])
        .thenDocument('programs', programId, {
          status: 'archived',
          archivedBecause: 'Программа заменена обновлённой редакцией',
          revision: 1,
          approvedRevision: 1,
          title: edited.title,
          updatedAt: '2026-06-30T12:00:00.000Z',
        })
        .thenRedeliveryChangesNothing();
    });

    it('never lets an older event arriving late undo a newer one', () => {
      // the edit (position 1) arrives after the submission (position 2) it preceded
      const late = projectionSpec(register).given([
        draftedEvent,
        submitted(1, 2, '2025-09-05T10:03:27.640Z', drafted),
        editedEvent,
      ]);
      late.thenDocument('programs', programId, {
        status: 'submitted',
        title: drafted.title,
        hours: drafted.hours,
        updatedAt: '2025-09-05T10:03:27.640Z',
      });
      expect(late.documents('programs')[0]!['words']).toEqual(wordsOf(drafted.title));
      late.thenRedeliveryChangesNothing();
    });

    it('keeps programs apart, and passes over catalog events it does not show', () => {
      const otherId = '7d3e1f52-0a8b-4c69-9e24-5f1b3c7a9d08';
      const other = publishedEvent(
        'catalog.ProgramDrafted',
        { programId: otherId, providerId, ...drafted },
        { subject: `program-${otherId}`, position: 0 },
      );
      const organization = publishedEvent('catalog.OrganizationRegistered', {}, { position: 0 });
      const scenario = projectionSpec(register)
        .given([draftedEvent, organization, other, submitted(1, 1, '2025-09-05T10:00:00.000Z')])
        .thenDocument('programs', programId, { status: 'submitted' })
        .thenDocument('programs', otherId, { status: 'draft', ...words(drafted.title, otherId) })
        .then('offerings', [])
        .then('providers', []);
      expect(scenario.documents('programs')).toHaveLength(2);
      scenario.thenRedeliveryChangesNothing();
    });
  });

  describe('listings (what a register search reads)', () => {
    const approvedAt = (revision: number, position: number, time: string, card = edited) =>
      publishedEvent(
        'catalog.ProgramApproved',
        { programId, providerId, revision, ...card },
        onProgram(position, time),
      );

    it('lists an approved program under its region with the card, title words, and its shard', () => {
      projectionSpec(register)
        .given([
          draftedEvent,
          submitted(1, 1, '2025-09-05T10:00:00.000Z'),
          approvedAt(1, 2, '2025-10-03T12:00:00.000Z'),
        ])
        .then('listings', [
          {
            _id: programId,
            listed: '63',
            providerId,
            revision: 1,
            approvedRevision: 1,
            ...edited,
            ...words(edited.title),
            ...shardsOf(programId),
            updatedAt: '2025-10-03T12:00:00.000Z',
          },
        ])
        .thenRedeliveryChangesNothing();
    });

    it('takes a program out of the register while a new revision is reviewed, and when it is archived', () => {
      const archived = publishedEvent(
        'catalog.ProgramArchived',
        { programId, providerId, reason: 'Заменена' },
        onProgram(4, '2026-06-30T12:00:00.000Z'),
      );
      const approved = approvedAt(1, 2, '2025-10-03T12:00:00.000Z');
      projectionSpec(register)
        .given([
          draftedEvent,
          submitted(1, 1, '2025-09-05T10:00:00.000Z'),
          approved,
          submitted(2, 3, '2025-11-01T10:00:00.000Z'),
        ])
        .thenDocument('listings', programId, { listed: null, revision: 1 });
      projectionSpec(register)
        .given([draftedEvent, submitted(1, 1, '2025-09-05T10:00:00.000Z'), approved, archived])
        .thenDocument('listings', programId, { listed: null })
        .thenRedeliveryChangesNothing();
    });

    it('never lists a draft, a submission or a returned revision', () => {
      projectionSpec(register)
        .given([
          draftedEvent,
          submitted(1, 1, '2025-09-05T10:00:00.000Z'),
          returned(1, 2, '2025-09-19T12:00:00.000Z'),
        ])
        .then('listings', [{ _id: programId, listed: null }]);
    });

    it('orders by a hash of the id, so shards split any set of ids evenly', () => {
      const { shardKey, s1, s2, s3 } = shardsOf(programId);
      expect(shardKey).toBe(shardKeyOf(programId));
      expect(shardKey).toMatch(/^[0-9a-f]{12}\u0001/);
      expect([s1, s2, s3]).toEqual([shardKey.slice(0, 1), shardKey.slice(0, 2), shardKey.slice(0, 3)]);
      // sequential ids (as an import might make) still fall into every shard of 16
      const firsts = new Set(Array.from({ length: 200 }, (_, i) => shardKeyOf(`program-${i}`)[0]));
      expect(firsts.size).toBe(16);
    });
  });

  describe('offerings', () => {
    const opened = publishedEvent(
      'catalog.OfferingOpened',
      { offeringId, programId, providerId },
      onOffering(0, '2025-12-01T08:00:00.000Z'),
    );
    const { offeringId: _o, ...openedData } = opened.data;
    const next = (
      type: 'catalog.OfferingClosed' | 'catalog.OfferingStarted' | 'catalog.OfferingFinished',
      position: number,
    ) =>
      publishedEvent(
        type,
        { offeringId, programId, providerId },
        onOffering(position, '2026-02-02T00:00:00.000Z'),
      );

    it('keeps an opened offering with its dates, place and group sizes', () => {
      projectionSpec(register)
        .given([opened])
        .then('offerings', [{ _id: offeringId, ...openedData, status: 'open' }])
        .thenRedeliveryChangesNothing();
    });

    it('follows an offering through enrollment closed, running and finished', () => {
      const closed = next('catalog.OfferingClosed', 1);
      const started = next('catalog.OfferingStarted', 2);
      const finished = next('catalog.OfferingFinished', 3);
      projectionSpec(register)
        .given([opened, closed])
        .thenDocument('offerings', offeringId, { status: 'closed' })
        .thenRedeliveryChangesNothing();
      projectionSpec(register)
        .given([opened, closed, started])
        .thenDocument('offerings', offeringId, { status: 'running' })
        .thenRedeliveryChangesNothing();
      projectionSpec(register)
        .given([opened, closed, started, finished])
        .then('offerings', [{ _id: offeringId, ...openedData, status: 'finished' }])
        .thenRedeliveryChangesNothing();
    });

    it('shows a cancelled offering with the reason', () => {
      const cancelled = publishedEvent(
        'catalog.OfferingCancelled',
        { offeringId, programId, providerId, reason: 'Группа не набрана: 4 заявки при минимуме 10' },
        onOffering(2, '2026-01-27T09:00:00.000Z'),
      );
      projectionSpec(register)
        .given([opened, next('catalog.OfferingClosed', 1), cancelled])
        .then('offerings', [
          {
            _id: offeringId,
            ...openedData,
            status: 'cancelled',
            cancelledBecause: 'Группа не набрана: 4 заявки при минимуме 10',
          },
        ])
        .thenRedeliveryChangesNothing();
    });
  });

  describe('providers', () => {
    const registered = publishedEvent(
      'catalog.ProviderRegistered',
      { providerId, name: 'ГАУ ДПО СИПКРО', ownership: 'state', kind: 'dpo-institute' },
      { subject: `provider-${providerId}`, position: 0 },
    );
    const updated = publishedEvent(
      'catalog.ProviderUpdated',
      {
        providerId,
        name: 'ГАУ ДПО СО «Институт развития образования»',
        ownership: 'state',
        kind: 'dpo-institute',
      },
      { subject: `provider-${providerId}`, position: 1 },
    );

    it('keeps a provider’s name, ownership and kind to show beside its programs', () => {
      projectionSpec(register)
        .given([registered])
        .then('providers', [
          {
            _id: providerId,
            region: '63',
            name: 'ГАУ ДПО СИПКРО',
            ownership: 'state',
            kind: 'dpo-institute',
          },
        ])
        .thenRedeliveryChangesNothing();
    });

    it('takes the updated name, and keeps it when the registration arrives again or late', () => {
      const expected = [
        {
          _id: providerId,
          region: '63',
          name: 'ГАУ ДПО СО «Институт развития образования»',
          ownership: 'state',
          kind: 'dpo-institute',
        },
      ];
      projectionSpec(register)
        .given([registered, updated])
        .then('providers', expected)
        .thenRedeliveryChangesNothing();
      projectionSpec(register).given([updated, registered]).then('providers', expected);
    });
  });
});
