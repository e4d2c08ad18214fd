import { regionToday } from '@pk/contracts';

/**
 * The calendar year, on the region's own clock, of an instant or a date: the year a fact is
 * counted in. A deficit found at 23:30 on 31 December in Samara (UTC+4) belongs to the next year
 * there, although UTC still says the old one.
 */
export function regionYearOf(region: string, instantOrDate: string): number {
  // a bare date (completedOn) is already the region's day
  if (/^\d{4}-\d{2}-\d{2}$/.test(instantOrDate)) return Number(instantOrDate.slice(0, 4));
  return Number(regionToday(region, new Date(instantOrDate)).slice(0, 4));
}
