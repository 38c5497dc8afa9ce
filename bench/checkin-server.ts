/**
 * One side of `npm run bench -- checkin` (bench/checkin-compare.ts starts two of these, one per build): in its own
 * process, the fixed county's duty module (local/seed/county.ts, BENCH_NOW) loaded into the local server of the tree
 * at `--root` (this repository or an older commit's copy) running that tree's built bundles; today's cadres bound.
 * Then, for each `{ round }` message from the parent: 100 check-ins by 100 villages' cadres, 50 at a time, through
 * HTTP (as `npm run bench` measures them); answers `{ ms: number[], failed, firstError }` and takes the check-ins
 * back out of the engine so that the next round checks in again.
 *
 *   node --import tsx bench/checkin-server.ts --root <tree> --port 8791
 */
import { writeFileSync } from 'node:fs'
import { Session } from 'node:inspector'
import path from 'node:path'
import { C } from '../cloudfunctions/_lib/collections'
import type { Doc } from '../local/seed/demo-data'
import { httpInvoke } from './harness/invoke'

const arg = (name: string) => {
  const i = process.argv.indexOf(`--${name}`)
  if (i < 0) throw new Error(`--${name} is required`)
  return process.argv[i + 1]!
}

async function main() {
  const root = path.resolve(arg('root'))
  const port = Number(arg('port'))
  /* eslint-disable @typescript-eslint/no-require-imports -- modules of the tree under test, not of this one */
  const { startLocalServer } = require(path.join(root, 'local/server')) as typeof import('../local/server')
  const { LocalClock } = require(path.join(root, 'local/clock')) as typeof import('../local/clock')
  const seed = require(path.join(root, 'local/seed/county')) as typeof import('../local/seed/county')
  const county = seed.generateCounty({ scale: 1, now: seed.BENCH_NOW, modules: ['duty'] })
  const clock = new LocalClock(seed.BENCH_CLOCK_START)
  const server = await startLocalServer({ port, clock, functionsDir: path.join(root, 'dist', 'cloudfunctions') })
  await seed.loadCounty(server.cloud.engine, county.data)
  const { currentCode } = require(
    path.join(root, 'cloudfunctions/_lib/rotating-code'),
  ) as typeof import('../cloudfunctions/_lib/rotating-code')
  const { db } = require(path.join(root, 'cloudfunctions/_lib/cloud')) as typeof import('../cloudfunctions/_lib/cloud')
  /* eslint-enable @typescript-eslint/no-require-imports */

  const today = new Date(clock.now().getTime() + 8 * 3600_000).toISOString().slice(0, 10)
  const villages = new Map((county.data.get(C.villages) ?? []).map((v) => [v._id, v]))
  const people = new Map((county.data.get(C.people) ?? []).map((p) => [p._id, p]))
  const shifts = (county.data.get(C.duty_shifts) ?? []).filter((s) => s.date === today)
  const step = Math.max(1, Math.floor(shifts.length / 100))
  const chosen = shifts.filter((_, i) => i % step === 0).slice(0, 100)
  const bindings = chosen.map((s) => {
    const p = people.get(s.personId as string)!
    return {
      _id: `bench-${s.personId}`,
      memberships: [
        { villageId: s.villageId, townshipId: s.townshipId, personId: s.personId, name: p.name, roles: p.roles },
      ],
    } as Doc
  })
  await server.cloud.engine.apply(bindings.map((d) => ({ k: 'put' as const, c: C.bindings, d })))
  const invoke = httpInvoke(server.url)
  const compact = today.replace(/-/g, '')

  // CPU profile of the measured rounds only (not of the county's generation and load): `{ profile: file }`
  // starts it, `{ stop }` writes it.
  const session = new Session()
  session.connect()
  const post = (method: string, params?: object) =>
    new Promise<unknown>((resolve, reject) =>
      session.post(method, params ?? {}, (error, result) => (error ? reject(error) : resolve(result))),
    )
  let profileFile: string | undefined

  process.on('message', async (message: { round?: number; stop?: boolean; profile?: string }) => {
    if (message.profile) {
      profileFile = message.profile
      await post('Profiler.enable')
      await post('Profiler.setSamplingInterval', { interval: 500 })
      await post('Profiler.start')
      process.send!({ profiling: true })
      return
    }
    if (message.stop) {
      if (profileFile) {
        const { profile } = (await post('Profiler.stop')) as { profile: unknown }
        writeFileSync(profileFile, JSON.stringify(profile))
      }
      await server.close()
      process.exit(0)
    }
    let next = 0
    const ms: number[] = []
    const rt: number[] = []
    let failed = 0
    let firstError: string | undefined
    const worker = async () => {
      for (;;) {
        const i = next++
        if (i >= chosen.length) return
        const s = chosen[i]!
        const centre = villages.get(s.villageId as string)!.serviceCentre as { latitude: number; longitude: number }
        const code = await currentCode(db as never, { purpose: 'duty', subjectId: s.villageId as string }, clock.now())
        const sample = await invoke({
          fn: 'duty',
          action: 'checkIn',
          openid: `bench-${s.personId}`,
          data: {
            villageId: s.villageId,
            location: { latitude: centre.latitude, longitude: centre.longitude, accuracy: 15 },
            code: code.digits,
          },
        })
        ms.push(sample.ms)
        rt.push(sample.rt)
        if (!sample.ok) {
          failed++
          firstError ??= sample.error
        }
      }
    }
    await Promise.all(Array.from({ length: 50 }, worker))
    // The same cadres check in again next round: their records of today leave the engine (setup, not measured).
    await server.cloud.engine.apply(
      chosen.map((s) => ({ k: 'del' as const, c: C.duty_checkins, id: `ci-${compact}-${s.personId}` })),
    )
    process.send!({ round: message.round, ms, rt, failed, firstError })
  })
  process.send!({ ready: true, documents: county.documents })
}

main().catch((error) => {
  console.error(error)
  process.exit(1)
})
