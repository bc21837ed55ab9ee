/**
 * Query semantics come from mingo (MongoDB semantics); this file only adapts the SDK's request
 * fields (query/order/offset/limit/projection) to it and adds the _id fast path.
 */
import { Query } from 'mingo';
import type { Options } from 'mingo/types/types';
import { DbError } from './errors';
import type { Doc } from './ejson';
import { docKey } from './collections';

/** Read access to one collection as some reader sees it (committed, or inside a transaction). */
export interface CollectionView {
  readonly name: string;
  get(key: string): Doc | undefined;
  /** all documents in natural (insertion) order */
  all(): Doc[];
}

/** No $where/$function from request data. */
export const MINGO_OPTIONS: Partial<Options> = { scriptEnabled: false };

export const DEFAULT_LIMIT = 100;
export const MAX_LIMIT = 1000;

/** `{"$tcb_server_date":{"offset":n}}` (db.serverDate()) → the local-cloud clock + n ms. */
export function resolveServerDates(value: unknown, nowMs: number): unknown {
  if (value === null || typeof value !== 'object' || value instanceof Date || value instanceof RegExp) return value;
  if (Array.isArray(value)) return value.map((v) => resolveServerDates(v, nowMs));
  const obj = value as Doc;
  const marker = obj.$tcb_server_date as { offset?: unknown } | undefined;
  if (marker && typeof marker === 'object' && Object.keys(obj).length === 1) {
    return new Date(nowMs + (typeof marker.offset === 'number' ? marker.offset : 0));
  }
  const out: Doc = {};
  for (const [k, v] of Object.entries(obj)) out[k] = resolveServerDates(v, nowMs);
  return out;
}

/** The id a filter pins down with plain equality on `_id`, if any. */
export function idOf(filter: Doc): string | number | undefined {
  const id = filter._id;
  if (typeof id === 'string' || typeof id === 'number') return id;
  if (id && typeof id === 'object' && !Array.isArray(id)) {
    const eq = (id as Doc).$eq;
    if (Object.keys(id).length === 1 && (typeof eq === 'string' || typeof eq === 'number')) return eq;
  }
  return undefined;
}

export function compileFilter(filter: Doc): Query {
  try {
    return new Query(filter, MINGO_OPTIONS);
  } catch (err) {
    throw new DbError('DATABASE_INVALID_OPERRATOR', `invalid query: ${(err as Error).message}`);
  }
}

/** Matching documents in natural order: O(1) for an _id equality, a scan otherwise. */
export function matchDocs(view: CollectionView, filter: Doc): Doc[] {
  const query = compileFilter(filter);
  const id = idOf(filter);
  if (id !== undefined) {
    const doc = view.get(docKey(id));
    return doc && query.test(doc) ? [doc] : [];
  }
  if (!Object.keys(filter).length) return view.all();
  return view.all().filter((doc) => query.test(doc));
}

export interface FindOptions {
  order?: Record<string, 1 | -1>;
  offset?: number;
  limit?: number;
  projection?: Doc;
}

export function findDocs(view: CollectionView, filter: Doc, opts: FindOptions): Doc[] {
  const matched = matchDocs(view, filter);
  const offset = Math.max(0, Math.floor(opts.offset ?? 0));
  const limit = Math.min(MAX_LIMIT, Math.max(1, Math.floor(opts.limit ?? DEFAULT_LIMIT)));
  const hasOrder = opts.order && Object.keys(opts.order).length > 0;
  const hasProjection = opts.projection && Object.keys(opts.projection).length > 0;
  if (!hasOrder && !hasProjection) return matched.slice(offset, offset + limit);
  try {
    // mingo sorts by BSON type order and applies the projection after sort/skip/limit.
    let cursor = new Query({}, MINGO_OPTIONS).find<Doc>(matched, hasProjection ? opts.projection : undefined);
    if (hasOrder) cursor = cursor.sort(opts.order ?? {});
    return cursor.skip(offset).limit(limit).all();
  } catch (err) {
    throw new DbError('DATABASE_INVALID_OPERRATOR', `invalid order or projection: ${(err as Error).message}`);
  }
}

/** `order` arrives as EJSON `{"a":1,"b":-1}`; older SDKs sent [{field,direction}]. */
export function parseOrder(decoded: unknown): Record<string, 1 | -1> | undefined {
  if (!decoded || typeof decoded !== 'object') return undefined;
  const out: Record<string, 1 | -1> = {};
  if (Array.isArray(decoded)) {
    for (const item of decoded as Doc[]) {
      const field = item.field ?? item.key;
      if (typeof field === 'string') out[field] = item.direction === 'desc' || item.direction === -1 ? -1 : 1;
    }
    return out;
  }
  for (const [field, dir] of Object.entries(decoded as Doc)) out[field] = dir === -1 || dir === 'desc' ? -1 : 1;
  return out;
}
