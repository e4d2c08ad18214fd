import { Controller, Get, HttpCode, NotFoundException, Param, Post, Query, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiResponse, ApiTags } from '@nestjs/swagger';
import { Allow, CurrentPrincipal, type Principal } from '@pk/auth';
import { EntityIdPipe } from '@pk/service-runtime';
import { type ReplayJob, ReplayJobs } from '../audit/replay-jobs';
import { VoucherAudit } from '../audit/voucher-audit';
import {
  AsOfQuery,
  RegionCodeParams,
  RegionYearParams,
  ReplayJobParams,
  ReplayQuery,
} from './voucher-read.dto';
import {
  ReplayJobAnswer,
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
  constructor(
    private readonly audit: VoucherAudit,
    private readonly jobs: ReplayJobs,
  ) {}

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
   * Starts the region-wide replay as a job: every voucher and money total recomputed from the event
   * store and, when replayed to now, compared with the read models, each difference reported. It
   * reads the whole store (minutes for a region), so it runs after the answer: 202 with the job and a
   * Location to read it at. One runs per region at a time: a start while one runs answers 200 with
   * that one. Run it once the read models have caught up (`/health`): a document still on its way
   * shows as a difference. Starting it writes nothing: the auditor may.
   */
  @Post('regions/:region/replays')
  @HttpCode(202)
  @ApiResponse({ status: 202, type: ReplayJobAnswer, description: 'Started; Location: the job' })
  @ApiResponse({ status: 200, type: ReplayJobAnswer, description: 'One was running: that one' })
  @Allow({ roles: ['auditor'], scope: 'region' })
  start(
    @Param() { region }: RegionCodeParams,
    @Query() query: ReplayQuery,
    @CurrentPrincipal() principal: Principal,
    @Res({ passthrough: true }) response: Response,
  ): ReplayJobAnswer {
    const { job, started } = this.jobs.start(
      region,
      { year: query.year, at: query.at ? new Date(query.at) : undefined },
      principal.subject,
    );
    response.setHeader('Location', `/audit/regions/${region}/replays/${job.jobId}`);
    if (!started) response.status(200);
    return { ...jobView(job), started };
  }

  /** The job: its progress (events read, vouchers recomputed of how many) and, once done, its report. */
  @Get('regions/:region/replays/:jobId')
  @ApiOkResponse({ type: ReplayJobAnswer })
  @Allow({ roles: ['auditor'], scope: 'region' })
  job(@Param() { region, jobId }: ReplayJobParams): ReplayJobAnswer {
    const job = this.jobs.get(jobId);
    if (!job || job.region !== region) {
      throw new NotFoundException(
        `нет сверки ${jobId} по региону ${region} (после перезапуска службы её нужно начать заново)`,
      );
    }
    return jobView(job);
  }
}

/** What the start sets on the answer (express's response, as far as it is used). */
interface Response {
  setHeader(name: string, value: string): void;
  status(code: number): unknown;
}

/** A copy as it stands now: the job goes on changing after the answer is made. */
function jobView(job: ReplayJob): ReplayJobAnswer {
  // the report's lists are read-only in the replay and copied into the answer unchanged
  return { ...job, progress: { ...job.progress }, report: job.report as ReplayJobAnswer['report'] };
}

function notFound(voucherId: string, principal: Principal, at?: string) {
  return new NotFoundException(
    `нет ИОЧ ${voucherId} в регионе ${principal.region}${at ? ` на момент ${at}` : ''}`,
  );
}
