import { Module } from '@nestjs/common';
import { ProgramController } from './api/program.controller';
import { ProviderController } from './api/provider.controller';
import { ProgramCommands } from './application/program.commands';
import { ProviderCommands } from './application/provider.commands';

/**
 * The catalog context: its HTTP API and command handlers. The service (main.ts) runs it on
 * PostgreSQL and Kafka; specs run it on the in-memory kit.
 */
@Module({
  controllers: [ProviderController, ProgramController],
  providers: [ProviderCommands, ProgramCommands],
})
export class CatalogModule {}
