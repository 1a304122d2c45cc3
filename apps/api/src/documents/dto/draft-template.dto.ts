import { ApiProperty } from '@nestjs/swagger';
import { IsOptional, IsString } from 'class-validator';

export class DraftTemplateDto {
  @ApiProperty({
    nullable: true,
    description: "The draft deliberation's wording, with placeholders such as {{collectivite}}; null goes back to the product's own",
  })
  @IsOptional()
  @IsString()
  text!: string | null;
}
