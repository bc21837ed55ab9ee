/**
 * Update semantics come from mingo's updater ($set $inc $mul $unset $push{$each,$position,$slice,
 * $sort} $pull $pullAll $addToSet $pop $min $max $rename, dot paths). Cached documents are
 * immutable, so an update works on a deep copy and the caller swaps it in.
 */
import { update as mingoUpdate } from 'mingo';
import type { Modifier } from 'mingo/types/updater';
import { DbError } from './errors';
import { cloneDoc, type Doc } from './ejson';
import { MINGO_OPTIONS } from './query';

const UPDATE_OPERATORS = new Set([
  '$set', '$inc', '$mul', '$unset', '$push', '$pull', '$pullAll', '$addToSet', '$pop', '$min', '$max',
  '$rename', '$currentDate', '$bit',
]);

/**
 * The SDK turns every plain field of `update()` into `$set`, so `merge:true` data is all
 * operators; a stray plain field is treated as `$set` rather than rejected.
 */
export function normalizeModifier(data: Doc): Modifier<Doc> {
  const modifier: Record<string, Doc> = {};
  for (const [key, value] of Object.entries(data)) {
    if (key.startsWith('$')) {
      if (!UPDATE_OPERATORS.has(key)) throw new DbError('DATABASE_INVALID_OPERRATOR', `unknown update operator ${key}`);
      if (!value || typeof value !== 'object') throw new DbError('DATABASE_INVALID_OPERRATOR', `${key} needs an object`);
      modifier[key] = { ...(modifier[key] ?? {}), ...(value as Doc) };
    } else {
      modifier.$set = { ...(modifier.$set ?? {}), [key]: value };
    }
  }
  for (const [op, fields] of Object.entries(modifier)) {
    if ('_id' in fields || (op === '$rename' && Object.values(fields).includes('_id'))) {
      throw new DbError('INVALID_PARAM', '不能更新_id的值');
    }
  }
  return modifier as Modifier<Doc>;
}

/** Applies operators to a copy; `changed` is false when the document came out the same. */
export function applyModifier(doc: Doc, modifier: Modifier<Doc>): { doc: Doc; changed: boolean } {
  const next = cloneDoc(doc);
  let changedFields: string[];
  try {
    changedFields = mingoUpdate(next, modifier, undefined, undefined, { cloneMode: 'deep', queryOptions: MINGO_OPTIONS });
  } catch (err) {
    throw new DbError('DATABASE_INVALID_OPERRATOR', `invalid update: ${(err as Error).message}`);
  }
  return { doc: next, changed: changedFields.length > 0 };
}

/** `set()` (merge:false): the new document is the data, with the old `_id`. */
export function replaceDoc(id: unknown, data: Doc): Doc {
  for (const key of Object.keys(data)) {
    if (key.startsWith('$')) throw new DbError('DATABASE_INVALID_OPERRATOR', `set() data cannot hold operator ${key}`);
  }
  const { _id: _ignored, ...rest } = data;
  return { _id: id, ...cloneDoc(rest) };
}

/**
 * The fields a filter fixes by plain equality: the start of an upserted document
 * (MongoDB semantics for upsert with operators).
 */
export function equalityFields(filter: Doc): Doc {
  const out: Doc = {};
  for (const [key, value] of Object.entries(filter)) {
    if (key.startsWith('$')) continue;
    if (value && typeof value === 'object' && !(value instanceof Date) && !(value instanceof RegExp) && !Array.isArray(value)) {
      const ops = value as Doc;
      if (Object.keys(ops).length === 1 && '$eq' in ops) out[key] = ops.$eq;
      else if (!Object.keys(ops).some((k) => k.startsWith('$'))) out[key] = value;
    } else {
      out[key] = value;
    }
  }
  return out;
}
