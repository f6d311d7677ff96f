import { hex4 } from './delivery-outcome';
import { storeResultOutcome } from './dimse-sender';
import { associationRejectOutcome, cStoreStatusOutcome, statusClass } from './dimse-status.mapper';

const TABLE: Array<[number, object]> = [
  [0x0000, { kind: 'delivered' }],
  [0xb000, { kind: 'delivered', detail: 'stored with warning 0xB000' }], // Coercion of Data Elements
  [0xb006, { kind: 'delivered', detail: 'stored with warning 0xB006' }], // Elements Discarded
  [0xb007, { kind: 'delivered', detail: 'stored with warning 0xB007' }], // Data Set does not match SOP Class
  [0x0001, { kind: 'delivered', detail: 'stored with warning 0x0001' }],
  [0x0107, { kind: 'delivered', detail: 'stored with warning 0x0107' }], // Attribute list error
  [0x0116, { kind: 'delivered', detail: 'stored with warning 0x0116' }], // Attribute value out of range
  [0xa700, { kind: 'retry', code: 'delivery/status-a7xx', message: 'C-STORE-RSP status 0xA700' }], // Out of Resources
  [0xa7ff, { kind: 'retry', code: 'delivery/status-a7xx' }],
  [0x0213, { kind: 'retry', code: 'delivery/status-resource-limitation' }],
  [0xa900, { kind: 'permanent', code: 'delivery/status-a9xx', message: 'C-STORE-RSP status 0xA900' }],
  [0xa9ff, { kind: 'permanent', code: 'delivery/status-a9xx' }],
  [0xc000, { kind: 'permanent', code: 'delivery/status-cxxx' }], // Cannot understand
  [0xc122, { kind: 'permanent', code: 'delivery/status-cxxx' }],
  [0xcfff, { kind: 'permanent', code: 'delivery/status-cxxx' }],
  [0x0110, { kind: 'permanent', code: 'delivery/status-failure' }], // Processing failure
  [0x0117, { kind: 'permanent', code: 'delivery/status-failure' }], // Invalid SOP instance
  [0x0122, { kind: 'permanent', code: 'delivery/status-failure' }], // SOP Class not supported
  [0x0124, { kind: 'permanent', code: 'delivery/status-failure' }], // Not authorized
  [0x0210, { kind: 'permanent', code: 'delivery/status-failure' }], // Duplicate invocation
  [0x0211, { kind: 'permanent', code: 'delivery/status-failure' }], // Unrecognized operation
  [0x0212, { kind: 'permanent', code: 'delivery/status-failure' }], // Mistyped argument
  [0xa800, { kind: 'permanent', code: 'delivery/status-unknown' }],
  [0xfe00, { kind: 'permanent', code: 'delivery/status-unknown' }], // Cancel: not a C-STORE answer
  [0xff00, { kind: 'permanent', code: 'delivery/status-unknown' }], // Pending: not a C-STORE answer
];

describe('C-STORE-RSP status → delivery outcome (PS3.4 Table B.2-1, PS3.7 Annex C)', () => {
  it.each(TABLE.map(([status, expected]) => [hex4(status), status, expected] as const))(
    'maps %s',
    (_hex, status, expected) => {
      expect(cStoreStatusOutcome(status)).toEqual(expect.objectContaining(expected));
    },
  );

  it('classes every status word, and only A7xx and 0213 as worth a retry', () => {
    const transient: number[] = [];
    for (let s = 0; s <= 0xffff; s++) if (statusClass(s) === 'transient') transient.push(s);
    expect(transient).toEqual([0x0213, ...Array.from({ length: 256 }, (_, i) => 0xa700 + i)]);
  });
});

describe('A-ASSOCIATE-RJ → delivery outcome (PS3.8 §9.3.4 Table 9-21)', () => {
  it('is permanent for rejected-permanent and names the reason', () => {
    expect(associationRejectOutcome({ result: 1, source: 1, reason: 7 })).toEqual({
      kind: 'permanent',
      code: 'delivery/rejected-association',
      message: 'A-ASSOCIATE-RJ rejected-permanent, service-user: called-AE-title-not-recognized',
    });
  });

  it('retries rejected-transient (e.g. temporary congestion)', () => {
    expect(associationRejectOutcome({ result: 2, source: 3, reason: 1 })).toEqual({
      kind: 'retry',
      code: 'delivery/rejected-association',
      message: 'A-ASSOCIATE-RJ rejected-transient, service-provider (presentation): temporary-congestion',
    });
  });

  it('treats a malformed result as permanent and still reports unknown reasons by number', () => {
    expect(associationRejectOutcome({ result: 9, source: 4, reason: 5 })).toMatchObject({
      kind: 'permanent',
      message: expect.stringContaining('source 4: reason 5'),
    });
  });
});

describe('association-level results → delivery outcome', () => {
  it.each([
    [{ kind: 'context-rejected', result: 3 } as const, { kind: 'permanent', code: 'delivery/no-presentation-context' }],
    [{ kind: 'aborted', source: 2, reason: 0 } as const, { kind: 'retry', code: 'delivery/aborted' }],
    [
      { kind: 'network', code: 'ECONNRESET' } as const,
      { kind: 'retry', code: 'delivery/network', message: 'DIMSE connection failed: ECONNRESET' },
    ],
    [{ kind: 'timeout' } as const, { kind: 'retry', code: 'delivery/timeout' }],
  ])('%o', (result, expected) => {
    expect(storeResultOutcome(result)).toMatchObject(expected);
  });
});
