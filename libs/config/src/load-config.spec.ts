import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { inspect } from 'node:util';
import { loadConfig } from './index';
import { configError } from './testing/config-error';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'delineo-config-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

function yamlFile(text: string): string {
  const file = join(dir, 'settings.yaml');
  writeFileSync(file, text);
  return file;
}

describe('loadConfig', () => {
  it('applies defaults in embedded mode with no env', () => {
    const c = loadConfig({});
    expect(c.http.port).toBe(8080);
    expect(c.dimse).toMatchObject({
      port: 11112,
      aeTitle: 'DELINEO',
      allowedCallers: [],
      loopbackOnly: true,
      maxAssociations: 16,
      maxPduLength: 262144,
    });
    expect(c.dimse.tls).toEqual({ enabled: false, requireClientCert: true });
    expect(c.dataDir).toBe(resolve('./data'));
    expect(c.logLevel).toBe('info');
    expect(c.embedded).toBe(true);
    expect(c.mode.db).toEqual({ kind: 'pglite', dir: join(resolve('./data'), 'pglite') });
    expect(c.mode.store).toEqual({ kind: 'fs', dir: join(resolve('./data'), 'objects') });
    expect(c.mode.queue).toEqual({ kind: 'inprocess' });
    expect(c.series.quietPeriodSeconds).toBe(10);
    expect(c.deid).toMatchObject({
      burnedInAnnotation: 'reject',
      options: { retainUids: false, retainPatientCharacteristics: true },
    });
    expect(c.vault.retentionDaysAfterDelivery).toBe(30);
    expect(c.stow.maxPartBytes).toBe(1073741824);
    expect(Object.isFrozen(c) && Object.isFrozen(c.dimse) && Object.isFrozen(c.mode.db)).toBe(true);
  });

  it('takes overrides from env and switches modes', () => {
    const c = loadConfig({
      HTTP_PORT: '9000',
      DIMSE_PORT: '104',
      DIMSE_AE_TITLE: 'GATEWAY',
      DATA_DIR: dir,
      LOG_LEVEL: 'debug',
      DATABASE_URL: 'postgres://u:pw@127.0.0.1:5432/delineo',
      REDIS_URL: 'redis://127.0.0.1:6379',
      S3_ENDPOINT: 'http://127.0.0.1:9000',
      S3_BUCKET: 'delineo',
      S3_ACCESS_KEY_ID: 'AK',
      S3_SECRET_ACCESS_KEY: 'SK',
      WORKER_CONCURRENCY: '4',
    });
    expect(c.http.port).toBe(9000);
    expect(c.dimse).toMatchObject({ port: 104, aeTitle: 'GATEWAY' });
    expect(c.dataDir).toBe(dir);
    expect(c.logLevel).toBe('debug');
    expect(c.embedded).toBe(false);
    expect(c.mode.db.kind === 'postgres' && c.mode.db.url.reveal()).toBe('postgres://u:pw@127.0.0.1:5432/delineo');
    expect(c.mode.queue).toMatchObject({ kind: 'redis', prefix: 'delineo' });
    expect(c.mode.store).toMatchObject({
      kind: 's3',
      bucket: 'delineo',
      region: 'us-east-1',
      forcePathStyle: true,
      accessKeyId: 'AK',
    });
    expect(c.worker.concurrency).toBe(4);
  });

  it('reads the pipeline, worker and delivery settings, with their defaults', () => {
    const d = loadConfig({});
    expect(d.pipeline).toEqual({
      attempts: 3,
      backoffMs: 10_000,
      reconcileIntervalMs: 30_000,
      stallMs: 120_000,
      urlTtlSeconds: 86_400,
    });
    expect(d.delivery).toEqual({
      attempts: 12,
      backoffMs: 10_000,
      backoffMaxMs: 600_000,
      timeoutMs: 60_000,
      callingAeTitle: 'DELINEO',
    });
    expect(d.worker).toMatchObject({
      inProcess: true,
      lockDurationMs: 30_000,
      stalledIntervalMs: 30_000,
      providers: undefined,
    });
    const c = loadConfig({
      SEGMENT_ATTEMPTS: '5',
      DELIVERY_BACKOFF_MAX_SECONDS: '30',
      ONNX_PROVIDERS: 'webgpu,cpu',
      WORKER_IN_PROCESS: 'false',
      DIMSE_AE_TITLE: 'GW1',
    });
    expect([c.pipeline.attempts, c.delivery.backoffMaxMs, c.delivery.callingAeTitle, c.worker.inProcess]).toEqual([
      5,
      30_000,
      'GW1',
      false,
    ]);
    expect(c.worker.providers).toEqual(['webgpu', 'cpu']);
    const e = configError(() =>
      loadConfig({ SEGMENT_ATTEMPTS: '0', WORK_URL_TTL_SECONDS: '999999999', ONNX_PROVIDERS: 'tpu' }),
    );
    expect(e.issues.map((i) => i.path).sort()).toEqual(['ONNX_PROVIDERS', 'SEGMENT_ATTEMPTS', 'WORK_URL_TTL_SECONDS']);
  });

  it('reports every env problem at once', () => {
    const e = configError(() =>
      loadConfig({
        HTTP_PORT: 'abc',
        DIMSE_PORT: '70000',
        DIMSE_AE_TITLE: 'BAD\\AE',
        LOG_LEVEL: 'loud',
        S3_REGION: 'eu',
      }),
    );
    expect(e.issues.map((i) => i.path).sort()).toEqual([
      'DIMSE_AE_TITLE',
      'DIMSE_PORT',
      'HTTP_PORT',
      'LOG_LEVEL',
      'S3_BUCKET',
    ]);
  });

  it('never echoes a URL that may hold a password', () => {
    const e = configError(() => loadConfig({ DATABASE_URL: 'mysql://u:hunter2@h/db' }));
    expect(e.message).toContain('DATABASE_URL');
    expect(e.message).not.toContain('hunter2');
  });

  it('lets an allow-list entry opt in to Query/Retrieve with query: true (off by default)', () => {
    const c = loadConfig({
      DELINEO_CONFIG: yamlFile(`
dimse:
  allowedCallers:
    - { aeTitle: WORKSTATION, query: true }
    - { aeTitle: MODALITY }
`),
    });
    expect(c.dimse.allowedCallers.map((a) => [a.aeTitle, a.query])).toEqual([
      ['WORKSTATION', true],
      ['MODALITY', false],
    ]);
    expect(() =>
      loadConfig({ DELINEO_CONFIG: yamlFile('dimse: { allowedCallers: [{ aeTitle: WS, query: "yes" }] }') }),
    ).toThrow(/dimse\.allowedCallers\[0\]\.query/);
  });

  it('takes dimse.transferSyntaxPreference (default sender) and refuses an unknown one', () => {
    expect(loadConfig({}).dimse.transferSyntaxPreference).toBe('sender');
    for (const p of ['uncompressed', 'lossless'] as const) {
      const c = loadConfig({ DELINEO_CONFIG: yamlFile(`dimse: { transferSyntaxPreference: ${p} }`) });
      expect(c.dimse.transferSyntaxPreference).toBe(p);
    }
    expect(() => loadConfig({ DELINEO_CONFIG: yamlFile('dimse: { transferSyntaxPreference: lossy }') })).toThrow(
      /dimse\.transferSyntaxPreference/,
    );
  });

  it('loads the settings file and compiles (?i) patterns to the i flag', () => {
    const c = loadConfig({
      DELINEO_CONFIG: yamlFile(`
dimse:
  allowedCallers:
    - { aeTitle: STORESCU }
    - { aeTitle: ORTHANC, host: 127.0.0.1 }
destinations:
  - { name: pacs, type: dimse, aeTitle: ORTHANC, host: 127.0.0.1, port: 4242, allowPlaintext: true }
  - { name: ehr, type: fhir, url: "http://127.0.0.1:9090/fhir", allowPlaintext: true }
routing:
  - name: chest-ct
    match: { modality: CT, seriesDescription: "(?i)chest|thorax|lung" }
    model: ct-body
    deliverTo: [pacs, ehr]
  - name: exact
    match: { seriesDescription: "^AX T1$" }
    model: mr-brain
`),
    });
    expect(c.dimse.loopbackOnly).toBe(false);
    expect(c.dimse.allowedCallers).toEqual([
      { aeTitle: 'STORESCU', query: false },
      { aeTitle: 'ORTHANC', host: '127.0.0.1', query: false },
    ]);
    const [chest, exact] = c.routing;
    expect(chest.match.modality).toBe('CT');
    expect(chest.match.seriesDescription?.flags).toBe('i');
    expect(chest.match.seriesDescription?.test('CT THORAX 1mm')).toBe(true);
    expect(chest.match.seriesDescription?.test('abdomen')).toBe(false);
    expect(exact.match.seriesDescription?.test('ax t1')).toBe(false);
    expect(exact.deliverTo).toEqual([]);
    expect(c.destinations.map((d) => d.name)).toEqual(['pacs', 'ehr']);
  });

  it('lists all errors of a bad settings file, each with its path', () => {
    const file = yamlFile(`
dimse:
  allowedCallers:
    - { aeTitle: "BAD\\\\TITLE" }
  tls: { enabled: true, cert: missing-cert.pem, key: missing-key.pem, requireClientCert: false }
destinations:
  - { name: pacs, type: dimse, aeTitle: ORTHANC, host: 127.0.0.1, port: 70000, allowPlaintext: true }
  - { name: pacs, type: fhir, url: "http://127.0.0.1:9090/fhir", allowPlaintext: true }
routing:
  - name: r
    match: { seriesDescription: "(?i)chest(" }
    model: ct-body
    deliverTo: [pacs, foo]
`);
    const e = configError(() => loadConfig({ DELINEO_CONFIG: file }));
    const lines = e.issues.map((i) => `${i.path}: ${i.message}`);
    expect(lines).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^dimse\.allowedCallers\[0\]\.aeTitle: .*backslash/),
        expect.stringMatching(/^dimse\.tls\.cert: file not found/),
        expect.stringMatching(/^dimse\.tls\.key: file not found/),
        expect.stringMatching(/^destinations\[0\]\.port: port must be 1–65535/),
        expect.stringMatching(/^destinations\[1\]\.name: duplicate destination name "pacs"/),
        expect.stringMatching(/^routing\[0\]\.match\.seriesDescription: invalid regular expression/),
        'routing[0].deliverTo[1]: unknown destination "foo"',
      ]),
    );
    expect(e.issues).toHaveLength(7);
    expect(e.message).toContain('invalid configuration (7 errors)');
    expect(e.message).toContain('routing[0].deliverTo[1]: unknown destination "foo"');
  });

  it('rejects unknown keys and a missing settings file', () => {
    expect(configError(() => loadConfig({ DELINEO_CONFIG: yamlFile('series: { quietPeriod: 5 }') })).message).toMatch(
      /series: Unrecognized key/,
    );
    expect(configError(() => loadConfig({ DELINEO_CONFIG: join(dir, 'nope.yaml') })).issues[0].path).toBe(
      'DELINEO_CONFIG',
    );
  });

  it('keeps secrets out of JSON and util.inspect', () => {
    const c = loadConfig({
      DATABASE_URL: 'postgres://u:pgsecret@127.0.0.1/db',
      REDIS_URL: 'redis://:redissecret@127.0.0.1:6379',
      S3_BUCKET: 'bucket',
      S3_ACCESS_KEY_ID: 'AK',
      S3_SECRET_ACCESS_KEY: 's3secret',
      DELINEO_PROJECT_KEY: 'projectsecret',
      DELINEO_VAULT_KEYS: 'k1:vaultsecret',
    });
    for (const text of [JSON.stringify(c), inspect(c, { depth: 10 }), `${c.secrets.projectKey}`]) {
      for (const s of ['pgsecret', 'redissecret', 's3secret', 'projectsecret', 'vaultsecret'])
        expect(text).not.toContain(s);
    }
    expect(c.secrets.projectKey?.reveal()).toBe('projectsecret');
  });
});

