/** Archive contents for bench:qido: bulk SQL rows for Delineo, tiny STOW-able studies for the peer. */
import type { Client } from 'pg';
import { parsePart10, Tag, writePart10 } from '@delineo/dicom';
import { syntheticCtSeries } from '../../test-data/synthetic-ct';

export interface Seeded {
  dateFrom: string;
  dateTo: string;
  patientPrefix: string;
  study: string;
  series: string;
}

/**
 * N instances as ingest would index them: N/50 studies of 4 series (CT, CT, SEG and, in every
 * fourth study, MR instead of the second CT), two studies per patient, dates over ~8 years.
 */
export async function seedArchive(pg: Client, n: number): Promise<Seeded> {
  const studies = Math.max(1, Math.floor(n / 50));
  const patients = Math.max(1, Math.floor(studies / 2));
  await pg.query(
    `INSERT INTO patient (pseudo_patient_id) SELECT 'DLNBENCH' || lpad(g::text, 6, '0') FROM generate_series(1, $1) g`,
    [patients],
  );
  await pg.query(
    `INSERT INTO study (study_instance_uid, patient_id, study_date, study_time, modalities_in_study, attributes)
     SELECT '2.25.1' || g, p.id, to_char(date '2015-01-01' + (g % 3000), 'YYYYMMDD'), '101500',
       CASE WHEN g % 4 = 0 THEN 'CT\\MR\\SEG' ELSE 'CT\\SEG' END, jsonb_build_object('PatientName', p.pseudo_patient_id)
     FROM generate_series(1, $1) g
     JOIN patient p ON p.pseudo_patient_id = 'DLNBENCH' || lpad(((g % $2) + 1)::text, 6, '0')`,
    [studies, patients],
  );
  await pg.query(
    `INSERT INTO series (series_instance_uid, study_id, modality, series_number, state)
     SELECT st.study_instance_uid || '.' || k, st.id,
       CASE WHEN k = 2 AND st.modalities_in_study LIKE '%MR%' THEN 'MR' WHEN k = 3 THEN 'SEG' ELSE 'CT' END, k, 'complete'
     FROM study st CROSS JOIN generate_series(1, 4) k`,
  );
  await pg.query(
    `INSERT INTO instance (sop_instance_uid, series_id, sop_class_uid, transfer_syntax_uid, instance_number, rows,
       columns, size_bytes, sha256, object_key, received_via)
     SELECT se.series_instance_uid || '.' || g, se.id, '1.2.840.10008.5.1.4.1.1.2', '1.2.840.10008.1.2.1',
       g / se.total + 1, 512, 512, 524288, repeat('0', 64), 'bench/' || g, 'dimse'
     FROM generate_series(0, $1 - 1) g
     JOIN (SELECT id, series_instance_uid, (row_number() OVER (ORDER BY id)) - 1 AS n, count(*) OVER () AS total
           FROM series) se ON se.n = g % se.total`,
    [n],
  );
  await pg.query('ANALYZE');
  const { rows } = await pg.query(
    `SELECT st.study_instance_uid AS study, se.series_instance_uid AS series FROM study st
     JOIN series se ON se.study_id = st.id ORDER BY st.study_date DESC, se.series_number LIMIT 1`,
  );
  // About 5% of the studies fall in the date range; the prefix matches 10 patients.
  return { dateFrom: '20150101', dateTo: '20150520', patientPrefix: 'DLNBENCH00001', ...rows[0] };
}

/** Study s for the peer: 4 series × 5 tiny (16×16) CT instances, dated like seedArchive's. */
export function tinyStudy(s: number): { files: Buffer[]; seeded: Seeded } {
  const studyUid = `2.25.9${s + 1}`;
  const date = new Date(Date.UTC(2015, 0, 1) + ((s + 1) % 3000) * 86_400_000)
    .toISOString()
    .slice(0, 10)
    .replace(/-/g, '');
  const files: Buffer[] = [];
  for (let k = 1; k <= 4; k++) {
    const modality = k === 2 && (s + 1) % 4 === 0 ? 'MR' : k === 3 ? 'SEG' : 'CT';
    const series = syntheticCtSeries({
      count: 5,
      rows: 16,
      cols: 16,
      patientId: `DLNBENCH${String((s % 1000) + 1).padStart(6, '0')}`,
      studyUid,
      seriesUid: `${studyUid}.${k}`,
      studyDate: date,
    });
    for (const bytes of series) {
      const { dataset, transferSyntaxUid } = parsePart10(bytes);
      dataset.setString(Tag.Modality, 'CS', modality);
      files.push(writePart10(dataset, { transferSyntaxUid }));
    }
  }
  return {
    files,
    seeded: {
      dateFrom: '20150101',
      dateTo: '20150520',
      patientPrefix: 'DLNBENCH00001',
      study: studyUid,
      series: `${studyUid}.1`,
    },
  };
}
