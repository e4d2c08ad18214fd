import { Injectable } from '@nestjs/common';
import type { ProgramContent, ProgramDraftedV1 } from '@pk/contracts';
import type { CommandContext } from '@pk/kernel';
import { EventSourcing } from '@pk/service-runtime';
import { program, providerFacts } from '../domain/program.decider';

type ProgramRef = { readonly programId: string; readonly providerId: string };

/** The program aggregate's commands. */
@Injectable()
export class ProgramCommands {
  private readonly programs;

  constructor(private readonly eventSourcing: EventSourcing) {
    this.programs = eventSourcing.handler(program);
  }

  /** Starts a draft, or (a re-imported row) finds it as it was. */
  async draft(request: ProgramDraftedV1, caller: CommandContext) {
    return this.programs.handle(
      program.streamId(request.programId),
      { type: 'DraftProgram', ...request, provider: await this.provider(request.providerId) },
      caller,
    );
  }

  edit(request: ProgramRef & { readonly region: string } & ProgramContent, caller: CommandContext) {
    return this.programs.handle(
      program.streamId(request.programId),
      { type: 'EditDraft', ...request },
      caller,
    );
  }

  async submit(request: ProgramRef & { readonly region: string }, caller: CommandContext) {
    return this.programs.handle(
      program.streamId(request.programId),
      { type: 'SubmitProgram', ...request, provider: await this.provider(request.providerId) },
      caller,
    );
  }

  archive(request: { readonly programId: string; readonly reason: string }, caller: CommandContext) {
    return this.programs.handle(
      program.streamId(request.programId),
      { type: 'ArchiveProgram', ...request },
      caller,
    );
  }

  /** The program as its stream tells it now: for decisions of other aggregates (offerings). */
  state(programId: string) {
    return this.programs.state(program.streamId(programId));
  }

  // Read, not locked: a provider is never unregistered, and a change of ownership between reading
  // and appending is a race the next submission settles.
  private provider(providerId: string) {
    return this.eventSourcing.state(providerFacts, providerId);
  }
}
