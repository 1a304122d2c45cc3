import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional, IsString, MaxLength } from 'class-validator';
import { SIGNATORY_KINDS, SignatoryKind } from '@ctg/domain';
import { AccessTokenQueryDto } from '../../common/access-token-query.dto';

const PARTNER = (body: string, example: string, fallback: string) =>
  `Adds ${body} with this name; empty (\`?${example}=\`) for ${fallback}. Absent: not added.`;

export class EpciSignatoriesQueryDto extends AccessTokenQueryDto {
  @ApiPropertyOptional({
    description: PARTNER('the CAF (required signatory)', 'caf', 'the CAF of the main department, e.g. "Caisse d’allocations familiales de la Haute-Garonne"'),
    example: '',
  })
  @IsOptional()
  @IsString()
  @MaxLength(300)
  caf?: string;

  @ApiPropertyOptional({
    description: PARTNER('the Conseil départemental', 'departement', 'the council of the main department, e.g. "Conseil départemental de la Haute-Garonne"'),
    example: '',
  })
  @IsOptional()
  @IsString()
  @MaxLength(300)
  departement?: string;

  @ApiPropertyOptional({ description: 'Adds the MSA with this name (required: its territories do not follow departments).', example: 'MSA Midi-Pyrénées Sud' })
  @IsOptional()
  @IsString()
  @MaxLength(300)
  msa?: string;
}

export class SignatoryDraftDto {
  @ApiProperty({ example: '31582', description: 'INSEE code for a commune, SIREN for the EPCI, a short slug for a partner body' })
  id: string;

  @ApiProperty({ enum: SIGNATORY_KINDS })
  kind: SignatoryKind;

  @ApiProperty({ example: 'Villefranche-de-Lauragais' })
  name: string;

  @ApiProperty({ description: 'the EPCI and the CAF: true' })
  required: boolean;

  @ApiProperty({ type: String, nullable: true, example: null, description: 'to be filled in before POST /campaigns' })
  email: string | null;

  @ApiProperty({ type: String, nullable: true, example: '31582' })
  inseeCode: string | null;

  @ApiProperty({ type: String, nullable: true, example: '213105828' })
  siren: string | null;

  @ApiProperty({ type: Number, nullable: true, example: 5072, description: 'municipal population' })
  population: number | null;

  @ApiProperty({ type: String, nullable: true, example: '31290' })
  postalCode: string | null;
}

class DepartementDto {
  @ApiProperty({ example: '31' })
  code: string;

  @ApiProperty({ example: 'Haute-Garonne' })
  name: string;
}

export class EpciTerritoryDto {
  @ApiProperty({ example: 'Communauté de communes des Terres du Lauragais' })
  name: string;

  @ApiProperty({ example: '200071298' })
  siren: string;

  @ApiProperty({ enum: ['CC', 'CA', 'CU', 'METRO', 'MET69'] })
  legalForm: string;

  @ApiProperty({ example: 42195 })
  population: number;

  @ApiProperty({ type: DepartementDto, description: 'the department with most of the population: its CAF and council are proposed' })
  departement: DepartementDto;

  @ApiProperty({ example: ['31'] })
  departements: string[];

  @ApiProperty({ example: '@etalab/decoupage-administratif@6.0.0', description: 'INSEE data as published by Etalab' })
  source: string;
}

export class EpciSignatoriesDto {
  @ApiProperty({ type: EpciTerritoryDto })
  territory: EpciTerritoryDto;

  @ApiProperty({ type: [SignatoryDraftDto], description: 'the EPCI, its member communes (alphabetical), then the partner bodies asked for' })
  signatories: SignatoryDraftDto[];
}
