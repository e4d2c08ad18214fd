import { Injectable } from '@nestjs/common';
import type { ReadModelOf } from '@pk/projections';
import { InjectReadModel } from '@pk/service-runtime';
import { catalogReplica } from '../catalog-replica/catalog-replica.projection';
import { spendablePrograms } from '../spendable-programs/spendable-programs.projection';
import { providerKey, voucherLedger, yearKey } from '../voucher-ledger/voucher-ledger.projection';
import {
  type OwnOrganizationSpend,
  ownOrganizationSpends,
  type RecordedAttendance,
  type RedeemedApplication,
  type Redemption,
  type RedemptionWithoutAttendance,
  redemptionsWithoutAttendance,
  type SpentBlock,
  type UnusualDay,
  unusualDays,
} from './fraud-signals';
import { attendanceRecords } from './attendance.projection';
import { redemptionDays } from './redemption-days.projection';

/**
 * The fraud signals of a region's year, from read models only, by indexed equalities and the
 * arithmetic in memory; read by the ministry now and then, not by every teacher.
 */
@Injectable()
export class FraudSignalQueries {
  constructor(
    @InjectReadModel(redemptionDays) private readonly redemptions: ReadModelOf<typeof redemptionDays>,
    @InjectReadModel(voucherLedger) private readonly ledger: ReadModelOf<typeof voucherLedger>,
    @InjectReadModel(catalogReplica) private readonly catalog: ReadModelOf<typeof catalogReplica>,
    @InjectReadModel(spendablePrograms) private readonly providers: ReadModelOf<typeof spendablePrograms>,
    @InjectReadModel(attendanceRecords) private readonly attendance: ReadModelOf<typeof attendanceRecords>,
  ) {}

  /**
   * The year's redemptions by one equality on (region, year), the region's attendance by one equality
   * on region, joined in memory by application. Not `$in` over the redeemed applications: FerretDB
   * does not push it down (docs/read-models.md), and a region's attendance is one small document per
   * application, fewer than the redemptions of a few years.
   */
  async redemptionsWithoutAttendance(region: string, year: number): Promise<RedemptionWithoutAttendance[]> {
    const [redeemed, recorded] = await Promise.all([
      this.redemptions
        .collection('redemptions')
        .find<RedeemedApplication>(
          { yearKey: yearKey(region, year) },
          { fields: { voucherId: 1, block: 1, applicationId: 1, providerId: 1, programId: 1, day: 1 } },
        ),
      this.attendance
        .collection('attendance')
        .find<RecordedAttendance & { _id: string }>(
          { region },
          { fields: { hoursAttended: 1, hoursPlanned: 1, recordedAt: 1 } },
        ),
    ]);
    const byApplication = new Map(
      recorded.map(({ _id, hoursAttended, hoursPlanned, recordedAt }) => [
        _id,
        { hoursAttended, hoursPlanned, recordedAt },
      ]),
    );
    return redemptionsWithoutAttendance(
      redeemed.map(({ voucherId, block, applicationId, providerId, programId, day }) => ({
        voucherId,
        block,
        applicationId,
        providerId,
        programId,
        day,
      })),
      (id) => byApplication.get(id),
    );
  }

  /**
   * One equality on (region, year) selects the year's redemptions — at most two per voucher, some
   * 90 000 small documents for Samara — and they are counted per provider and day in memory.
   */
  async unusualDays(region: string, year: number): Promise<UnusualDay[]> {
    const found = await this.redemptions
      .collection('redemptions')
      .find<Redemption>(
        { yearKey: yearKey(region, year) },
        { fields: { providerId: 1, day: 1, voucherId: 1, block: 1 } },
      );
    return unusualDays(found);
  }

  /**
   * Spends with the teacher's own organization, from the few providers that can be one: each provider
   * contracted for the year (a block is spent only under a contract) is looked up by id for its ИНН,
   * the organizations of that ИНН by an indexed equality, and only a provider that is some
   * organization has its reserved and redeemed blocks read (`providerKey`, one equality per state).
   */
  async ownOrganizationSpends(region: string, year: number): Promise<OwnOrganizationSpend[]> {
    const contracts = await this.ledger
      .collection('contracts')
      .find<{ providerId: string; region: string }>(
        { yearKey: yearKey(region, year) },
        { fields: { providerId: 1, region: 1 } },
      );
    const providerIds = [
      ...new Set(contracts.filter((c) => c.region === region).map((c) => c.providerId)),
    ].sort();
    const organizationInns = new Map<string, string>();
    const providerInns = new Map<string, string>();
    const blocks: SpentBlock[] = [];
    for (const providerId of providerIds) {
      const inn = (await this.providers.collection('providers').findById<{ inn?: string }>(providerId))?.inn;
      if (!inn) continue;
      const same = await this.catalog
        .collection('replica_organizations')
        .find<{ _id: string; region: string }>({ inn }, { fields: { region: 1 } });
      if (same.length === 0) continue;
      providerInns.set(providerId, inn);
      for (const organization of same) organizationInns.set(organization._id, inn);
      for (const state of ['reserved', 'redeemed'] as const) {
        const found = await this.ledger.collection('blocks').find<SpentBlock & { region: string }>(
          { providerKey: providerKey(providerId, year, state) },
          {
            fields: {
              voucherId: 1,
              block: 1,
              teacherId: 1,
              organizationId: 1,
              providerId: 1,
              state: 1,
              region: 1,
            },
          },
        );
        blocks.push(...found.filter((b) => b.region === region));
      }
    }
    return ownOrganizationSpends(
      blocks,
      (id) => organizationInns.get(id),
      (id) => providerInns.get(id),
    );
  }
}
