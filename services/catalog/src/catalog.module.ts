import { Module } from '@nestjs/common';
import { AuthModule } from '@pk/auth';
import { EventSourcingModule, HealthModule } from '@pk/service-runtime';
import { CatalogController } from './api/catalog.controller';
import { CatalogCommands } from './application/catalog-commands';

@Module({
  imports: [
    HealthModule.forService('catalog'),
    AuthModule.forRoot(),
    EventSourcingModule.forContext('catalog'),
  ],
  controllers: [CatalogController],
  providers: [CatalogCommands],
})
export class CatalogModule {}
