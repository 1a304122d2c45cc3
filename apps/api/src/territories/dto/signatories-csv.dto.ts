import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { SIGNATORY_KINDS, SignatoryKind } from '@ctg/domain';

export const SIGNATORIES_CSV_EXAMPLE = [
  'id,kind,name,insee_code,siren,siret,population,postal_code,required,email',
  '200071298,epci,Communauté de communes des Terres du Lauragais,,200071298,,42195,31290,true,ctg@example.org',
  '31582,commune,Villefranche-de-Lauragais,31582,213105828,21310582899991,5072,31290,false,mairie-31582@example.org',
  'caf31,caf,Caisse d’allocations familiales de la Haute-Garonne,,,,,,true,ctg@caf31.example.org',
  '',
].join('\n');

export class SignatoriesCsvJsonDto {
  @ApiProperty({ description: 'the CSV text (same columns as the text/csv body)', example: SIGNATORIES_CSV_EXAMPLE })
  csv: string;
}

export class ImportedSignatoryDto {
  @ApiProperty({ example: '31582' })
  id: string;

  @ApiProperty({ enum: SIGNATORY_KINDS })
  kind: SignatoryKind;

  @ApiProperty({ example: 'Villefranche-de-Lauragais' })
  name: string;

  @ApiProperty({ example: 'mairie-31582@example.org' })
  email: string;

  @ApiProperty()
  required: boolean;
}

class ImportedTerritoryDto {
  @ApiProperty({ example: 'Communauté de communes des Terres du Lauragais' })
  name: string;

  @ApiPropertyOptional({ example: '200071298' })
  siren?: string;
}

export class ImportedSignatoriesDto {
  @ApiProperty({ type: [ImportedSignatoryDto], description: 'ready for the `signatories` of POST /campaigns' })
  signatories: ImportedSignatoryDto[];

  @ApiProperty({ type: ImportedTerritoryDto, nullable: true, description: 'from the line of kind epci when there is exactly one' })
  territory: ImportedTerritoryDto | null;
}
