import { randomUUID } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { REGIONS } from '@pk/contracts';
import { type Clock, DomainError } from '@pk/kernel';
import type { ReadModelOf } from '@pk/projections';
import { CLOCK, InjectReadModel } from '@pk/service-runtime';
import { regionFigures } from '../projections/region-figures/region-figures.projection';
import { GoalQueries } from '../queries/goals.queries';
import { IrbeyQueries } from '../queries/irbey.queries';
import { SamaraQueries } from '../queries/samara.queries';
import { type Chart, type ReportData, recommendationsOf } from '../reports/report-data';
import { ReportStore, type ReportSummary } from '../reports/report-store';

export interface ReportRequest {
  readonly region: string;
  readonly year: number;
  readonly municipalityId?: string;
}

/**
 * Issues analytical summaries: the figures of a scope and year gathered through the indicator
 * queries' public methods, frozen with the recommendations and the chart, and kept.
 */
@Injectable()
export class Reports {
  constructor(
    private readonly samaraCounts: SamaraQueries,
    private readonly irbey: IrbeyQueries,
    private readonly goalQueries: GoalQueries,
    private readonly store: ReportStore,
    @InjectReadModel(regionFigures) private readonly figures: ReadModelOf<typeof regionFigures>,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  async issue(request: ReportRequest, issuedBy: string): Promise<ReportData> {
    const { region, year, municipalityId } = request;
    const scopeName = await this.scopeNameOf(region, municipalityId);
    const scope = { region, ...(municipalityId === undefined ? {} : { municipalityId }) };
    const [samara, goals, irbey, recommendationFacts] = await Promise.all([
      this.samaraCounts.samara(scope, year),
      this.goalQueries.goals(scope, year),
      this.irbey.irbey(region, year, municipalityId),
      this.irbey.recommendationFacts(region, year, municipalityId),
    ]);
    const chart: Chart =
      municipalityId === undefined
        ? {
            title: `Итоговый балл муниципального мониторинга (Ирбей) по муниципалитетам, ${year} и ${year - 1}`,
            unit: `баллов из ${irbey.municipalities[0]?.total.max ?? 0}`,
            max: irbey.municipalities[0]?.total.max ?? 0,
            bars: irbey.municipalities.map((municipality) => ({
              label: municipality.name,
              value: municipality.total.score,
              previous: municipality.totalPreviousYear.score,
            })),
          }
        : {
            title: `Показатели персонификации ПК, %: ${year} и ${year - 1}`,
            unit: '%',
            max: 100,
            bars: samara.indicators.map((indicator) => ({
              label: indicator.title,
              value: indicator.current.percent,
              previous: indicator.previous.percent,
            })),
          };
    const report: ReportData = {
      reportId: randomUUID(),
      region,
      year,
      municipalityId: municipalityId ?? null,
      scopeName,
      title: `Аналитическая справка: ${scopeName}, ${year} год`,
      issuedAt: this.clock.now().toISOString(),
      issuedBy,
      samara: samara.indicators,
      goals: goals.indicators,
      irbey: irbey.municipalities,
      chart,
      recommendations: recommendationsOf(recommendationFacts),
    };
    await this.store.save(report);
    return report;
  }

  async find(reportId: string): Promise<ReportData> {
    const report = await this.store.find(reportId);
    if (report === null)
      throw new DomainError('report-not-found', `reportId: справка ${reportId} не найдена`);
    return report;
  }

  list(region: string, year: number, municipalityId?: string): Promise<ReportSummary[]> {
    return this.store.list(region, year, municipalityId);
  }

  private async scopeNameOf(region: string, municipalityId?: string): Promise<string> {
    if (municipalityId === undefined)
      return (REGIONS as Record<string, { name: string }>)[region]?.name ?? `регион ${region}`;
    const municipality = await this.figures
      .collection('municipalities')
      .findOne<{ name?: string }>({ _id: municipalityId, region });
    if (municipality === null) {
      throw new DomainError(
        'municipality-not-found',
        `municipalityId: муниципалитет ${municipalityId} не найден в регионе ${region}`,
      );
    }
    return municipality.name ?? municipalityId;
  }
}
