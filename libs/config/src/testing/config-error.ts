import { ConfigError } from '../config-error';

/** Runs `fn` and returns the ConfigError it throws; fails the test if it throws nothing or another error. */
export function configError(fn: () => unknown): ConfigError {
  try {
    fn();
  } catch (e) {
    if (e instanceof ConfigError) return e;
    throw e;
  }
  throw new Error('expected ConfigError');
}
