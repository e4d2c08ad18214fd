import {
  endOfRegionDay,
  isRegionCode,
  REGION_CODES,
  REGIONS,
  regionDateOf,
  regionTimeZone,
  regionToday,
  startOfRegionDay,
  UnknownRegion,
} from '../index';

describe('the regions of the directory', () => {
  it('holds the 89 federal subjects, each with a two-digit code and a zone of Node’s tzdata', () => {
    expect(REGION_CODES).toHaveLength(89);
    const zones = new Set(Intl.supportedValuesOf('timeZone'));
    for (const code of REGION_CODES) {
      expect(code).toMatch(/^[0-9]{2}$/);
      expect([code, zones.has(REGIONS[code].timeZone)]).toEqual([code, true]);
    }
    expect(REGIONS['63']).toEqual({ name: 'Самарская область', timeZone: 'Europe/Samara' });
    expect(REGIONS['24'].timeZone).toBe('Asia/Krasnoyarsk');
  });

  it('spans the country’s zones, from Kaliningrad (UTC+2) to Kamchatka and Chukotka (UTC+12)', () => {
    const offsets = new Set(
      REGION_CODES.map((code) => {
        const midnight = startOfRegionDay(code, '2026-06-01');
        return (Date.parse('2026-06-01T00:00:00Z') - midnight.getTime()) / 3_600_000;
      }),
    );
    expect([...offsets].sort((a, b) => a - b)).toEqual([2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12]);
    expect(regionTimeZone('39')).toBe('Europe/Kaliningrad');
    expect(regionTimeZone('41')).toBe('Asia/Kamchatka');
  });

  it('knows no other code', () => {
    for (const code of ['00', '80', '84', '88', '96', '99', '6', '063', '']) {
      expect([code, isRegionCode(code)]).toEqual([code, false]);
    }
    expect(() => regionTimeZone('99')).toThrow(UnknownRegion);
    expect(() => regionToday('99', new Date())).toThrow(UnknownRegion);
  });
});

describe('the region’s calendar', () => {
  // 21:30 UTC on 31 August 2026: still the 31st in Kaliningrad and at UTC, the 1st in Moscow and east
  const lateEvening = new Date('2026-08-31T21:30:00Z');

  it('dates an instant by the region’s clock, not by UTC', () => {
    expect(regionDateOf('39', lateEvening)).toBe('2026-08-31'); // Kaliningrad, 23:30
    expect(regionDateOf('77', lateEvening)).toBe('2026-09-01'); // Moscow, 00:30
    expect(regionDateOf('63', lateEvening)).toBe('2026-09-01'); // Samara, 01:30
    expect(regionDateOf('41', lateEvening)).toBe('2026-09-01'); // Kamchatka, 09:30
    // early morning UTC: Kamchatka is on the next day, Kaliningrad still on the same
    expect(regionToday('41', new Date('2026-12-31T12:00:00Z'))).toBe('2027-01-01');
    expect(regionToday('39', new Date('2027-01-01T00:30:00Z'))).toBe('2027-01-01');
    expect(regionToday('63', new Date('2026-12-31T19:59:59.999Z'))).toBe('2026-12-31');
    expect(regionToday('63', new Date('2026-12-31T20:00:00Z'))).toBe('2027-01-01');
  });

  it('begins and ends a region’s day at its own midnight', () => {
    expect(startOfRegionDay('63', '2026-09-01').toISOString()).toBe('2026-08-31T20:00:00.000Z');
    expect(endOfRegionDay('63', '2026-09-01').toISOString()).toBe('2026-09-01T19:59:59.999Z');
    expect(startOfRegionDay('41', '2026-09-01').toISOString()).toBe('2026-08-31T12:00:00.000Z');
    expect(startOfRegionDay('39', '2026-09-01').toISOString()).toBe('2026-08-31T22:00:00.000Z');
    expect(endOfRegionDay('77', '2026-12-31').toISOString()).toBe('2026-12-31T20:59:59.999Z');
    expect(endOfRegionDay('24', '2028-02-29').toISOString()).toBe('2028-02-29T16:59:59.999Z');
  });

  it('agrees with itself: the start and end of a day fall on that day, a moment either side does not', () => {
    for (const code of REGION_CODES) {
      const start = startOfRegionDay(code, '2026-03-01');
      const end = endOfRegionDay(code, '2026-03-01');
      expect([code, regionDateOf(code, start), regionDateOf(code, end)]).toEqual([
        code,
        '2026-03-01',
        '2026-03-01',
      ]);
      expect(regionDateOf(code, new Date(start.getTime() - 1))).toBe('2026-02-28');
      expect(regionDateOf(code, new Date(end.getTime() + 1))).toBe('2026-03-02');
    }
  });
});
