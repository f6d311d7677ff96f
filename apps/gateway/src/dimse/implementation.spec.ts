import { association as assoc, Implementation } from 'dcmjs-dimse';
import { IMPLEMENTATION_CLASS_UID, IMPLEMENTATION_VERSION_NAME, speakAsDelineo } from './implementation';

describe('speakAsDelineo', () => {
  it('replaces the identity and the asynchronous window parsed from a request', () => {
    // As dcmjs-dimse's reader leaves it after an A-ASSOCIATE-RQ from another implementation.
    const a = new assoc.Association('SCU', 'DELINEO');
    a.setImplementationClassUid('1.2.276.0.7230010.3.0.3.6.7');
    a.setImplementationVersion('OFFIS_DCMTK_367');
    a.setMaxAsyncOpsInvoked(5);
    a.setMaxAsyncOpsPerformed(5);
    a.setNegotiateAsyncOps(true);
    speakAsDelineo(a);
    expect([a.getImplementationClassUid(), a.getImplementationVersion()]).toEqual([
      IMPLEMENTATION_CLASS_UID,
      IMPLEMENTATION_VERSION_NAME,
    ]);
    expect([a.getNegotiateAsyncOps(), a.getMaxAsyncOpsInvoked(), a.getMaxAsyncOpsPerformed()]).toEqual([false, 1, 1]);
    // sendAssociationAccept() writes these process-wide values into the A-ASSOCIATE-AC.
    expect(Implementation.getImplementationClassUid()).toBe(IMPLEMENTATION_CLASS_UID);
    expect(Implementation.getImplementationVersion()).toBe(IMPLEMENTATION_VERSION_NAME);
  });
});
