import { Controller, Get, Header, Param, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiProperty, ApiTags } from '@nestjs/swagger';
import { IsOptional } from 'class-validator';
import { Allow } from '@pk/auth';
import { EntityId } from '@pk/service-runtime';
import { TeacherReplica } from '../projections/teacher-replica/teacher-replica.queries';
import { YearParams } from './voucher.dto';

export class IssueListQuery {
  @ApiProperty({ format: 'uuid', required: false, description: 'Only this municipality' })
  @IsOptional()
  @EntityId()
  municipalityId?: string;
}

/**
 * Lists for a bulk issue: every teacher of the region (or of a municipality) the seed gives a voucher,
 * as the CSV `POST /imports/vouchers` takes — so "the whole municipality" and "every eligible teacher"
 * run through the same import, with its progress, report and resume.
 */
@ApiTags('vouchers')
@ApiBearerAuth()
@Controller('issue-lists')
export class IssueListController {
  constructor(private readonly teachers: TeacherReplica) {}

  @Get(':region/:year')
  @Allow({ roles: ['ministry-admin'], scope: 'region' })
  @Header('content-type', 'text/csv; charset=utf-8')
  @ApiOkResponse({
    description: '`teacher_id;year`, one eligible teacher a row',
    content: { 'text/csv': { schema: { type: 'string' } } },
  })
  async list(@Param() { region, year }: YearParams, @Query() query: IssueListQuery): Promise<string> {
    const ids = await this.teachers.eligible(region, query.municipalityId);
    return ['teacher_id;year', ...ids.map((id) => `${id};${year}`)].join('\n') + '\n';
  }
}
