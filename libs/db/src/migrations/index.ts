import { InitialSchema1767225600000 } from './1767225600000-initial-schema';

/** Applied in order; never edit a migration after it has been merged. */
export const DB_MIGRATIONS = [InitialSchema1767225600000];
