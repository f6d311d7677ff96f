import { FailureReason, StowResponseBuilder, WarningReason } from './stow-response';

const stored = (n: number, warningReason?: number) => ({
  sopClassUid: '1.2.840.10008.5.1.4.1.1.2',
  sopInstanceUid: `1.2.3.${n}`,
  retrieveUrl: `https://gw/dicomweb/studies/1.2/series/1.2.1/instances/1.2.3.${n}`,
  ...(warningReason === undefined ? {} : { warningReason }),
});

describe('StowResponseBuilder', () => {
  it('answers 200 when every instance is stored without warnings', () => {
    expect(new StowResponseBuilder().addStored(stored(1)).addStored(stored(2)).build().status).toBe(200);
  });

  it('answers 202 when some instances failed', () => {
    const r = new StowResponseBuilder()
      .addStored(stored(1))
      .addFailed({ failureReason: FailureReason.CannotUnderstand })
      .build();
    expect(r.status).toBe(202);
  });

  it('answers 202 when all instances are stored but one carries a warning', () => {
    const r = new StowResponseBuilder()
      .addStored(stored(1))
      .addStored(stored(2, WarningReason.CoercionOfDataElements))
      .build();
    expect(r.status).toBe(202);
  });

  it('answers 409 when no instance is stored', () => {
    const b = new StowResponseBuilder('https://gw/studies/1.2');
    b.addFailed({ sopInstanceUid: '1.2.3', failureReason: FailureReason.SopClassNotSupported });
    b.addFailed({ failureReason: FailureReason.OutOfResources });
    const r = b.build();
    expect(r.status).toBe(409);
    expect(r.body['00081190']).toBeUndefined(); // no study URL when nothing was stored
    expect(r.body['00081199']).toBeUndefined();
  });

  it('answers 400 for a request that held no instance at all', () => {
    expect(new StowResponseBuilder().build()).toEqual({ status: 400, body: {} });
  });

  it('renders the Store Instances Response Module in DICOM JSON', () => {
    const r = new StowResponseBuilder('https://gw/dicomweb/studies/1.2')
      .addStored(stored(1, WarningReason.ElementsDiscarded))
      .addFailed({
        sopClassUid: '1.2.840.10008.5.1.4.1.1.2',
        sopInstanceUid: '1.2.3.9',
        failureReason: FailureReason.TransferSyntaxNotSupported,
      })
      .build();
    expect(r.body).toEqual({
      '00081190': { vr: 'UR', Value: ['https://gw/dicomweb/studies/1.2'] },
      '00081198': {
        vr: 'SQ',
        Value: [
          {
            '00081150': { vr: 'UI', Value: ['1.2.840.10008.5.1.4.1.1.2'] },
            '00081155': { vr: 'UI', Value: ['1.2.3.9'] },
            '00081197': { vr: 'US', Value: [0xc122] },
          },
        ],
      },
      '00081199': {
        vr: 'SQ',
        Value: [
          {
            '00081150': { vr: 'UI', Value: ['1.2.840.10008.5.1.4.1.1.2'] },
            '00081155': { vr: 'UI', Value: ['1.2.3.1'] },
            '00081190': { vr: 'UR', Value: [stored(1).retrieveUrl] },
            '00081196': { vr: 'US', Value: [0xb006] },
          },
        ],
      },
    });
  });

  it('omits UIDs of a failed instance that could not be read', () => {
    const r = new StowResponseBuilder().addFailed({ failureReason: FailureReason.CannotUnderstand }).build();
    expect(r.body['00081198'].Value).toEqual([{ '00081197': { vr: 'US', Value: [0xc000] } }]);
  });

  it('exports the PS3.18 Table I.2-2 failure codes', () => {
    expect(FailureReason).toEqual({
      OutOfResources: 0xa700,
      DataSetDoesNotMatchSopClass: 0xa900,
      CannotUnderstand: 0xc000,
      TransferSyntaxNotSupported: 0xc122,
      ProcessingFailure: 0x0110,
      SopClassNotSupported: 0x0122,
    });
  });

  it('rejects a reason code that is not a US value', () => {
    expect(() => new StowResponseBuilder().addFailed({ failureReason: 0x10000 })).toThrow(RangeError);
    expect(() => new StowResponseBuilder().addStored(stored(1, -1))).toThrow(RangeError);
  });
});
