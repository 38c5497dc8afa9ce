/**
 * `npm run bench -- import`: a roster import through the real imports function (source, as the function tests load
 * it) against an in-memory local cloud — one village's 党员花名册 of the generated county (scripts/rosters), then a
 * file of ROWS (default 20,000) members: one preview (the one read of the file, rows staged in chunks), then the
 * chunks committed one by one until done, as the import page does. Prints the time of each step, rows written per
 * second, commit calls, the slowest single call, and the process's peak memory.
 */
import { writeXlsx } from '../cloudfunctions/_lib/xlsx'
import type { Envelope } from '../common/errors'
import { applyCloudEnv, startLocalCloud } from '../local/cloud'
import { invokeAs } from '../local/wx-context'
import { generateCountyRosters } from '../scripts/rosters/county'
import { C } from '../cloudfunctions/_lib/collections'

const ROWS = Number(process.env.IMPORT_ROWS ?? 20_000)
type Main = (event: unknown) => Promise<Envelope<unknown>>

let peakRss = 0
let peakHeap = 0
const sample = () => {
  const m = process.memoryUsage()
  peakRss = Math.max(peakRss, m.rss)
  peakHeap = Math.max(peakHeap, m.heapUsed)
}

type Staged = { stage?: { stageId: string } }
type Call = <T>(action: string, data: unknown) => Promise<T>

/** The staged chunks committed one after another, as the import page does. */
async function commitAll(call: Call, stageId: string) {
  let chunk: number | undefined = 0
  let calls = 0
  let written = 0
  let slowest = 0
  while (chunk !== undefined) {
    const c0 = Date.now()
    const r: { created: number; updated: number; nextChunk?: number } = await call('commit', {
      villageId: 'v1',
      stageId,
      chunk,
    })
    slowest = Math.max(slowest, Date.now() - c0)
    calls++
    written += r.created + r.updated
    chunk = r.nextChunk
  }
  return { calls, written, slowest }
}

async function main() {
  process.env.XZ_ID_SALT ||= 'YmVuY2gtc2FsdC1vZi10aGlydHktdHdvLWJ5dGVzLSE='
  const cloud = await startLocalCloud()
  applyCloudEnv(cloud.env)
  const county = generateCountyRosters({ villages: Math.ceil(ROWS / 70) + 1 })
  const v = county.villages[0]!
  const grids = v.grids
  await cloud.engine.apply([
    { k: 'put', c: C.townships, d: { _id: 't1', countyId: 'xinye', name: v.township, kind: '镇', order: 1 } },
    {
      k: 'put',
      c: C.villages,
      d: { _id: 'v1', countyId: 'xinye', townshipId: 't1', name: v.name, peopleCount: 0, partyMemberCount: 0 },
    },
    ...grids.map((name, i) => ({
      k: 'put' as const,
      c: C.grids,
      d: { _id: `g${i + 1}`, villageId: 'v1', townshipId: 't1', name },
    })),
    {
      k: 'put',
      c: C.bindings,
      d: { _id: 'bench-secretary', memberships: [{ villageId: 'v1', townshipId: 't1', roles: ['branch_secretary'] }] },
    },
  ])
  const imports = (await import('../cloudfunctions/imports')).main as Main
  const call = async <T>(action: string, data: unknown): Promise<T> => {
    const r = (await invokeAs(imports, { action, data }, { openid: 'bench-secretary' })) as Envelope<T>
    sample()
    if (!r.ok) throw new Error(`${action}: ${r.error.message}`)
    return r.data
  }
  const timer = setInterval(sample, 20)

  // One village's file, as a secretary sends it.
  const small = { base64: writeXlsx([{ name: '党员花名册', rows: v.rosters.party }]).toString('base64') }
  let t = Date.now()
  const p1 = await call<{ total: number; ready: number }>('preview', { villageId: 'v1', kind: 'party', file: small })
  const previewSmall = Date.now() - t
  t = Date.now()
  await commitAll(call, (p1 as Staged).stage!.stageId)
  const commitSmall = Date.now() - t

  // A county-sized file: the generated county's members, every grid name mapped into this village's grids.
  const header = v.rosters.party[0]!
  const rows = county.villages
    .flatMap((x) => x.rosters.party.slice(1))
    .slice(0, ROWS)
    .map((r, i) => r.map((c, j) => (j === 3 ? grids[i % grids.length]! : c)))
  const bytes = writeXlsx([{ name: '党员花名册', rows: [header, ...rows] }])
  const big = { base64: bytes.toString('base64') }
  t = Date.now()
  const p2 = await call<{ total: number; ready: number }>('preview', { villageId: 'v1', kind: 'party', file: big })
  const previewBig = Date.now() - t
  t = Date.now()
  const { calls, written, slowest } = await commitAll(call, (p2 as Staged).stage!.stageId)
  const commitBig = Date.now() - t
  clearInterval(timer)
  await cloud.close()

  const mb = (n: number) => `${(n / 1024 / 1024).toFixed(0)} MB`
  console.log(`roster import (imports function, in-memory local cloud)`)
  console.log(
    `  one village: ${p1.total} rows (${p1.ready} ready); preview ${previewSmall} ms, commit ${commitSmall} ms`,
  )
  console.log(
    `  ${p2.total} rows (${(bytes.length / 1024).toFixed(0)} KB .xlsx, ${p2.ready} ready): preview ${previewBig} ms; ` +
      `commit ${written} rows in ${calls} calls, ${commitBig} ms (${Math.round((written * 1000) / commitBig)} rows/s), slowest call ${slowest} ms`,
  )
  console.log(`  peak memory of this process: rss ${mb(peakRss)}, heap ${mb(peakHeap)}`)
}

main().catch((error) => {
  console.error(error)
  process.exit(1)
})
