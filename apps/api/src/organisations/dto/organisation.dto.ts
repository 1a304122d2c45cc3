import { ApiProperty } from '@nestjs/swagger';
import { IsIn, IsString, MaxLength, ValidateBy } from 'class-validator';
import { MEMBER_ROLES, MemberRole, ORGANISATION_KINDS, OrganisationKind } from '@ctg/persistence';
import { sirenProblem } from '@ctg/territory';

const IsSiren = () =>
  ValidateBy({
    name: 'isSiren',
    validator: { validate: (value) => typeof value === 'string' && sirenProblem(value) === null, defaultMessage: (a) => sirenProblem(String(a?.value)) ?? 'must be a SIREN' },
  });
const IsNotBlank = () =>
  ValidateBy({ name: 'isNotBlank', validator: { validate: (value) => typeof value === 'string' && value.trim().length > 0, defaultMessage: () => 'must not be empty' } });

export class CreateOrganisationDto {
  @ApiProperty({ example: '200071298', description: "the organisation's SIREN (9 digits, valid check digit)" })
  @IsString()
  @IsSiren()
  siren: string;

  @ApiProperty({ example: 'Communauté de communes des Terres du Lauragais' })
  @IsString()
  @IsNotBlank()
  @MaxLength(200)
  name: string;

  @ApiProperty({ enum: ORGANISATION_KINDS, example: 'epci' })
  @IsIn([...ORGANISATION_KINDS])
  kind: OrganisationKind;
}

export class MemberRoleDto {
  @ApiProperty({ enum: MEMBER_ROLES, description: '`manager` launches, acts, corrects and signs; `observer` reads and downloads, and changes nothing' })
  @IsIn([...MEMBER_ROLES])
  role: MemberRole;
}
