import { Controller, Get, Header, HttpCode, Param, Post, Query, Req } from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiBearerAuth,
  ApiExtraModels,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiParam,
  ApiProduces,
  ApiTags,
  ApiUnprocessableEntityResponse,
  getSchemaPath,
} from '@nestjs/swagger';
import type { Request } from 'express';
import { Access } from '../auth/access.decorator';
import { ApiError } from '../common/api-error';
import { EpciSignatoriesDto, EpciSignatoriesQueryDto } from './dto/epci-signatories.dto';
import { ImportedSignatoriesDto, SIGNATORIES_CSV_EXAMPLE, SignatoriesCsvJsonDto } from './dto/signatories-csv.dto';
import { SirenPipe } from './siren.pipe';
import { TerritoriesService } from './territories.service';

const SIREN_PARAM = { name: 'siren', example: '200071298', description: "the EPCI's SIREN (9 digits)" };

/** The CSV of a `text/csv` body, or the `csv` of a JSON body `{csv}`. */
function csvOf(body: unknown): string {
  if (typeof body === 'string') return body;
  if (body === undefined || body === null || typeof body !== 'object' || Array.isArray(body)) {
    throw new ApiError(415, 'send the CSV as a text/csv body, or as JSON {"csv": "…"}');
  }
  const { csv, ...others } = body as Record<string, unknown>;
  const fields = [
    ...(typeof csv === 'string' ? [] : [{ field: 'csv', message: 'must be the CSV text' }]),
    ...Object.keys(others).map((field) => ({ field, message: 'is not expected here' })),
  ];
  if (fields.length) throw new ApiError(400, fields.map((f) => `${f.field}: ${f.message}`).join('; '), fields);
  return csv as string;
}

@ApiTags('territories')
@ApiBearerAuth()
@ApiExtraModels(SignatoriesCsvJsonDto)
@Controller('territories')
export class TerritoriesController {
  constructor(private readonly territories: TerritoriesService) {}

  @Get('epci/:siren/signatories')
  @Access('admin')
  @ApiOperation({
    summary: "Propose a campaign's signatories from an EPCI's SIREN (INSEE data): the EPCI (required), each member commune, the partner bodies asked for",
    description: 'E-mail addresses are `null`: fill them in, then send the list as `signatories` of POST /campaigns.',
  })
  @ApiParam(SIREN_PARAM)
  @ApiOkResponse({ type: EpciSignatoriesDto })
  @ApiBadRequestResponse({ description: 'malformed SIREN (not 9 digits, wrong check digit) or partner name' })
  @ApiNotFoundResponse({ description: 'no EPCI with this SIREN in the data' })
  epciSignatories(@Param('siren', SirenPipe) siren: string, @Query() query: EpciSignatoriesQueryDto) {
    return this.territories.epciSignatories(siren, query);
  }

  @Get('epci/:siren/signatories.csv')
  @Access('admin')
  @ApiOperation({ summary: 'The same proposal as a CSV to fill in (e-mail column blank), for POST /territories/signatories/csv' })
  @ApiParam(SIREN_PARAM)
  @ApiProduces('text/csv')
  @Header('Content-Type', 'text/csv; charset=utf-8')
  epciSignatoriesCsv(@Param('siren', SirenPipe) siren: string, @Query() query: EpciSignatoriesQueryDto): string {
    return this.territories.epciSignatoriesCsv(siren, query);
  }

  @Post('signatories/csv')
  @HttpCode(200)
  @Access('admin')
  @ApiOperation({
    summary: 'Read signatories from a CSV (columns id,kind,name,insee_code,siren,population,postal_code,required,email); creates nothing',
    description:
      'Send the file as `text/csv` (UTF-8, comma or semicolon separated, at most 1 MiB) or as JSON `{"csv": "…"}`. ' +
      'Every problem of every line is reported in `fields` (`line 7: email`), and then no signatory is returned.',
    requestBody: {
      required: true,
      content: {
        'text/csv': { schema: { type: 'string', example: SIGNATORIES_CSV_EXAMPLE } },
        'application/json': { schema: { $ref: getSchemaPath(SignatoriesCsvJsonDto) } },
      },
    },
  })
  @ApiOkResponse({ type: ImportedSignatoriesDto })
  @ApiUnprocessableEntityResponse({
    description: 'the CSV has problems; nothing is imported',
    schema: {
      example: {
        statusCode: 422,
        error: 'Unprocessable Entity',
        message: '2 problems on 2 lines of the CSV; nothing was imported',
        fields: [
          { field: 'line 4: id', message: 'duplicated id 31002 (first on line 3)' },
          { field: 'line 7: email', message: '"mairie-at-example.org" is not an e-mail address' },
        ],
      },
    },
  })
  importCsv(@Req() request: Request) {
    return this.territories.importCsv(csvOf(request.body));
  }
}
