/**
 * Declared `unique: true` indexes are enforced like CloudBase does (duplicate key error on the
 * write). Missing fields count as null, as in MongoDB. Checking scans the collection; unique
 * indexes are declared only on small collections (e.g. invites).
 */
import type { IndexSpec } from '../config';
import { duplicateKey } from './errors';
import { encodeForResponse, type Doc } from './ejson';
import type { CollectionView } from './query';
import { docKey, type CommittedWrite } from './collections';

function valueAt(doc: Doc, path: string): unknown {
  let cur: unknown = doc;
  for (const part of path.split('.')) {
    if (cur === null || typeof cur !== 'object') return null;
    cur = (cur as Doc)[part];
  }
  return cur === undefined ? null : cur;
}

function keyOf(doc: Doc, index: IndexSpec): string {
  return encodeForResponse(index.keys.map(([field]) => valueAt(doc, field)));
}

/** Throws the duplicate key error when `writes` would break a unique index of the collection. */
export function checkUnique(view: CollectionView, indexes: IndexSpec[], writes: CommittedWrite[]): void {
  const unique = indexes.filter((i) => i.unique);
  if (!unique.length) return;
  const puts = writes.filter((w) => w.doc);
  if (!puts.length) return;
  const touched = new Set(writes.map((w) => w.key));
  for (const index of unique) {
    const seen = new Map<string, string>();
    for (const doc of view.all()) {
      const key = docKey(doc._id);
      if (!touched.has(key)) seen.set(keyOf(doc, index), key);
    }
    for (const w of puts) {
      const k = keyOf(w.doc as Doc, index);
      if (seen.has(k)) throw duplicateKey(view.name, index.name, `{ ${index.keys.map(([f]) => f).join(', ')}: ${k} }`);
      seen.set(k, w.key);
    }
  }
}
