/**
 * EJSON at the edges of the database. The SDK sends strict EJSON strings ($numberInt, $date,
 * $regularExpression…); documents live in memory as plain JS values (number, Date, RegExp) so that
 * mingo can evaluate them, and are stored in SQLite as canonical EJSON text so that dates and
 * doubles vs ints survive a restart. Responses are relaxed EJSON strings: the SDK EJSON.parses each
 * list item, so `{"$date": …}` comes back to the caller as a Date.
 */
import { BSONRegExp, EJSON, Long, Int32, Double, Decimal128 } from 'bson';

export type Doc = Record<string, unknown>;

/** Parses one EJSON string (or already-parsed JSON value) into plain JS values. */
export function decodeEjson(value: unknown): unknown {
  const json = typeof value === 'string' ? (JSON.parse(value) as unknown) : value;
  if (json === undefined || json === null || typeof json !== 'object') return json;
  return toPlain(EJSON.deserialize(sanitizeRegexOptions(json) as Doc, { relaxed: true }));
}

/**
 * The SDK encodes a JS RegExp with all its flags (`/x/g` → options "g"), which bson refuses to
 * parse. MongoDB ignores such flags, so they are dropped here.
 */
function sanitizeRegexOptions(value: unknown): unknown {
  if (value === null || typeof value !== 'object') return value;
  if (Array.isArray(value)) return value.map(sanitizeRegexOptions);
  const obj = value as Doc;
  const re = obj.$regularExpression as { pattern?: unknown; options?: unknown } | undefined;
  if (re && typeof re === 'object' && typeof re.options === 'string') {
    return { $regularExpression: { pattern: re.pattern, options: re.options.replace(/[^imsux]/g, '') } };
  }
  const out: Doc = {};
  for (const [k, v] of Object.entries(obj)) out[k] = sanitizeRegexOptions(v);
  return out;
}

/** Decodes a value that must be a document (query, update, stage). */
export function decodeDoc(value: unknown): Doc {
  const decoded = decodeEjson(value);
  if (decoded === undefined || decoded === null || decoded === '') return {};
  if (typeof decoded !== 'object' || Array.isArray(decoded)) throw new TypeError('expected an EJSON object');
  return decoded as Doc;
}

/** Response list item: relaxed EJSON text (dates as {"$date":"…"}, regex as $regularExpression). */
export function encodeForResponse(doc: unknown): string {
  return EJSON.stringify(toBson(doc), { relaxed: true });
}

/** Storage form: canonical EJSON keeps int/double/date/regex exact across restarts. */
export function encodeForStorage(doc: Doc): string {
  return EJSON.stringify(toBson(doc), { relaxed: false });
}

export function decodeStored(text: string): Doc {
  return toPlain(EJSON.parse(text, { relaxed: false })) as Doc;
}

/**
 * BSON wrapper classes → JS values mingo understands. JS RegExp has no `x` flag; it is dropped
 * (the SDK never sends it for JS RegExp, only a hand-written db.RegExp could).
 */
function toPlain(value: unknown): unknown {
  if (value === null || typeof value !== 'object') return value;
  if (value instanceof Date) return value;
  if (value instanceof BSONRegExp) return new RegExp(value.pattern, value.options.replace(/[^imsu]/g, ''));
  if (value instanceof RegExp) return value;
  if (value instanceof Int32 || value instanceof Double) return value.valueOf();
  if (value instanceof Long) return value.toNumber();
  if (value instanceof Decimal128) return Number(value.toString());
  if (Array.isArray(value)) return value.map(toPlain);
  const out: Doc = {};
  for (const [k, v] of Object.entries(value as Doc)) out[k] = toPlain(v);
  return out;
}

/** JS RegExp flags BSON rejects (g, y, d) are dropped before serializing. */
function toBson(value: unknown): unknown {
  if (value === null || typeof value !== 'object') return value;
  if (value instanceof Date) return value;
  if (value instanceof RegExp) return new BSONRegExp(value.source, value.flags.replace(/[^imsu]/g, ''));
  if (Array.isArray(value)) return value.map(toBson);
  const out: Doc = {};
  for (const [k, v] of Object.entries(value as Doc)) if (v !== undefined) out[k] = toBson(v);
  return out;
}

/** A deep copy that keeps Date and RegExp instances (structuredClone keeps both, but is slower). */
export function cloneDoc<T>(value: T): T {
  if (value === null || typeof value !== 'object') return value;
  if (value instanceof Date) return new Date(value.getTime()) as T;
  if (value instanceof RegExp) return new RegExp(value.source, value.flags) as T;
  if (Array.isArray(value)) return value.map(cloneDoc) as T;
  const out: Doc = {};
  for (const [k, v] of Object.entries(value as Doc)) out[k] = cloneDoc(v);
  return out as T;
}
