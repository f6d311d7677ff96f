/** Small collecting checkers: each records "path: problem" and returns the value or undefined. */
export class Problems {
  readonly list: string[] = [];

  add(path: string, msg: string): undefined {
    this.list.push(`${path}: ${msg}`);
    return undefined;
  }

  object(path: string, v: unknown): Record<string, unknown> | undefined {
    return typeof v === 'object' && v !== null && !Array.isArray(v)
      ? (v as Record<string, unknown>)
      : this.add(path, 'must be an object');
  }

  array(path: string, v: unknown, minLength = 0): unknown[] | undefined {
    if (!Array.isArray(v)) return this.add(path, 'must be an array');
    return v.length < minLength ? this.add(path, `must have at least ${minLength} item(s)`) : v;
  }

  string(path: string, v: unknown): string | undefined {
    return typeof v === 'string' && v.trim() !== '' ? v : this.add(path, 'must be a non-empty string');
  }

  number(
    path: string,
    v: unknown,
    opts: { min?: number; max?: number; integer?: boolean; exclusiveMax?: boolean } = {},
  ): number | undefined {
    if (typeof v !== 'number' || !Number.isFinite(v)) return this.add(path, 'must be a finite number');
    if (opts.integer && !Number.isInteger(v)) return this.add(path, 'must be an integer');
    if (opts.min !== undefined && v < opts.min) return this.add(path, `must be ≥ ${opts.min}`);
    if (opts.max !== undefined && (opts.exclusiveMax ? v >= opts.max : v > opts.max)) {
      return this.add(path, `must be ${opts.exclusiveMax ? '<' : '≤'} ${opts.max}`);
    }
    return v;
  }

  oneOf<T extends string>(path: string, v: unknown, allowed: readonly T[]): T | undefined {
    return typeof v === 'string' && (allowed as readonly string[]).includes(v)
      ? (v as T)
      : this.add(path, `must be one of ${allowed.join(', ')}`);
  }

  vec3(path: string, v: unknown, positive = true): [number, number, number] | undefined {
    if (!Array.isArray(v) || v.length !== 3) return this.add(path, 'must be an array of 3 numbers');
    const ok = v.every(
      (x, i) => this.number(`${path}[${i}]`, x, positive ? { min: Number.MIN_VALUE } : {}) !== undefined,
    );
    return ok ? (v as [number, number, number]) : undefined;
  }

  /** Keys the contract does not know are reported: a typo must not silently drop a setting. */
  known(path: string, o: Record<string, unknown>, keys: readonly string[]): void {
    for (const k of Object.keys(o)) if (!keys.includes(k)) this.add(`${path}.${k}`, 'unknown property');
  }
}
