import {
  Body,
  Controller,
  Get,
  Header,
  HttpCode,
  Inject,
  Param,
  ParseIntPipe,
  Post,
  Put,
  Query,
  Req,
} from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiParam, ApiProduces, ApiTags } from '@nestjs/swagger';
import { ModelRegistry } from '@delineo/models';
import { Access, Allow } from '../auth/access.decorator';
import { contextOf, type ContextRequest } from '../auth/principal';
import { ApiProblems } from '../errors/api-problems.decorator';
import { validated } from '../errors/api-validation.pipe';
import {
  ModelEnabledDto,
  RestoreSettingsDto,
  SettingsVersionDetailDto,
  SettingsVersionPageDto,
  SettingsVersionsQueryDto,
  SettingsViewDto,
  UpdateSettingsDto,
} from './settings.dto';
import { SettingsError } from './settings.error';
import { SettingsService } from './settings.service';

const VERSION = { name: 'version', schema: { type: 'integer', minimum: 1 } } as const;
const by = (req: ContextRequest) => ({ principal: contextOf(req).principal, context: contextOf(req) });
const versionPipe = new ParseIntPipe({
  exceptionFactory: () => new SettingsError('settings/not-found', 'a settings version is a positive integer'),
});

/**
 * Versioned live settings (issue 15): read by admins and operators, changed by admins only, and
 * never when `config.source` is `file`. Secrets never live here: they stay in files and env.
 */
@ApiTags('settings')
@Controller('api/v1')
export class SettingsController {
  constructor(
    @Inject(SettingsService) private readonly settings: SettingsService,
    @Inject(ModelRegistry) private readonly models: Pick<ModelRegistry, 'has'>,
  ) {}

  @Get('settings')
  @Allow({ roles: ['admin', 'operator'], scopes: ['admin'] })
  @ApiOperation({ summary: 'The live settings: allowed callers, destinations, routing, de-identification, models' })
  @ApiOkResponse({ type: SettingsViewDto })
  @ApiProblems(401, 403, 503)
  view(): Promise<SettingsViewDto> {
    return this.settings.view();
  }

  @Put('settings')
  @Allow(Access.admin)
  @ApiOperation({ summary: 'Save a new version; applied on every instance without a restart' })
  @ApiOkResponse({ type: SettingsViewDto })
  @ApiProblems(400, 401, 403, 409, 413, 503)
  update(
    @Body(validated(UpdateSettingsDto)) body: UpdateSettingsDto,
    @Req() req: ContextRequest,
  ): Promise<SettingsViewDto> {
    return this.settings.update(body.settings, body.baseVersion, body.comment, by(req));
  }

  @Get('settings/versions')
  @Allow(Access.audit)
  @ApiOperation({ summary: 'The history, newest first, with the number of changes of each version' })
  @ApiOkResponse({ type: SettingsVersionPageDto })
  @ApiProblems(400, 401, 403, 503)
  versions(@Query(validated(SettingsVersionsQueryDto)) q: SettingsVersionsQueryDto): Promise<SettingsVersionPageDto> {
    return this.settings.versions(q.limit ?? 50, q.before);
  }

  @Get('settings/versions/:version')
  @Allow(Access.audit)
  @ApiOperation({ summary: 'One version and its diff against the version before' })
  @ApiParam(VERSION)
  @ApiOkResponse({ type: SettingsVersionDetailDto })
  @ApiProblems(401, 403, 404, 503)
  version(@Param('version', versionPipe) version: number): Promise<SettingsVersionDetailDto> {
    return this.settings.version(version);
  }

  @Post('settings/versions/:version/restore')
  @HttpCode(200)
  @Allow(Access.admin)
  @ApiOperation({ summary: 'Restore an older version: a new version with its content' })
  @ApiParam(VERSION)
  @ApiOkResponse({ type: SettingsViewDto })
  @ApiProblems(400, 401, 403, 404, 409, 503)
  restore(
    @Param('version', versionPipe) version: number,
    @Body(validated(RestoreSettingsDto)) body: RestoreSettingsDto,
    @Req() req: ContextRequest,
  ): Promise<SettingsViewDto> {
    return this.settings.restore(version, body.baseVersion, by(req));
  }

  @Get('settings/export')
  @Allow(Access.admin)
  @Header('Content-Type', 'application/yaml; charset=utf-8')
  @Header('Content-Disposition', 'attachment; filename="delineo-settings.yaml"')
  @ApiOperation({ summary: 'The live settings as a DELINEO_CONFIG fragment (YAML)' })
  @ApiProduces('application/yaml')
  @ApiOkResponse({ schema: { type: 'string' } })
  @ApiProblems(401, 403)
  export(): string {
    return this.settings.exportYaml();
  }

  @Put('models/:name/enabled')
  @Allow(Access.admin)
  @ApiOperation({ summary: 'Enable or disable a model (a settings change: versioned, audited, live)' })
  @ApiParam({ name: 'name', schema: { type: 'string', maxLength: 64 } })
  @ApiOkResponse({ type: SettingsViewDto })
  @ApiProblems(400, 401, 403, 404, 409, 503)
  setModelEnabled(
    @Param('name') name: string,
    @Body(validated(ModelEnabledDto)) body: ModelEnabledDto,
    @Req() req: ContextRequest,
  ): Promise<SettingsViewDto> {
    if (!this.models.has(name)) throw new SettingsError('settings/not-found', 'no such model in the registry');
    return this.settings.setModelEnabled(name, body.enabled, by(req));
  }
}
