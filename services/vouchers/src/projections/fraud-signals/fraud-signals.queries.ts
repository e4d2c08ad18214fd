import { Injectable } from '@nestjs/common';
import type { ReadModelOf } from '@pk/projections';
import { InjectReadModel } from '@pk/service-runtime';
import { catalogReplica } from '../catalog-replica/catalog-replica.projection';
import { spendablePrograms } from '../spendable-programs/spendable-programs.projection';
import { voucherLedger, yearKey } from '../voucher-ledger/voucher-ledger.projection';
import {
  type OwnOrganizationSpend,
  ownOrganizationSpends,
  type Redemption,
  type SpentBlock,
  type UnusualDay,
  unusualDays,
} from './fraud-signals';
import { redemptionDays } from './redemption-days.projection';

/**
 * The fraud signals of a region's year, from read models only. Each list is one indexed equality on
 * (region, year) and the arithmetic in memory: a year of Samara is some 90 000 blocks of a few fields,
 * read once per request by the ministry, not by every teacher.
 */
@Injectable()
export class FraudSignalQueries {
  constructor(
    @InjectReadModel(redemptionDays) private readonly redemptions: ReadModelOf<typeof redemptionDays>,
    @InjectReadModel(voucherLedger) private readonly ledger: ReadModelOf<typeof voucherLedger>,
    @InjectReadModel(catalogReplica) private readonly catalog: ReadModelOf<typeof catalogReplica>,
    @InjectReadModel(spendablePrograms) private readonly providers: ReadModelOf<typeof spendablePrograms>,
  ) {}

  async unusualDays(region: string, year: number): Promise<UnusualDay[]> {
    const found = await this.redemptions
      .collection('redemptions')
      .find<Redemption>(
        { yearKey: yearKey(region, year) },
        { fields: { providerId: 1, day: 1, voucherId: 1, block: 1 } },
      );
    return unusualDays(found);
  }

  async ownOrganizationSpends(region: string, year: number): Promise<OwnOrganizationSpend[]> {
    const blocks = (
      await this.ledger
        .collection('blocks')
        .find<SpentBlock & { region: string }>(
          { yearKey: yearKey(region, year) },
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
        )
    ).filter((b) => b.region === region && b.providerId && b.organizationId);
    // the few organizations and providers the spent blocks name, each read once by id
    const organizationInns = new Map<string, string | undefined>();
    const providerInns = new Map<string, string | undefined>();
    for (const { organizationId, providerId, state } of blocks) {
      if (state !== 'reserved' && state !== 'redeemed') continue;
      if (!organizationInns.has(organizationId)) {
        const found = await this.catalog
          .collection('replica_organizations')
          .findById<{ inn?: string }>(organizationId);
        organizationInns.set(organizationId, found?.inn ?? undefined);
      }
      if (!providerInns.has(providerId)) {
        const found = await this.providers.collection('providers').findById<{ inn?: string }>(providerId);
        providerInns.set(providerId, found?.inn ?? undefined);
      }
    }
    return ownOrganizationSpends(
      blocks,
      (id) => organizationInns.get(id),
      (id) => providerInns.get(id),
    );
  }
}
