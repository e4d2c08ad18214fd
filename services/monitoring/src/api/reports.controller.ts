import {
  BadRequestException,
  Body,
  Controller,
  Get,
  HttpCode,
  Param,
  Post,
  Query,
  StreamableFile,
} from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiProduces, ApiResponse, ApiTags } from '@nestjs/swagger';
import {
  Allow,
  type AuthenticatedRequest,
  assertWithinScope,
  CurrentPrincipal,
  type Principal,
} from '@pk/auth';
import { canonicalId } from '@pk/service-runtime';
import { Reports } from '../application/reports';
import type { ReportData } from '../reports/report-data';
import { reportCsv } from '../reports/render-csv';
import { reportPdf } from '../reports/render-pdf';
import { reportXlsx } from '../reports/render-xlsx';
import type { ReportSummary } from '../reports/report-store';
import { municipalityAsked, regionAsked, scopeOf } from './access';
import { ReportListAnswer, ReportSummaryAnswer } from './monitoring.answers';
import { IssueReportRequest, ReportListQuery } from './reports.dto';

const FORMATS = {
  xlsx: {
    type: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
    render: reportXlsx,
  },
  pdf: { type: 'application/pdf', render: reportPdf },
  csv: { type: 'text/csv; charset=utf-8', render: async (report: ReportData) => reportCsv(report) },
} as const;
type Format = keyof typeof FORMATS;

/** The municipality a report request names in its body, or a municipal operator's own. */
const municipalityInBody = (request: AuthenticatedRequest) => {
  const body = (typeof request.body === 'object' && request.body !== null ? request.body : {}) as Record<
    string,
    unknown
  >;
  const named = body['municipalityId'];
  return {
    region: request.principal?.region,
    municipality:
      named === undefined ? request.principal?.municipality : (canonicalId(named) ?? String(named)),
  };
};

const filesOf = (reportId: string) =>
  (Object.keys(FORMATS) as Format[]).map((format) => `/reports/${reportId}.${format}`);
const summary = (report: ReportSummary): ReportSummaryAnswer => ({
  ...report,
  files: filesOf(report.reportId),
});

@ApiTags('reports')
@ApiBearerAuth()
@Controller('reports')
export class ReportsController {
  constructor(private readonly reports: Reports) {}

  /**
   * Issues the analytical summary of the region or a municipality for a year, as the figures stand
   * now; kept as issued, so a summary of last year reads later exactly as it did.
   */
  @Post()
  @HttpCode(201)
  @ApiResponse({ status: 201, type: ReportSummaryAnswer })
  @ApiResponse({ status: 404, description: 'No such municipality in the region (municipality-not-found)' })
  @Allow({ roles: ['ministry-admin'], scope: 'region' })
  @Allow({ roles: ['municipal-operator'], scope: 'municipality', target: municipalityInBody })
  async issue(
    @Body() body: IssueReportRequest,
    @CurrentPrincipal() principal: Principal,
  ): Promise<ReportSummaryAnswer> {
    const municipalityId =
      body.municipalityId ?? (principal.role === 'municipal-operator' ? principal.municipality : undefined);
    const report = await this.reports.issue(
      {
        region: principal.region,
        year: body.year,
        ...(municipalityId === undefined ? {} : { municipalityId }),
      },
      principal.subject,
    );
    return summary(report);
  }

  /** The summaries issued for a year, newest first: the region's, or one municipality's. */
  @Get()
  @ApiOkResponse({ type: ReportListAnswer })
  @Allow({ roles: ['ministry-admin', 'auditor'], scope: 'region', target: regionAsked })
  @Allow({ roles: ['municipal-operator'], scope: 'municipality', target: municipalityAsked })
  async list(
    @Query() query: ReportListQuery,
    @CurrentPrincipal() principal: Principal,
  ): Promise<ReportListAnswer> {
    const scope = scopeOf(query, principal);
    return { items: (await this.reports.list(scope.region, query.year, scope.municipalityId)).map(summary) };
  }

  /** One summary as XLSX (people), PDF (reading, printing) or CSV (machines: `;`, UTF-8 with BOM). */
  @Get(':file')
  @ApiProduces(...Object.values(FORMATS).map((format) => format.type))
  @ApiResponse({
    status: 200,
    description: 'The summary as issued, in the format its extension names',
    content: Object.fromEntries(
      Object.values(FORMATS).map((format) => [format.type, { schema: { type: 'string', format: 'binary' } }]),
    ),
  })
  @ApiResponse({ status: 404, description: 'No such summary (report-not-found)' })
  @Allow({ roles: ['ministry-admin', 'auditor'], scope: 'region' })
  @Allow({ roles: ['municipal-operator'], scope: 'region' })
  async file(@Param('file') file: string, @CurrentPrincipal() principal: Principal): Promise<StreamableFile> {
    const [, id, extension] = /^([^.]+)\.(xlsx|pdf|csv)$/.exec(file) ?? [];
    const reportId = canonicalId(id);
    if (reportId === undefined || extension === undefined) {
      throw new BadRequestException([
        `file: ожидается «<reportId>.xlsx», «<reportId>.pdf» или «<reportId>.csv», указано «${file}»`,
      ]);
    }
    const report = await this.reports.find(reportId);
    // the guard saw no report yet: the region's people see its reports, an operator their municipality's
    assertWithinScope(
      principal,
      {
        region: report.region,
        ...(report.municipalityId === null ? {} : { municipality: report.municipalityId }),
      },
      principal.role === 'municipal-operator' ? 'municipality' : 'region',
    );
    const format = FORMATS[extension as Format];
    return new StreamableFile(await format.render(report), {
      type: format.type,
      disposition: `attachment; filename="report-${report.year}-${report.reportId}.${extension}"`,
    });
  }
}
