import { BadRequestException, Controller, Get, Header, Logger, Query, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { Allow, type AuthenticatedRequest, CurrentPrincipal, type Principal } from '@pk/auth';
import { frdoCsvOf } from '../application/frdo-export';
import { FrdoExportQueries } from '../application/frdo-export.queries';
import { FrdoExportQuery } from './frdo-export.dto';

/** The longest period one file covers: a year of a region's documents. */
export const FRDO_PERIOD_DAYS = 366;

const ownRegion = (request: AuthenticatedRequest) => ({ region: request.principal?.region });

/**
 * The federal register's file of a period's ДПО documents: for the ministry of the region, and for a
 * provider its own graduates (the provider is who enters them in ФИС ФРДО). The learners' names and
 * СНИЛС are opened for the answer only; who exported which period is logged, never the data.
 */
@ApiTags('frdo')
@ApiBearerAuth()
@Controller('frdo-exports')
export class FrdoExportController {
  private readonly audit = new Logger('personal-data-access');

  constructor(private readonly exports: FrdoExportQueries) {}

  @Get()
  @Allow({ roles: ['ministry-admin', 'provider'], scope: 'region', target: ownRegion })
  @Header('content-type', 'text/csv; charset=utf-8')
  @ApiOkResponse({
    description:
      'UTF-8 with BOM, `;`-separated, the register’s Russian headers, one document a row, the last column listing what the register requires and the row lacks. Headers: X-Rows, X-Incomplete-Rows',
    content: { 'text/csv': { schema: { type: 'string' } } },
  })
  async export(
    @Query() query: FrdoExportQuery,
    @CurrentPrincipal() principal: Principal,
    @Res({ passthrough: true }) response: Response,
  ): Promise<string> {
    const days = (Date.parse(query.to) - Date.parse(query.from)) / 86_400_000;
    if (days < 0) {
      throw new BadRequestException({
        message: ['to: период кончается раньше, чем начинается'],
        code: 'invalid-period',
      });
    }
    if (days >= FRDO_PERIOD_DAYS) {
      throw new BadRequestException({
        message: [`to: период выгрузки не длиннее ${FRDO_PERIOD_DAYS} дней`],
        code: 'invalid-period',
      });
    }
    const providerId = principal.role === 'provider' ? principal.organization : query.providerId;
    const rows = await this.exports.rows({
      region: principal.region,
      from: query.from,
      to: query.to,
      providerId,
    });
    const incomplete = rows.filter((row) => row.missing.length > 0).length;
    this.audit.log(
      `ФИС ФРДО export ${principal.region} ${query.from}..${query.to}${providerId ? ` provider ${providerId}` : ''}: ${rows.length} documents, by ${principal.role} ${principal.subject}`,
    );
    response.setHeader(
      'content-disposition',
      `attachment; filename="frdo-${principal.region}-${query.from}-${query.to}.csv"`,
    );
    response.setHeader('x-rows', String(rows.length));
    response.setHeader('x-incomplete-rows', String(incomplete));
    return frdoCsvOf(rows);
  }
}

/** The part of Express's response the export sets: its headers (the body is the return value). */
interface Response {
  setHeader(name: string, value: string): void;
}
