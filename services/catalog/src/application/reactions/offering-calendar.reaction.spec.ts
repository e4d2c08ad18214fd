import { goldenExample } from '@pk/contracts';
import { offeringCalendar } from './offering-calendar.reaction';

describe('offering calendar', () => {
  it('closes enrollment when the deadline day ends, starts on the first day and finishes when the last ends (Moscow time)', async () => {
    const opened = goldenExample('catalog.OfferingOpened');
    const { offeringId } = opened.data;
    const streamId = `offering-${offeringId}`;
    expect(await offeringCalendar.react(opened)).toEqual([
      {
        aggregate: 'offering',
        streamId,
        command: { type: 'CloseEnrollment', offeringId },
        at: new Date('2026-01-26T20:59:59.999Z'),
      },
      {
        aggregate: 'offering',
        streamId,
        command: { type: 'StartOffering', offeringId },
        at: new Date('2026-02-01T21:00:00.000Z'),
      },
      {
        aggregate: 'offering',
        streamId,
        command: { type: 'FinishOffering', offeringId },
        at: new Date('2026-02-13T20:59:59.999Z'),
      },
    ]);
  });
});
