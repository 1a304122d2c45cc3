import { Module } from '@nestjs/common';
import { AuthModule } from '../auth/auth.module';
import { AdministratorsController } from './administrators.controller';
import { AdministratorsService } from './administrators.service';

@Module({
  imports: [AuthModule],
  controllers: [AdministratorsController],
  providers: [AdministratorsService],
})
export class AdministratorsModule {}
