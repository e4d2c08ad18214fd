import { BadRequestException, ValidationError, ValidationPipe } from '@nestjs/common';

/**
 * Request bodies and queries are checked against their DTO classes: unknown fields are refused
 * (a typo never silently drops data), and every message names the field, nested ones by path.
 */
export function requestValidation(): ValidationPipe {
  return new ValidationPipe({
    whitelist: true,
    forbidNonWhitelisted: true,
    transform: true,
    exceptionFactory: (errors) => new BadRequestException(errors.flatMap((e) => messagesOf(e, ''))),
  });
}

function messagesOf(error: ValidationError, parent: string): string[] {
  const path = parent ? `${parent}.${error.property}` : error.property;
  const own = Object.values(error.constraints ?? {}).map((m) =>
    m.startsWith(`property ${error.property} `)
      ? `${path}${m.slice(`property ${error.property}`.length)}`
      : m.replace(error.property, path),
  );
  return [...own, ...(error.children ?? []).flatMap((child) => messagesOf(child, path))];
}
