import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';

export class ModelInputDto {
  @ApiProperty({ type: [String], description: 'Modality (0008,0060) values the model accepts', example: ['CT'] })
  modality!: string[];
  @ApiProperty({ type: Number, description: 'Fewest slices of a series it runs on' })
  minSlices!: number;
}

export class ModelLabelDto {
  @ApiProperty({ type: Number, description: 'Label map value, the SEG Segment Number (1–255)' })
  value!: number;
  @ApiProperty({ type: String })
  name!: string;
  @ApiProperty({ type: [Number], description: 'Recommended Display RGB, 0–255 each', example: [255, 0, 0] })
  colour!: number[];
  @ApiProperty({ type: String, description: 'Segmented Property Type (0062,000F) code meaning' })
  type!: string;
}

export class ModelRunDto {
  @ApiProperty({ type: String, example: 'onnx:cpu' })
  engine!: string;
  @ApiProperty({ type: String })
  modelVersion!: string;
  @ApiProperty({ type: String, format: 'date-time' })
  finishedAt!: string;
  @ApiPropertyOptional({ type: Number, nullable: true, description: 'Gateway time to assemble the volume (ms)' })
  prepareMs!: number | null;
  @ApiProperty({
    type: 'object',
    additionalProperties: { type: 'number' },
    description: 'Milliseconds per worker stage',
  })
  timings!: Record<string, number>;
}

/** A model of the registry. Manifest fields and run statistics only: no dataset value. */
export class ModelDto {
  @ApiProperty({ type: String }) id!: string;
  @ApiProperty({ type: String }) version!: string;
  @ApiProperty({ type: String }) name!: string;
  @ApiPropertyOptional({ type: String }) description?: string;
  @ApiProperty({ enum: ['builtin', 'onnx', 'command'] }) runner!: 'builtin' | 'onnx' | 'command';
  @ApiProperty({ type: Boolean, description: 'Routing may send series to it' }) enabled!: boolean;
  @ApiProperty({ type: ModelInputDto }) input!: ModelInputDto;
  @ApiProperty({ type: [ModelLabelDto] }) labels!: ModelLabelDto[];
  @ApiProperty({ type: [ModelRunDto], description: 'The last finished run on each engine' }) lastRuns!: ModelRunDto[];
}
