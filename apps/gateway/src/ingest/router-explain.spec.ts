import { Dataset, Tag } from '@delineo/dicom';
import { RuleRouter } from './router';

const SECRET_DESCRIPTION = 'THORAX Mustermann 1961';

function header(): Dataset {
  const ds = new Dataset();
  ds.setString(Tag.Modality, 'CS', 'CT');
  ds.setString(Tag.SeriesDescription, 'LO', SECRET_DESCRIPTION);
  ds.setString(Tag.BodyPartExamined, 'CS', 'CHEST');
  ds.setString(Tag.SOPClassUID, 'UI', '1.2.840.10008.5.1.4.1.1.2');
  return ds;
}

describe('RuleRouter.explain', () => {
  const router = new RuleRouter([
    { name: 'mr-head', match: { modality: 'MR', bodyPart: 'HEAD' }, model: 'brain', deliverTo: [] },
    {
      name: 'ct-chest-from-pacs',
      match: { modality: 'CT', seriesDescription: /thorax/i, callingAeTitle: 'PACS' },
      model: 'ct-body',
      deliverTo: ['pacs'],
    },
    {
      name: 'ct-chest',
      match: { modality: 'ct', bodyPart: 'chest', sopClassUid: '1.2.840.10008.5.1.4.1.1.2' },
      model: 'ct-body',
      deliverTo: ['pacs'],
      priority: 3,
    },
    { name: 'catch-all', match: {}, model: 'any', deliverTo: [] },
  ]);

  it('names every criterion of every rule with its pattern and outcome, and picks the rule decide() picks', () => {
    const ctx = { via: 'stow' as const, source: 'lab' };
    const out = router.explain(header(), ctx);
    expect(out.decision).toEqual(router.decide(header(), ctx));
    expect(out.decision?.ruleName).toBe('ct-chest');
    expect(out.rules).toEqual([
      {
        rule: 'mr-head',
        matched: false,
        modelDisabled: false,
        criteria: [
          { criterion: 'modality', pattern: 'MR', matched: false },
          { criterion: 'bodyPart', pattern: 'HEAD', matched: false },
        ],
      },
      {
        rule: 'ct-chest-from-pacs',
        matched: false,
        modelDisabled: false,
        criteria: [
          { criterion: 'modality', pattern: 'CT', matched: true },
          { criterion: 'seriesDescription', pattern: '/thorax/i', matched: true },
          { criterion: 'callingAeTitle', pattern: 'PACS', matched: false },
        ],
      },
      {
        rule: 'ct-chest',
        matched: true,
        modelDisabled: false,
        criteria: [
          { criterion: 'modality', pattern: 'ct', matched: true },
          { criterion: 'bodyPart', pattern: 'chest', matched: true },
          { criterion: 'sopClassUid', pattern: '1.2.840.10008.5.1.4.1.1.2', matched: true },
        ],
      },
      { rule: 'catch-all', matched: true, modelDisabled: false, criteria: [] },
    ]);
  });

  it('follows the calling AE title like ingest, and never quotes a dataset value', () => {
    const ctx = { via: 'dimse' as const, callingAeTitle: 'PACS' };
    const out = router.explain(header(), ctx);
    expect(out.decision?.ruleName).toBe('ct-chest-from-pacs');
    expect(out.decision).toEqual(router.decide(header(), ctx));
    expect(JSON.stringify(out)).not.toContain('Mustermann');
  });

  it('has no decision when no rule matches', () => {
    const only = new RuleRouter([{ name: 'mr', match: { modality: 'MR' }, model: 'm', deliverTo: [] }]);
    const out = only.explain(header(), { via: 'stow' });
    expect(out.decision).toBeUndefined();
    expect(only.decide(header(), { via: 'stow' })).toBeUndefined();
    expect(out.rules).toEqual([
      {
        rule: 'mr',
        matched: false,
        modelDisabled: false,
        criteria: [{ criterion: 'modality', pattern: 'MR', matched: false }],
      },
    ]);
  });

  it('passes over a rule whose model is disabled, in decide and explain alike', () => {
    const rules = [
      { name: 'ct-first', match: { modality: 'CT' }, model: 'off', deliverTo: [] },
      { name: 'ct-second', match: { modality: 'CT' }, model: 'on', deliverTo: [] },
    ];
    const live = new RuleRouter(rules, new Set(['off']));
    expect(live.decide(header(), { via: 'stow' })?.ruleName).toBe('ct-second');
    const out = live.explain(header(), { via: 'stow' });
    expect(out.decision?.ruleName).toBe('ct-second');
    expect(out.rules.map((r) => [r.rule, r.matched, r.modelDisabled])).toEqual([
      ['ct-first', true, true],
      ['ct-second', true, false],
    ]);
    expect(new RuleRouter(rules).decide(header(), { via: 'stow' })?.ruleName).toBe('ct-first');
  });
});