describe('http.corsOrigins', () => {
  it('defaults to no cross-origin access and accepts explicit origins only', () => {
    const base = mkdtempSync(join(tmpdir(), 'delineo-cors-'));
    try {
      expect(loadConfig({ DATA_DIR: base }).http.corsOrigins).toEqual([]);
      const good = join(base, 'good.yaml');
      writeFileSync(good, 'http:\n  corsOrigins: ["https://viewer.example.org"]\n');
      expect(loadConfig({ DATA_DIR: base, DELINEO_CONFIG: good }).http.corsOrigins).toEqual([
        'https://viewer.example.org',
      ]);
      const bad = join(base, 'bad.yaml');
      writeFileSync(bad, 'http:\n  corsOrigins: ["*"]\n');
      expect(() => loadConfig({ DATA_DIR: base, DELINEO_CONFIG: bad })).toThrow(/http\.corsOrigins\[0\]/);
    } finally {
      rmSync(base, { recursive: true, force: true });
    }
  });
});

describe('loadConfig: identity settings', () => {
  it('defaults to local sign-in only, 15 min idle and 12 h absolute sessions, no role mapping', () => {
    const c = loadConfig({});
    expect(c.auth).toMatchObject({
      roleMapping: {},
      local: { enabled: true },
      session: { idleMinutes: 15, absoluteHours: 12 },
    });
    expect(c.auth.saml).toBeUndefined();
    expect(c.http).toMatchObject({ host: '0.0.0.0', trustedProxies: [], headersTimeoutSeconds: 30 });
    expect(c.http.publicUrl).toBeUndefined();
    expect(loadConfig({ DELINEO_BOOTSTRAP_TOKEN_FILE: '/run/secrets/token' }).secrets.bootstrapTokenFile).toBe(
      '/run/secrets/token',
    );
  });

  it('reads SAML and OIDC settings with files relative to the settings file', () => {
    for (const f of ['idp.crt', 'idp2.crt', 'sp.key', 'sp.crt', 'oidc-secret']) writeFileSync(join(dir, f), 'x');
    const c = loadConfig({
      DELINEO_CONFIG: yamlFile(`
http: { publicUrl: "https://delineo.hospital.example", host: 127.0.0.1 }
auth:
  roleMapping: { pacs-admins: admin, radiology-users: radiologist }
  saml: { entryPoint: "https://idp.example/sso", idpIssuer: "https://idp.example/metadata", idpCertFiles: [idp.crt, idp2.crt], spKeyFile: sp.key, spCertFile: sp.crt }
  oidc: { issuer: "https://login.example", clientId: delineo, clientSecretFile: oidc-secret }
  session: { idleMinutes: 5, absoluteHours: 8 }
`),
    });
    expect(c.http).toMatchObject({ publicUrl: 'https://delineo.hospital.example', host: '127.0.0.1' });
    expect(c.auth.roleMapping).toEqual({ 'pacs-admins': 'admin', 'radiology-users': 'radiologist' });
    expect(c.auth.saml).toMatchObject({
      idpCertFiles: [join(dir, 'idp.crt'), join(dir, 'idp2.crt')],
      groupsAttribute: 'groups',
      allowIdpInitiated: false,
    });
    expect(c.auth.oidc).toMatchObject({ clientSecretFile: join(dir, 'oidc-secret'), groupsClaim: 'groups' });
    expect(c.auth.session).toEqual({ idleMinutes: 5, absoluteHours: 8 });
  });

  it('lists every identity problem with its path: unknown role, missing files, no public URL, both cert keys', () => {
    writeFileSync(join(dir, 'idp.crt'), 'x');
    const e = configError(() =>
      loadConfig({
        DELINEO_CONFIG: yamlFile(`
auth:
  roleMapping: { pacs-admins: superuser }
  saml: { entryPoint: "https://idp.example/sso", idpIssuer: x, idpCertFile: idp.crt, idpCertFiles: [idp.crt], spKeyFile: nope.key, spCertFile: sp.crt }
`),
      }),
    );
    const lines = e.issues.map((i) => `${i.path}: ${i.message}`);
    expect(lines).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^auth\.roleMapping\.pacs-admins: /),
        expect.stringMatching(/^auth\.saml\.spKeyFile: file not found/),
        expect.stringMatching(/^auth\.saml\.spCertFile: file not found/),
        'auth.saml.idpCertFile: set exactly one of idpCertFile and idpCertFiles',
      ]),
    );
  });

  it('requires http.publicUrl as soon as an IdP is configured', () => {
    writeFileSync(join(dir, 's'), 'x');
    const e = configError(() =>
      loadConfig({
        DELINEO_CONFIG: yamlFile(
          `auth: { oidc: { issuer: "https://login.example", clientId: d, clientSecretFile: s } }`,
        ),
      }),
    );
    expect(e.issues.map((i) => `${i.path}: ${i.message}`)).toContain(
      'http.publicUrl: required when auth.saml or auth.oidc is set',
    );
  });
});

