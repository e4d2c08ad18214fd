import { Injectable } from '@nestjs/common';
import type { CatalogEvent } from '@pk/contracts';
import { InjectReadModel, type ReadModel } from '@pk/service-runtime';
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
    private readonly model: ReadModel<CatalogEvent, typeof catalogStatistics.collections>,
  ) {}

  async counts(region: string): Promise<CatalogCounts> {
    const [providers, programs, retrainingPrograms] = await Promise.all([
      this.model.model('providers').countDocuments({ region }),
      this.model.model('programs').countDocuments({ region }),
      this.model.model('programs').countDocuments({ region, kind: 'retraining' }),
    ]);
    return { region, providers, programs, retrainingPrograms };
  }
}
