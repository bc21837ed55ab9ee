/**
 * One method per `database.*` action: decode the SDK's fields, evaluate, write, answer in
 * CloudBase's shape. Everything here is synchronous on purpose (atomic read-modify-write).
 */
import type { Collections, CommittedWrite } from './collections';
import { docKey, newId } from './collections';
import { runPipeline, decodeStages } from './aggregate';
import { decodeDoc, decodeEjson, encodeForResponse, type Doc } from './ejson';
import { DbError, duplicateKey } from './errors';
import { analyzeFilter } from './index-usage';
import { findDocs, idOf, matchDocs, parseOrder, resolveServerDates, type CollectionView } from './query';
import type { Transactions } from './transactions';
import { checkUnique } from './unique';
import { applyModifier, equalityFields, normalizeModifier, replaceDoc } from './update';

type Body = Record<string, unknown>;

export interface RequestContext {
  view(collection: string): CollectionView;
  write(writes: CommittedWrite[]): void;
}

export interface HandlerDeps {
  collections: Collections;
  transactions: Transactions;
  nowMs(): number;
  unindexed(collection: string, fields: string[]): void;
}

export class RequestHandlers {
  constructor(private readonly deps: HandlerDeps) {}

  insert(body: Body, ctx: RequestContext): Body {
    const collection = collectionName(body);
    const view = ctx.view(collection);
    const raw = Array.isArray(body.data) ? body.data : [body.data];
    const now = this.deps.nowMs();
    const writes: CommittedWrite[] = [];
    const batch = new Set<string>();
    for (const item of raw) {
      const doc = resolveServerDates(decodeDoc(item), now) as Doc;
      if (doc._id === undefined || doc._id === null) doc._id = newId();
      const key = docKey(doc._id);
      if (view.get(key) || batch.has(key)) throw duplicateKey(collection, '_id_', `{ _id: ${JSON.stringify(doc._id)} }`);
      batch.add(key);
      writes.push({ collection, key, doc: { _id: doc._id, ...doc } });
    }
    checkUnique(view, this.deps.collections.indexes(collection), writes);
    ctx.write(writes);
    return { data: { insertedIds: writes.map((w) => (w.doc as Doc)._id) } };
  }

  get(body: Body, ctx: RequestContext): Body {
    const collection = collectionName(body);
    const view = ctx.view(collection);
    const filter = this.filter(body, collection);
    const projection = body.projection === undefined ? undefined : decodeDoc(body.projection);
    const isDoc = body.queryType === 'DOC';
    const docs = findDocs(view, filter, {
      order: isDoc ? undefined : parseOrder(decodeEjson(body.order)),
      offset: isDoc ? 0 : numberField(body.offset),
      limit: isDoc ? 1 : numberField(body.limit),
      projection,
    });
    return { data: { list: docs.map(encodeForResponse) } };
  }

  count(body: Body, ctx: RequestContext): Body {
    const collection = collectionName(body);
    const view = ctx.view(collection);
    return { data: { total: matchDocs(view, this.filter(body, collection)).length } };
  }

  modify(body: Body, ctx: RequestContext): Body {
    const { updated, upsertId } = this.applyModify(body, ctx);
    return { data: upsertId === undefined ? { updated } : { updated, upsert_id: upsertId } };
  }

  /** `updateAndReturn()`: the first matching document, after the update. */
  modifyAndReturn(body: Body, ctx: RequestContext): Body {
    const { updated, docs } = this.applyModify({ ...body, multi: false, merge: true, upsert: false }, ctx);
    return { data: { updated, doc: docs[0] ? encodeForResponse(docs[0]) : null } };
  }

  remove(body: Body, ctx: RequestContext): Body {
    const collection = collectionName(body);
    const view = ctx.view(collection);
    const matched = this.targets(view, this.filter(body, collection), body);
    ctx.write(matched.map((doc) => ({ collection, key: docKey(doc._id), doc: null })));
    return { data: { deleted: matched.length } };
  }

