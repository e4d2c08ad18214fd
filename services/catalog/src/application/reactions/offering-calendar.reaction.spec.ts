import { goldenExample, type OfferingOpened } from '@pk/contracts';
import { offeringCalendar } from './offering-calendar.reaction';

describe('offering calendar', () => {
  const at = async (opened: OfferingOpened) =>
    (await offeringCalendar.react(opened)).map((step) => [step.command.type, step.at?.toISOString()]);

  it('closes enrollment when the deadline day ends, starts on the first day and finishes when the last ends, on the region’s clock', async () => {
    // the golden offering is Samara's (region 63, UTC+4): its days end at 20:00 UTC, not Moscow's 21:00
    const opened = goldenExample('catalog.OfferingOpened');
    const { offeringId } = opened.data;
    const streamId = `offering-${offeringId}`;
    expect(opened.data.region).toBe('63');
    expect(await offeringCalendar.react(opened)).toEqual([
      {
        aggregate: 'offering',
        streamId,
        command: { type: 'CloseEnrollment', offeringId },
        at: new Date('2026-01-26T19:59:59.999Z'),
      },
      {
        aggregate: 'offering',
        streamId,
        command: { type: 'StartOffering', offeringId },
        at: new Date('2026-02-01T20:00:00.000Z'),
      },
      {
        aggregate: 'offering',
        streamId,
        command: { type: 'FinishOffering', offeringId },
        at: new Date('2026-02-13T19:59:59.999Z'),
      },
    ]);
  });

  it('follows each region’s own zone, from Kaliningrad (UTC+2) to Kamchatka (UTC+12)', async () => {
    const golden = goldenExample('catalog.OfferingOpened');
    const inRegion = (region: string): OfferingOpened => ({ ...golden, data: { ...golden.data, region } });
    expect(await at(inRegion('41'))).toEqual([
      ['CloseEnrollment', '2026-01-26T11:59:59.999Z'],
      ['StartOffering', '2026-02-01T12:00:00.000Z'],
      ['FinishOffering', '2026-02-13T11:59:59.999Z'],
    ]);
    expect(await at(inRegion('39'))).toEqual([
      ['CloseEnrollment', '2026-01-26T21:59:59.999Z'],
      ['StartOffering', '2026-02-01T22:00:00.000Z'],
      ['FinishOffering', '2026-02-13T21:59:59.999Z'],
    ]);
    expect(await at(inRegion('77'))).toEqual([
      ['CloseEnrollment', '2026-01-26T20:59:59.999Z'],
      ['StartOffering', '2026-02-01T21:00:00.000Z'],
      ['FinishOffering', '2026-02-13T20:59:59.999Z'],
    ]);
  });
});
