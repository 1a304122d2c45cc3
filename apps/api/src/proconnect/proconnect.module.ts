import { Module } from '@nestjs/common';
import { AuthModule } from '../auth/auth.module';
import { ProConnectController } from './proconnect.controller';
import { ProConnectService } from './proconnect.service';

@Module({
  imports: [AuthModule],
  controllers: [ProConnectController],
  providers: [ProConnectService],
})
export class ProConnectModule {}
