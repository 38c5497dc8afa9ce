/**
 * Aggregation pipelines (mingo), with the cloud's default of 20 results when the pipeline sets no $limit, a
 * leading $match answered through the planner (indexes), $lookup resolved against local collections, and
 * stages that would behave differently from the cloud rejected explicitly.
 */
import { Aggregator } from 'mingo/aggregator'
import { ProcessingMode } from 'mingo/core'
import { cloneValue, type Doc } from './codec'
import { CloudError, unsupportedLocally } from './errors'
import { findDocs } from './query/find'
import { MINGO_OPTIONS, rejectUnsupported } from './query/matcher'
import type { Engine } from './store/engine'

export const DEFAULT_AGGREGATE_LIMIT = 20

const REJECTED_STAGES: Record<string, string> = {
  $out: 'the $out stage',
  $merge: 'the $merge stage',
  $geoNear: 'the $geoNear stage (geo queries)',
  $collStats: 'the $collStats stage',
  $indexStats: 'the $indexStats stage',
  $currentOp: 'the $currentOp stage',
  $listSessions: 'the $listSessions stage',
}

export function runAggregate(
  engine: Engine,
  collection: string,
  pipeline: Record<string, unknown>[],
  work: { examined: number },
): Doc[] {
  for (const stage of pipeline) {
    const name = Object.keys(stage)[0]!
    if (REJECTED_STAGES[name]) throw unsupportedLocally(REJECTED_STAGES[name]!)
    rejectUnsupported(stage, `aggregate ${name}`)
  }
  const coll = engine.collection(collection)
  let input: Doc[]
  let rest = pipeline
  const first = pipeline[0]
  if (first && Object.keys(first)[0] === '$match' && first.$match && typeof first.$match === 'object') {
    input = findDocs(coll, first.$match as Record<string, unknown>, {}, work)
    rest = pipeline.slice(1)
  } else {
    input = [...coll.docs.values()]
    work.examined += input.length
  }
  const hasLimit = pipeline.some((stage) => Object.keys(stage)[0] === '$limit')
  const stages = hasLimit ? rest : [...rest, { $limit: DEFAULT_AGGREGATE_LIMIT }]
  const collectionResolver = (name: string): Doc[] => {
    const foreign = engine.collection(name)
    work.examined += foreign.size
    return [...foreign.docs.values()].map(cloneValue)
  }
  try {
    const aggregator = new Aggregator(stages, {
      ...MINGO_OPTIONS,
      processingMode: ProcessingMode.CLONE_INPUT,
      collectionResolver,
    })
    return aggregator.run(input) as Doc[]
  } catch (error) {
    if (error instanceof CloudError) throw error
    throw new CloudError('DATABASE_REQUEST_FAILED', `[FailedOperation] aggregate failed: ${(error as Error).message}`)
  }
}
