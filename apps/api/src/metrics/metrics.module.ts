import { Module } from '@nestjs/common';
import { HealthModule } from '../health/health.module';
import { ApiMetrics } from './api-metrics.service';

@Module({ imports: [HealthModule], providers: [ApiMetrics], exports: [ApiMetrics] })
export class MetricsModule {}
