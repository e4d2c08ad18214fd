import { ApiProperty } from '@nestjs/swagger';
import { GOALS_2_4 } from '../indicators/goals';

// What GET /indicators/goals answers (indicators/goals.ts, queries/goals.queries.ts); a field added
// there is added here too.

export class GoalValueAnswer {
  @ApiProperty({ description: 'The numerator (a count, days, roubles or the index, by the unit)' })
  numerator!: number;
  @ApiProperty({ description: 'The denominator; 0 for a count' }) denominator!: number;
  @ApiProperty({
    nullable: true,
    type: Number,
    example: 62.5,
    description: 'The value in the unit; null when there is no data (never 0 for an empty denominator)',
  })
  value!: number | null;
  @ApiProperty({
    nullable: true,
    type: String,
    description: 'Why there is no value (Russian); null when there is',
  })
  noData!: string | null;
}

export class GoalIndicatorAnswer {
  @ApiProperty({ enum: GOALS_2_4.map((definition) => definition.id) }) id!: string;
  @ApiProperty({ enum: [2, 3, 4], description: 'The goal of seed 000' }) goal!: number;
  @ApiProperty({ description: 'As a ministry would word it (Russian)' }) title!: string;
  @ApiProperty({ enum: ['percent', 'per-100', 'mean', 'median', 'count', 'hhi'] }) unit!: string;
  @ApiProperty() numeratorTitle!: string;
  @ApiProperty() denominatorTitle!: string;
  @ApiProperty({
    description:
      'True when no event places its facts (programs, experts, anonymous ratings): the region’s value',
  })
  regionWide!: boolean;
  @ApiProperty({ description: 'What it means or cannot see (Russian); empty when nothing' }) note!: string;
  @ApiProperty({ example: 2026 }) year!: number;
  @ApiProperty({ type: GoalValueAnswer }) current!: GoalValueAnswer;
  @ApiProperty({ type: GoalValueAnswer, description: 'The year before' }) previous!: GoalValueAnswer;
  @ApiProperty({
    nullable: true,
    type: Number,
    description: 'This year less last year (p.p. for a share); null unless both have a value',
  })
  change!: number | null;
}

export class GoalIndicatorsAnswer {
  @ApiProperty({ example: '63' }) region!: string;
  @ApiProperty({ example: 2026 }) year!: number;
  @ApiProperty({ nullable: true, type: String, format: 'uuid', description: 'null for the whole region' })
  municipalityId!: string | null;
  @ApiProperty({ type: [GoalIndicatorAnswer] }) indicators!: GoalIndicatorAnswer[];
}
