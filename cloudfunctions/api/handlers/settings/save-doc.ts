/**
 * Creating or updating one settings document. A create's id comes from the caller and requestId
 * (core/ids writeId), so a retried create finds its first document instead of making a second; the
 * same requestId sent with another payload is refused. An update replaces the editable fields as
 * the form posts them: nested objects are set whole (the SDK would otherwise merge them field by
 * field, keeping a removed exception) and optional fields left out are removed.
 */
import { fail } from '../../../core/errors';
import { writeId } from '../../../core/ids';
import type { HandlerContext } from '../../context';
import type { Stored } from './load';

export interface SaveTarget<T extends { id: string }> {
  collection: string;
  /** id prefix of created documents */
  prefix: string;
  propertyId: string;
  /** the document being updated (already loaded and checked to be the property's), or undefined to create */
  existing: Stored<T> | undefined;
  /** documents of the collection already loaded for the property: a retried create is among them */
  loaded: readonly Stored<T>[];
  /** every editable field, optional ones as undefined when absent */
  fields: Record<string, unknown>;
  /** the optional fields an update clears when absent */
  optional: readonly string[];
}

/** Writes the document and answers it as saved, without the database's fields. */
export async function saveDoc<T extends { id: string }>(ctx: HandlerContext, target: SaveTarget<T>): Promise<T> {
  const { db } = ctx;
  const _ = db.command;
  const at = ctx.clock.now().toISOString();
  const present = Object.fromEntries(Object.entries(target.fields).filter(([, v]) => v !== undefined));

  if (target.existing) {
    const id = target.existing.id;
    const data: Record<string, unknown> = { updatedAt: at, updatedBy: ctx.openid };
    for (const [k, v] of Object.entries(present)) data[k] = v && typeof v === 'object' && !Array.isArray(v) ? _.set(v) : v;
    for (const k of target.optional) if (target.fields[k] === undefined && k in target.existing) data[k] = _.remove();
    const updated = await db.updateWhere(target.collection, { _id: id, propertyId: target.propertyId }, data);
    // a concurrent remove between the read and this write
    if (updated === 0 && !(await db.get(target.collection, id))) return fail('NOT_FOUND', '要修改的设置已被删除', { 'payload.id': 'not found' });
    const kept = Object.fromEntries(Object.entries(target.existing).filter(([k]) => !target.optional.includes(k) || target.fields[k] !== undefined));
    return domainOf<T>({ ...kept, ...present, updatedAt: at } as Stored<T>);
  }

  const id = createdId(ctx, target.prefix);
  const retried = target.loaded.find((d) => d._id === id);
  if (retried) return firstResult(ctx, retried);
  const doc = {
    _id: id,
    id,
    propertyId: target.propertyId,
    ...present,
    createdAt: at,
    updatedAt: at,
    createdBy: ctx.openid,
    ...(ctx.requestFingerprint ? { requestFingerprint: ctx.requestFingerprint } : {}),
  };
  try {
    await db.insert(target.collection, doc);
  } catch (err) {
    // the same create racing itself (a retry sent before the first answer): the first one stands
    const first = ctx.requestId ? await db.get<Stored<T>>(target.collection, id) : undefined;
    if (!first) throw err;
    return firstResult(ctx, first);
  }
  return domainOf<T>(doc as unknown as Stored<T>);
}

/** The id a create gets: from the caller and requestId, so its retry lands on the same document. */
export const createdId = (ctx: HandlerContext, prefix: string): string => writeId(prefix, ctx.openid, ctx.requestId);

function firstResult<T extends { id: string }>(ctx: HandlerContext, first: Stored<T>): T {
  if (first.requestFingerprint !== ctx.requestFingerprint) return fail('CONFLICT', '请求编号已用于另一个请求', { requestId: 'already used for another request' });
  return domainOf(first);
}

/** The stored document without the database's bookkeeping. */
const BOOKKEEPING = new Set(['_id', 'createdAt', 'updatedAt', 'createdBy', 'updatedBy', 'requestFingerprint']);

export function domainOf<T>(doc: Stored<T> | (T & Record<string, unknown>)): T {
  return Object.fromEntries(Object.entries(doc as Record<string, unknown>).filter(([k]) => !BOOKKEEPING.has(k))) as T;
}
