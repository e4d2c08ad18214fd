import { Injectable } from '@nestjs/common';
import type { CommandContext } from '@pk/kernel';
import type { ReadModelOf } from '@pk/projections';
import { EventSourcing, InjectReadModel } from '@pk/service-runtime';
import { DomainError } from '@pk/kernel';
import {
  type IrbeyCriterionRecordedV1,
  irbeyCriteria,
  type RecordIrbeyCriterion,
} from '../domain/irbey-criteria.decider';
import { regionFigures } from '../projections/region-figures/region-figures.projection';

/** The Irbey rows a municipal operator records, and the records a year holds. */
@Injectable()
export class IrbeyCriteriaCommands {
  private readonly criteria;

  constructor(
    private readonly eventSourcing: EventSourcing,
    @InjectReadModel(regionFigures) private readonly figures: ReadModelOf<typeof regionFigures>,
  ) {
    this.criteria = eventSourcing.handler(irbeyCriteria);
  }

  async record(request: Omit<RecordIrbeyCriterion, 'type'>, caller: CommandContext) {
    // the municipality must be the region's: a typo would otherwise open a stream nobody reads
    const municipality = await this.figures.lookUp(`municipality ${request.municipalityId}`, () =>
      this.figures
        .collection('municipalities')
        .findOne<{ _id: string }>({ _id: request.municipalityId, region: request.region }),
    );
    if (municipality === null) {
      throw new DomainError(
        'municipality-not-found',
        `municipalityId: муниципалитет ${request.municipalityId} не найден в регионе ${request.region}`,
      );
    }
    return this.criteria.handle(
      irbeyCriteria.streamId(request.municipalityId, request.year),
      { type: 'RecordIrbeyCriterion', ...request },
      caller,
    );
  }

  /** Every record of the municipality's year, oldest first. */
  async recordsOf(municipalityId: string, year: number): Promise<readonly IrbeyCriterionRecordedV1[]> {
    return (await this.eventSourcing.state(irbeyCriteria, municipalityId, year)).records;
  }
}
