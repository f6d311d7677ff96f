import { execFile } from 'node:child_process';

/** Plain JS for `node -e`: PGlite.create on an empty directory runs initdb; then close cleanly. */
const INIT_SOURCE = `
const [dir, pglite, conf] = process.argv.slice(1);
require(pglite).PGlite.create(dir, { postgresqlconf: conf })
  .then((db) => db.close())
  .catch((err) => { process.stderr.write(String(err && err.stack || err)); process.exit(1); });
`;

/** Creates a PGlite cluster in `dir` from a separate Node process; rejects with its stderr tail. */
export function initEmbeddedCluster(dir: string, pgliteModule: string, conf: string): Promise<void> {
  return new Promise((resolve, reject) => {
    execFile(
      process.execPath,
      ['-e', INIT_SOURCE, dir, pgliteModule, conf],
      { timeout: 300_000 },
      (err, _out, stderr) => {
        if (err) reject(new Error(`embedded postgres initdb failed: ${err.message}\n${stderr.slice(-2000)}`));
        else resolve();
      },
    );
  });
}
