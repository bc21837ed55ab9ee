/**
 * Aggregation through mingo's Aggregator. The SDK sends `stages: [{stageKey:'$match',
 * stageValue:'<EJSON>'}]`; `$lookup` arrives as plain MongoDB `{from, localField, foreignField,
 * as}` (or `{from, let, pipeline, as}`) and is resolved against the other collections.
 * Like CloudBase, a pipeline without `$limit` returns at most 20 documents.
 */
import { Aggregator } from 'mingo';
import { DbError } from './errors';
import { cloneDoc, decodeEjson, type Doc } from './ejson';
import { matchDocs, MINGO_OPTIONS, resolveServerDates, type CollectionView } from './query';

export const AGGREGATE_DEFAULT_LIMIT = 20;

export function decodeStages(stages: unknown, nowMs: number): Doc[] {
  if (!Array.isArray(stages)) throw new DbError('INVALID_PARAM', 'stages must be an array');
  return stages.map((stage) => {
    const { stageKey, stageValue } = (stage ?? {}) as { stageKey?: unknown; stageValue?: unknown };
    if (typeof stageKey !== 'string' || !stageKey.startsWith('$')) throw new DbError('INVALID_PARAM', 'stageKey must be a $ stage name');
    return { [stageKey]: resolveServerDates(decodeEjson(stageValue), nowMs) };
  });
}

/**
 * Stages that only read their input: mingo builds new documents for their output and never
 * writes into the documents it is given. Other stages ($project, $unwind, $addFields…) may change
 * their input in place, so they must run on copies of the shared cached documents.
 */
const READ_ONLY_STAGES = new Set(['$match', '$group', '$sort', '$limit', '$skip', '$count', '$sortByCount', '$lookup']);

function readOnly(pipeline: Doc[]): boolean {
  return pipeline.every((stage) =>
    Object.entries(stage).every(([name, value]) => {
      if (!READ_ONLY_STAGES.has(name)) return false;
      const sub = name === '$lookup' ? (value as { pipeline?: unknown }).pipeline : undefined;
      return !Array.isArray(sub) || readOnly(sub as Doc[]);
    }),
  );
}

/**
 * Runs the pipeline. A leading $match is evaluated here with the `_id` fast path, on the cached
 * documents; the rest runs on them directly when every stage only reads, else on copies.
 */
export function runPipeline(view: CollectionView, pipeline: Doc[], resolve: (collection: string) => Doc[]): Doc[] {
  const first = pipeline[0]?.$match;
  const leadingMatch = first !== null && typeof first === 'object';
  const input = leadingMatch ? matchDocs(view, first as Doc) : view.all();
  let rest = leadingMatch ? pipeline.slice(1) : pipeline;
  if (!pipeline.some((stage) => '$limit' in stage)) rest = [...rest, { $limit: AGGREGATE_DEFAULT_LIMIT }];
  // Copying a whole collection for each $lookup costs more than the query itself; skip it when safe.
  // (a shallow array copy still keeps a stage that reorders its input away from the cache's arrays)
  const copy = readOnly(rest) ? (docs: Doc[]) => docs.slice() : (docs: Doc[]) => docs.map(cloneDoc);
  try {
    const aggregator = new Aggregator(rest, {
      ...MINGO_OPTIONS,
      collectionResolver: (name: string) => copy(resolve(name)),
    });
    // results may share objects with the cache: they are only serialized, never changed
    return aggregator.run(copy(input));
  } catch (err) {
    if (err instanceof DbError) throw err;
    throw new DbError('DATABASE_INVALID_OPERRATOR', `aggregate failed: ${(err as Error).message}`);
  }
}
