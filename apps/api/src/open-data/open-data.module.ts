import { Module } from '@nestjs/common';
import { OpenDataController } from './open-data.controller';
import { OpenDataService } from './open-data.service';

/** A campaign's deliberations as open data (SCDL). */
@Module({ controllers: [OpenDataController], providers: [OpenDataService] })
export class OpenDataModule {}