describe('limits', () => {
  it('has bounded defaults, and refuses an in-flight budget smaller than one dataset', () => {
    const base = mkdtempSync(join(tmpdir(), 'delineo-cfg-'));
    try {
      const c = loadConfig({ DATA_DIR: base });
      expect(c.limits.parse).toEqual({
        maxDepth: 64,
        maxElements: 1_000_000,
        maxItems: 250_000,
        maxInflatedBytes: 512 * 1024 ** 2,
        maxInflateRatio: 200,
      });
      expect(c.limits.inflightBytes).toBe(1024 ** 3);
      expect(c.dimse).toMatchObject({ maxConnections: 512, artimSeconds: 30, maxPreAssociationPduBytes: 65536 });
      expect(c.stow).toMatchObject({ maxConcurrent: 16, maxRequestBytes: 4 * 1024 ** 3 });
      const bad = join(base, 'bad.yaml');
      writeFileSync(bad, 'limits: { inflightBytes: 16777216 }\n');
      expect(() => loadConfig({ DATA_DIR: base, DELINEO_CONFIG: bad })).toThrow(/limits\.inflightBytes/);
    } finally {
      rmSync(base, { recursive: true, force: true });
    }
  });
});

describe('console.dryRunMaxBytes', () => {
  it('defaults to 64 MiB, accepts a smaller bound and refuses one under 1 KiB', () => {
    expect(loadConfig({}).console.dryRunMaxBytes).toBe(64 * 1024 ** 2);
    const ok = yamlFile('console: { dryRunMaxBytes: 2048 }\n');
    expect(loadConfig({ DELINEO_CONFIG: ok }).console.dryRunMaxBytes).toBe(2048);
    const bad = yamlFile('console: { dryRunMaxBytes: 10 }\n');
    expect(() => loadConfig({ DELINEO_CONFIG: bad })).toThrow(/console\.dryRunMaxBytes/);
  });
});

