import { SettingsFrame } from '../settings/SettingsFrame';
import { useSettingsEditor } from '../settings/use-settings-editor';
import { CallersEditor } from './CallersEditor';
import { DestinationsEditor } from './DestinationsEditor';

/** DICOM nodes that may send to us, and the destinations results go to. */
export default function NodesPage() {
  const editor = useSettingsEditor();
  const { draft, doc, update, errors } = editor;
  const readOnly = !!editor.readOnly;
  return (
    <section aria-labelledby="nodes-h">
      <h1 id="nodes-h">DICOM nodes &amp; destinations</h1>
      <SettingsFrame editor={editor}>
        {draft && (
          <>
            <CallersEditor
              callers={draft.dimse.allowedCallers}
              errors={errors}
              readOnly={readOnly}
              onChange={(allowedCallers) => update((s) => ({ ...s, dimse: { ...s.dimse, allowedCallers } }))}
            />
            <DestinationsEditor
              destinations={draft.destinations}
              saved={doc?.settings.destinations ?? []}
              errors={errors}
              readOnly={readOnly}
              onChange={(destinations) => update((s) => ({ ...s, destinations }))}
            />
          </>
        )}
      </SettingsFrame>
    </section>
  );
}