  aggregate(body: Body, ctx: RequestContext): Body {
    const collection = collectionName(body);
    const view = ctx.view(collection);
    const pipeline = decodeStages(body.stages, this.deps.nowMs());
    const match = pipeline[0]?.$match;
    if (match && typeof match === 'object') this.noteIndexUse(collection, match as Doc);
    const out = runPipeline(view, pipeline, (name) => (this.deps.collections.exists(name) ? ctx.view(name).all() : []));
    return { data: { list: out.map(encodeForResponse) } };
  }

  addCollection(body: Body): Body {
    const name = collectionName(body);
    if (!/^[A-Za-z0-9_-]{1,64}$/.test(name)) throw new DbError('INVALID_PARAM', `invalid collection name ${name}`);
    if (!this.deps.collections.create(name)) {
      throw new DbError('DATABASE_COLLECTION_ALREADY_EXIST', `[ResourceInUse] Table exist: ${name}`);
    }
    return {};
  }

  private applyModify(body: Body, ctx: RequestContext): { updated: number; upsertId?: unknown; docs: Doc[] } {
    const collection = collectionName(body);
    const view = ctx.view(collection);
    const filter = this.filter(body, collection);
    const data = resolveServerDates(decodeDoc(body.data), this.deps.nowMs()) as Doc;
    const merge = body.merge !== false;
    const modifier = merge ? normalizeModifier(data) : undefined;
    const matched = this.targets(view, filter, body);

    const writes: CommittedWrite[] = [];
    const docs: Doc[] = [];
    for (const doc of matched) {
      if (modifier) {
        const next = applyModifier(doc, modifier);
        docs.push(next.doc);
        if (next.changed) writes.push({ collection, key: docKey(doc._id), doc: next.doc });
      } else {
        const next = replaceDoc(doc._id, data);
        docs.push(next);
        writes.push({ collection, key: docKey(doc._id), doc: next });
      }
    }

    let upsertId: unknown;
    if (!matched.length && body.upsert === true) {
      upsertId = idOf(filter) ?? newId();
      const start: Doc = { _id: upsertId };
      const doc = modifier ? applyModifier(start, { ...modifier, $set: { ...equalityFields(filter), ...(modifier.$set ?? {}), _id: upsertId } }).doc : replaceDoc(upsertId, data);
      writes.push({ collection, key: docKey(upsertId), doc });
      docs.push(doc);
    }
    checkUnique(view, this.deps.collections.indexes(collection), writes);
    ctx.write(writes);
    const updated = upsertId === undefined ? writes.length : 0;
    return upsertId === undefined ? { updated, docs } : { updated, upsertId, docs };
  }

  /** DOC requests and `multi:false` touch at most one document. */
  private targets(view: CollectionView, filter: Doc, body: Body): Doc[] {
    const matched = matchDocs(view, filter);
    const single = body.queryType === 'DOC' || body.multi === false;
    return single ? matched.slice(0, 1) : matched;
  }

  private filter(body: Body, collection: string): Doc {
    const filter = resolveServerDates(decodeDoc(body.query), this.deps.nowMs()) as Doc;
    if (body.queryType === 'DOC') {
      if (idOf(filter) === undefined) throw new DbError('INVALID_PARAM', 'a DOC query needs an _id');
    } else {
      this.noteIndexUse(collection, filter);
    }
    return filter;
  }

  private noteIndexUse(collection: string, filter: Doc): void {
    const shape = analyzeFilter(filter, this.deps.collections.indexes(collection));
    if (!shape.served && shape.fields.size > 0) this.deps.unindexed(collection, [...shape.fields]);
  }
}

function collectionName(body: Body): string {
  const name = body.collectionName;
  if (typeof name !== 'string' || !name) throw new DbError('INVALID_PARAM', 'collectionName is required');
  return name;
}

function numberField(value: unknown): number | undefined {
  const decoded = typeof value === 'string' ? decodeEjson(value) : value;
  return typeof decoded === 'number' && Number.isFinite(decoded) ? decoded : undefined;
}
