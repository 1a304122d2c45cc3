import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  IsArray,
  IsBoolean,
  IsIn,
  IsInt,
  IsOptional,
  IsString,
  Matches,
  Max,
  MaxLength,
  Min,
  MinLength,
  ValidateNested,
} from 'class-validator';
import { ID_PATTERN, MAX_CAMPAIGN_ADMINISTRATORS, MAX_SIGNATORIES, SIGNATORY_KINDS, SignatoryKind } from '@ctg/domain';

export class TerritoryDto {
  @ApiProperty({ example: 'Communauté de communes des Terres du Lauragais' })
  @IsString()
  @MinLength(1)
  @MaxLength(300)
  name: string;

  @ApiPropertyOptional({ example: '200071298', description: 'SIREN of the EPCI (9 digits)' })
  @IsOptional()
  @Matches(/^\d{9}$/, { message: 'must be 9 digits' })
  siren?: string;
}

export class SignatoryDto {
  @ApiProperty({ example: '31582', description: 'INSEE code for a commune, SIREN for the EPCI, or a short slug' })
  @IsString()
  @Matches(ID_PATTERN, { message: 'must be 1 to 80 letters, digits, dots, dashes or underscores' })
  id: string;

  @ApiProperty({ enum: SIGNATORY_KINDS })
  @IsIn(SIGNATORY_KINDS)
  kind: SignatoryKind;

  @ApiProperty({ example: 'Villefranche-de-Lauragais' })
  @IsString()
  @MinLength(1)
  @MaxLength(300)
  name: string;

  @ApiProperty({ example: 'mairie@example.org' })
  @IsString()
  @MaxLength(254)
  email: string;

  @ApiProperty({ description: 'whether its approval is needed for the signature' })
  @IsBoolean()
  required: boolean;

  @ApiPropertyOptional({ example: '21310582899991', description: "the body's SIRET (14 digits, Luhn key): COLL_SIRET of the SCDL open-data export" })
  @IsOptional()
  @IsString()
  siret?: string;
}

export class ReminderPolicyDto {
  @ApiProperty({ example: ['P30D', 'P14D', 'P7D', 'P2D'], description: 'offsets before the deadline (ISO 8601)' })
  @IsArray()
  @ArrayMaxSize(20)
  @IsString({ each: true })
  before: string[];

  @ApiProperty({ example: 'P7D' })
  @IsString()
  overdueEvery: string;

  @ApiProperty({ example: 4 })
  @IsInt()
  @Min(0)
  @Max(52)
  overdueMax: number;

  @ApiProperty({ example: 2, description: 'reminder number from which the administrators are copied' })
  @IsInt()
  @Min(1)
  escalateFrom: number;

  @ApiProperty({ example: true })
  @IsBoolean()
  businessDaysOnly: boolean;
}

export class CreateCampaignDto {
  @ApiPropertyOptional({ example: 'ctg-terres-du-lauragais-2023', description: 'made from the title when absent' })
  @IsOptional()
  @IsString()
  @Matches(ID_PATTERN, { message: 'must be 1 to 80 letters, digits, dots, dashes or underscores' })
  id?: string;

  @ApiProperty({ example: 'Convention Territoriale Globale — Terres du Lauragais' })
  @IsString()
  @MinLength(1)
  @MaxLength(300)
  title: string;

  @ApiProperty({ type: TerritoryDto })
  @ValidateNested()
  @Type(() => TerritoryDto)
  territory: TerritoryDto;

  @ApiPropertyOptional({ example: '2023-06-13', description: 'planned day of the mayors\' conference' })
  @IsOptional()
  @IsString()
  conferenceDate?: string;

  @ApiProperty({ example: '2023-10-31T23:59:59+01:00' })
  @IsString()
  deliberationDeadline: string;

  @ApiProperty({ type: [SignatoryDto] })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(MAX_SIGNATORIES)
  @ValidateNested({ each: true })
  @Type(() => SignatoryDto)
  signatories: SignatoryDto[];

  @ApiPropertyOptional({ type: ReminderPolicyDto })
  @IsOptional()
  @ValidateNested()
  @Type(() => ReminderPolicyDto)
  reminderPolicy?: ReminderPolicyDto;

  @ApiPropertyOptional({
    example: ['referente-ctg@caf31.example.org', 'dgs@terres-du-lauragais.example.org'],
    description: "addresses copied on escalated reminders besides the managers of the campaign's organisations",
  })
  @IsOptional()
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(MAX_CAMPAIGN_ADMINISTRATORS)
  @IsString({ each: true })
  @MaxLength(254, { each: true })
  administrators?: string[];

  @ApiPropertyOptional({
    example: '200071298',
    description: 'SIREN of the organisation launching the campaign, which the caller manages; may be left out by the manager of one organisation only',
  })
  @IsOptional()
  @IsString()
  @Matches(/^[0-9]{9}$/, { message: 'organisation must be a SIREN: 9 digits' })
  organisation?: string;
}
