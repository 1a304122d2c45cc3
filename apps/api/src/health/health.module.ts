import { Module } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { OperationsRepository } from '@ctg/persistence';
import { HealthController } from './health.controller';
import { HealthService } from './health.service';

@Module({
  controllers: [HealthController],
  providers: [HealthService, { provide: OperationsRepository, useFactory: (dataSource: DataSource) => new OperationsRepository(dataSource), inject: [DataSource] }],
  exports: [HealthService, OperationsRepository],
})
export class HealthModule {}
