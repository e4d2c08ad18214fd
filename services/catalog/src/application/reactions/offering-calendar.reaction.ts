import { endOfRegionDay, type OfferingOpened, startOfRegionDay } from '@pk/contracts';
import { issue, type Reaction } from '@pk/kernel';
import { offering } from '../../domain/offering.decider';

/**
 * Dates of an offering are days of its region's calendar (contracts' REGIONS: Samara UTC+4,
 * Kamchatka UTC+12…): enrollment closes when the deadline day ends on the region's clock, not
 * Moscow's or UTC's.
 */
export function endOfDay(date: string, region: string): Date {
  return endOfRegionDay(region, date);
}

export function startOfDay(date: string, region: string): Date {
  return startOfRegionDay(region, date);
}

/**
 * An opened offering moves on by its own dates: enrollment closes when the deadline day ends,
 * classes start on the first day and finish when the last day ends. Each step is a deadline in the
 * service's schedule; one the provider already took (closing early, cancelling) decides nothing.
 */
export const offeringCalendar: Reaction<OfferingOpened> = {
  name: 'offering-calendar',
  events: ['catalog.OfferingOpened'],
  react(event) {
    const { offeringId, region, enrollmentDeadline, startsOn, endsOn } = event.data;
    return [
      issue(
        offering,
        [offeringId],
        { type: 'CloseEnrollment', offeringId },
        { at: endOfDay(enrollmentDeadline, region) },
      ),
      issue(
        offering,
        [offeringId],
        { type: 'StartOffering', offeringId },
        { at: startOfDay(startsOn, region) },
      ),
      issue(offering, [offeringId], { type: 'FinishOffering', offeringId }, { at: endOfDay(endsOn, region) }),
    ];
  },
};
