import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';

export const TEST_STEPS = ['connect', 'associate', 'echo', 'http'] as const;
export type TestStep = (typeof TEST_STEPS)[number];

/** A-ASSOCIATE-RJ fields as received (PS3.8 §9.3.4 Table 9-21). */
export class AssociateRejectView {
  @ApiProperty({ type: Number, description: '1 rejected-permanent, 2 rejected-transient' })
  result!: number;
  @ApiProperty({ type: Number, description: '1 service-user, 2 service-provider (ACSE), 3 (presentation)' })
  source!: number;
  @ApiProperty({ type: Number, description: 'Reason/Diag., e.g. 7 called-AE-title-not-recognized (source 1)' })
  reason!: number;
}

/**
 * What the console's Test button shows. Codes and status words only: never a URL with its user
 * info, a stack, or a peer's free text (an Error Comment or a response body may quote values).
 */
export class DestinationTestResult {
  @ApiProperty({ type: String })
  destination!: string;
  @ApiProperty({ enum: ['dimse', 'dicomweb', 'fhir'] })
  type!: 'dimse' | 'dicomweb' | 'fhir';
  @ApiProperty({ type: String, description: 'host:port and called AE title, or the URL probed without user info' })
  target!: string;
  @ApiProperty({ type: Boolean })
  ok!: boolean;
  @ApiPropertyOptional({ enum: TEST_STEPS, description: 'The step that failed (absent when ok)' })
  step?: TestStep;
  @ApiPropertyOptional({ type: Number, description: 'C-ECHO-RSP Status (0000,0900); 0 is Success' })
  dimseStatus?: number;
  @ApiPropertyOptional({ type: Number })
  httpStatus?: number;
  @ApiPropertyOptional({ type: AssociateRejectView })
  reject?: AssociateRejectView;
  @ApiPropertyOptional({ type: String, description: 'Delivery error code, e.g. delivery/network' })
  code?: string;
  @ApiPropertyOptional({ type: String, description: 'The code explained, from status words and socket codes only' })
  detail?: string;
  @ApiProperty({ type: Number, description: 'Milliseconds from the first byte sent to the answer' })
  elapsedMs!: number;
}
