import { ApiProperty } from '@nestjs/swagger';
import { TOO_FEW_TEACHERS } from '../indicators/impact';

// What GET /statistics/impact answers, as the OpenAPI document shows it: the shape of
// queries/impact.queries.ts and indicators/impact.ts; a field added there is added here too.

export class ImpactShareAnswer {
  @ApiProperty({ description: 'Teachers who completed it in the year' }) completers!: number;
  @ApiProperty({ description: 'Of them, with a deficit in one of its competencies when the course ended' })
  withDeficit!: number;
  @ApiProperty({
    description: 'Of those, not diagnosed again in that competency yet (not in the denominator)',
  })
  awaiting!: number;
  @ApiProperty({ description: 'Teachers with a deficit and a diagnostic since: the denominator' })
  denominator!: number;
  @ApiProperty({ description: 'Of them, whose deficit was resolved at the next diagnostic' })
  numerator!: number;
  @ApiProperty({
    type: Number,
    nullable: true,
    description: `Percent (one decimal); null below ${TOO_FEW_TEACHERS} teachers in the denominator`,
  })
  percent!: number | null;
  @ApiProperty({
    type: String,
    nullable: true,
    description: 'Why no value is given (Russian); null otherwise',
  })
  tooFew!: string | null;
}

export class ProgramImpactAnswer extends ImpactShareAnswer {
  @ApiProperty({ format: 'uuid' }) programId!: string;
  @ApiProperty({ format: 'uuid' }) providerId!: string;
}

export class ImpactAnswer {
  @ApiProperty({ example: '63' }) region!: string;
  @ApiProperty({ example: 2026, description: 'The year the courses were completed in' }) year!: number;
  @ApiProperty({ format: 'uuid' }) providerId!: string;
  @ApiProperty({ type: String, format: 'uuid', nullable: true, description: 'The program asked, if one' })
  programId!: string | null;
  @ApiProperty({ type: ImpactShareAnswer, description: 'Every teacher of the programs below, each once' })
  total!: ImpactShareAnswer;
  @ApiProperty({ type: [ProgramImpactAnswer] }) programs!: ProgramImpactAnswer[];
}
