import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsInt, IsOptional, IsString, Max, MaxLength, Min, MinLength } from 'class-validator';
import { WEBHOOK_URL_MAX_LENGTH } from '@ctg/webhooks';

export class CreateWebhookDto {
  @ApiProperty({ example: 'https://portail.example.org/ctg/webhooks', description: 'HTTPS; no user or password; followed by no redirect' })
  @IsString()
  @MinLength(1)
  @MaxLength(WEBHOOK_URL_MAX_LENGTH)
  url: string;

  @ApiPropertyOptional({ example: 'Portail open data', maxLength: 200 })
  @IsOptional()
  @IsString()
  @MaxLength(200)
  description?: string;
}

export class WebhookDeliveriesQueryDto {
  @ApiPropertyOptional({ description: 'how many deliveries, newest first', default: 50, maximum: 200 })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(200)
  limit?: number;
}
