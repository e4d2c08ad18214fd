import { ApiProperty } from '@nestjs/swagger';
import type { CommandOutcome } from '@pk/kernel';

/** The answer to an accepted command: the stream's revision after it (send it back to edit). */
export class CommandAccepted {
  @ApiProperty({ description: 'Stream revision after the command' })
  revision!: number;

  static of(outcome: CommandOutcome): CommandAccepted {
    return { revision: outcome.revision };
  }
}
