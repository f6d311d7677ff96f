import { Controller, HttpCode, Inject, Param, Post, Req } from '@nestjs/common';
import { ApiForbiddenResponse, ApiNotFoundResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Allow } from '../auth/access.decorator';
import { contextOf, type ContextRequest } from '../auth/principal';
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
  @ApiForbiddenResponse({ description: 'Not an admin or operator (problem+json access/forbidden)' })
  @ApiNotFoundResponse({ description: 'No destination of that name (problem+json dicomweb/not-found)' })
  test(@Param('name') name: string, @Req() req: ContextRequest): Promise<DestinationTestResult> {
    return this.tests.test(name, contextOf(req));
  }
}
