import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional, IsString, MaxLength } from 'class-validator';

/**
 * `?token=`, which the access guard reads when no Authorization header is sent (a download a
 * browser opens as a link): a route with a query of its own must accept it too.
 */
export class AccessTokenQueryDto {
  @ApiPropertyOptional({ description: 'an access token or a personal link token, for a link a browser opens; the Authorization header is preferred' })
  @IsOptional()
  @IsString()
  @MaxLength(2000)
  token?: string;
}
