import { ApiProperty } from '@nestjs/swagger';
import { IsString, MaxLength, MinLength } from 'class-validator';

export class LoginDto {
  @ApiProperty({ example: 'admin@ctg.example.org' })
  @IsString()
  @MinLength(3)
  @MaxLength(254)
  email: string;

  @ApiProperty({ example: 'admin-ctg-local' })
  @IsString()
  @MinLength(1)
  @MaxLength(1000)
  password: string;
}
