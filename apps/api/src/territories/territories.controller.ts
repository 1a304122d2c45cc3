import { Controller, Get, HttpCode, Param, Post, Query, Req, Res } from '@nestjs/common';
import {
  ApiBearerAuth,
  ApiExtraModels,
  ApiOkResponse,
  ApiOperation,
  ApiParam,
  ApiTags,
  getSchemaPath,
} from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { Access } from '../auth/access.decorator';
import { ApiErrors, ApiFileResponse, ErrorAnswer } from '../common/api-docs';
import { ApiError } from '../common/api-error';
import { inspectInput } from '../common/input-hygiene.pipe';
import { EpciSignatoriesDto, EpciSignatoriesQueryDto } from './dto/epci-signatories.dto';
import { ImportedSignatoriesDto, SIGNATORIES_CSV_EXAMPLE, SignatoriesCsvJsonDto } from './dto/signatories-csv.dto';
import { SirenPipe } from './siren.pipe';
import { TerritoriesService } from './territories.service';

const SIREN_PARAM = { name: 'siren', example: '200071298', description: "the EPCI's SIREN (9 digits)" };
const SIREN_ERRORS: [ErrorAnswer, ErrorAnswer] = [
  [400, 'malformed SIREN (not 9 digits, wrong check digit), partner name or parameter: `fields` names it'],
  [404, 'no EPCI with this SIREN in the data'],
];

/** The CSV of a `text/csv` body, or the `csv` of a JSON body `{csv}`. */
function csvOf(body: unknown): string {
  if (typeof body === 'string') return body;
  if (body === undefined || body === null || typeof body !== 'object' || Array.isArray(body)) {
    throw new ApiError(415, 'send the CSV as a text/csv body, or as JSON {"csv": "…"}');
  }
  // This route reads its body itself (text or JSON), so the global input pipe never saw it.
  const unreadable = inspectInput(body);
  if (unreadable.length) throw new ApiError(400, unreadable.map((f) => `${f.field}: ${f.message}`).join('; '), unreadable);
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
  @ApiErrors(...SIREN_ERRORS)
  epciSignatories(@Param('siren', SirenPipe) siren: string, @Query() query: EpciSignatoriesQueryDto) {
    return this.territories.epciSignatories(siren, query);
  }

  @Get('epci/:siren/signatories.csv')
  @Access('admin')
  @ApiOperation({ summary: 'The same proposal as a CSV to fill in (e-mail column blank), for POST /territories/signatories/csv' })
  @ApiParam(SIREN_PARAM)
  @ApiFileResponse(200, 'text/csv', 'the columns id,kind,name,insee_code,siren,siret,population,postal_code,required,email; formula-like cells neutralised')
  @ApiErrors(...SIREN_ERRORS)
  epciSignatoriesCsv(
    @Param('siren', SirenPipe) siren: string,
    @Query() query: EpciSignatoriesQueryDto,
    @Res({ passthrough: true }) res: Response,
  ): string {
    const csv = this.territories.epciSignatoriesCsv(siren, query);
    // Set only on success: an error keeps its JSON content type.
    res.type('text/csv; charset=utf-8');
    return csv;
  }

  @Post('signatories/csv')
  @HttpCode(200)
  @Access('admin')
  @ApiOperation({
    summary: 'Read signatories from a CSV (columns id,kind,name,insee_code,siren,siret,population,postal_code,required,email); creates nothing',
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
  @ApiErrors(
    [400, 'a JSON body that is not `{"csv": "…"}`, or a file that is not UTF-8: `fields` names it'],
    413,
    [415, 'neither text/csv nor JSON'],
    [
      422,
      'the CSV has problems; nothing is imported',
      {
        statusCode: 422,
        error: 'Unprocessable Entity',
        message: '2 problems on 2 lines of the CSV; nothing was imported',
        fields: [
          { field: 'line 4: id', message: 'duplicated id 31002 (first on line 3)' },
          { field: 'line 7: email', message: '"mairie-at-example.org" is not an e-mail address' },
        ],
      },
    ],
  )
  importCsv(@Req() request: Request) {
    return this.territories.importCsv(csvOf(request.body));
  }
}
