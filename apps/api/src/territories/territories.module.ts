import { MiddlewareConsumer, Module, NestModule, RequestMethod } from '@nestjs/common';
import { CsvBodyMiddleware } from './csv-body.middleware';
import { TerritoriesController } from './territories.controller';
import { TerritoriesService } from './territories.service';

/** Signatories from public data (an EPCI's communes) or from a CSV, for the body of POST /campaigns. */
@Module({
  controllers: [TerritoriesController],
  providers: [TerritoriesService],
})
export class TerritoriesModule implements NestModule {
  configure(consumer: MiddlewareConsumer): void {
    consumer.apply(CsvBodyMiddleware).forRoutes({ path: 'territories/signatories/csv', method: RequestMethod.POST });
  }
}
