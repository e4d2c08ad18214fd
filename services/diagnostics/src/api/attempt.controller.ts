import { Body, Controller, HttpCode, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiResponse, ApiTags } from '@nestjs/swagger';
import { AttemptResultAnswer } from './diagnostics.answers';
import { Allow, type AuthenticatedRequest, Caller } from '@pk/auth';
import type { CommandContext } from '@pk/kernel';
import { canonicalId } from '@pk/service-runtime';
import { type AttemptAnswer, AttemptCommands } from '../application/attempt.commands';
import { AttemptRequestDto } from './attempt.dto';

const stringField = (source: unknown, name: string): string | undefined => {
  const value =
    typeof source === 'object' && source !== null ? (source as Record<string, unknown>)[name] : undefined;
  return typeof value === 'string' ? value : undefined;
};

/**
 * A teacher acts on its own record only: the teacher id the request names (body or path) must be
 * the token's subject. Guards run before the DTO's normalisation, so ids compare in canonical form.
 */
export const ownTeacherRecord = (from: 'body' | 'params') => (request: AuthenticatedRequest) => {
  const id = stringField(request[from], 'teacherId');
  return {
    region:
      stringField(request.body, 'region') ??
      stringField(request.query, 'region') ??
      request.principal?.region,
    subject: canonicalId(id) ?? id,
  };
};

@ApiTags('attempts')
@ApiBearerAuth()
@Controller('attempts')
export class AttemptController {
  constructor(private readonly attempts: AttemptCommands) {}

  /** The teacher hands in its answers; the answer carries the scores (or the screening's level). */
  @Post()
  @HttpCode(201)
  @ApiResponse({ status: 201, type: AttemptResultAnswer })
  @Allow({ roles: ['teacher'], scope: 'own-record', target: ownTeacherRecord('body') })
  submit(@Body() body: AttemptRequestDto, @Caller() caller: CommandContext): Promise<AttemptAnswer> {
    return this.attempts.submit(body, caller);
  }
}
