import { reportInput } from '../test/fixtures';
import { conclusionText, narrativeDiv } from './conclusion';

describe('conclusionText', () => {
  it('lists segments by number, says which were not found, and names software and model', () => {
    const input = reportInput();
    input.segments = [...input.segments].reverse();
    input.segments[0].voxelCount = 0;
    input.segments[0].volumeMl = 0;
    expect(conclusionText(input)).toBe(
      'Automated segmentation by Delineo 0.1.0 using model CT body outline, lungs and bone (classical, built-in), version 1.0.0. ' +
        'Volumes: Body 18234.6 mL; Left lung 2451.3 mL; Right lung 2803.8 mL; Bone not found (0 mL). Not reviewed by a clinician.',
    );
  });

  it('contains no patient or study values', () => {
    const input = reportInput();
    const text = conclusionText(input);
    for (const v of [input.patient.id, 'Example', input.study.accessionNumber, input.study.studyInstanceUid, '1970'])
      expect(text).not.toContain(v);
  });
});

describe('narrativeDiv', () => {
  it('escapes markup so a label name cannot inject XHTML', () => {
    expect(narrativeDiv('a <b> & "c"')).toBe(
      '<div xmlns="http://www.w3.org/1999/xhtml"><p>a &#60;b&#62; &#38; &#34;c&#34;</p></div>',
    );
  });
});
