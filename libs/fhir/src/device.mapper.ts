import type { Device } from '@medplum/fhirtypes';
import { deviceName, uuidIdentifier } from './ids';
import type { SegmentationReportInput } from './report-input';

/**
 * The software that made the measurements: Delineo at a version running one model at a version
 * (https://hl7.org/fhir/R4/device.html). The identifier is derived from those four values only,
 * so every report from the same software and model shares one Device in the EHR.
 */
export function deviceResource({ device, model }: Pick<SegmentationReportInput, 'device' | 'model'>): Device {
  return {
    resourceType: 'Device',
    identifier: [uuidIdentifier(deviceName(device, model))],
    status: 'active',
    deviceName: [
      { name: device.name, type: 'user-friendly-name' },
      { name: model.name, type: 'model-name' },
    ],
    modelNumber: model.id,
    type: { text: 'Image segmentation software' },
    version: [
      { type: { text: 'software' }, value: device.version },
      { type: { text: 'model' }, value: model.version },
    ],
  };
}
