/**
 * stderr of an external tool, safe to keep with a job's failure: the temp dir becomes <tmp>, and
 * anything that could be a value from a dataset (UIDs, dates, quoted strings, long numbers) is
 * masked. Inputs are de-identified already; this is defence in depth (STYLE "Privacy").
 */
export function redactStderr(text: string, tempDir: string): string {
  return text
    .split(tempDir)
    .join('<tmp>')
    .replace(/\b\d+(\.\d+){3,}\b/g, '<uid>')
    .replace(/\b\d{4}-?\d{2}-?\d{2}\b/g, '<date>')
    .replace(/(["'])[^"'\n]{1,200}\1/g, '<quoted>')
    .replace(/\b\d{6,}\b/g, '<number>')
    .trim()
    .split('\n')
    .slice(-20)
    .join('\n');
}
