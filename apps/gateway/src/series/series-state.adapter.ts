import type { DataSource } from 'typeorm';
import { ArchiveRepository, SeriesEntity } from '@delineo/db';
import type { SeriesStateStore } from './series-completion.service';

export class TypeormSeriesStateStore implements SeriesStateStore {
  private readonly archive: ArchiveRepository;

  constructor(private readonly ds: DataSource) {
    this.archive = new ArchiveRepository(ds);
  }

  complete(seriesId: string, generation: number): Promise<boolean> {
    return this.archive.markSeriesComplete(this.ds.manager, seriesId, generation);
  }

  async dueForCompletion(before: Date): Promise<Array<{ id: string; generation: number }>> {
    const rows = await this.archive.findSeriesDueForCompletion(before);
    return rows.map((s) => ({ id: s.id, generation: s.generation }));
  }

  async generationOf(seriesId: string): Promise<number | undefined> {
    const s = await this.ds.manager.findOneBy(SeriesEntity, { id: seriesId });
    return s?.generation;
  }
}
