import type { DestinationSettings } from '@delineo/config';
import { isPlaintext, PlaintextDestinations } from './plaintext-destinations';

type Listener = (next: { destinations: DestinationSettings[] }, prev: { destinations: DestinationSettings[] }) => void;
const liveOf = (list: DestinationSettings[], listeners: Listener[] = []) =>
  ({
    current: () => ({ destinations: list }),
    subscribe: (l: Listener) => (listeners.push(l), () => undefined),
  }) as never;

const destinations = [
  { name: 'pacs-tls', type: 'dimse', aeTitle: 'PACS', host: 'pacs', port: 2762, tls: true },
  { name: 'pacs-lan', type: 'dimse', aeTitle: 'PACS', host: '127.0.0.1', port: 104, tls: false, allowPlaintext: true },
  { name: 'web', type: 'dicomweb', url: 'https://pacs.example/dicom-web' },
  { name: 'ehr', type: 'fhir', url: 'http://user:secret@127.0.0.1:9090/fhir?token=x', allowPlaintext: true },
] as DestinationSettings[];

describe('PlaintextDestinations', () => {
  it('classes DIMSE without tls and http:// URLs as plaintext', () => {
    expect(destinations.filter(isPlaintext).map((d) => d.name)).toEqual(['pacs-lan', 'ehr']);
  });

  it('logs one destination-plaintext warning per plaintext destination at boot, naming it only', () => {
    const warn = jest.fn();
    new PlaintextDestinations(liveOf(destinations), { warn }).onApplicationBootstrap();
    const warnings = warn.mock.calls as Array<[object, string]>;
    expect(warnings.map(([o]) => o)).toEqual([
      { event: 'destination-plaintext', destination: 'pacs-lan' },
      { event: 'destination-plaintext', destination: 'ehr' },
    ]);
    expect(JSON.stringify(warnings)).not.toMatch(/secret|token|127\.0\.0\.1|http/);
  });

  it('logs nothing when every destination is encrypted', () => {
    const warn = jest.fn();
    new PlaintextDestinations(liveOf(destinations.filter((d) => !isPlaintext(d))), { warn }).onApplicationBootstrap();
    expect(warn).not.toHaveBeenCalled();
  });

  it('warns again for a plaintext destination a live settings version adds, and only for it', () => {
    const warn = jest.fn();
    const listeners: Listener[] = [];
    const before = destinations.filter((d) => d.name !== 'ehr');
    new PlaintextDestinations(liveOf(before, listeners), { warn }).onApplicationBootstrap();
    expect(warn).toHaveBeenCalledTimes(1);
    listeners[0]({ destinations }, { destinations: before });
    expect(warn.mock.calls.map(([o]) => (o as { destination: string }).destination)).toEqual(['pacs-lan', 'ehr']);
  });
});
