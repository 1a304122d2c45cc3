import { Controller, Get, Param, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { Access } from '../auth/access.decorator';
import { ApiErrors, ApiFileResponse } from '../common/api-docs';
import { IdPipe } from '../common/id.pipe';
import { OpenDataService } from './open-data.service';

@ApiTags('open data')
@ApiBearerAuth()
@Controller('campaigns/:id/open-data')
export class OpenDataController {
  constructor(private readonly openData: OpenDataService) {}

  @Get('deliberations.csv')
  @Access('admin')
  @ApiOperation({ summary: "The campaign's deliberations in the SCDL « délibérations » schema 2.1.3, to publish on data.gouv.fr as it is" })
  @ApiFileResponse(200, 'text/csv', 'UTF-8, commas, the header row the schema’s 17 field names in order; one line per adopted or rejected deliberation')
  @ApiErrors(400, 404, [409, "a body that deliberated has no SIRET, or its deliberation no number: the message names each"])
  async deliberations(@Param('id', IdPipe) id: string, @Res({ passthrough: true }) res: Response): Promise<string> {
    const csv = await this.openData.deliberationsCsv(id);
    // Set only on success: an error keeps its JSON content type. Campaign ids are ASCII.
    res.type('text/csv; charset=utf-8');
    res.setHeader('Content-Disposition', `attachment; filename="${id}-deliberations-scdl.csv"`);
    return csv;
  }
}
