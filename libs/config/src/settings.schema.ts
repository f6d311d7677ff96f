import { z } from 'zod';
import { ROLES } from '@delineo/auth';
import { patternError } from './regex';

/** PS3.5 §6.2 AE VR: ≤16 chars of the default repertoire, no backslash or control chars, not all spaces. */
export const aeTitle = z
  .string()
  .max(16, 'AE title must be at most 16 characters')
  .refine(
    (v) => /^[\x20-\x7e]*$/.test(v) && !v.includes('\\'),
    'AE title must not contain backslash or control characters',
  )
  .refine((v) => v.trim().length > 0, 'AE title must not be empty or all spaces');

export const port = z
  .number()
  .int('port must be an integer')
  .min(1, 'port must be 1–65535')
  .max(65535, 'port must be 1–65535');

/** Names become job-payload ids (deliver-result.destination) and job-id parts: keep them token-like. */
const name = z.string().regex(/^[a-z0-9][a-z0-9_-]{0,31}$/, 'must be lowercase letters, digits, "-" or "_" (max 32)');
const pattern = z.string().superRefine((v, ctx) => {
  const err = patternError(v);
  if (err) ctx.addIssue({ code: z.ZodIssueCode.custom, message: err });
});
const httpUrl = z
  .string()
  .url('must be a URL')
  .refine((v) => /^https?:\/\//.test(v), 'must be an http(s) URL');

const tls = z
  .object({
    enabled: z.boolean().default(false),
    cert: z.string().optional(),
    key: z.string().optional(),
    ca: z.string().optional(),
    requireClientCert: z.boolean().default(true),
  })
  .strict()
  .default({});

const dimse = z
  .object({
    allowedCallers: z
      .array(
        z
          .object({
            aeTitle,
            host: z.string().min(1).optional(),
            /** Bind the AE title to the Common Name of its verified client certificate (needs dimse.tls). */
            certSubject: z.string().min(1).max(256).optional(),
            /**
             * May query and retrieve the de-identified archive (C-FIND, C-MOVE, C-GET; PS3.4 Annex C).
             * Off by default: without it every Q/R presentation context is refused, loopback included.
             */
            query: z.boolean().default(false),
          })
          .strict(),
      )
      .max(1024)
      .default([]),
    tls,
    /**
     * Which proposed transfer syntax the SCP accepts in each presentation context (PS3.8 §9.3.3.2),
     * in the spirit of storescp's +x options. `sender` (default): the first one we support, in the
     * SCU's order, as the standard expects (Explicit VR BE, retired, only when nothing else is).
     * `uncompressed`: Explicit VR LE, then Implicit VR LE, then Explicit VR BE (converted on
     * receipt), then the others in the SCU's order. `lossless`: the lossless compressed syntaxes
     * offered (JPEG lossless, JPEG-LS lossless, JPEG 2000 lossless, RLE) in the SCU's order, then
     * as `uncompressed`.
     */
    transferSyntaxPreference: z.enum(['sender', 'uncompressed', 'lossless']).default('sender'),
    maxAssociations: z.number().int().min(1).max(1024).default(16),
    maxPduLength: z
      .number()
      .int()
      .min(4096)
      .max(16 * 1024 * 1024)
      .default(262144),
    /** Open TCP connections at once (listener-wide), associated or not; more are closed on accept. */
    maxConnections: z.number().int().min(1).max(65536).default(512),
    /** Open TCP connections from one remote address. */
    maxConnectionsPerAddress: z.number().int().min(1).max(65536).default(64),
    /** PS3.8 §9.1.5 ARTIM: seconds to wait for A-ASSOCIATE-RQ after connect, and for the close after A-RELEASE-RP. */
    artimSeconds: z.number().int().min(1).max(600).default(30),
    /** An accepted association with no PDU for this long is aborted. */
    idleSeconds: z.number().int().min(5).max(86400).default(300),
    /** The largest PDU accepted before an association exists (an A-ASSOCIATE-RQ). */
    maxPreAssociationPduBytes: z.number().int().min(1024).max(1048576).default(65536),
    /** The largest dataset one C-STORE may carry; beyond it the association is aborted. */
    maxDatasetBytes: z
      .number()
      .int()
      .min(1024)
      .max(4 * 1024 ** 3 - 1)
      .default(1024 ** 3),
  })
  .strict()
  .default({});

/** libs/dicom ParseLimits: what parsing one dataset may cost (see its defaults for the reasoning). */
const parseLimits = z
  .object({
    maxDepth: z.number().int().min(1).max(1024).default(64),
    maxElements: z.number().int().min(1000).max(100_000_000).default(1_000_000),
    maxItems: z.number().int().min(100).max(100_000_000).default(250_000),
    maxInflatedBytes: z
      .number()
      .int()
      .min(1024)
      .max(2 * 1024 ** 3 - 1)
      .default(512 * 1024 ** 2),
    maxInflateRatio: z.number().min(2).max(10_000).default(200),
  })
  .strict()
  .default({});

const limits = z
  .object({
    parse: parseLimits,
    /**
     * Dataset bytes being received or ingested at once, DIMSE and STOW together. When it is used up,
     * DIMSE stops reading its sockets and STOW its request bodies (the oldest receive always goes on).
     */
    inflightBytes: z
      .number()
      .int()
      .min(1024 * 1024)
      .max(64 * 1024 ** 3)
      .default(1024 ** 3),
    /** Ingests (parse → de-identify → commit) running at once, DIMSE and STOW together; more wait. */
    maxConcurrentIngests: z.number().int().min(1).max(256).default(8),
  })
  .strict()
  .default({});

const deidOptions = z
  .object({
    retainSafePrivate: z.boolean().default(false),
    retainUids: z.boolean().default(false),
    retainDeviceIdentity: z.boolean().default(false),
    retainInstitutionIdentity: z.boolean().default(false),
    retainPatientCharacteristics: z.boolean().default(true),
    retainLongitudinalModifiedDates: z.boolean().default(true),
    cleanDescriptors: z.boolean().default(false),
  })
  .strict()
  .default({});

/**
 * Outbound traffic carries re-identified results, i.e. PHI: a destination is encrypted (DICOM TLS,
 * PS3.15 Annex B.1; https for STOW-RS and FHIR) unless it opts out with `allowPlaintext: true`,
 * e.g. a PACS on the same host or an isolated VLAN. The gateway logs each opt-out at boot.
 */
const allowPlaintext = z.boolean().optional();

const destination = z
  .discriminatedUnion('type', [
    z
      .object({
        name,
        type: z.literal('dimse'),
        aeTitle,
        host: z.string().min(1),
        port,
        tls: z.boolean().default(false),
        allowPlaintext,
      })
      .strict(),
    z.object({ name, type: z.literal('dicomweb'), url: httpUrl, allowPlaintext }).strict(),
    z
      .object({
        name,
        type: z.literal('fhir'),
        url: httpUrl,
        /** FHIR Identifier.system for the hospital's PatientID (e.g. urn:oid:…); required for a safe patient match. */
        patientIdentifierSystem: z.string().min(1).max(256).optional(),
        /** Time zone offset of DICOM StudyTime values, e.g. +0100; without it only the study date is sent. */
        timezoneOffset: z
          .string()
          .regex(/^[+-]\d{4}$/)
          .optional(),
        allowPlaintext,
      })
      .strict(),
  ])
  .superRefine((d, ctx) => {
    if (d.allowPlaintext === true) return;
    const opt = 'results carry PHI; set allowPlaintext: true to send them unencrypted';
    if (d.type === 'dimse' && !d.tls)
      ctx.addIssue({ code: z.ZodIssueCode.custom, path: ['tls'], message: `must be true (${opt})` });
    // An URL that is not http(s) at all already has its own issue.
    if (d.type !== 'dimse' && /^http:\/\//.test(d.url))
      ctx.addIssue({ code: z.ZodIssueCode.custom, path: ['url'], message: `must be an https:// URL (${opt})` });
  });

const routingRule = z
  .object({
    name: z.string().min(1).max(64),
    match: z
      .object({
        modality: z
          .string()
          .regex(/^[A-Z0-9 _]{1,16}$/, 'modality must be a DICOM CS value such as CT')
          .optional(),
        seriesDescription: pattern.optional(),
        bodyPart: z.string().min(1).max(16).optional(),
        sopClassUid: z
          .string()
          .regex(/^[0-9]+(\.[0-9]+)*$/, 'must be a UID')
          .max(64)
          .optional(),
        callingAeTitle: aeTitle.optional(),
        /** STOW-RS: the source of the sender's API token (tokens with dicomweb:write name one). */
        source: name.optional(),
      })
      .strict()
      .default({}),
    model: name,
    deliverTo: z.array(z.string()).default([]),
    /** Queue priority of the segmentation job: 1 is highest (BullMQ); absent runs before prioritized jobs. */
    priority: z.number().int().min(1).max(2_097_152).optional(),
  })
  .strict();

/** A base URL without a trailing slash, path allowed (behind a reverse proxy). */
const baseUrl = httpUrl.refine((v) => !v.endsWith('/'), 'must not end with "/"');
const filePath = z.string().min(1).max(4096);

const saml = z
  .object({
    entryPoint: httpUrl,
    logoutUrl: httpUrl.optional(),
    idpIssuer: z.string().min(1).max(1024),
    idpCertFile: filePath.optional(),
    /** Several IdP signing certificates at once, for a rollover. */
    idpCertFiles: z.array(filePath).min(1).max(8).optional(),
    spKeyFile: filePath,
    spCertFile: filePath,
    groupsAttribute: z.string().min(1).max(256).default('groups'),
    allowIdpInitiated: z.boolean().default(false),
  })
  .strict()
  .refine((v) => (v.idpCertFile === undefined) !== (v.idpCertFiles === undefined), {
    message: 'set exactly one of idpCertFile and idpCertFiles',
    path: ['idpCertFile'],
  });

const oidc = z
  .object({
    issuer: httpUrl,
    clientId: z.string().min(1).max(256),
    clientSecretFile: filePath,
    groupsClaim: z.string().min(1).max(256).default('groups'),
  })
  .strict();

const auth = z
  .object({
    /** IdP group → Delineo role; a user in no mapped group signs in with no role (403 everywhere). */
    roleMapping: z.record(z.string().min(1).max(256), z.enum(ROLES)).default({}),
    saml: saml.optional(),
    oidc: oidc.optional(),
    local: z
      .object({ enabled: z.boolean().default(true) })
      .strict()
      .default({}),
    session: z
      .object({
        idleMinutes: z.number().int().min(1).max(1440).default(15),
        absoluteHours: z.number().int().min(1).max(168).default(12),
      })
      .strict()
      .default({}),
    /** Failed local sign-ins per account and per source address before a lockout. */
    lockout: z
      .object({
        maxFailures: z.number().int().min(1).max(100).default(5),
        windowMinutes: z.number().int().min(1).max(1440).default(15),
        lockMinutes: z.number().int().min(1).max(1440).default(15),
      })
      .strict()
      .default({}),
  })
  .strict()
  .default({});

export const settingsSchema = z
  .object({
    dimse,
    series: z
      .object({ quietPeriodSeconds: z.number().int().min(1).max(86400).default(10) })
      .strict()
      .default({}),
    deid: z
      .object({ options: deidOptions, burnedInAnnotation: z.enum(['reject', 'accept-flagged']).default('reject') })
      .strict()
      .default({}),
    vault: z
      .object({ retentionDaysAfterDelivery: z.number().int().min(0).max(3650).default(30) })
      .strict()
      .default({}),
    stow: z
      .object({
        maxPartBytes: z.number().int().min(1024).default(1073741824),
        /** Bytes of one whole request body, every part and boundary included (413 beyond). */
        maxRequestBytes: z
          .number()
          .int()
          .min(1024)
          .max(1024 ** 4)
          .default(4 * 1024 ** 3),
        /** STOW requests served at once; more get 503 with Retry-After. */
        maxConcurrent: z.number().int().min(1).max(1024).default(16),
        retryAfterSeconds: z.number().int().min(1).max(3600).default(10),
      })
      .strict()
      .default({}),
    limits,
    /** The administration console's API (issue 15). */
    console: z
      .object({
        /**
         * Bytes of the one Part 10 file a routing dry run takes (413 beyond). It is held in memory
         * while it is parsed, so it is bounded far below stow.maxPartBytes.
         */
        dryRunMaxBytes: z
          .number()
          .int()
          .min(1024)
          .max(1024 ** 3)
          .default(64 * 1024 ** 2),
        /**
         * Concurrent Server-Sent Events streams (GET /api/v1/events; 503 beyond). Each holds a
         * socket and a share of every broadcast, so the bound caps memory and CPU per instance.
         */
        maxEventStreams: z.number().int().min(1).max(10000).default(64),
        /** Seconds between the `stats` events of the live stream (computed once for all clients). */
        statsIntervalSeconds: z.number().int().min(1).max(3600).default(5),
      })
      .strict()
      .default({}),
    /** Browser origins allowed to call the HTTP API (e.g. an OHIF viewer); none by default. */
    http: z
      .object({
        corsOrigins: z
          .array(z.string().regex(/^https?:\/\/[^/\s]+$/, 'must be an origin such as https://viewer.example.org'))
          .default([]),
        /** The URL users and IdPs reach Delineo at: base of SAML/OIDC URLs; https makes cookies Secure. */
        publicUrl: baseUrl.optional(),
        /** Bind address of the HTTP listener. */
        host: z.string().min(1).max(255).default('0.0.0.0'),
        /** Slowloris bounds (Node's server.headersTimeout and requestTimeout). */
        headersTimeoutSeconds: z.number().int().min(1).max(600).default(30),
        requestTimeoutSeconds: z.number().int().min(10).max(86400).default(900),
        /**
         * Reverse proxies whose X-Forwarded-For/-Proto/-Host are believed (Express "trust proxy"):
         * addresses, CIDRs or loopback/linklocal/uniquelocal. None by default: the headers are ignored.
         */
        trustedProxies: z
          .array(z.string().regex(/^(loopback|linklocal|uniquelocal|[0-9a-fA-F.:]+(\/\d{1,3})?)$/))
          .max(64)
          .default([]),
      })
      .strict()
      .default({}),
    auth,
    destinations: z.array(destination).max(256).default([]),
    routing: z.array(routingRule).max(1024).default([]),
    /** Model enablement (live): a disabled model's routes are taken, but no series is sent to it. */
    models: z
      .object({ disabled: z.array(name).max(256).default([]) })
      .strict()
      .default({}),
    /**
     * "Open in viewer" in the console: a URL template whose {StudyInstanceUID} is replaced by the
     * de-identified study UID (the archive's, which OHIF reads over our QIDO/WADO-RS).
     */
    viewer: z
      .object({
        urlTemplate: httpUrl
          .refine((v) => v.includes('{StudyInstanceUID}'), 'must contain {StudyInstanceUID}')
          .optional(),
      })
      .strict()
      .default({}),
    /**
     * Where the live settings live. `database` (default): the YAML file seeds PostgreSQL at the first
     * start and the console edits versions from then on. `file`: the file stays authoritative
     * (GitOps) and the console is read-only; each start records the file's content as a version.
     */
    config: z
      .object({ source: z.enum(['database', 'file']).default('database') })
      .strict()
      .default({}),
  })
  .strict()
  .superRefine((v, ctx) => {
    if (v.dimse.maxDatasetBytes > v.limits.inflightBytes || v.stow.maxPartBytes > v.limits.inflightBytes) {
      ctx.addIssue({
        code: z.ZodIssueCode.custom,
        path: ['limits', 'inflightBytes'],
        message: 'must be at least dimse.maxDatasetBytes and stow.maxPartBytes',
      });
    }
    if ((v.auth.saml || v.auth.oidc) && !v.http.publicUrl) {
      ctx.addIssue({
        code: z.ZodIssueCode.custom,
        path: ['http', 'publicUrl'],
        message: 'required when auth.saml or auth.oidc is set',
      });
    }
  });

export type Settings = z.infer<typeof settingsSchema>;
export type DestinationSettings = z.infer<typeof destination>;
export type RoutingRuleSettings = z.infer<typeof routingRule>;
export type AuthSettings = z.infer<typeof auth>;
