/**
 * Safe XML intake for SAML messages and small namespace-aware DOM helpers. Everything a check reads
 * goes through these, so an element is matched by namespace AND local name, never by prefix.
 */
import { DOMParser } from '@xmldom/xmldom/lib/dom-parser';
import { inflateRawSync } from 'node:zlib';
import { SamlError } from './saml-errors';

export const NS = {
  protocol: 'urn:oasis:names:tc:SAML:2.0:protocol',
  assertion: 'urn:oasis:names:tc:SAML:2.0:assertion',
  dsig: 'http://www.w3.org/2000/09/xmldsig#',
} as const;

/**
 * The part of the W3C DOM the checks use, as xmldom implements it. Declared here, not taken from
 * lib.dom: see xmldom-parser.d.ts.
 */
export interface XmlNode {
  readonly nodeType: number;
  readonly namespaceURI: string | null;
  readonly localName: string | null;
  readonly firstChild: XmlNode | null;
  readonly nextSibling: XmlNode | null;
  readonly textContent: string | null;
}

export interface XmlElement extends XmlNode {
  readonly localName: string;
  getAttribute(name: string): string | null;
  hasAttribute(name: string): boolean;
  getElementsByTagNameNS(namespace: string, localName: string): XmlNodeList;
}

export interface XmlDocument {
  readonly documentElement: XmlElement | null;
  readonly doctype: unknown;
  getElementsByTagNameNS(namespace: string, localName: string): XmlNodeList;
}

interface XmlNodeList {
  readonly length: number;
  item(index: number): XmlElement | null;
}

/** A parsed message whose root element exists. */
export interface SamlXml extends XmlDocument {
  readonly documentElement: XmlElement;
}

export const STATUS_SUCCESS = 'urn:oasis:names:tc:SAML:2.0:status:Success';
export const BEARER = 'urn:oasis:names:tc:SAML:2.0:cm:bearer';

/** A SAML message is a few KiB; anything far larger is refused before parsing (and before inflating). */
const MAX_XML_BYTES = 256 * 1024;

/** Strict base64 (whitespace allowed, as IdPs wrap lines): Buffer.from silently skips garbage. */
export function decodeBase64(value: string, element: string): Buffer {
  const compact = value.replace(/[\r\n\t ]/g, '');
  if (compact.length === 0 || compact.length % 4 !== 0 || !/^[A-Za-z0-9+/]+={0,2}$/.test(compact)) {
    throw new SamlError('saml/malformed', `${element} is not base64`);
  }
  if (compact.length > (MAX_XML_BYTES / 3) * 4) throw new SamlError('saml/malformed', `${element} is too large`);
  return Buffer.from(compact, 'base64');
}

/** HTTP-Redirect binding: raw DEFLATE (SAML Bindings §3.4.4.1), bounded against inflation bombs. */
export function inflate(data: Buffer, element: string): Buffer {
  try {
    return inflateRawSync(data, { maxOutputLength: MAX_XML_BYTES });
  } catch (cause) {
    throw new SamlError('saml/malformed', `${element} is not raw DEFLATE data within ${MAX_XML_BYTES} bytes`, {
      cause,
    });
  }
}

/**
 * Parses one SAML message. A DOCTYPE or ENTITY declaration is refused outright (SAML never needs a
 * DTD; it is how XXE and entity expansion get in); any parser warning or error is malformed.
 */
export function parseSamlXml(xml: string | Buffer, element: string): SamlXml {
  const text = typeof xml === 'string' ? xml : xml.toString('utf8');
  if (Buffer.byteLength(text) > MAX_XML_BYTES) throw new SamlError('saml/malformed', `${element} is too large`);
  if (/<!DOCTYPE|<!ENTITY/i.test(text)) {
    throw new SamlError('saml/doctype', `${element} contains a DOCTYPE or ENTITY declaration`);
  }
  const problems: string[] = [];
  const onProblem = (msg: string): void => void problems.push(msg);
  let doc: XmlDocument;
  try {
    doc = new DOMParser({
      errorHandler: { warning: onProblem, error: onProblem, fatalError: onProblem },
    }).parseFromString(text, 'text/xml') as XmlDocument;
  } catch (cause) {
    throw new SamlError('saml/malformed', `${element} is not well-formed XML`, { cause });
  }
  if (problems.length > 0 || !doc?.documentElement) {
    throw new SamlError('saml/malformed', `${element} is not well-formed XML`);
  }
  if (doc.doctype) throw new SamlError('saml/doctype', `${element} contains a DOCTYPE declaration`);
  return doc as SamlXml;
}

export function isElement(node: XmlNode, ns: string, localName: string): node is XmlElement {
  return node.nodeType === 1 && node.namespaceURI === ns && node.localName === localName;
}

/** Direct element children with this namespace and local name. */
export function children(parent: XmlElement, ns: string, localName: string): XmlElement[] {
  const out: XmlElement[] = [];
  for (let n = parent.firstChild; n; n = n.nextSibling) if (isElement(n, ns, localName)) out.push(n);
  return out;
}

/** The single direct child, or undefined; two of them is malformed (no SAML element here repeats). */
export function optionalChild(parent: XmlElement, ns: string, localName: string): XmlElement | undefined {
  const found = children(parent, ns, localName);
  if (found.length > 1) throw new SamlError('saml/malformed', `${parent.localName} has several ${localName} elements`);
  return found[0];
}

export function requiredChild(parent: XmlElement, ns: string, localName: string): XmlElement {
  const el = optionalChild(parent, ns, localName);
  if (!el) throw new SamlError('saml/malformed', `${parent.localName} has no ${localName}`);
  return el;
}

/** Every element with this local name at any depth, whatever its namespace (wrapping hides them anywhere). */
export function descendantsByLocalName(root: XmlDocument | XmlElement, localName: string): XmlElement[] {
  const list = root.getElementsByTagNameNS('*', localName);
  const out: XmlElement[] = [];
  for (let i = 0; i < list.length; i++) out.push(list.item(i)!);
  return out;
}

/**
 * All text of an element, comments skipped (what exclusive C14N signs). Reading only the first text
 * node is the NameID comment-injection bug; textContent concatenates them all.
 */
export function textOf(el: XmlElement): string {
  return (el.textContent ?? '').trim();
}

export function attr(el: XmlElement, name: string): string | undefined {
  return el.hasAttribute(name) ? el.getAttribute(name)! : undefined;
}

/** An xs:dateTime attribute as epoch ms; present but unparsable is malformed. */
export function timeAttr(el: XmlElement, name: string): number | undefined {
  const v = attr(el, name);
  if (v === undefined) return undefined;
  const ms = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?(Z|[+-]\d\d:\d\d)$/.test(v) ? Date.parse(v) : NaN;
  if (Number.isNaN(ms)) throw new SamlError('saml/malformed', `${el.localName}/@${name} is not an xs:dateTime`);
  return ms;
}

/** The element's ID, which a signature Reference and our replay cache key on. */
export function requiredId(el: XmlElement): string {
  const id = attr(el, 'ID');
  if (!id) throw new SamlError('saml/malformed', `${el.localName} has no ID`);
  return id;
}
