/** The ingest service's ports (ingest.ports.ts), bound to adapters in ingest.module.ts. */
export const IngestTokens = {
  Deidentifier: Symbol('Deidentifier'),
  VaultSealer: Symbol('VaultSealer'),
  Router: Symbol('Router'),
  BlobStore: Symbol('BlobStore'),
  ArchiveWriter: Symbol('ArchiveWriter'),
  SeriesTracker: Symbol('SeriesTracker'),
  SeriesStateStore: Symbol('SeriesStateStore'),
  /** libs/dicom ParseLimits from settings (limits.parse). */
  ParseLimits: Symbol('ParseLimits'),
} as const;
