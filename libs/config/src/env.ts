import type { ConfigIssue } from './config-error';

export type Env = Readonly<Record<string, string | undefined>>;

/** Small typed readers that collect issues instead of throwing, so every env problem is reported at once. */
export class EnvReader {
  readonly issues: ConfigIssue[] = [];
  constructor(private readonly env: Env) {}

  str(name: string): string | undefined {
    const v = this.env[name];
    return v === undefined || v.trim() === '' ? undefined : v.trim();
  }

  int(name: string, fallback: number, min: number, max: number): number {
    const v = this.str(name);
    if (v === undefined) return fallback;
    const n = Number(v);
    if (!/^\d+$/.test(v) || n < min || n > max) {
      this.issues.push({ path: name, message: `must be an integer between ${min} and ${max}` });
      return fallback;
    }
    return n;
  }

  bool(name: string, fallback: boolean): boolean {
    const v = this.str(name)?.toLowerCase();
    if (v === undefined) return fallback;
    if (['1', 'true', 'yes', 'on'].includes(v)) return true;
    if (['0', 'false', 'no', 'off'].includes(v)) return false;
    this.issues.push({ path: name, message: 'must be true or false' });
    return fallback;
  }

  oneOf<T extends string>(name: string, allowed: readonly T[], fallback: T): T {
    const v = this.str(name);
    if (v === undefined) return fallback;
    if ((allowed as readonly string[]).includes(v)) return v as T;
    this.issues.push({ path: name, message: `must be one of ${allowed.join(', ')}` });
    return fallback;
  }

  /** URL-valued secrets: the message never echoes the value (it may hold a password). */
  url(name: string, schemes: readonly string[]): string | undefined {
    const v = this.str(name);
    if (v === undefined) return undefined;
    let ok: boolean;
    try {
      ok = schemes.includes(new URL(v).protocol.replace(/:$/, ''));
    } catch {
      ok = false;
    }
    if (!ok) this.issues.push({ path: name, message: `must be a URL with scheme ${schemes.join(' or ')}` });
    return ok ? v : undefined;
  }
}
