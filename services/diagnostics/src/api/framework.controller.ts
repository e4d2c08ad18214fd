import { BadRequestException, Controller, Get, Param, ParseIntPipe, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiProperty, ApiTags } from '@nestjs/swagger';
import { Allow, type Role } from '@pk/auth';
import { type Position, POSITIONS } from '@pk/contracts';
import { IsIn, IsOptional } from 'class-validator';
import { FRAMEWORK_BY_POSITION, frameworkFor, FRAMEWORK_VERSION } from '../domain/framework';
import { findInstrument, formOf, instrumentsFor } from '../domain/instruments';

/** Every role that works with a region's data (the platform operator holds none). */
export const REGION_ROLES: readonly Role[] = [
  'ministry-admin',
  'municipal-operator',
  'school-coordinator',
  'teacher',
  'provider',
  'expert',
  'auditor',
];

const POSITION_CODES = Object.keys(POSITIONS);

export class PositionQuery {
  @ApiProperty({ required: false, enum: POSITION_CODES })
  @IsOptional()
  @IsIn(POSITION_CODES, { message: `position: допустимые должности: ${POSITION_CODES.join(', ')}` })
  position?: Position;
}

@ApiTags('framework')
@ApiBearerAuth()
@Controller()
export class FrameworkController {
  /** The competency framework, for one position or for all, with the Russian names. */
  @Get('framework')
  @Allow({ roles: REGION_ROLES, scope: 'region' })
  framework(@Query() query: PositionQuery) {
    const positions = query.position ? [query.position] : (Object.keys(FRAMEWORK_BY_POSITION) as Position[]);
    return { version: FRAMEWORK_VERSION, positions: positions.map(frameworkFor) };
  }

  /** The forms of the instruments a position takes: items and options, never the keys. */
  @Get('instruments')
  @Allow({ roles: REGION_ROLES, scope: 'region' })
  instruments(@Query() query: PositionQuery) {
    if (!query.position)
      throw new BadRequestException('position: обязательный параметр, например ?position=teacher');
    return { position: query.position, instruments: instrumentsFor(query.position).map(formOf) };
  }

  /**
   * An instrument whole, answer keys included: the ministry owns the instruments and reviews them
   * (and a region's test harness plants known answers with it). Teachers only ever get the forms.
   */
  @Get('instruments/:id/:version')
  @Allow({ roles: ['ministry-admin'], scope: 'region' })
  instrument(@Param('id') id: string, @Param('version', ParseIntPipe) version: number) {
    return findInstrument({ id, version });
  }
}
