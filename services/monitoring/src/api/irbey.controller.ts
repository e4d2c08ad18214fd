import { Body, Controller, Get, HttpCode, Param, Put, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiResponse, ApiTags } from '@nestjs/swagger';
import {
  Allow,
  type AuthenticatedRequest,
  Caller,
  CurrentPrincipal,
  isFederal,
  type Principal,
} from '@pk/auth';
import type { CommandContext } from '@pk/kernel';
import { canonicalId, CommandAccepted, EntityIdPipe } from '@pk/service-runtime';
import { IrbeyCriteriaCommands } from '../application/irbey-criteria.commands';
import { IrbeyQueries } from '../queries/irbey.queries';
import { FEDERAL_TOTALS, municipalityAsked, regionAsked, scopeOf } from './access';
import { IrbeyQuery, RecordCriterionRequest, YearPipe } from './irbey.dto';
import { IrbeyAnswer } from './monitoring.answers';

/** The municipality a record names in its path; the region is the token's. */
const municipalityInPath = (request: AuthenticatedRequest) => {
  const named = request.params?.['municipalityId'];
  return {
    region: request.principal?.region,
    municipality: canonicalId(named) ?? (typeof named === 'string' ? named : undefined),
  };
};

@ApiTags('indicators')
@ApiBearerAuth()
@Controller('indicators/irbey')
export class IrbeyController {
  constructor(
    private readonly irbey: IrbeyQueries,
    private readonly criteria: IrbeyCriteriaCommands,
  ) {}

  /**
   * Seed 003's criteria table for the year, per municipality, with last year's values, the change
   * and the total score: every municipality of the region, or the one named (a municipal
   * operator's own). The federal role reads the answers and scores without the operators'
   * records: who recorded a row and their comment are a person's.
   */
  @Get()
  @ApiOkResponse({ type: IrbeyAnswer })
  @Allow({ roles: ['ministry-admin', 'auditor'], scope: 'region', target: regionAsked })
  @Allow({ roles: ['municipal-operator'], scope: 'municipality', target: municipalityAsked })
  @Allow(FEDERAL_TOTALS)
  async list(@Query() query: IrbeyQuery, @CurrentPrincipal() principal: Principal): Promise<IrbeyAnswer> {
    const scope = scopeOf(query, principal);
    const answer = await this.irbey.irbey(scope.region, query.year, scope.municipalityId);
    return isFederal(principal.role) ? withoutRecords(answer) : answer;
  }

  /**
   * The answer to a row no event can know, recorded by the municipal operator (their own
   * municipality) or the ministry; a later record corrects an earlier one, the same again records
   * nothing.
   */
  @Put(':municipalityId/:year/criteria/:criterionId')
  @HttpCode(200)
  @ApiResponse({ status: 200, type: CommandAccepted })
  @ApiResponse({ status: 404, description: 'No such municipality in the region (municipality-not-found)' })
  @ApiResponse({
    status: 422,
    description: 'A row the platform computes, or no such row (criterion-not-recorded)',
  })
  @Allow({ roles: ['ministry-admin'], scope: 'region' })
  @Allow({ roles: ['municipal-operator'], scope: 'municipality', target: municipalityInPath })
  async record(
    @Param('municipalityId', EntityIdPipe) municipalityId: string,
    @Param('year', YearPipe) year: number,
    @Param('criterionId') criterionId: string,
    @Body() body: RecordCriterionRequest,
    @CurrentPrincipal() principal: Principal,
    @Caller() caller: CommandContext,
  ): Promise<CommandAccepted> {
    return CommandAccepted.of(
      await this.criteria.record(
        { region: principal.region, municipalityId, year, criterionId, met: body.met, comment: body.comment },
        caller,
      ),
    );
  }
}

/** The answer with every operator's record withheld (null), its met/score kept. */
function withoutRecords(answer: IrbeyAnswer): IrbeyAnswer {
  return {
    ...answer,
    municipalities: answer.municipalities.map((municipality) => ({
      ...municipality,
      rows: municipality.rows.map((row) => ({
        ...row,
        current: { ...row.current, recorded: null },
        previous: { ...row.previous, recorded: null },
      })),
    })),
  };
}
