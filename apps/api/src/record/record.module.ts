import { Module } from '@nestjs/common';
import { RecordController } from './record.controller';
import { RecordService } from './record.service';

/** The legal record: verification of its hash chain, and the campaign's archive (PDF and JSON). */
@Module({ controllers: [RecordController], providers: [RecordService], exports: [RecordService] })
export class RecordModule {}
