/**
 * The SimpleSAMLphp 1.19 (Debian 12 `simplesamlphp`) configuration for a loopback test IdP: config.php,
 * authsources.php (exampleauth:UserPass), the hosted IdP and the one remote SP. Pure string builders
 * so simplesamlphp-idp.ts stays the process and lifecycle code.
 */
import { randomBytes } from 'node:crypto';
import { certBody } from './test-keys';

export interface IdpTestUser {
  username: string;
  password: string;
  email: string;
  displayName: string;
  groups: string[];
}

export interface IdpSpConfig {
  entityId: string;
  acsUrl: string;
  sloUrl: string;
  certPem: string;
}

export const DEFAULT_IDP_USERS: readonly IdpTestUser[] = [
  {
    username: 'alice',
    password: 'alice-pass',
    email: 'alice@hospital.test',
    displayName: 'Alice Admin',
    groups: ['pacs-admins'],
  },
  {
    username: 'bob',
    password: 'bob-pass',
    email: 'bob@hospital.test',
    displayName: 'Bob Radiologist',
    groups: ['radiology-users'],
  },
  {
    username: 'mallory',
    password: 'mallory-pass',
    email: 'mallory@hospital.test',
    displayName: 'Mallory Visitor',
    groups: ['visitors'],
  },
];

const SHA256 = 'http://www.w3.org/2001/04/xmldsig-more#rsa-sha256';

/** A PHP single-quoted string literal. */
export function php(value: string): string {
  return `'${value.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`;
}

const phpList = (values: readonly string[]): string => `[${values.map(php).join(', ')}]`;

export function configPhp(dir: string, baseUrl: string): string {
  return `<?php
$config = [
    'baseurlpath' => ${php(`${baseUrl}/`)},
    'certdir' => ${php(`${dir}/cert/`)},
    'loggingdir' => ${php(`${dir}/log/`)},
    'datadir' => ${php(`${dir}/data/`)},
    'tempdir' => ${php(`${dir}/tmp`)},
    'metadatadir' => ${php(`${dir}/metadata`)},
    'metadata.sources' => [['type' => 'flatfile']],
    'secretsalt' => ${php(randomBytes(24).toString('hex'))},
    'auth.adminpassword' => ${php(randomBytes(24).toString('hex'))},
    'admin.protectindexpage' => true,
    'admin.protectmetadata' => false,
    'admin.checkforupdates' => false,
    'technicalcontact_name' => 'Delineo tests',
    'technicalcontact_email' => 'na@example.org',
    'timezone' => 'UTC',
    'enable.saml20-idp' => true,
    'enable.shib13-idp' => false,
    'store.type' => 'phpsession',
    'session.cookie.secure' => false,
    'session.cookie.samesite' => null,
    'session.phpsession.savepath' => ${php(`${dir}/sessions`)},
    'language.cookie.secure' => false,
    'language.default' => 'en',
    'logging.level' => SimpleSAML\\Logger::NOTICE,
    'logging.handler' => 'file',
    'logging.logfile' => 'simplesamlphp.log',
    'showerrors' => true,
    'errorreporting' => false,
    'production' => true,
    'module.enable' => ['exampleauth' => true, 'core' => true, 'saml' => true],
];
`;
}

export function authsourcesPhp(users: readonly IdpTestUser[]): string {
  const entries = users.map(
    (u) =>
      `        ${php(`${u.username}:${u.password}`)} => [` +
      `'uid' => [${php(u.username)}], 'email' => [${php(u.email)}], ` +
      `'displayName' => [${php(u.displayName)}], 'groups' => ${phpList(u.groups)}],`,
  );
  return `<?php
$config = [
    'admin' => ['core:AdminPassword'],
    'example-userpass' => [
        'exampleauth:UserPass',
${entries.join('\n')}
    ],
];
`;
}

export function idpHostedPhp(entityId: string): string {
  return `<?php
$metadata[${php(entityId)}] = [
    'host' => '__DEFAULT__',
    'privatekey' => 'idp.key',
    'certificate' => 'idp.crt',
    'auth' => 'example-userpass',
    'userid.attribute' => 'uid',
    'signature.algorithm' => ${php(SHA256)},
];
`;
}

/**
 * The SP as the IdP knows it: signed AuthnRequests and logout messages both ways (SHA-256), the NameID
 * taken from `email` (emailAddress format), and uid/email/displayName/groups released as attributes.
 */
export function spRemotePhp(sp: IdpSpConfig): string {
  return `<?php
$metadata[${php(sp.entityId)}] = [
    'AssertionConsumerService' => [
        ['Binding' => 'urn:oasis:names:tc:SAML:2.0:bindings:HTTP-POST', 'Location' => ${php(sp.acsUrl)}, 'index' => 0],
    ],
    'SingleLogoutService' => [
        ['Binding' => 'urn:oasis:names:tc:SAML:2.0:bindings:HTTP-Redirect', 'Location' => ${php(sp.sloUrl)}],
    ],
    'certData' => ${php(certBody(sp.certPem))},
    'validate.authnrequest' => true,
    'validate.logout' => true,
    'sign.logout' => true,
    'saml20.sign.assertion' => true,
    'saml20.sign.response' => true,
    'signature.algorithm' => ${php(SHA256)},
    'NameIDFormat' => 'urn:oasis:names:tc:SAML:1.1:nameid-format:emailAddress',
    'simplesaml.nameidattribute' => 'email',
    'attributes' => ['uid', 'email', 'displayName', 'groups'],
];
`;
}
