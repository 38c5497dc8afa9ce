/**
 * The local cloud refuses direct database access from anyone but the functions, as CloudBase does with the rules
 * of cloudbase/database-rules.json: a request without the server's credentials (what a modified client or a
 * browser could send) neither reads nor writes any declared collection.
 */
import fs from 'node:fs'
import path from 'node:path'
import type { LocalCloud } from '../../local/cloud'
import { startTestCloud } from '../support/local-cloud'
import { orgDocs, writeDocs } from './org-fixture'
import { C } from '../../cloudfunctions/_lib/collections'

let cloud: LocalCloud
const declared = Object.keys(
  (
    JSON.parse(fs.readFileSync(path.resolve(__dirname, '../../cloudbase/indexes.json'), 'utf8')) as {
      collections: Record<string, unknown>
    }
  ).collections,
)

beforeAll(async () => {
  cloud = await startTestCloud()
  await writeDocs(cloud, orgDocs())
})
afterAll(() => cloud.close())

const asClient = async (body: Record<string, unknown>, authorization?: string) => {
  const res = await fetch(`${cloud.url}/admin`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(authorization ? { authorization } : {}) },
    body: JSON.stringify({ envName: 'local-xiangzhi', ...body }),
  })
  return (await res.json()) as { code?: string; message?: string; data?: unknown }
}

describe('direct database access without the server credentials', () => {
  it.each(declared)('%s: reading is refused and returns no document', async (collection) => {
    for (const authorization of [undefined, 'TC3-HMAC-SHA256 Credential=AKIDsomeoneelse/2026-03-02/tcb/tc3_request']) {
      const answer = await asClient(
        { action: 'database.getDocument', collectionName: collection, query: '{}', queryType: 'WHERE', limit: 100 },
        authorization,
      )
      expect(answer.code).toBe('INVALID_COMMON_PARAM')
      expect(answer.message).toMatch(/AuthFailure/)
      expect(answer.data).toBeUndefined()
    }
  })

  it('writing is refused and changes nothing', async () => {
    const before = cloud.engine.collection(C.bindings).size
    const answer = await asClient({
      action: 'database.insertDocument',
      collectionName: C.bindings,
      data: ['{"_id":"attacker","memberships":[{"roles":["county_organiser"]}]}'],
    })
    expect(answer.code).toBe('INVALID_COMMON_PARAM')
    expect(cloud.engine.collection(C.bindings).size).toBe(before)
    expect(cloud.engine.collection(C.bindings).get('attacker')).toBeUndefined()
  })
})
