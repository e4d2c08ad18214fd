import { BadRequestException, ValidationPipe } from '@nestjs/common';
import { russianMessagesOf } from './russian-messages';

/**
 * Request bodies and queries are checked against their DTO classes: unknown fields are refused
 * (a typo never silently drops data), and every message names the field, nested ones by path,
 * and says in Russian what is wrong with it; `code` is the same for every such refusal.
 */
export function requestValidation(): ValidationPipe {
  return new ValidationPipe({
    whitelist: true,
    forbidNonWhitelisted: true,
    transform: true,
    exceptionFactory: (errors) =>
      new BadRequestException({
        message: errors.flatMap((e) => russianMessagesOf(e)),
        code: 'invalid-request',
      }),
  });
}
