/** Rows for bench:series-list: bulk SQL, as ingest and the pipeline would leave them (pseudonymous UIDs only). */
import type { Client } from 'pg';

/**
 * N received series (4 per study, 2 studies per patient) spread over the year 2026, one instance each,
 * states, modalities and routing rules mixed; plus research SEG series (a 'derived' instance) for 2% of
 * the delivered ones, which the list must leave out.
 */
export async function seedSeries(pg: Client, n: number): Promise<void> {
  const studies = Math.max(1, Math.ceil(n / 4));
  await pg.query(`INSERT INTO patient (pseudo_patient_id) SELECT 'DLNLIST' || g FROM generate_series(1, $1) g`, [
    Math.ceil(studies / 2),
  ]);
  await pg.query(
    `INSERT INTO study (study_instance_uid, patient_id, study_date)
     SELECT '2.25.7' || g, p.id, '20260101' FROM generate_series(1, $1) g
     JOIN patient p ON p.pseudo_patient_id = 'DLNLIST' || ((g + 1) / 2)`,
    [studies],
  );
  // Received at a pseudo-random second of 2026; 5% failed, the rest along the pipeline.
  await pg.query(
    `INSERT INTO series (series_instance_uid, study_id, modality, state, route, created_at)
     SELECT st.study_instance_uid || '.' || k, st.id, m.modality,
       (ARRAY['delivered','delivered','delivered','segmented','queued','running','complete','received','failed','delivered',
              'delivered','delivered','delivered','delivered','delivered','delivered','delivered','segmented','delivered','failed'])[1 + (h % 20)],
       jsonb_build_object('ruleName', m.rule, 'modelId', m.model, 'deliverTo', jsonb_build_array('pacs')),
       timestamptz '2026-01-01' + make_interval(secs => (h % 31536000))
     FROM (SELECT st.*, row_number() OVER (ORDER BY st.study_instance_uid) AS sn FROM study st) st
     CROSS JOIN generate_series(1, 4) k
     CROSS JOIN LATERAL (SELECT abs(hashint8(st.sn * 4 + k)) AS h) hh
     CROSS JOIN LATERAL (SELECT CASE WHEN k = 2 AND st.sn % 3 = 0 THEN 'MR' ELSE 'CT' END AS modality) mm
     CROSS JOIN LATERAL (SELECT mm.modality,
       CASE mm.modality WHEN 'MR' THEN 'brain-mr' ELSE 'chest-ct' END AS rule,
       CASE mm.modality WHEN 'MR' THEN 'mr-brain' ELSE 'ct-body' END AS model) m
     WHERE (st.sn - 1) * 4 + k <= $1`,
    [n],
  );
  await pg.query(
    `INSERT INTO instance (sop_instance_uid, series_id, sop_class_uid, transfer_syntax_uid, size_bytes, sha256,
       object_key, received_via)
     SELECT se.series_instance_uid || '.1', se.id, '1.2.840.10008.5.1.4.1.1.2', '1.2.840.10008.1.2.1', 524288,
       repeat('0', 64), 'bench/' || se.id, 'dimse'
     FROM series se`,
  );
  // Research SEG results: a series of their own whose instance is 'derived' (hidden from the list).
  await pg.query(
    `WITH seg AS (
       INSERT INTO series (series_instance_uid, study_id, modality, state, created_at)
       SELECT s.series_instance_uid || '.99', s.study_id, 'SEG', 'received', s.created_at + interval '5 minutes'
       FROM series s WHERE s.state = 'delivered' AND abs(hashtext(s.id::text)) % 100 < 2 RETURNING id, series_instance_uid)
     INSERT INTO instance (sop_instance_uid, series_id, sop_class_uid, transfer_syntax_uid, size_bytes, sha256,
       object_key, received_via)
     SELECT series_instance_uid || '.1', id, '1.2.840.10008.5.1.4.1.1.66.4', '1.2.840.10008.1.2.1', 1024,
       repeat('0', 64), 'bench/seg/' || id, 'derived' FROM seg`,
  );
  await pg.query('ANALYZE');
}
