import { Inject, Injectable } from '@nestjs/common';
import { ArchiveRepository } from '@delineo/db';
import type { SeriesStateStore } from './series-completion.service';

@Injectable()
export class RepositorySeriesStateStore implements SeriesStateStore {
  constructor(@Inject(ArchiveRepository) private readonly archive: ArchiveRepository) {}

  complete(seriesId: string, generation: number): Promise<boolean> {
    return this.archive.completeSeries(seriesId, generation);
  }

  async dueForCompletion(before: Date): Promise<Array<{ id: string; generation: number }>> {
    const rows = await this.archive.findSeriesDueForCompletion(before);
    return rows.map((s) => ({ id: s.id, generation: s.generation }));
  }

  generationOf(seriesId: string): Promise<number | undefined> {
    return this.archive.generationOf(seriesId);
  }
}
