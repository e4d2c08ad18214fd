import { Module } from '@nestjs/common';
import { DirectoriesModule } from './directories.module';
import { ProgramsModule } from './programs.module';
import { RegisterModule } from './register.module';

/**
 * The catalog context: directories, programs and their review, offerings, the register. The
 * service (main.ts) runs it on PostgreSQL, Kafka and the read store; specs of the write side run
 * DirectoriesModule and ProgramsModule on the in-memory kit.
 */
@Module({ imports: [DirectoriesModule, ProgramsModule, RegisterModule] })
export class CatalogModule {}
