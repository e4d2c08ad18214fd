import { Injectable } from '@nestjs/common';
import type { ReadModelOf } from '@pk/projections';
import { InjectReadModel } from '@pk/service-runtime';
import { catalogStatistics } from './catalog-statistics.projection';

export interface CatalogCounts {
  readonly region: string;
  readonly providers: number;
  readonly programs: number;
  readonly retrainingPrograms: number;
}

/** What the catalog-statistics read model answers; the projection beside it keeps it current. */
@Injectable()
export class CatalogStatisticsQueries {
  constructor(
    @InjectReadModel(catalogStatistics)
    private readonly model: ReadModelOf<typeof catalogStatistics>,
  ) {}

  async counts(region: string): Promise<CatalogCounts> {
    const [providers, programs, retrainingPrograms] = await Promise.all([
      this.model.collection('providers').count({ region }),
      this.model.collection('programs').count({ region }),
      this.model.collection('programs').count({ region, kind: 'retraining' }),
    ]);
    return { region, providers, programs, retrainingPrograms };
  }
}
