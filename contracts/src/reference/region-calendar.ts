import { regionTimeZone } from './regions';

// The region's calendar: which day an instant falls on in a region, and when a region's day begins
// and ends. Every date the domain decides on (today's date for an overdue report, whether a deadline
// has passed, when an offering's enrollment closes) is a day of the region it concerns, never a UTC or
// Moscow day: at 22:00 UTC on 31 August it is already 1 September in Samara (UTC+4) and on Kamchatka
// (UTC+12). Computed with Intl (Node's full ICU and its tzdata), so no library and no fixed offsets:
// a zone that changes its offset by law changes here with the runtime's tzdata.

const formats = new Map<string, Intl.DateTimeFormat>();

function formatOf(timeZone: string): Intl.DateTimeFormat {
  let format = formats.get(timeZone);
  if (!format) {
    format = new Intl.DateTimeFormat('en-US', {
      timeZone,
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
      hourCycle: 'h23',
    });
    formats.set(timeZone, format);
  }
  return format;
}

/** The wall clock of the zone at an instant, as if it were UTC (milliseconds since the epoch). */
function wallClock(timeZone: string, instant: Date): number {
  const parts: Record<string, number> = {};
  for (const { type, value } of formatOf(timeZone).formatToParts(instant)) {
    if (type !== 'literal') parts[type] = Number(value);
  }
  return Date.UTC(
    parts['year']!,
    parts['month']! - 1,
    parts['day']!,
    parts['hour']!,
    parts['minute']!,
    parts['second']!,
  );
}

const pad = (n: number, width = 2) => String(n).padStart(width, '0');

function calendarDate(ms: number): string {
  const date = new Date(ms);
  return `${pad(date.getUTCFullYear(), 4)}-${pad(date.getUTCMonth() + 1)}-${pad(date.getUTCDate())}`;
}

/** The date (YYYY-MM-DD) an instant falls on in the region. Throws UnknownRegion for an unknown code. */
export function regionDateOf(region: string, instant: Date): string {
  return calendarDate(wallClock(regionTimeZone(region), instant));
}

/** Today's date in the region, by the clock of the decision. */
export function regionToday(region: string, now: Date): string {
  return regionDateOf(region, now);
}

/** The instant the region's day (YYYY-MM-DD) begins: its midnight on the region's clock. */
export function startOfRegionDay(region: string, date: string): Date {
  const timeZone = regionTimeZone(region);
  const [year, month, day] = date.split('-').map(Number) as [number, number, number];
  const midnight = Date.UTC(year, month - 1, day);
  const offsetAt = (instant: number) =>
    wallClock(timeZone, new Date(instant)) - Math.floor(instant / 1000) * 1000;
  // the offset at midnight's UTC reading, then at the instant found: right across an offset change too
  const first = midnight - offsetAt(midnight);
  return new Date(midnight - offsetAt(first));
}

/** The last millisecond of the region's day (YYYY-MM-DD): the next day's midnight less 1 ms. */
export function endOfRegionDay(region: string, date: string): Date {
  const [year, month, day] = date.split('-').map(Number) as [number, number, number];
  const next = calendarDate(Date.UTC(year, month - 1, day + 1));
  return new Date(startOfRegionDay(region, next).getTime() - 1);
}
