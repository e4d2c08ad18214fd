import { Module } from '@nestjs/common';
import { ReadModelModule } from '@pk/service-runtime';
import { RegisterController } from './api/register.controller';
import { register } from './projections/register/register.projection';
import { RegisterQueries } from './projections/register/register.queries';

/** The register read model (FerretDB/MongoDB) and its queries. */
@Module({
  imports: [ReadModelModule.forProjections('catalog', [register])],
  controllers: [RegisterController],
  providers: [RegisterQueries],
})
export class RegisterModule {}
