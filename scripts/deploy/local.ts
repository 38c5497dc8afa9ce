/**
 * The local cloud as a target of the deployment planner: the local cloud creates its collections and indexes by
 * applying the plan of the repository's declarations at start (local/cloud/index.ts), so every test run exercises
 * the planner; `npm run deploy -- --local` prints the same plan for a data directory. Security rules do not apply
 * locally (only the functions' server SDK reaches the data, which rules do not restrict — the same as in the
 * cloud); functions are the built bundles the local server loads (`npm start` builds them).
 */
import type { Engine } from '../../local/cloud/store/engine'
import { SecondaryIndex } from '../../local/cloud/store/collection'
import type { CurrentState, Declarations, IndexDecl, Plan, Step } from './plan'
import { plan } from './plan'

/** The collections and indexes part of the declarations: what a local cloud can hold. */
export function databaseOnly(declared: Declarations): Declarations {
  return { collections: declared.collections, rules: {}, functions: [], environment: [] }
}

export function readLocalState(engine: Engine): CurrentState {
  const collections = new Map<string, { indexes: IndexDecl[] }>()
  for (const [name, store] of engine.collections) {
    collections.set(name, {
      indexes: store.indexes.map((i) => ({ name: i.spec.name, fields: i.spec.fields, unique: i.spec.unique })),
    })
  }
  return { collections, rules: new Map(), functions: new Map() }
}

/** Applies a step to the engine's memory (declarations are applied at every start, so they are not journaled). */
export function applyLocalStep(engine: Engine, step: Step): void {
  switch (step.kind) {
    case 'createCollection':
      engine.applyInMemory([{ k: 'create', c: step.collection }])
      return
    case 'createIndexes': {
      const store = engine.collection(step.collection)
      for (const i of step.indexes) store.indexes.push(new SecondaryIndex(i))
      store.rebuildIndexes()
      return
    }
    default:
      throw new Error(`本地云不支持这一步：${step.kind}`)
  }
}

/** Plans the declared collections and indexes against the engine and applies the plan; returns it. */
export function deployLocal(engine: Engine, declared: Declarations): Plan {
  const p = plan(databaseOnly(declared), readLocalState(engine), {
    deployerEnv: {},
    newSecret: () => {
      throw new Error('no secrets locally')
    },
  })
  for (const step of p.steps) applyLocalStep(engine, step)
  return p
}
