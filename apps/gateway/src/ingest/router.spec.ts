import { Dataset, Tag } from '@delineo/dicom';
import { RuleRouter } from './router';

function header(modality: string, description: string, bodyPart = ''): Dataset {
  const ds = new Dataset();
  ds.setString(Tag.Modality, 'CS', modality);
  ds.setString(Tag.SeriesDescription, 'LO', description);
  if (bodyPart) ds.setString(Tag.BodyPartExamined, 'CS', bodyPart);
  return ds;
}

describe('RuleRouter', () => {
  const router = new RuleRouter([
    {
      name: 'chest-ct',
      match: { modality: 'CT', seriesDescription: /chest|thorax|lung/i },
      model: 'ct-body',
      deliverTo: ['pacs'],
    },
    { name: 'head-mr', match: { modality: 'MR', bodyPart: 'HEAD' }, model: 'brain', deliverTo: [] },
    { name: 'from-orthanc', match: { callingAeTitle: 'ORTHANC' }, model: 'any', deliverTo: ['pacs'] },
  ]);

  it('takes the first rule whose every condition matches the original header', () => {
    expect(router.decide(header('CT', 'THORAX 1.0 B31f'), { via: 'dimse' })).toEqual({
      ruleName: 'chest-ct',
      modelId: 'ct-body',
      deliverTo: ['pacs'],
    });
    expect(router.decide(header('MR', 'T1 MPRAGE', 'head'), { via: 'stow' })?.ruleName).toBe('head-mr');
  });

  it("carries a rule's queue priority into the decision", () => {
    const prioritized = new RuleRouter([
      { name: 'stroke', match: { modality: 'CT' }, model: 'ct-body', deliverTo: [], priority: 1 },
    ]);
    expect(prioritized.decide(header('CT', 'HEAD'), { via: 'dimse' })).toEqual({
      ruleName: 'stroke',
      modelId: 'ct-body',
      deliverTo: [],
      priority: 1,
    });
  });

  it('falls through when a condition fails, and returns nothing when no rule matches', () => {
    expect(router.decide(header('CT', 'ABDOMEN'), { via: 'dimse' })).toBeUndefined();
    expect(router.decide(header('CT', 'ABDOMEN'), { via: 'dimse', callingAeTitle: 'ORTHANC' })?.ruleName).toBe(
      'from-orthanc',
    );
  });

  it("matches a STOW-RS sender by its token's source, as a C-STORE sender by its AE title", () => {
    const bySource = new RuleRouter([{ name: 'from-ris', match: { source: 'ris' }, model: 'ct-body', deliverTo: [] }]);
    expect(bySource.decide(header('CT', 'ABDOMEN'), { via: 'stow', source: 'ris' })?.ruleName).toBe('from-ris');
    expect(bySource.decide(header('CT', 'ABDOMEN'), { via: 'stow', source: 'lab' })).toBeUndefined();
    expect(bySource.decide(header('CT', 'ABDOMEN'), { via: 'dimse', callingAeTitle: 'ris' })).toBeUndefined();
  });
});
