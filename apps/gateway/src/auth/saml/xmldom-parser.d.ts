/**
 * The one xmldom entry point the SP loads. Typed here rather than through `@xmldom/xmldom`, whose
 * declarations pull lib.dom into the whole program (and retype fetch, Blob and URL for every file);
 * saml-xml.ts declares the small DOM surface the checks use.
 */
declare module '@xmldom/xmldom/lib/dom-parser' {
  interface ErrorHandler {
    warning(msg: string): void;
    error(msg: string): void;
    fatalError(msg: string): void;
  }
  export class DOMParser {
    constructor(options?: { errorHandler?: ErrorHandler });
    parseFromString(source: string, mimeType: string): unknown;
  }
}
