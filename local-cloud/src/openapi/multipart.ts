/** Just enough multipart/form-data for node-sdk's form-data requests: name → bytes per part. */
export interface FormPart {
  name: string;
  data: Buffer;
  filename?: string;
  contentType?: string;
}

export function parseMultipart(body: Buffer, contentType: string): Map<string, FormPart> {
  const m = /boundary=(?:"([^"]+)"|([^;]+))/i.exec(contentType);
  if (!m) throw new Error('multipart: no boundary in content-type');
  const delimiter = Buffer.from(`--${m[1] ?? m[2]}`);
  const parts = new Map<string, FormPart>();
  let pos = body.indexOf(delimiter);
  while (pos >= 0) {
    let start = pos + delimiter.length;
    if (body.subarray(start, start + 2).toString() === '--') break; // closing delimiter
    start += 2; // CRLF after the delimiter
    const next = body.indexOf(delimiter, start);
    if (next < 0) break;
    const part = body.subarray(start, next - 2); // minus the CRLF before the next delimiter
    const headerEnd = part.indexOf('\r\n\r\n');
    if (headerEnd >= 0) {
      const headers = part.subarray(0, headerEnd).toString('utf8');
      const name = /name="([^"]*)"/i.exec(headers)?.[1];
      if (name !== undefined) {
        const filename = /filename="([^"]*)"/i.exec(headers)?.[1];
        const type = /^content-type:\s*(.+)$/im.exec(headers)?.[1]?.trim();
        parts.set(name, {
          name,
          data: Buffer.from(part.subarray(headerEnd + 4)),
          ...(filename !== undefined ? { filename } : {}),
          ...(type ? { contentType: type } : {}),
        });
      }
    }
    pos = next;
  }
  return parts;
}
