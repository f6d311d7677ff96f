import { Dataset, requests, responses } from 'dcmjs-dimse';
import { encodeStoreResponse } from './store-response';

/** dcmjs-dimse's own encoding of the same response: the reference. */
function reference(sopClassUid: string, sopInstanceUid: string, messageId: number, status: number): Buffer {
  const request = new requests.CStoreRequest(new Dataset({ SOPClassUID: sopClassUid, SOPInstanceUID: sopInstanceUid }));
  request.setMessageId(messageId);
  const rsp = responses.CStoreResponse.fromRequest(request);
  rsp.setStatus(status);
  return Buffer.from(rsp.getCommandDataset().getDenaturalizedCommandDataset());
}

describe('encodeStoreResponse', () => {
  it.each([
    ['1.2.840.10008.5.1.4.1.1.2', '1.2.3.4.5', 1, 0x0000],
    ['1.2.840.10008.5.1.4.1.1.4', '2.25.123456789012345678901234567890', 65535, 0xa700],
    ['1.2.840.10008.5.1.4.1.1.66.4', '1.2.3', 42, 0xa900],
    ['1.2.840.10008.5.1.4.1.1.88.22', '1.22', 7, 0xc000],
  ])('matches dcmjs-dimse byte for byte (%s, %s, id %i, status %i)', (cls, inst, id, status) => {
    const pdu = encodeStoreResponse({
      presentationContextId: 5,
      messageId: id,
      sopClassUid: cls,
      sopInstanceUid: inst,
      status,
    });
    const command = reference(cls, inst, id, status);
    expect(pdu.subarray(12).equals(command)).toBe(true);
    // P-DATA-TF header and the single PDV item (PS3.8 §9.3.5.1).
    expect(pdu[0]).toBe(0x04);
    expect(pdu.readUInt32BE(2)).toBe(pdu.length - 6);
    expect(pdu.readUInt32BE(6)).toBe(command.length + 2);
    expect([pdu[10], pdu[11]]).toEqual([5, 0x03]);
  });
});
