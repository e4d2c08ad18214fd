import { ApiProperty } from '@nestjs/swagger';
import { EntityId, RegionCode } from '@pk/service-runtime';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  IsArray,
  IsInt,
  Matches,
  Min,
  ValidateIf,
  ValidateNested,
} from 'class-validator';

export class InstrumentRefDto {
  @ApiProperty({ example: 'teacher-core' })
  @Matches(/^[a-z][a-z0-9-]{1,60}$/, {
    message: 'instrument.id: ожидается код методики, например teacher-core',
  })
  id!: string;

  @ApiProperty({ example: 1 })
  @IsInt()
  @Min(1)
  version!: number;
}

export class AnswerDto {
  @ApiProperty({ example: 'tc-01' })
  @Matches(/^[a-z]{2}-[0-9]{2}$/, { message: 'item: ожидается код задания, например tc-01' })
  item!: string;

  @ApiProperty({ example: 'b', description: "An option's key: a letter for a test, 0–4 for a scale" })
  @Matches(/^[a-z0-9]$/, { message: 'answer: ожидается ключ одного варианта ответа, например b или 3' })
  answer!: string;
}

export class AttemptRequestDto {
  @ApiProperty({ format: 'uuid', description: 'Chosen by the client: a retry with the same id counts once' })
  @EntityId()
  attemptId!: string;

  @ApiProperty({ format: 'uuid', description: "The teacher's own id (token subject)" })
  @EntityId()
  teacherId!: string;

  @ApiProperty({ example: '63' })
  @RegionCode()
  region!: string;

  @ApiProperty({ type: InstrumentRefDto })
  @ValidateNested()
  @Type(() => InstrumentRefDto)
  instrument!: InstrumentRefDto;

  @ApiProperty({ format: 'uuid', nullable: true, description: 'null for self-diagnostics on demand' })
  @ValidateIf((_, value) => value !== null)
  @EntityId()
  campaignId!: string | null;

  @ApiProperty({ type: [AnswerDto] })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(200)
  @ValidateNested({ each: true })
  @Type(() => AnswerDto)
  answers!: AnswerDto[];
}
