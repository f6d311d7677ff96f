/**
 * jest-environment-jsdom 29 lacks the WHATWG encoders that React Router 7 uses at module load;
 * Node's are the same API. Imported first by the test helpers.
 */
const util = jest.requireActual('util') as { TextEncoder: typeof TextEncoder; TextDecoder: typeof TextDecoder };
if (typeof globalThis.TextEncoder === 'undefined')
  Object.assign(globalThis, { TextEncoder: util.TextEncoder, TextDecoder: util.TextDecoder });

export {};
