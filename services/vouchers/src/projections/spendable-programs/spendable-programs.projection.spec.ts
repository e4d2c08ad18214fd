import { projectionSpec, publishedEvent } from '@pk/test-kit';
import { blockKindOf, fitKey, spendablePrograms } from './spendable-programs.projection';

const programId = '4b8d2f16-e9a3-4c57-8f10-6a3e9d7b2c58';
const providerId = '3e9a1c74-58b2-4f06-a1d3-7c2b9e5f8a10';
const onProgram = (position: number) => ({ subject: `program-${programId}`, position });

describe('spendable programs projection (vouchers’ replica of the register)', () => {
  it('lists a fit key for every position × kind of organization an approved 36-hour program targets', () => {
    const approved = publishedEvent(
      'catalog.ProgramApproved',
      {
        programId,
        providerId,
        hours: 36,
        format: 'blended',
        targetPositions: ['teacher', 'general-subject-lecturer'],
        organizationTypes: ['school', 'vocational-college'],
      },
      onProgram(6),
    );
    projectionSpec(spendablePrograms)
      .given([approved])
      .thenDocument('programs', programId, {
        providerId,
        spendable: true,
        fits: [
          fitKey('63', 'variable', 'teacher', 'school'),
          fitKey('63', 'variable', 'teacher', 'vocational-college'),
          fitKey('63', 'variable', 'general-subject-lecturer', 'school'),
          fitKey('63', 'variable', 'general-subject-lecturer', 'vocational-college'),
        ],
      })
      .thenRedeliveryChangesNothing();
  });

  it('fits a 54-hour internship to the internship block only', () => {
    const internship = publishedEvent(
      'catalog.ProgramApproved',
      {
        programId,
        hours: 54,
        format: 'internship',
        targetPositions: ['industrial-training-master'],
        organizationTypes: ['vocational-college'],
      },
      onProgram(3),
    );
    projectionSpec(spendablePrograms)
      .given([internship])
      .thenDocument('programs', programId, {
        fits: [fitKey('63', 'internship', 'industrial-training-master', 'vocational-college')],
      });
  });

  it.each([
    ['not voucher-eligible', { voucherEligible: false }],
    ['of 72 hours', { hours: 72 }],
    ['a 36-hour internship', { format: 'internship' as const }],
    ['retraining', { kind: 'retraining' as const, hours: 256 }],
  ])('lists no fit for a program %s', (_what, card) => {
    projectionSpec(spendablePrograms)
      .given([publishedEvent('catalog.ProgramApproved', { programId, ...card }, onProgram(6))])
      .thenDocument('programs', programId, { fits: [], spendable: false });
  });

  it('drops every fit when the program is archived, even if the approval arrives late', () => {
    const approved = publishedEvent('catalog.ProgramApproved', { programId }, onProgram(6));
    const archived = publishedEvent('catalog.ProgramArchived', { programId }, onProgram(7));
    projectionSpec(spendablePrograms)
      .given([archived, approved])
      .thenDocument('programs', programId, { fits: [], spendable: false })
      .thenRedeliveryChangesNothing();
  });

  it('keeps providers’ ownership, which decides who may train general-education teachers, and the ИНН the fraud signals compare', () => {
    projectionSpec(spendablePrograms)
      .given([
        publishedEvent(
          'catalog.ProviderRegistered',
          { providerId, ownership: 'private', inn: '6316123456' },
          { subject: `provider-${providerId}` },
        ),
      ])
      .thenDocument('providers', providerId, { region: '63', ownership: 'private', inn: '6316123456' });
  });

  it('knows which block a card fills', () => {
    expect(blockKindOf({ kind: 'advanced-training', hours: 36, format: 'distance' })).toBe('variable');
    expect(blockKindOf({ kind: 'advanced-training', hours: 54, format: 'internship' })).toBe('internship');
    expect(blockKindOf({ kind: 'advanced-training', hours: 54, format: 'in-person' })).toBeUndefined();
  });
});
