import { Module } from '@nestjs/common';
import { CalendarController } from './calendar.controller';
import { CalendarService } from './calendar.service';

/** Administrators' private calendar feeds of a campaign (iCalendar). */
@Module({ controllers: [CalendarController], providers: [CalendarService] })
export class CalendarModule {}
