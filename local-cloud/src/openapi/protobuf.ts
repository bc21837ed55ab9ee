/**
 * The two protobuf messages of wx.openApi, by hand: the schema is tiny and fixed
 * (wx-server-sdk src/protobuf/openapi.js), so a reader for the fields we need beats a codegen step.
 *
 *   CommApiData     { 1 apiType: int32, 2 openapiData: OpenApiData, 6 appid: string, … }
 *   OpenApiData     { 1 pairs: repeated KeyValuePair }
 *   KeyValuePair    { 1 key: string, 2 value: bytes, 3 contenttype: string, 4 filename: string }
 *   CommOpenApiResp { 1 respData: bytes, 2 contentType: string, 3 errorCode: int32, … }
 */

export interface KeyValuePair {
  key: string;
  value: Buffer;
  contentType?: string;
  filename?: string;
}

export interface CommApiData {
  apiType: number;
  pairs: KeyValuePair[];
  appid?: string;
}

type Field = { no: number; wire: 0; value: number } | { no: number; wire: 2; value: Buffer };

/** Reads the top-level fields of one message; fixed-width fields are skipped. */
function* fields(buf: Buffer): Generator<Field> {
  let pos = 0;
  const varint = (): number => {
    let result = 0;
    let shift = 0;
    for (;;) {
      if (pos >= buf.length) throw new Error('protobuf: truncated varint');
      const byte = buf[pos++];
      result += (byte & 0x7f) * 2 ** shift;
      if (byte < 0x80) return result;
      shift += 7;
      if (shift > 63) throw new Error('protobuf: varint too long');
    }
  };
  while (pos < buf.length) {
    const tag = varint();
    const no = Math.floor(tag / 8);
    const wire = tag & 7;
    if (wire === 0) yield { no, wire, value: varint() };
    else if (wire === 2) {
      const len = varint();
      if (pos + len > buf.length) throw new Error('protobuf: truncated field');
      yield { no, wire, value: buf.subarray(pos, pos + len) };
      pos += len;
    } else if (wire === 1) pos += 8;
    else if (wire === 5) pos += 4;
    else throw new Error(`protobuf: unsupported wire type ${wire}`);
  }
}

function decodePair(buf: Buffer): KeyValuePair {
  const pair: KeyValuePair = { key: '', value: Buffer.alloc(0) };
  for (const f of fields(buf)) {
    if (f.wire !== 2) continue;
    if (f.no === 1) pair.key = f.value.toString('utf8');
    else if (f.no === 2) pair.value = Buffer.from(f.value);
    else if (f.no === 3) pair.contentType = f.value.toString('utf8');
    else if (f.no === 4) pair.filename = f.value.toString('utf8');
  }
  return pair;
}

export function decodeCommApiData(buf: Buffer): CommApiData {
  const out: CommApiData = { apiType: 0, pairs: [] };
  for (const f of fields(buf)) {
    if (f.no === 1 && f.wire === 0) out.apiType = f.value;
    else if (f.no === 2 && f.wire === 2) {
      for (const p of fields(f.value)) if (p.no === 1 && p.wire === 2) out.pairs.push(decodePair(p.value));
    } else if (f.no === 6 && f.wire === 2) out.appid = f.value.toString('utf8');
  }
  return out;
}

function encodeVarint(n: number): Buffer {
  const bytes: number[] = [];
  let v = n;
  while (v >= 0x80) {
    bytes.push((v % 0x80) | 0x80);
    v = Math.floor(v / 0x80);
  }
  bytes.push(v);
  return Buffer.from(bytes);
}

function lengthDelimited(no: number, value: Buffer): Buffer {
  return Buffer.concat([encodeVarint(no * 8 + 2), encodeVarint(value.length), value]);
}

export function encodeCommOpenApiResp(resp: { respData: Buffer; contentType: string }): Buffer {
  return Buffer.concat([lengthDelimited(1, resp.respData), lengthDelimited(2, Buffer.from(resp.contentType, 'utf8'))]);
}
