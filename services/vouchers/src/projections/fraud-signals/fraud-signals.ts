// The fraud signals' arithmetic, pure: the read side hands it documents, it says what looks unusual.
// Nothing here decides anything about a voucher: the ministry reads the signals and the evidence.

/** A provider's day counts as unusual past both: 3 × its own median, and at least this many. */
export const UNUSUAL_DAY_FLOOR = 5;
export const UNUSUAL_DAY_FACTOR = 3;

export interface Redemption {
  readonly providerId: string;
  readonly day: string;
  readonly voucherId: string;
  readonly block: number;
}

export interface UnusualDay {
  readonly providerId: string;
  readonly day: string;
  readonly count: number;
  /** The provider's median redemptions per day, over the days of the year it redeemed anything. */
  readonly median: number;
  readonly threshold: number;
  readonly vouchers: { voucherId: string; block: number }[];
}

export function median(values: readonly number[]): number {
  if (values.length === 0) return 0;
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
}

/**
 * The days on which a provider redeemed more than max(5, 3 × its own daily median). The median is
 * over the days it redeemed at least one block: courses end in waves (a group finishes together), so
 * over all 365 days most providers' median would be 0 and the floor alone would judge them; against
 * its own busy days, a provider whose groups are of 20 is not flagged for a group of 20, and one whose
 * groups are of 3 is flagged for 30 in a day. The floor keeps small providers from being flagged for 4.
 */
export function unusualDays(redemptions: readonly Redemption[]): UnusualDay[] {
  const byProvider = new Map<string, Map<string, Redemption[]>>();
  for (const r of redemptions) {
    const days = byProvider.get(r.providerId) ?? new Map<string, Redemption[]>();
    byProvider.set(r.providerId, days);
    days.set(r.day, [...(days.get(r.day) ?? []), r]);
  }
  const found: UnusualDay[] = [];
  for (const [providerId, days] of byProvider) {
    const perDay = median([...days.values()].map((list) => list.length));
    const threshold = Math.max(UNUSUAL_DAY_FLOOR, UNUSUAL_DAY_FACTOR * perDay);
    for (const [day, list] of days) {
      if (list.length <= threshold) continue;
      found.push({
        providerId,
        day,
        count: list.length,
        median: perDay,
        threshold,
        vouchers: list
          .map(({ voucherId, block }) => ({ voucherId, block }))
          .sort((a, b) => a.voucherId.localeCompare(b.voucherId) || a.block - b.block),
      });
    }
  }
  return found.sort((a, b) => a.day.localeCompare(b.day) || a.providerId.localeCompare(b.providerId));
}

export interface SpentBlock {
  readonly voucherId: string;
  readonly block: number;
  readonly teacherId: string;
  readonly organizationId: string;
  readonly providerId: string;
  readonly state: string;
}

export interface OwnOrganizationSpend extends SpentBlock {
  readonly inn: string;
}

/**
 * Blocks reserved or redeemed with a provider whose ИНН is the teacher's own organization's: a school
 * that is itself a provider trains, and is paid for, its own staff. An ИНН unknown on either side
 * (a replica behind, an empty field) ties nothing.
 */
export function ownOrganizationSpends(
  blocks: readonly SpentBlock[],
  organizationInn: (organizationId: string) => string | undefined,
  providerInn: (providerId: string) => string | undefined,
): OwnOrganizationSpend[] {
  const found: OwnOrganizationSpend[] = [];
  for (const block of blocks) {
    if (block.state !== 'reserved' && block.state !== 'redeemed') continue;
    const inn = organizationInn(block.organizationId);
    if (!inn || inn !== providerInn(block.providerId)) continue;
    found.push({ ...block, inn });
  }
  return found.sort((a, b) => a.voucherId.localeCompare(b.voucherId) || a.block - b.block);
}

export interface RedeemedApplication {
  readonly voucherId: string;
  readonly block: number;
  readonly applicationId: string;
  readonly providerId: string;
  readonly programId: string;
  /** The completion day the provider reported: the redemption's date. */
  readonly day: string;
}

/** The latest attendance enrollment recorded for an application (each record replaces the last). */
export interface RecordedAttendance {
  readonly hoursAttended: number;
  readonly hoursPlanned: number;
  readonly recordedAt: string;
}

export interface RedemptionWithoutAttendance extends RedeemedApplication {
  /** null: enrollment recorded no attendance at all; otherwise the record, with 0 hours attended. */
  readonly attendance: RecordedAttendance | null;
}

/**
 * Redeemed blocks whose application has no attendance recorded, or a record of zero hours attended:
 * the provider was paid for a course nobody is known to have sat. Partial attendance is not flagged:
 * how much is enough is the provider's rule (итоговая аттестация), not the voucher's.
 */
export function redemptionsWithoutAttendance(
  redemptions: readonly RedeemedApplication[],
  attendanceOf: (applicationId: string) => RecordedAttendance | undefined,
): RedemptionWithoutAttendance[] {
  const found: RedemptionWithoutAttendance[] = [];
  for (const redemption of redemptions) {
    const attendance = attendanceOf(redemption.applicationId);
    if (attendance && attendance.hoursAttended > 0) continue;
    found.push({ ...redemption, attendance: attendance ?? null });
  }
  return found.sort((a, b) => a.voucherId.localeCompare(b.voucherId) || a.block - b.block);
}
