import { type CallHandler, type ExecutionContext, Injectable, type NestInterceptor } from '@nestjs/common';
import { ApiProperty } from '@nestjs/swagger';
import type { CommandOutcome } from '@pk/kernel';
import { map, type Observable } from 'rxjs';

/**
 * The answer to an accepted command: the version of the record after it — the position of its last
 * event in the record's stream, not a domain revision such as a program's. It is also the answer's
 * `ETag`; send it back as `If-Match` to change the record only if nobody has changed it since.
 */
export class CommandAccepted {
  @ApiProperty({
    description:
      'Version of the record after the command (also the ETag): send it back as If-Match to change it again',
  })
  version!: number;

  static of(outcome: CommandOutcome): CommandAccepted {
    return Object.assign(new CommandAccepted(), { version: outcome.revision });
  }
}

/** A record read with its version, for the answer's `ETag` (the body is `record`). */
export class Versioned<T> {
  constructor(
    readonly record: T,
    readonly version: number,
  ) {}
}

/** `"7"`: a record's version as an entity tag (strong: versions are exact). */
export const etagOf = (version: number) => `"${version}"`;

/**
 * Sets `ETag` on answers that carry a record's version (CommandAccepted, Versioned) and sends the
 * record itself as the body of a Versioned answer.
 */
@Injectable()
export class VersionTags implements NestInterceptor {
  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    return next.handle().pipe(
      map((answer: unknown) => {
        if (!(answer instanceof CommandAccepted) && !(answer instanceof Versioned)) return answer;
        const response = context
          .switchToHttp()
          .getResponse<{ setHeader(name: string, value: string): void }>();
        if (answer.version >= 0) response.setHeader('ETag', etagOf(answer.version));
        return answer instanceof Versioned ? answer.record : answer;
      }),
    );
  }
}
