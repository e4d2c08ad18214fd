import {
  BadRequestException,
  Body,
  Controller,
  Get,
  HttpCode,
  NotFoundException,
  Param,
  Post,
  Query,
  Res,
} from '@nestjs/common';
import { ApiBearerAuth, ApiBody, ApiConsumes, ApiResponse, ApiTags } from '@nestjs/swagger';
import { Allow, assertWithinScope, Caller, CurrentPrincipal, type Principal } from '@pk/auth';
import type { CommandContext } from '@pk/kernel';
import { Consumes, EntityIdPipe } from '@pk/service-runtime';
import { CsvFileRefused } from '@pk/service-runtime';
import type { ImportReport } from '../application/import-reports';
import { ImportService } from '../application/import.service';
import { ImportFormats } from './import-formats';
import { ImportRegion, ImportStarted, ImportTarget } from './import.dto';

/** The part of Express's response this controller uses. */
interface HeaderSetter {
  setHeader(name: string, value: string): void;
}

@ApiTags('imports')
@ApiBearerAuth()
@Controller('imports')
export class ImportController {
  constructor(
    private readonly imports: ImportService,
    private readonly formats: ImportFormats,
  ) {}

  @Post(':directory')
  @HttpCode(202)
  @Consumes('text/csv')
  @Allow({ roles: ['ministry-admin'], scope: 'region' })
  @ApiConsumes('text/csv')
  @ApiBody({
    description: 'UTF-8 (with or without BOM) or Windows-1251; ";" or ","; a header row (see the README)',
    schema: { type: 'string', format: 'binary' },
  })
  @ApiResponse({ status: 202, type: ImportStarted, description: 'Location: /imports/{importId}' })
  @ApiResponse({ status: 400, description: 'Not a table: encoding, header or quoting; nothing imported' })
  @ApiResponse({ status: 413, description: 'Larger than 20 MB' })
  async start(
    @Param() { directory }: ImportTarget,
    @Query() { region }: ImportRegion,
    @Body() body: unknown,
    @Caller() caller: CommandContext,
    @Res({ passthrough: true }) response: HeaderSetter,
  ): Promise<ImportStarted> {
    if (!Buffer.isBuffer(body) || body.length === 0) {
      throw new BadRequestException('send the CSV file as the request body (Content-Type: text/csv)');
    }
    const format = this.formats.of(directory);
    let report: ImportReport;
    try {
      report = await this.imports.start(format, region, body, caller);
    } catch (error) {
      if (error instanceof CsvFileRefused) throw new BadRequestException(error.message);
      throw error;
    }
    response.setHeader('Location', `/imports/${report.importId}`);
    return { importId: report.importId, status: 'running', totalRows: report.totalRows };
  }

  @Get(':id')
  @Allow({ roles: ['ministry-admin', 'auditor'], scope: 'region' })
  @ApiResponse({ status: 200, description: 'Progress while running; at the end, the rows rejected and why' })
  async report(
    @Param('id', EntityIdPipe) importId: string,
    @CurrentPrincipal() principal: Principal,
  ): Promise<ImportReport> {
    const report = await this.imports.find(importId);
    if (report === undefined) throw new NotFoundException(`no import ${importId}`);
    // the path names no region: the report's own decides, as the guard would for one in the path
    assertWithinScope(principal, { region: report.region }, 'region');
    return report;
  }
}
