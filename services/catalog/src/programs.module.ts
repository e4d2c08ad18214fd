import { Module } from '@nestjs/common';
import { OfferingController } from './api/offering.controller';
import { ProgramController } from './api/program.controller';
import { CatalogReactionsController } from './api/reactions.controller';
import { OfferingCommands } from './application/offering.commands';
import { ProgramCommands } from './application/program.commands';

/** The write side of programs and offerings, and the events catalog reacts to. */
@Module({
  controllers: [ProgramController, OfferingController, CatalogReactionsController],
  providers: [ProgramCommands, OfferingCommands],
  exports: [ProgramCommands],
})
export class ProgramsModule {}
