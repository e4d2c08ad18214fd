import {
  BadRequestException,
  Body,
  Controller,
  type DynamicModule,
  Get,
  HttpCode,
  Injectable,
  Module,
  NotFoundException,
  Param,
  Post,
  Query,
  Res,
  type Type,
} from '@nestjs/common';
import {
  ApiBearerAuth,
  ApiBody,
  ApiConsumes,
  ApiProperty,
  ApiProduces,
  ApiPropertyOptional,
  ApiResponse,
  ApiTags,
} from '@nestjs/swagger';
import { Allow, assertWithinScope, Caller, CurrentPrincipal, type Principal } from '@pk/auth';
import type { CommandContext } from '@pk/kernel';
import { Type as TransformTo } from 'class-transformer';
import { IsInt, IsOptional, Max, Min } from 'class-validator';
import { EntityIdPipe } from '../http/identifiers';
import { csvCell } from '../http/spreadsheet-cell';
import { Consumes } from '../http/media-type';
import { RegionCode } from '../http/region';
import { sideStore } from '../side-stores';
import { AcceptedPageAnswer, ImportReportAnswer, RejectionPageAnswer } from '../http/kit-answers';
import { CsvFileRefused } from './csv';
import { type ImportFormat, ImportFormats, ImportRunner } from './import-runner';
import { type ImportReport, ImportStore, InMemoryImportStore, PostgresImportStore } from './import-store';

export class ImportRegion {
  @ApiProperty({ example: '63', description: 'The region whose entries the file holds' })
  @RegionCode()
  region!: string;
}

export class ImportStarted {
  @ApiProperty({ format: 'uuid' }) importId!: string;
  @ApiProperty({ enum: ['running'] }) status!: 'running';
  @ApiProperty({ description: 'Rows in the file, header and empty lines not counted' }) totalRows!: number;
}

export class RejectionPage {
  @ApiPropertyOptional({
    description: 'Rejections after this line of the file (the last line of the previous page)',
  })
  @IsOptional()
  @TransformTo(() => Number)
  @IsInt()
  @Min(0)
  after?: number;

  @ApiPropertyOptional({ minimum: 1, maximum: 1000, default: 100 })
  @IsOptional()
  @TransformTo(() => Number)
  @IsInt()
  @Min(1)
  @Max(1000)
  limit?: number;
}

/** The part of Express's response the controller uses. */
interface Response {
  setHeader(name: string, value: string): void;
  write(chunk: string): boolean;
  end(): void;
  once(event: 'drain', listener: () => void): void;
}

@ApiTags('imports')
@ApiBearerAuth()
@Controller('imports')
class ImportController {
  constructor(private readonly imports: ImportRunner) {}

  @Post(':kind')
  @HttpCode(202)
  @Consumes('text/csv')
  @Allow({ roles: ['ministry-admin'], scope: 'region' })
  @ApiConsumes('text/csv')
  @ApiBody({
    description:
      'UTF-8 (with or without BOM) or Windows-1251; ";" or ","; a header row with the columns of the kind (see the service README)',
    schema: { type: 'string', format: 'binary' },
  })
  @ApiResponse({ status: 202, type: ImportStarted, description: 'Location: /imports/{importId}' })
  @ApiResponse({ status: 400, description: 'Not a table: encoding, header or quoting; nothing imported' })
  @ApiResponse({
    status: 409,
    description: 'An import of this kind runs for the region already (code import-already-running)',
  })
  @ApiResponse({ status: 413, description: 'Larger than 20 MB' })
  async start(
    @Param('kind') kind: string,
    @Query() { region }: ImportRegion,
    @Body() body: unknown,
    @Caller() caller: CommandContext,
    @Res({ passthrough: true }) response: Response,
  ): Promise<ImportStarted> {
    if (!this.imports.kinds.includes(kind)) {
      throw new NotFoundException(`нет импорта "${kind}"; есть ${this.imports.kinds.join(', ')}`);
    }
    if (!Buffer.isBuffer(body) || body.length === 0) {
      throw new BadRequestException('передайте CSV-файл телом запроса (Content-Type: text/csv)');
    }
    let report: ImportReport;
    try {
      report = await this.imports.start(kind, region, body, caller);
    } catch (error) {
      if (error instanceof CsvFileRefused) throw new BadRequestException(error.message);
      throw error;
    }
    response.setHeader('Location', `/imports/${report.importId}`);
    return { importId: report.importId, status: 'running', totalRows: report.totalRows };
  }

  @Get(':id')
  @Allow({ roles: ['ministry-admin', 'auditor'], scope: 'region' })
  @ApiResponse({
    status: 200,
    type: ImportReportAnswer,
    description: 'Progress while running; at the end, the counts and the first rejections (all: /rejections)',
  })
  async report(@Param('id', EntityIdPipe) importId: string, @CurrentPrincipal() principal: Principal) {
    return this.reportWithin(importId, principal);
  }

