/**
 * Local accounts for the console flows, made the way a person would end up with one (password
 * set, TOTP enrolled through LocalAccountService), and TOTP codes computed from the enrolled
 * secret. The gateway accepts each 30-second step once (RFC 6238 §5.2), so codes come from a
 * step after the last one used, waiting for it to come within the ±1-step window when needed.
 */
import type { INestApplicationContext } from '@nestjs/common';
import type { Page } from 'playwright-core';
import { base32Decode, hashPassword, totp, totpStep, type Role } from '@delineo/auth';
import { UserRepository } from '@delineo/db';
import { LocalAccountService } from '../../apps/gateway/src/auth/local-account.service';

export interface LocalUser {
  username: string;
  password: string;
  /** Base32, as the enrolment page shows it. */
  secret: string;
  /** The last TOTP step the gateway accepted for this user. */
  lastStep: number;
}

const CTX = { requestId: 'console-e2e', sourceAddress: '127.0.0.1' };

export async function enrolledUser(app: INestApplicationContext, username: string, roles: Role[]): Promise<LocalUser> {
  const password = `console e2e ${username} passphrase`;
  const user = await app
    .get(UserRepository)
    .createLocal({ username, passwordHash: await hashPassword(password), roles, mustChangePassword: false });
  const accounts = app.get(LocalAccountService);
  const { secret } = await accounts.beginTotp(user.id);
  const now = new Date();
  await accounts.confirmTotp(user.id, totp(base32Decode(secret), now), CTX);
  return { username, password, secret, lastStep: totpStep(now) };
}

/** A code the gateway will accept next: a step after the last used, within one step of now. */
export async function nextCode(user: LocalUser): Promise<string> {
  for (;;) {
    const now = totpStep(new Date());
    const step = Math.max(now, user.lastStep + 1);
    if (step <= now + 1) {
      user.lastStep = step;
      return totp(base32Decode(user.secret), new Date(step * 30_000));
    }
    await new Promise((r) => setTimeout(r, 1000));
  }
}

/** Signs in on the sign-in page with password and TOTP, and waits for the signed-in shell. */
export async function signInOnPage(page: Page, origin: string, user: LocalUser): Promise<void> {
  await page.goto(`${origin}/`);
  await page.getByLabel('Username').fill(user.username);
  await page.getByLabel('Password', { exact: true }).fill(user.password);
  await page.getByLabel('Authentication code').fill(await nextCode(user));
  await page.getByRole('button', { name: 'Sign in', exact: true }).click();
  await page.getByRole('navigation', { name: 'Main' }).waitFor();
}
