import { Injectable } from '@nestjs/common';
import pLimit from 'p-limit';
import { REGION_CODES, REGIONS } from '@pk/contracts';
import type { ReadModelOf } from '@pk/projections';
import { InjectReadModel } from '@pk/service-runtime';
import { regionFigures } from '../projections/region-figures/region-figures.projection';
import { type Figures, MonitoringQueries, type SamaraIndicators } from './monitoring.queries';
import { SamaraQueries } from './samara.queries';

/** One region's totals: the region in figures and the Samara indicators' region values. */
export interface RegionTotals {
  readonly region: string;
  readonly name: string;
  readonly figures: Figures;
  readonly indicators: SamaraIndicators['indicators'];
}

/** Regions read at once: each answer is itself a few reads in flight. */
const REGIONS_IN_FLIGHT = 4;

/**
 * Every region's totals side by side, for the federal role. A region of the reference list is in
 * the answer when its catalog registered at least one municipality (every fact the figures count
 * belongs to a municipality's teachers, schools or vouchers, or to providers and programs a region
 * without municipalities has not begun to use); the others are only counted. Each region's row is
 * the very answer of GET /statistics/figures and GET /indicators/samara for that region, so the
 * comparison never drifts from what the region itself reads.
 */
@Injectable()
export class RegionsQueries {
  constructor(
    @InjectReadModel(regionFigures) private readonly figures: ReadModelOf<typeof regionFigures>,
    private readonly monitoring: MonitoringQueries,
    private readonly samara: SamaraQueries,
  ) {}

  async regions(year: number): Promise<{ regions: RegionTotals[]; regionsWithoutData: number }> {
    const limit = pLimit(REGIONS_IN_FLIGHT);
    const present = (
      await Promise.all(
        REGION_CODES.map((region) =>
          limit(async () =>
            (await this.figures.collection('municipalities').count({ region })) > 0 ? region : null,
          ),
        ),
      )
    ).filter((region): region is (typeof REGION_CODES)[number] => region !== null);
    const regions = await Promise.all(
      present.map((region) =>
        limit(async () => {
          const [figures, samara] = await Promise.all([
            this.monitoring.statistics({ region }, year),
            this.samara.samara({ region }, year),
          ]);
          return { region, name: REGIONS[region].name, figures, indicators: samara.indicators };
        }),
      ),
    );
    return { regions, regionsWithoutData: REGION_CODES.length - present.length };
  }
}