  @Get(':id/rejections')
  @Allow({ roles: ['ministry-admin', 'auditor'], scope: 'region' })
  @ApiResponse({
    status: 200,
    type: RejectionPageAnswer,
    description: 'Every rejection in line order, a page at a time: pass the last line as `after`',
  })
  async rejections(
    @Param('id', EntityIdPipe) importId: string,
    @Query() page: RejectionPage,
    @CurrentPrincipal() principal: Principal,
  ) {
    await this.reportWithin(importId, principal);
    const limit = page.limit ?? 100;
    const rejections = await this.imports.rejections(importId, page.after ?? 0, limit);
    const last = rejections[rejections.length - 1];
    return { importId, rejections, next: rejections.length === limit && last ? last.line : null };
  }

  @Get(':id/accepted')
  @Allow({ roles: ['ministry-admin', 'auditor'], scope: 'region' })
  @ApiResponse({
    status: 200,
    type: AcceptedPageAnswer,
    description:
      'The rows taken, in line order, each with the id of its entry (for formats that name it), a page at a time: pass the last line as `after`',
  })
  async accepted(
    @Param('id', EntityIdPipe) importId: string,
    @Query() page: RejectionPage,
    @CurrentPrincipal() principal: Principal,
  ) {
    await this.reportWithin(importId, principal);
    const limit = page.limit ?? 100;
    const accepted = await this.imports.accepted(importId, page.after ?? 0, limit);
    const last = accepted[accepted.length - 1];
    return { importId, accepted, next: accepted.length === limit && last ? last.line : null };
  }

  @Get(':id/rejections.csv')
  @Allow({ roles: ['ministry-admin', 'auditor'], scope: 'region' })
  @ApiProduces('text/csv')
  @ApiResponse({
    status: 200,
    description: 'Every rejection as CSV (UTF-8 with BOM, ";"): line;column;reason',
    content: { 'text/csv': { schema: { type: 'string' } } },
  })
  async rejectionsCsv(
    @Param('id', EntityIdPipe) importId: string,
    @CurrentPrincipal() principal: Principal,
    @Res() response: Response,
  ): Promise<void> {
    await this.reportWithin(importId, principal);
    response.setHeader('Content-Type', 'text/csv; charset=utf-8');
    response.setHeader('Content-Disposition', `attachment; filename="import-${importId}-rejections.csv"`);
    const write = async (text: string) => {
      if (!response.write(text)) await new Promise<void>((resolve) => response.once('drain', resolve));
    };
    await write('\uFEFFстрока;столбец;причина\r\n');
    for (let after = 0; ;) {
      const page = await this.imports.rejections(importId, after, 1_000);
      for (const r of page) await write(`${r.line};${csvCell(r.column ?? '')};${csvCell(r.reason)}\r\n`);
      if (page.length < 1_000) break;
      after = page[page.length - 1]!.line;
    }
    response.end();
  }

  private async reportWithin(importId: string, principal: Principal): Promise<ImportReport> {
    const report = await this.imports.find(importId);
    if (report === undefined) throw new NotFoundException(`no import ${importId}`);
    // the path names no region: the report's own decides, as the guard would for one in the path
    assertWithinScope(principal, { region: report.region }, 'region');
    return report;
  }
}

@Module({})
export class ImportsModule {
  /**
   * The service's CSV imports, one format per kind (`POST /imports/<kind>?region=`): the runner, the
   * store of reports and rejections (PostgreSQL beside the events, or memory), and the API. The
   * formats are the service's injectable classes; `imports` are the modules their dependencies come
   * from (the command providers they run rows through).
   */
  static forFormats(options: {
    readonly formats: readonly Type<ImportFormat>[];
    readonly imports?: readonly (Type<unknown> | DynamicModule)[];
  }): DynamicModule {
    @Injectable()
    class Formats extends ImportFormats {
      private readonly byKind: Map<string, ImportFormat>;
      constructor(...formats: ImportFormat[]) {
        super();
        this.byKind = new Map(formats.map((format) => [format.kind, format]));
      }
      get kinds(): readonly string[] {
        return [...this.byKind.keys()];
      }
      of(kind: string): ImportFormat | undefined {
        return this.byKind.get(kind);
      }
    }
    return {
      module: ImportsModule,
      imports: [...(options.imports ?? [])],
      controllers: [ImportController],
      providers: [
        ...options.formats,
        {
          provide: ImportFormats,
          inject: [...options.formats],
          useFactory: (...formats: ImportFormat[]) => new Formats(...formats),
        },
        sideStore(ImportStore, {
          postgres: (database) => new PostgresImportStore(database),
          inMemory: () => new InMemoryImportStore(),
        }),
        ImportRunner,
      ],
      exports: [ImportRunner],
    };
  }
}
