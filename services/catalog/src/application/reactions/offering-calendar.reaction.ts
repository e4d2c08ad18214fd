import type { OfferingOpened } from '@pk/contracts';
import { issue, type Reaction } from '@pk/kernel';
import { offering } from '../../domain/offering.decider';

/**
 * Dates of an offering are days of the region's calendar; the platform counts them in Moscow time
 * (UTC+3), so a day ends at 21:00 UTC. A region further east closes a few hours later than its
 * own midnight; nothing is decided earlier than the provider announced.
 */
export function endOfDay(date: string): Date {
  return new Date(`${date}T23:59:59.999+03:00`);
}

export function startOfDay(date: string): Date {
  return new Date(`${date}T00:00:00.000+03:00`);
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
    const { offeringId, enrollmentDeadline, startsOn, endsOn } = event.data;
    return [
      issue(
        offering,
        [offeringId],
        { type: 'CloseEnrollment', offeringId },
        { at: endOfDay(enrollmentDeadline) },
      ),
      issue(offering, [offeringId], { type: 'StartOffering', offeringId }, { at: startOfDay(startsOn) }),
      issue(offering, [offeringId], { type: 'FinishOffering', offeringId }, { at: endOfDay(endsOn) }),
    ];
  },
};
