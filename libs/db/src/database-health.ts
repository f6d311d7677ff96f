import type { DataSource } from 'typeorm';

/** Readiness probe: one round trip to the database. */
export class DatabaseHealth {
  constructor(private readonly ds: DataSource) {}

  async ping(): Promise<void> {
    await this.ds.query('SELECT 1');
  }
}
