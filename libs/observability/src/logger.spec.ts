import { readFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { MemorySink, PinoNestLogger, createLogger, withCorrelationId } from './index';

describe('createLogger', () => {
  it('redacts dataset-carrying keys at top level and nested', () => {
    const sink = new MemorySink();
    const log = createLogger({ destination: sink });
    log.info(
      {
        PatientName: 'DOE^JANE',
        instance: { PatientID: 'MRN123', sopClass: 'CT' },
        req: { headers: { authorization: 'Bearer abc' } },
        dataset: { anything: 'x' },
        deep: { a: { AccessionNumber: 'ACC9' } },
      },
      'stored',
    );
    const text = sink.text;
    for (const secret of ['DOE^JANE', 'MRN123', 'Bearer abc', 'ACC9', '"anything"']) expect(text).not.toContain(secret);
    expect(sink.lines[0]).toMatchObject({ msg: 'stored', instance: { PatientID: '[redacted]', sopClass: 'CT' } });
  });

  it('adds the ambient correlation id', () => {
    const sink = new MemorySink();
    const log = createLogger({ destination: sink });
    withCorrelationId('corr-1', () => log.info('inside'));
    log.info('outside');
    expect(sink.lines[0].correlationId).toBe('corr-1');
    expect(sink.lines[1].correlationId).toBeUndefined();
  });

  it('serializes errors without the message of unknown errors', () => {
    const sink = new MemorySink();
    const log = createLogger({ destination: sink });
    log.error({ err: new Error('duplicate key value (DOE^JANE)') }, 'insert failed');
    expect(sink.text).not.toContain('DOE^JANE');
    expect(sink.lines[0].err).toMatchObject({ name: 'Error' });
  });

  it('writes JSON to a file destination', () => {
    const dir = mkdtempSync(join(tmpdir(), 'delineo-log-'));
    try {
      const file = join(dir, 'sub', 'app.log');
      createLogger({ destination: file, name: 'gateway' }).warn({ PatientName: 'X^Y' }, 'hello');
      const line = JSON.parse(readFileSync(file, 'utf8').trim()) as Record<string, unknown>;
      expect(line).toMatchObject({ name: 'gateway', msg: 'hello', PatientName: '[redacted]' });
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('PinoNestLogger', () => {
  it('forwards Nest logs with their context', () => {
    const sink = new MemorySink();
    const nest = new PinoNestLogger(createLogger({ destination: sink, level: 'debug' }));
    nest.log('Mapped {/health, GET} route', 'RouterExplorer');
    expect(sink.lines[0]).toMatchObject({ msg: 'Mapped {/health, GET} route', context: 'RouterExplorer', level: 30 });
  });

  it("withholds the message of Nest's unhandled-exception logs", () => {
    const sink = new MemorySink();
    const nest = new PinoNestLogger(createLogger({ destination: sink }));
    const err = new Error('value too long: DOE^JANE');
    nest.error(err.message, err.stack, 'ExceptionsHandler');
    expect(sink.text).not.toContain('DOE^JANE');
    expect(sink.lines[0]).toMatchObject({ context: 'ExceptionsHandler', msg: 'unhandled error (message withheld)' });
  });
});
