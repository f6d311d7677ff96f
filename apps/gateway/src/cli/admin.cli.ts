import 'reflect-metadata';
import { randomBytes } from 'node:crypto';
import { parseArgs } from 'node:util';
import { NestFactory } from '@nestjs/core';
import { hashPassword } from '@delineo/auth';
import { loadConfig } from '@delineo/config';
import { ApiTokenRepository, AuditRepository, openDatabase, SessionRepository, UserRepository } from '@delineo/db';
import { createLogger } from '@delineo/observability';
import { ApiTokenService } from '../auth/api-token.service';
import { verifyAuditChain } from '../auth/audit-chain.verifier';
import { AuditService } from '../auth/audit.service';
import { CliModule } from './cli.module';

const USAGE = `usage: npm run admin -- <command>
  verify-audit                         verify the audit log's hash chain (exit 1 names the first broken record)
  export-audit                         the audit log as JSON lines on stdout
  reset-password <username> [--reset-totp]
                                       a new random initial password for a local account (shown once)
  create-token --name N --scopes a,b [--source S] [--expires-days D]
                                       an API token (shown once); scopes: dicomweb:read dicomweb:write status:read pipeline:operate admin
  revoke-token <id>                    revoke an API token
  list-tokens                          list API tokens (never their secrets)
Reads the same environment as the gateway (DATABASE_URL, DATA_DIR, DELINEO_CONFIG). In embedded
mode (no DATABASE_URL) stop the gateway first: PGlite serves one process.`;

const CLI_ACTOR = { actorType: 'system' as const, actorId: 'cli' };

async function main(argv: string[]): Promise<number> {
  const { positionals, values } = parseArgs({
    args: argv,
    allowPositionals: true,
    strict: true,
    options: {
      name: { type: 'string' },
      scopes: { type: 'string' },
      source: { type: 'string' },
      'expires-days': { type: 'string' },
      'reset-totp': { type: 'boolean' },
    },
  });
  const [command, arg] = positionals;
  if (!command) return usage();
  const config = loadConfig();
  const log = createLogger({ level: 'warn', name: 'admin-cli', destination: process.stderr }); // stdout carries the answer
  const db = await openDatabase(
    config.mode.db.kind === 'pglite'
      ? { kind: 'pglite', dataDir: config.dataDir }
      : { kind: 'postgres', url: config.mode.db.url.reveal() },
  );
  const app = await NestFactory.createApplicationContext(CliModule.forRoot(config, log, db), { logger: false });
  try {
    const audit = app.get(AuditService);
    switch (command) {
      case 'verify-audit': {
        const r = await verifyAuditChain(app.get(AuditRepository).all());
        if (r.ok)
          console.log(
            `audit chain OK: ${r.count} records${r.last ? `, last seq ${r.last.seq}, hash ${r.last.hash}` : ''}`,
          );
        else console.log(`audit chain BROKEN at seq ${r.seq} (${r.reason})`);
        return r.ok ? 0 : 1;
      }
      case 'export-audit':
        for await (const row of app.get(AuditRepository).all()) process.stdout.write(`${JSON.stringify(row)}\n`);
        return 0;
      case 'reset-password': {
        const users = app.get(UserRepository);
        const user = arg ? await users.findByUsername(arg) : null;
        if (!user || user.authMethod !== 'local') return fail('reset-password: no such local account');
        const password = randomBytes(18).toString('base64url');
        await users.setPassword(user.id, await hashPassword(password), true);
        if (values['reset-totp']) await users.clearTotp(user.id);
        await app.get(SessionRepository).deleteForUser(user.id);
        await audit.record({
          action: 'user.reset-password',
          outcome: 'success',
          target: user.username,
          actor: CLI_ACTOR,
          details: { resetTotp: !!values['reset-totp'] },
        });
        console.log(password);
        return 0;
      }
      case 'create-token': {
        const days = values['expires-days'] === undefined ? undefined : Number(values['expires-days']);
        const scopes = (values.scopes ?? '')
          .split(',')
          .map((s) => s.trim())
          .filter(Boolean);
        const r = await app
          .get(ApiTokenService)
          .create({ name: values.name ?? '', scopes, source: values.source, expiresInDays: days }, 'cli');
        console.log(r.token);
        return 0;
      }
      case 'revoke-token':
        if (!arg) return usage();
        await app.get(ApiTokenService).revoke(arg, undefined, 'cli');
        return 0;
      case 'list-tokens':
        for (const t of await app.get(ApiTokenRepository).list()) {
          console.log(
            [t.id, t.name, t.scopes.join(','), t.source ?? '-', t.revokedAt ? 'revoked' : 'active'].join('\t'),
          );
        }
        return 0;
      default:
        return usage();
    }
  } finally {
    await app.close();
    await db.close();
  }
}

function usage(): number {
  console.error(USAGE);
  return 2;
}

function fail(message: string): number {
  console.error(message);
  return 1;
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (err: unknown) => {
    const code = (err as { code?: unknown }).code;
    console.error(`admin: failed (${typeof code === 'string' ? code : err instanceof Error ? err.message : 'error'})`);
    process.exit(1);
  },
);
