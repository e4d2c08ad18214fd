import { Module } from '@nestjs/common';
import { AuthModule } from '@pk/auth';
import { EventSourcingModule, HealthModule, runService } from '@pk/service-runtime';
import { CatalogModule } from './catalog.module';

@Module({
  imports: [
    HealthModule.forService('catalog'),
    AuthModule.forRoot(),
    EventSourcingModule.forContext('catalog'),
    CatalogModule,
  ],
})
class CatalogService {}

runService({ name: 'catalog', module: CatalogService, defaultPort: 3101 });
