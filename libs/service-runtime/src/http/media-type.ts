import {
  type CanActivate,
  type ExecutionContext,
  Injectable,
  UnsupportedMediaTypeException,
} from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { IncomingMessage } from 'node:http';

const CONSUMES = Symbol('pk:http:consumes');

/**
 * The media types an endpoint takes in its body; without it, application/json. A request with
 * a body of another type gets 415 before anything else looks at it.
 */
export function Consumes(...types: string[]): MethodDecorator {
  return (_target, _key, descriptor) => {
    Reflect.defineMetadata(CONSUMES, types, descriptor.value as object);
  };
}

/** Refuses a body whose Content-Type the endpoint does not declare (see @Consumes). */
@Injectable()
export class MediaTypeGuard implements CanActivate {
  constructor(private readonly reflector: Reflector) {}

  canActivate(context: ExecutionContext): boolean {
    if (context.getType() !== 'http') return true;
    const request = context.switchToHttp().getRequest<IncomingMessage>();
    if (!hasBody(request)) return true;
    const accepted = this.reflector.get<string[] | undefined>(CONSUMES, context.getHandler()) ?? [
      'application/json',
    ];
    const sent = (request.headers['content-type'] ?? '').split(';')[0]!.trim().toLowerCase();
    if (!accepted.includes(sent)) {
      throw new UnsupportedMediaTypeException(
        `${request.method} ${request.url?.split('?')[0]} принимает ${accepted.join(' или ')}` +
          (sent ? `, а не ${sent}` : '; в запросе не указан Content-Type'),
      );
    }
    return true;
  }
}

function hasBody(request: IncomingMessage): boolean {
  const length = request.headers['content-length'];
  return request.headers['transfer-encoding'] !== undefined || (length !== undefined && length !== '0');
}
