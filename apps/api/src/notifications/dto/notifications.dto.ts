import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { ArrayMaxSize, IsArray, IsObject, IsOptional, IsUUID } from 'class-validator';

export class MarkReadDto {
  @ApiPropertyOptional({ type: [String], description: 'the notifications read; all of them when left out' })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(500)
  @IsUUID('all', { each: true })
  ids?: string[];
}

export class PreferencesDto {
  @ApiProperty({
    description: 'by kind, whether to receive it by e-mail and in the web interface: `{body_rejected: {email: true, inApp: true}, …}`; kinds left out keep their setting',
    example: { act_uploaded: { email: true, inApp: true }, weekly_digest: { email: false, inApp: false } },
  })
  @IsObject()
  preferences: Record<string, unknown>;
}
