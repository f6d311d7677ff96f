/**
 * The DIMSE sender over DICOM TLS (storescp +tls, mutual authentication as dcmtk requires by
 * default) and against a peer that rejects transiently (a dcmjs-dimse SCP at its association limit,
 * as our own listener answers: PS3.8 §9.3.4 "local-limit-exceeded").
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import net from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { constants, log as dimseLog, Scp } from 'dcmjs-dimse';
import { DimseSender } from '../src/delivery/senders';
import { describeWithPeers, segFixture, startStorescp } from './delivery-senders-peers';
import { selfSigned } from './tls-certs';

dimseLog.setLevel('silent');

describeWithPeers('DIMSE sender over TLS → storescp +tls', ['storescp', 'openssl'], () => {
  let dir: string;
  let server: { key: string; cert: string };
  let client: { key: string; cert: string };
  let stranger: { key: string; cert: string };
  beforeAll(() => {
    dir = mkdtempSync(path.join(tmpdir(), 'delineo-tls-'));
    [server, client, stranger] = ['pacs', 'delineo', 'stranger'].map((n) => selfSigned(dir, n));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  const tlsScp = () => startStorescp(['+tls', server.key, server.cert, '-pw', '+cf', client.cert]);
  const sender = (port: number, aet: string, ca: string) =>
    new DimseSender(
      { name: 'pacs-tls', type: 'dimse', aeTitle: aet, host: '127.0.0.1', port, tls: true },
      {
        timeoutMs: 20_000,
        tls: { ca: readFileSync(ca), cert: readFileSync(client.cert), key: readFileSync(client.key) },
      },
    );

  it('stores a SEG when the peer certificate is trusted and ours is accepted', async () => {
    const scp = await tlsScp();
    try {
      expect(await sender(scp.port, scp.aet, server.cert).send(await segFixture())).toEqual({ kind: 'delivered' });
      expect(scp.files()).toHaveLength(1);
    } finally {
      await scp.stop();
    }
  });

  it('sends nothing and asks for a retry when the peer certificate is not from the trusted CA', async () => {
    const scp = await tlsScp();
    try {
      const outcome = await sender(scp.port, scp.aet, stranger.cert).send(await segFixture());
      expect(outcome).toMatchObject({ kind: 'retry', code: 'delivery/network' });
      expect((outcome as { message: string }).message).toMatch(/CERT|SIGNATURE|ISSUER/);
      expect(scp.files()).toEqual([]);
    } finally {
      await scp.stop();
    }
  });
});

describe('DIMSE sender → a peer at its association limit', () => {
  const { RejectResult, RejectSource, RejectReason } = constants;
  class BusyScp extends Scp {
    override associationRequested(): void {
      this.sendAssociationReject(
        RejectResult.Transient,
        RejectSource.ServiceProviderPresentation,
        RejectReason.LocalLimitExceeded,
      );
    }
  }
  let server: net.Server;
  let port: number;
  beforeAll(async () => {
    // No setNoDelay here: the Nagle test below must see only the sender's own call.
    server = net.createServer((socket) => {
      socket.on('error', () => undefined);
      new BusyScp(socket);
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
    port = (server.address() as net.AddressInfo).port;
  });
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

  it('turns Nagle off on its socket (shared/TESTBED.md: every DICOM socket)', async () => {
    const spy = jest.spyOn(net.Socket.prototype, 'setNoDelay');
    try {
      await new DimseSender({ name: 'busy', type: 'dimse', aeTitle: 'BUSY', host: '127.0.0.1', port, tls: false }).send(
        await segFixture(),
      );
      expect(spy).toHaveBeenCalledWith(true);
    } finally {
      spy.mockRestore();
    }
  });

  it('asks for a retry on A-ASSOCIATE-RJ rejected-transient', async () => {
    const outcome = await new DimseSender({
      name: 'busy',
      type: 'dimse',
      aeTitle: 'BUSY',
      host: '127.0.0.1',
      port,
      tls: false,
    }).send(await segFixture());
    expect(outcome).toEqual({
      kind: 'retry',
      code: 'delivery/rejected-association',
      message: 'A-ASSOCIATE-RJ rejected-transient, service-provider (presentation): local-limit-exceeded',
    });
  });
});
