import type { BasicAction } from './profile-row';

/** A resolved single action: what actually happens to one element. */
export type SimpleAction = 'D' | 'Z' | 'X' | 'K' | 'C' | 'U';

export type AttributeType = 1 | 2 | 3;

/**
 * Type of every attribute that Table E.1-1 gives a compound action, in the composite image IODs we
 * ingest. PS3.15 §E.1.1 says: for a compound code pick D if the attribute is Type 1, Z if Type 2,
 * otherwise X, so the result stays a valid instance of its IOD. We have no per-IOD Type lookup, so
 * where IODs disagree we take the strictest Type among the common image IODs (a dummy or empty
 * value is valid for a laxer Type too, and carries no information either way).
 */
export const COMPOUND_TYPES: Readonly<Record<string, AttributeType>> = {
  '00400555': 2, // Acquisition Context Sequence: Type 2, Acquisition Context Module (PS3.3 C.7.6.14)
  '00080022': 3, // Acquisition Date: Type 3, General Image (C.7.6.1)
  '0008002a': 1, // Acquisition DateTime: Type 1C in Enhanced MR/CT Image (C.8.13.1, C.8.15.2)
  '00080032': 3, // Acquisition Time: Type 3, General Image
  '22000005': 3, // Barcode Value: Media Creation Management, not an image attribute
  '00700084': 2, // Content Creator's Name: Type 2, Content Identification Macro (C.10.9)
  '00080023': 1, // Content Date: Type 1 in Multi-frame Functional Groups (C.7.6.16), 2C General Image
  '00080033': 1, // Content Time: as Content Date
  '00180010': 2, // Contrast/Bolus Agent: Type 2, Contrast/Bolus (C.7.6.4)
  '00181000': 1, // Device Serial Number: Type 1, Enhanced General Equipment (C.7.5.2)
  '00080013': 3, // Instance Creation Time: Type 3, SOP Common (C.12.1)
  '00080082': 3, // Institution Code Sequence: Type 3, General Equipment (C.7.5.1)
  '00080080': 3, // Institution Name: Type 3, General Equipment
  '00189919': 2, // Instruction Performed DateTime: not in image IODs; Z is valid for Type 2 and 3
  '22000002': 3, // Label Text: Media Creation Management
  '00081070': 3, // Operators' Name: Type 3, General Series (C.7.3.1)
  '00102203': 2, // Patient's Sex Neutered: Type 2C, Patient (C.7.1.1), present only for animals
  '00100020': 2, // Patient ID: Type 2, Patient (replaced by a keyed pseudonym anyway)
  '00081111': 3, // Referenced Performed Procedure Step Sequence: Type 3, General Series
  '00081110': 3, // Referenced Study Sequence: Type 3, General Study (C.7.2.1)
  '00321060': 3, // Requested Procedure Description: Type 3 in Request Attributes items
  '300e0008': 2, // Reviewer Name: Type 2C, Approval (C.8.8.16)
  '30080105': 2, // Source Serial Number: Type 2 in RT Brachy source records
  '00081010': 3, // Station Name: Type 3, General Equipment
  '300a00b2': 2, // Treatment Machine Name: Type 2, RT Beams (C.8.8.14)
  // X/D rows: D if Type 1 or 2 (a zero-length value is not offered), X if Type 3.
  '00080012': 3, // Instance Creation Date: Type 3, SOP Common (C.12.1)
  '00080021': 3, // Series Date: Type 3, General Series (C.7.3.1)
  '00080031': 3, // Series Time: Type 3, General Series
  '00081072': 3, // Operator Identification Sequence: Type 3, General Series
  '00181030': 3, // Protocol Name: Type 3, General Series
  '00181400': 3, // Acquisition Device Processing Description: Type 3, DX Image (C.8.11.3)
  '0018700a': 3, // Detector ID: Type 3, DX Detector (C.8.11.4)
  '0018700c': 3, // Date of Last Detector Calibration: Type 3, DX Detector
  '0018700e': 3, // Time of Last Detector Calibration: Type 3, DX Detector
  '00189516': 3, // Start Acquisition DateTime: Type 3 (MR Spectroscopy / enhanced acquisition modules)
  '00189517': 3, // End Acquisition DateTime: as Start
  '0040a032': 1, // Observation DateTime: Type 1C in SR Document Content (C.17.3)
  '30080054': 3, // First Treatment Date: Type 3, RT Treatment Summary Record (C.8.8.23)
  '30080056': 3, // Most Recent Treatment Date: as First Treatment Date
  '30080250': 2, // Treatment Date: Type 2, RT General Treatment Record (C.8.8.17)
  '30080251': 2, // Treatment Time: as Treatment Date
  '300a0006': 2, // RT Plan Date: Type 2, RT General Plan (C.8.8.9)
  '300a0007': 2, // RT Plan Time: as RT Plan Date
  '3010004c': 3, // Intended Phase Start Date: Type 3, RT Treatment Phase Intent
  '3010004d': 3, // Intended Phase End Date: as Start Date
  '30100056': 3, // RT Treatment Approach Label: Type 3
  '30100077': 3, // Treatment Site: Type 3
};

/**
 * Resolves a Basic Profile code to one action. X/Z/U* (Referenced/Source Image Sequence) keeps the
 * sequence and replaces the UIDs inside it (the "*"), so references to other instances survive.
 * A compound row missing from COMPOUND_TYPES is treated as Type 2: Z where allowed, else D.
 */
export function resolveCompound(tag: string, action: BasicAction): SimpleAction {
  if (!action.includes('/')) return action as SimpleAction;
  if (action === 'X/Z/U*') return 'U';
  const allowed = new Set(action.split('/'));
  const type = COMPOUND_TYPES[tag] ?? 2;
  const order: SimpleAction[] = type === 1 ? ['D', 'Z', 'X'] : type === 2 ? ['Z', 'D', 'X'] : ['X', 'Z', 'D'];
  return order.find((a) => allowed.has(a))!;
}
