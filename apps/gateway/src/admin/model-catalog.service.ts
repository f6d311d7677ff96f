import { Inject, Injectable } from '@nestjs/common';
import { LiveSettings } from '@delineo/config';
import { SeriesStatusRepository, type ModelRunRow } from '@delineo/db';
import { ModelRegistry, type ModelManifest } from '@delineo/models';
import type { ModelDto, ModelRunDto } from './models.dto';

/** The console's Models page: the registry's manifests beside each model's last runs. */
@Injectable()
export class ModelCatalogService {
  constructor(
    @Inject(ModelRegistry) private readonly registry: Pick<ModelRegistry, 'ids' | 'get'>,
    @Inject(SeriesStatusRepository) private readonly status: Pick<SeriesStatusRepository, 'latestModelRuns'>,
    @Inject(LiveSettings) private readonly live: Pick<LiveSettings, 'current'>,
  ) {}

  async list(): Promise<ModelDto[]> {
    const runs = await this.status.latestModelRuns();
    // Enablement is a live setting (models.disabled): routing passes over a disabled model's rules.
    const disabled = this.live.current().disabledModels;
    return this.registry.ids().map((id) => modelView(this.registry.get(id).manifest, runs, !disabled.has(id)));
  }
}

function modelView(m: ModelManifest, runs: readonly ModelRunRow[], enabled: boolean): ModelDto {
  return {
    id: m.id,
    version: m.version,
    name: m.name,
    description: m.description,
    runner: m.runner.kind,
    enabled,
    input: { modality: [...m.input.modality], minSlices: m.input.minSlices },
    labels: m.labels.map((l) => ({
      value: l.value,
      name: l.name,
      colour: [...l.recommendedDisplayRGB],
      type: l.type.CodeMeaning,
    })),
    lastRuns: runs.filter((r) => r.modelId === m.id).map(runView),
  };
}

const runView = (r: ModelRunRow): ModelRunDto => ({
  engine: r.engine,
  modelVersion: r.modelVersion,
  finishedAt: r.finishedAt.toISOString(),
  prepareMs: r.prepareMs,
  timings: r.timings,
});
