import { Controller, Get, NotFoundException, Param, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { Allow, CurrentPrincipal, type Principal } from '@pk/auth';
import { EntityIdPipe } from '@pk/service-runtime';
import { VoucherAudit } from '../audit/voucher-audit';
import { AsOfQuery, RegionCodeParams, RegionYearParams, ReplayQuery } from './voucher-read.dto';
import {
  ReplayReportAnswer,
  VoucherReadAnswer,
  VoucherHistoryAnswer,
  YearMoneyAnswer,
} from './vouchers.answers';

/**
 * The auditor's reads, from the event store itself rather than the read models: a voucher's history
 * with who, when and why; a voucher and a year's money as of any moment; and the region-wide replay
 * that recomputes the ledger and reports every difference from the read model. Read-only.
 */
@ApiTags('audit')
@ApiBearerAuth()
@Controller('audit')
export class AuditController {
  constructor(private readonly audit: VoucherAudit) {}

  @Get('vouchers/:voucherId/history')
  @ApiOkResponse({ type: VoucherHistoryAnswer })
  @Allow({
    roles: ['auditor'],
    scope: 'region',
    target: (request) => ({ region: request.principal?.region }),
  })
  async history(
    @Param('voucherId', EntityIdPipe) voucherId: string,
    @CurrentPrincipal() principal: Principal,
  ) {
    const found = await this.audit.history(voucherId);
    if (!found || found.region !== principal.region) throw notFound(voucherId, principal);
    return { voucherId, events: found.events };
  }

  @Get('vouchers/:voucherId')
  @ApiOkResponse({ type: VoucherReadAnswer, description: 'The voucher as it stood at the moment' })
  @Allow({
    roles: ['auditor'],
    scope: 'region',
    target: (request) => ({ region: request.principal?.region }),
  })
  async asOf(
    @Param('voucherId', EntityIdPipe) voucherId: string,
    @Query() query: AsOfQuery,
    @CurrentPrincipal() principal: Principal,
  ) {
    const found = await this.audit.asOf(voucherId, query.at ? new Date(query.at) : new Date());
    if (!found || found.region !== principal.region) throw notFound(voucherId, principal, query.at);
    return found;
  }

  /** A year's money as of a moment, recomputed from the event store. */
  @Get('money/:region/:year')
  @ApiOkResponse({ type: YearMoneyAnswer })
  @Allow({ roles: ['auditor'], scope: 'region' })
  async money(@Param() { region, year }: RegionYearParams, @Query() query: AsOfQuery) {
    const report = await this.audit.replay(region, { year, at: query.at ? new Date(query.at) : undefined });
    return report.years[0];
  }

  /**
   * The region-wide replay: every voucher and money total recomputed from the event store and, when
   * replayed to now, compared with the read models, each difference reported. Run it once the read
   * models have caught up (`/health`): a document still on its way shows as a difference.
   */
  @Get('regions/:region/replay')
  @ApiOkResponse({ type: ReplayReportAnswer })
  @Allow({ roles: ['auditor'], scope: 'region' })
  replay(@Param() { region }: RegionCodeParams, @Query() query: ReplayQuery) {
    return this.audit.replay(region, { year: query.year, at: query.at ? new Date(query.at) : undefined });
  }
}

function notFound(voucherId: string, principal: Principal, at?: string) {
  return new NotFoundException(
    `нет ИОЧ ${voucherId} в регионе ${principal.region}${at ? ` на момент ${at}` : ''}`,
  );
}
