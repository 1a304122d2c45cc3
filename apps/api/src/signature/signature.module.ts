import { Module } from '@nestjs/common';
import { DocumentsModule } from '../documents/documents.module';
import { RecordModule } from '../record/record.module';
import { WorkflowGatewayModule } from '../workflow-gateway/workflow-gateway.module';
import { SignatureController } from './signature.controller';
import { DossierService } from './dossier.service';
import { SignatureService } from './signature.service';
import { SigningController } from './signing.controller';

@Module({
  imports: [WorkflowGatewayModule, DocumentsModule, RecordModule],
  controllers: [SignatureController, SigningController],
  providers: [SignatureService, DossierService],
})
export class SignatureModule {}
