import { InitialSchema1767225600000 } from './1767225600000-initial-schema';
import { Segmentation1767312000000 } from './1767312000000-segmentation';
import { Delivery1767398400000 } from './1767398400000-delivery';
import { SeriesResult1767484800000 } from './1767484800000-series-result';
import { Identity1767571200000 } from './1767571200000-identity';
import { QidoAttributes1767610000000 } from './1767610000000-qido-attributes';
import { SeriesList1767700000000 } from './1767700000000-series-list';
import { SettingsVersions1767800000000 } from './1767800000000-settings-versions';

/** Applied in order; never edit a migration after it has been merged. */
export const DB_MIGRATIONS = [
  InitialSchema1767225600000,
  Segmentation1767312000000,
  Delivery1767398400000,
  SeriesResult1767484800000,
  Identity1767571200000,
  QidoAttributes1767610000000,
  SeriesList1767700000000,
  SettingsVersions1767800000000,
];
