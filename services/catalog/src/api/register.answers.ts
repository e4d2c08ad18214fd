import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { OpenOfferingRequest } from './offering.dto';
import { ProgramCardRequest } from './program.dto';

// What the register's reads answer, as the OpenAPI document shows them. The card's own fields are
// the ones a provider sends (ProgramCardRequest); the rest is where the program stands.

const PROGRAM_STATUSES = ['draft', 'submitted', 'approved', 'returned', 'rejected', 'archived'] as const;
const OFFERING_STATUSES = ['open', 'closed', 'running', 'finished', 'cancelled'] as const;

export class RegisterProgramAnswer extends ProgramCardRequest {
  @ApiProperty({ format: 'uuid' }) programId!: string;
  @ApiProperty({ example: '63' }) region!: string;
  @ApiProperty({ format: 'uuid' }) providerId!: string;
  @ApiProperty({ type: String, nullable: true, description: 'null until the provider is known here' })
  providerName!: string | null;
  @ApiProperty({ enum: PROGRAM_STATUSES }) status!: (typeof PROGRAM_STATUSES)[number];
  @ApiProperty({ description: 'The last submitted revision (0 for a draft never submitted)' })
  revision!: number;
  @ApiPropertyOptional({ description: 'The revision in the register, once approved' })
  approvedRevision?: number;
  @ApiProperty({ type: [String], description: "The council's comments on a returned or rejected revision" })
  comments!: string[];
  @ApiPropertyOptional({ description: 'Why the provider archived it' })
  archivedBecause?: string;
  @ApiProperty({ format: 'date-time' }) updatedAt!: string;
}

export class ProgramAnswer extends RegisterProgramAnswer {
  @ApiProperty({ description: "The program stream's position, also the ETag (If-Match for the next change)" })
  version!: number;
}

/** A program as a page of the register shows it: the approved card, without review history. */
export class RegisterListingAnswer extends ProgramCardRequest {
  @ApiProperty({ format: 'uuid' }) programId!: string;
  @ApiProperty({ example: '63' }) region!: string;
  @ApiProperty({ format: 'uuid' }) providerId!: string;
  @ApiProperty({ type: String, nullable: true, description: 'null until the provider is known here' })
  providerName!: string | null;
  @ApiProperty({ enum: ['approved'] }) status!: 'approved';
  @ApiProperty({ description: 'The revision in the register' }) revision!: number;
  @ApiProperty({ description: 'The revision in the register' }) approvedRevision!: number;
  @ApiProperty({ format: 'date-time' }) updatedAt!: string;
}

export class RegisterPageAnswer {
  @ApiProperty({
    type: Number,
    nullable: true,
    description:
      'Programs matching the filters, over all pages, for a result in title order; null in shard order (a large result: counting it would read every match)',
  })
  total!: number | null;
  @ApiProperty({
    type: Number,
    nullable: true,
    description: 'The page number asked; null when asked by cursor',
  })
  page!: number | null;
  @ApiProperty() pageSize!: number;
  @ApiProperty({
    enum: ['title', 'shard'],
    description:
      'title: a small result, by title then id; shard: a large one, in a stable order that does not change between pages',
  })
  order!: 'title' | 'shard';
  @ApiProperty({
    type: String,
    nullable: true,
    description: 'Pass as `cursor` for the next page; null on the last',
  })
  next!: string | null;
  @ApiProperty({ type: [RegisterListingAnswer] }) programs!: RegisterListingAnswer[];
}

export class ProviderProgramAnswer extends RegisterProgramAnswer {
  @ApiProperty({
    description:
      'Submitted, and its review case has too few experts (ждёт экспертов); expertise retries by itself',
  })
  waitingForExperts!: boolean;
}

export class ProviderProgramsAnswer {
  @ApiProperty({ format: 'uuid' }) providerId!: string;
  @ApiProperty({ type: [ProviderProgramAnswer], description: 'Newest change first, drafts included' })
  programs!: ProviderProgramAnswer[];
}

export class OfferingAnswer extends OpenOfferingRequest {
  @ApiProperty({ format: 'uuid' }) providerId!: string;
  @ApiProperty({ enum: OFFERING_STATUSES }) status!: (typeof OFFERING_STATUSES)[number];
  @ApiPropertyOptional({ description: 'Why it was cancelled' }) cancelledBecause?: string;
}
