import type { paths } from './schema';

/** The methods the console calls the gateway with (openapi-fetch names them in lower case). */
export type Method = 'get' | 'post' | 'put' | 'patch' | 'delete';

/** The schema's paths that have an operation for `M`: any other path fails `tsc`. */
export type PathOf<M extends Method> = {
  [P in keyof paths]: paths[P][M] extends { responses: object } ? P : never;
}[keyof paths];

/** Success statuses the gateway documents (RFC 9110 §15.3); 205 carries no content by definition. */
type Success = 200 | 201 | 202 | 203 | 204 | 206;

/**
 * The body of one documented success response: its `application/json` content; undefined when the
 * response has no content (204, or a route whose OpenAPI document names none); unknown for another
 * media type, which the console does not read through this client.
 */
type Body<R> = R extends { content: { 'application/json': infer J } }
  ? J
  : R extends { content?: never }
    ? undefined
    : unknown;

/**
 * What `M path` answers on success, read from the generated schema: a rename or removal in the
 * gateway's DTOs changes this type, so the pages that read the old field stop compiling.
 */
export type Answer<P extends PathOf<M>, M extends Method> =
  Extract<paths[P][M], { responses: object }> extends { responses: infer Rs }
    ? { [S in keyof Rs & Success]: Body<Rs[S]> }[keyof Rs & Success]
    : never;
