import { Controller, Get, Inject } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Access, Allow } from '../auth/access.decorator';
import { ApiProblems } from '../errors/api-problems.decorator';
import { ModelCatalogService } from './model-catalog.service';
import { ModelDto } from './models.dto';

@ApiTags('models')
@Controller('api/v1/models')
export class ModelsController {
  constructor(@Inject(ModelCatalogService) private readonly catalog: ModelCatalogService) {}

  @Get()
  @Allow(Access.statusRead)
  @ApiOperation({
    summary: 'The model registry: input criteria, labels, whether enabled, and the last run per engine',
  })
  @ApiOkResponse({ type: [ModelDto] })
  @ApiProblems(401, 403, 503)
  list(): Promise<ModelDto[]> {
    return this.catalog.list();
  }
}
