import { Injectable } from '@nestjs/common';
import type { ReadModelOf } from '@pk/projections';
import { InjectReadModel } from '@pk/service-runtime';
import { legalEntities } from './legal-entities.projection';

interface EntryDocument {
  readonly _id: string;
  readonly directory: string;
  readonly region: string;
  readonly inn: string;
  readonly name: string;
}

/** What expertise knows of the catalog's directories: legal entities (ИНН) and providers' names. */
@Injectable()
export class LegalEntities {
  constructor(@InjectReadModel(legalEntities) private readonly model: ReadModelOf<typeof legalEntities>) {}

  /**
   * Every directory id of the provider's legal entity (its own id among them): the home
   * organizations whose experts have a conflict of interest with its programs. The provider's own
   * entry is a fact the decision needs: while the replica is behind it is waited for
   * (ReplicaBehind); a provider catalog never published (caught up, still missing) is only itself.
   */
  async sameLegalEntity(providerId: string): Promise<string[]> {
    const entries = this.model.collection('legal_entities');
    const provider = await this.model.lookUp(`provider ${providerId} in the catalog's directory`, () =>
      entries.findById<EntryDocument>(providerId),
    );
    if (!provider) return [providerId];
    const same = await entries.find<EntryDocument>({ inn: provider.inn });
    return [...new Set([providerId, ...same.map((e) => e._id)])].sort();
  }

  /** The names of the region's providers by id (one equality read), for statistics. */
  async providerNames(region: string): Promise<Map<string, string>> {
    const providers = await this.model
      .collection('legal_entities')
      .find<EntryDocument>({ region, directory: 'provider' });
    return new Map(providers.map((p) => [p._id, p.name]));
  }
}
