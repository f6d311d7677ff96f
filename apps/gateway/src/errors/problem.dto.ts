import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';

/** One problem of a request body or query, at its path (`settings.routing[0].model`). */
export class FieldProblemDto {
  @ApiProperty({ type: String, example: 'roles[0]' })
  path!: string;

  @ApiProperty({ type: String, example: 'each value in roles must be one of: admin, operator, radiologist, auditor' })
  message!: string;
}

/** RFC 9457 problem details, as every error of the API is answered (application/problem+json). */
export class ProblemDto {
  @ApiProperty({ type: String, example: 'urn:delineo:problem:request/invalid' })
  type!: string;

  @ApiProperty({ type: String, example: 'Bad Request' })
  title!: string;

  @ApiProperty({ type: Number, example: 400 })
  status!: number;

  @ApiProperty({ type: String, description: 'Stable error code, e.g. request/invalid or access/forbidden' })
  code!: string;

  @ApiPropertyOptional({ type: String })
  detail?: string;

  @ApiPropertyOptional({ type: [String], description: 'Every finding of an input checked as a whole' })
  problems?: string[];

  @ApiPropertyOptional({ type: [FieldProblemDto], description: 'Every invalid field of the request, with its path' })
  errors?: FieldProblemDto[];
}
