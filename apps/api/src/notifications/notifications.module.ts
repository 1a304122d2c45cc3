import { Module } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { NotificationRepository } from '@ctg/persistence';
import { NotificationsController } from './notifications.controller';

@Module({
  controllers: [NotificationsController],
  providers: [{ provide: NotificationRepository, useFactory: (dataSource: DataSource) => new NotificationRepository(dataSource), inject: [DataSource] }],
})
export class NotificationsModule {}
