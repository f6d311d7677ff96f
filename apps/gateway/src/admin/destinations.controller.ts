import { Controller, HttpCode, Inject, Param, Post, Req } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiParam, ApiTags } from '@nestjs/swagger';
import { Allow } from '../auth/access.decorator';
import { contextOf, type ContextRequest } from '../auth/principal';
import { ApiProblems } from '../errors/api-problems.decorator';
import { DestinationTestResult } from './destination-test.result';
import { DestinationTestService } from './destination-test.service';

/** Hospital IT and operators check a destination before and after they change it. */
const destinationTest = { roles: ['admin', 'operator'], scopes: ['admin', 'pipeline:operate'] } as const;

@ApiTags('destinations')
@Controller('api/v1/destinations')
export class DestinationsController {
  constructor(@Inject(DestinationTestService) private readonly tests: DestinationTestService) {}

  @Post(':name/test')
  @HttpCode(200)
  @Allow(destinationTest)
  @ApiOperation({
    summary: 'Test a destination: C-ECHO (DIMSE), QIDO-RS studies?limit=1 (DICOMweb) or GET metadata (FHIR)',
  })
  @ApiOkResponse({
    type: DestinationTestResult,
    description: 'The probe ran; `ok` says whether the peer answered well',
  })
  @ApiParam({
    name: 'name',
    description: 'A destination of the live settings (404 when there is none of that name)',
    schema: { type: 'string', pattern: '^[a-z0-9][a-z0-9_-]{0,31}$' },
  })
  @ApiProblems(401, 403, 404, 503)
  test(@Param('name') name: string, @Req() req: ContextRequest): Promise<DestinationTestResult> {
    return this.tests.test(name, contextOf(req));
  }
}
