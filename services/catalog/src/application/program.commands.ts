import { Injectable } from '@nestjs/common';
import type { CommandContext } from '@pk/kernel';
import { EventSourcing } from '@pk/service-runtime';
import { program, programStream, type SubmitProgram } from '../domain/program.decider';
import { provider, providerStream } from '../domain/provider.decider';

/** The program aggregate's commands. */
@Injectable()
export class ProgramCommands {
  private readonly programs;

  constructor(private readonly eventSourcing: EventSourcing) {
    this.programs = eventSourcing.handler('program', program);
  }

  async submit(request: Omit<SubmitProgram, 'type' | 'provider'>, caller: CommandContext) {
    // The provider's registration is read, not locked: a provider is never unregistered, so a
    // decision on a slightly stale provider state cannot admit a program it should refuse.
    const submitter = await this.eventSourcing.aggregate(providerStream(request.providerId), provider);
    return this.programs.handle(
      programStream(request.programId),
      { type: 'SubmitProgram', ...request, provider: submitter },
      caller,
    );
  }
}
