import type * as OpenidClientModule from 'openid-client';

export type OpenidClient = typeof OpenidClientModule;

let loaded: OpenidClient | undefined;

/**
 * openid-client 6 is ESM-only, and this code must load it in three runtimes:
 * - compiled `dist` (CommonJS under `node`) and `tsx`: Node ≥ 20.19 `require()`s an ES module natively
 *   (require(esm), no flag, no warning), so a plain `require` would do;
 * - jest (ts-jest, CommonJS): jest runs each test file in a `vm` context with its own module registry.
 *   Its `require`, and even the `createRequire` of jest's `node:module`, go through that registry,
 *   which parses files as CommonJS and fails on `import`; `import()` needs --experimental-vm-modules.
 * `process.getBuiltinModule()` (Node ≥ 20.16) hands back the real `node:module`, whose `createRequire`
 * is Node's own loader with require(esm). Used in all three runtimes, so one path is tested.
 *
 * Under jest the library then lives in Node's main realm while the test runs in the vm realm. `URL`
 * is shared (jest copies it from the main realm; oidc-rp.spec.ts checks it), so the library's
 * `instanceof URL` checks pass. `Error`, `Object` and `Array` are not shared: library errors are
 * recognised with the library's own classes or by `code`, never `instanceof Error`, and arrays with
 * `Array.isArray`.
 */
export function loadOpenidClient(): OpenidClient {
  loaded ??= process.getBuiltinModule('node:module').createRequire(__filename)('openid-client') as OpenidClient;
  return loaded;
}
