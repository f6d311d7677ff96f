import { readFileSync } from 'node:fs';
import path from 'node:path';
import { load } from 'js-yaml';
import { validateSettings } from './settings-file';

/** The documented examples must stay valid settings: a newcomer copies them. */
describe.each(['settings.example.yaml', 'compose.settings.yaml'])('deploy/%s', (file) => {
  const full = path.resolve(__dirname, '../../../deploy', file);

  it('passes the settings schema with no issues', () => {
    const result = validateSettings(load(readFileSync(full, 'utf8')), path.dirname(full));
    expect(result.issues ?? []).toEqual([]);
  });

  it('binds every allowed calling AE title to a host (an AE title alone is no credential)', () => {
    const { settings } = validateSettings(load(readFileSync(full, 'utf8')), path.dirname(full));
    expect(settings?.dimse.allowedCallers.length).toBeGreaterThan(0);
    expect(settings?.dimse.allowedCallers.filter((c) => !c.host)).toEqual([]);
  });
});

it('deploy/settings.example.yaml shows every destination type', () => {
  const { settings } = validateSettings(
    load(readFileSync(path.resolve(__dirname, '../../../deploy/settings.example.yaml'), 'utf8')),
    '/',
  );
  expect(settings?.destinations.map((d) => d.type).sort()).toEqual(['dicomweb', 'dimse', 'fhir']);
});
