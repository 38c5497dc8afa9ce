/** The local cloud creates its declared collections and indexes by applying the deployment planner's plan. */
import { startLocalCloud } from '../../local/cloud'
import { readDatabaseDeclarations } from '../../scripts/deploy/declarations'

it('applies the plan of cloudbase/indexes.json at start: every declared collection and index exists', async () => {
  const cloud = await startLocalCloud()
  try {
    const { collections } = readDatabaseDeclarations()
    const created = cloud.deployment.steps.filter((s) => s.kind === 'createCollection').map((s) => s.collection)
    expect(created.sort()).toEqual(collections.map((c) => c.name).sort())
    for (const c of collections) {
      expect(cloud.engine.has(c.name)).toBe(true)
      expect(cloud.engine.collection(c.name).indexes.map((i) => i.spec.name)).toEqual(c.indexes.map((i) => i.name))
    }
  } finally {
    await cloud.close()
  }
})
