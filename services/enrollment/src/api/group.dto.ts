import { ApiProperty } from '@nestjs/swagger';
import { IsIn } from 'class-validator';
import { EntityId, Text } from '@pk/service-runtime';
import type { FundingRoute } from '../domain/group.decider';

// Each field's limits equal the contracts': whatever passes a DTO passes the event's schema.

export const FUNDING_ROUTES: readonly FundingRoute[] = ['voucher', 'state-assignment', 'employer'];

/** A teacher's application to an offering; the teacher is the token's subject. */
export class ApplyRequest {
  @ApiProperty({
    format: 'uuid',
    description: 'The teacher’s school: its coordinator approves the application',
  })
  @EntityId()
  organizationId!: string;

  @ApiProperty({
    enum: FUNDING_ROUTES,
    description: 'Who pays: the voucher (ИОЧ), the state assignment, the employer',
  })
  @IsIn(FUNDING_ROUTES, { message: 'route: способ оплаты — voucher, state-assignment или employer' })
  route!: FundingRoute;
}

/** Why: a decline by the school, a withdrawal by the teacher (may be empty). */
export class ReasonRequest {
  @ApiProperty({ maxLength: 1000, description: 'May be empty' })
  @Text({ min: 0, max: 1000 })
  reason!: string;
}
