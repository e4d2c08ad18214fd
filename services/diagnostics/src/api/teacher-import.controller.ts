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
import { ApiBearerAuth, ApiBody, ApiConsumes, ApiProperty, ApiResponse, ApiTags } from '@nestjs/swagger';
import { Allow, assertWithinScope, Caller, CurrentPrincipal, type Principal } from '@pk/auth';
import type { CommandContext } from '@pk/kernel';
import { Consumes, EntityIdPipe, RegionCode } from '@pk/service-runtime';
import { CsvFileRefused } from '@pk/service-runtime';
import type { TeacherImportReport } from '../application/teacher-import-reports';
import { TeacherImportService } from '../application/teacher-import.service';

export class TeacherImportRegion {
  @ApiProperty({ example: '63', description: 'The region whose teachers the file holds' })
  @RegionCode()
  region!: string;
}

export class TeacherImportStarted {
  @ApiProperty({ format: 'uuid' })
  importId!: string;

  @ApiProperty({ enum: ['running'] })
  status!: 'running';

  @ApiProperty({ description: 'Rows in the file, header and empty lines not counted' })
  totalRows!: number;
}

/** The part of Express's response this controller uses. */
interface HeaderSetter {
  setHeader(name: string, value: string): void;
}

@ApiTags('teachers')
@ApiBearerAuth()
@Controller('teachers/imports')
export class TeacherImportController {
  constructor(private readonly imports: TeacherImportService) {}

  @Post()
  @HttpCode(202)
  @Consumes('text/csv')
  @Allow({ roles: ['ministry-admin'], scope: 'region' })
  @ApiConsumes('text/csv')
  @ApiBody({
    description:
      'UTF-8 (with or without BOM) or Windows-1251; ";" or ","; header snils;last_name;first_name;' +
      'organization_id;municipality_id;position;category;education and optionally patronymic;subjects;' +
      'work_profile;category_since;last_training_on;email;phone',
    schema: { type: 'string', format: 'binary' },
  })
  @ApiResponse({
    status: 202,
    type: TeacherImportStarted,
    description: 'Location: /teachers/imports/{importId}',
  })
  @ApiResponse({ status: 400, description: 'Not a table: encoding, header or quoting; nothing imported' })
  @ApiResponse({ status: 413, description: 'Larger than 20 MB' })
  async start(
    @Query() { region }: TeacherImportRegion,
    @Body() body: unknown,
    @Caller() caller: CommandContext,
    @Res({ passthrough: true }) response: HeaderSetter,
  ): Promise<TeacherImportStarted> {
    if (!Buffer.isBuffer(body) || body.length === 0) {
      throw new BadRequestException('send the CSV file as the request body (Content-Type: text/csv)');
    }
    let report: TeacherImportReport;
    try {
      report = await this.imports.start(region, body, caller);
    } catch (error) {
      if (error instanceof CsvFileRefused) throw new BadRequestException(error.message);
      throw error;
    }
    response.setHeader('Location', `/teachers/imports/${report.importId}`);
    return { importId: report.importId, status: 'running', totalRows: report.totalRows };
  }

  @Get(':id')
  @Allow({ roles: ['ministry-admin', 'auditor'], scope: 'region' })
  @ApiResponse({ status: 200, description: 'Progress while running; the rows rejected and why, in Russian' })
  async report(
    @Param('id', EntityIdPipe) importId: string,
    @CurrentPrincipal() principal: Principal,
  ): Promise<TeacherImportReport> {
    const report = await this.imports.find(importId);
    if (report === undefined) throw new NotFoundException(`no teacher import ${importId}`);
    // the path names no region: the report's own decides, as the guard would for one in the path
    assertWithinScope(principal, { region: report.region }, 'region');
    return report;
  }
}
