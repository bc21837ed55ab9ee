/**
 * Which filters a declared index serves, so local-cloud can report (GET /_local/stats) queries
 * that would be collection scans in CloudBase. A filter is served when it pins `_id`, or when its
 * equality fields (plain value, $eq or $in) cover a prefix of some declared index's keys (at least
 * the first key). `$or` is served when every branch is; `$and` pools its branches' equalities.
 */
import type { IndexSpec } from '../config';
import type { Doc } from './ejson';

export interface FilterShape {
  /** every field the filter mentions (dot paths) */
  fields: Set<string>;
  served: boolean;
}

export function analyzeFilter(filter: Doc, indexes: IndexSpec[]): FilterShape {
  const fields = new Set<string>();
  collectFields(filter, fields);
  return { fields, served: isServed(filter, indexes) };
}

function isPlainValue(value: unknown): boolean {
  if (value === null || typeof value !== 'object' || value instanceof Date || value instanceof RegExp || Array.isArray(value)) return true;
  return !Object.keys(value as Doc).some((k) => k.startsWith('$'));
}

function equalities(filter: Doc, out: Set<string>): void {
  for (const [key, value] of Object.entries(filter)) {
    if (key === '$and' && Array.isArray(value)) {
      for (const branch of value) if (branch && typeof branch === 'object') equalities(branch as Doc, out);
      continue;
    }
    if (key.startsWith('$')) continue;
    if (isPlainValue(value)) out.add(key);
    else if ('$eq' in (value as Doc) || '$in' in (value as Doc)) out.add(key);
  }
}

const RANGE = ['$lt', '$lte', '$gt', '$gte'];

/** Fields bounded by a range ({ $lte: t }): an index whose first key is one of them serves the scan of that range. */
function ranges(filter: Doc, out: Set<string>): void {
  for (const [key, value] of Object.entries(filter)) {
    if (key === '$and' && Array.isArray(value)) {
      for (const branch of value) if (branch && typeof branch === 'object') ranges(branch as Doc, out);
      continue;
    }
    if (key.startsWith('$') || isPlainValue(value)) continue;
    if (RANGE.some((op) => op in (value as Doc))) out.add(key);
  }
}

function isServed(filter: Doc, indexes: IndexSpec[]): boolean {
  const eq = new Set<string>();
  equalities(filter, eq);
  if (eq.has('_id')) return true;
  if (indexes.some((index) => index.keys.length > 0 && eq.has(index.keys[0][0]))) return true;
  const bounded = new Set<string>();
  ranges(filter, bounded);
  if (indexes.some((index) => index.keys.length > 0 && bounded.has(index.keys[0][0]))) return true;
  const or = filter.$or;
  if (Array.isArray(or) && or.length > 0) {
    // Each branch may use the top-level equalities too.
    const shared: Doc = {};
    for (const [k, v] of Object.entries(filter)) if (k !== '$or') shared[k] = v;
    return or.every((branch) => branch && typeof branch === 'object' && isServed({ ...shared, ...(branch as Doc) }, indexes));
  }
  return false;
}

function collectFields(filter: unknown, out: Set<string>, prefix = ''): void {
  if (!filter || typeof filter !== 'object' || Array.isArray(filter)) return;
  for (const [key, value] of Object.entries(filter as Doc)) {
    if (key === '$and' || key === '$or' || key === '$nor') {
      if (Array.isArray(value)) for (const branch of value) collectFields(branch, out, prefix);
    } else if (!key.startsWith('$')) {
      out.add(prefix + key);
    }
  }
}