describe('console.maxEventStreams and console.statsIntervalSeconds', () => {
  it('default to 64 streams and 5 s, accept other values and refuse 0', () => {
    expect(loadConfig({}).console.maxEventStreams).toBe(64);
    expect(loadConfig({}).console.statsIntervalSeconds).toBe(5);
    const ok = yamlFile('console: { maxEventStreams: 2, statsIntervalSeconds: 1 }\n');
    expect(loadConfig({ DELINEO_CONFIG: ok }).console).toMatchObject({ maxEventStreams: 2, statsIntervalSeconds: 1 });
    const bad = yamlFile('console: { maxEventStreams: 0 }\n');
    expect(() => loadConfig({ DELINEO_CONFIG: bad })).toThrow(/console\.maxEventStreams/);
  });
});

describe('destinations: encrypted unless they opt out', () => {
  const load = (destination: string) =>
    loadConfig({ DATA_DIR: dir, DELINEO_CONFIG: yamlFile(`destinations:\n  - ${destination}\n`) });
  const issues = (destination: string) =>
    configError(() => load(destination)).issues.map((i) => `${i.path}: ${i.message}`);

  it('accepts https DICOMweb and FHIR destinations and a DIMSE destination with tls', () => {
    expect(load('{ name: web, type: dicomweb, url: "https://pacs.example/dicom-web" }').destinations).toHaveLength(1);
    expect(load('{ name: ehr, type: fhir, url: "https://ehr.example/fhir" }').destinations).toHaveLength(1);
    expect(
      load('{ name: pacs, type: dimse, aeTitle: PACS, host: pacs.example, port: 2762, tls: true }').destinations,
    ).toHaveLength(1);
  });

  it.each([
    ['dicomweb', '{ name: web, type: dicomweb, url: "http://pacs.example/dicom-web" }'],
    ['fhir', '{ name: ehr, type: fhir, url: "http://ehr.example/fhir" }'],
  ])('refuses a plain http %s destination, naming its path', (_type, destination) => {
    expect(issues(destination)).toEqual([
      expect.stringMatching(/^destinations\[0\]\.url: must be an https:\/\/ URL .*allowPlaintext/),
    ]);
  });

  it('accepts a plain http destination that sets allowPlaintext', () => {
    const c = load('{ name: ehr, type: fhir, url: "http://127.0.0.1:9090/fhir", allowPlaintext: true }');
    expect(c.destinations[0]).toMatchObject({ name: 'ehr', allowPlaintext: true });
  });

  it('refuses a DIMSE destination without tls, whether tls is false or absent', () => {
    for (const tls of ['', ', tls: false'])
      expect(issues(`{ name: pacs, type: dimse, aeTitle: PACS, host: 10.1.2.3, port: 104${tls} }`)).toEqual([
        expect.stringMatching(/^destinations\[0\]\.tls: must be true .*allowPlaintext/),
      ]);
  });

  it('accepts a DIMSE destination without tls that sets allowPlaintext', () => {
    const c = load('{ name: pacs, type: dimse, aeTitle: PACS, host: 127.0.0.1, port: 104, allowPlaintext: true }');
    expect(c.destinations[0]).toMatchObject({ tls: false, allowPlaintext: true });
  });
});

describe('live settings: config.source, models, viewer', () => {
  it('defaults to database-held settings, no disabled model and no viewer link', () => {
    const c = loadConfig({});
    expect(c.configSource).toBe('database');
    expect(c.models).toEqual({ disabled: [] });
    expect(c.viewer).toEqual({});
    expect(c.settings.routing).toEqual([]);
  });

  it('reads them from the file', () => {
    const file = yamlFile(
      'config: { source: file }\nmodels: { disabled: [brain-v1] }\nviewer: { urlTemplate: "https://ohif.example/viewer?StudyInstanceUIDs={StudyInstanceUID}" }\n',
    );
    const c = loadConfig({ DELINEO_CONFIG: file });
    expect(c.configSource).toBe('file');
    expect(c.models.disabled).toEqual(['brain-v1']);
    expect(c.viewer.urlTemplate).toContain('{StudyInstanceUID}');
  });

  it('refuses an unknown source', () => {
    const file = yamlFile('config: { source: git }\n');
    expect(configError(() => loadConfig({ DELINEO_CONFIG: file })).issues.map((i) => i.path)).toEqual([
      'config.source',
    ]);
  });
});
