/**
 * Property-based tests of every action of every cloud function (common/contracts/index.ts), through the real
 * `main` and the real wx-server-sdk against the local cloud, with the seeded organisation of org-fixture.ts.
 *
 * Inputs are generated from each action's zod input schema (test/support/zod-arbitrary.ts): valid ones (so the
 * handler runs, with ids of the caller's village, of other villages and of nothing) and adversarial ones (one
 * field replaced or one key added: wrong types, huge strings, deep objects, `{ "$ne": null }`, `__proto__`,
 * invalid dates, negative money, other villages' ids). Callers: a role the action allows in village v1 (most
 * cases), the township and county organisers, another role, and an unbound WeChat user.
 *
 * For every call:
 * 1. `main` resolves with an envelope — it never throws and never answers INTERNAL;
 * 2. a refusal has one of the expected codes and leaves the database exactly as it was (every collection compared
 *    document by document; only the rate-limit counters of failed attempts may change);
 * 3. nothing reaches Object.prototype;
 * 4. a successful answer to a caller whose reach is village v1 names (under an id field) no record of another
 *    village or township that the caller did not name themselves.
 *
 * Cases per action: FUZZ_RUNS (default 12, so that `npm test` stays fast); `FUZZ_RUNS=1000 npx jest
 * test/functions/fuzz` for the long run. FUZZ_ONLY=<fn or fn.action prefix> narrows it; FUZZ_SEED replays.
 */
import fc from 'fast-check'
import { EJSON } from 'bson'
import type { ActionContract } from '../../common/contract'
import { contracts } from '../../common/contracts'
import { isEnvelope, type Envelope, type ErrorCode } from '../../common/errors'
import { ALL_ROLES, ROLE_LEVEL, type Role } from '../../common/roles'
import type { LocalCloud } from '../../local/cloud'
import { invokeAs } from '../../local/wx-context'
import { startTestCloud } from '../support/local-cloud'
import { adversarialInput, validInput, type Hints } from '../support/zod-arbitrary'
import { NOW, openidOf, orgDocs, writeDocs } from './org-fixture'
import { C } from '../../cloudfunctions/_lib/collections'

type Main = (event: unknown, context?: unknown) => Promise<Envelope<unknown>>

const RUNS = Number(process.env.FUZZ_RUNS ?? 12)
const ONLY = process.env.FUZZ_ONLY ?? ''
const SEED = process.env.FUZZ_SEED ? Number(process.env.FUZZ_SEED) : undefined
jest.setTimeout(Math.max(30_000, RUNS * 300))

/** The only codes a refusal may carry. INTERNAL (a crash inside a handler) is a failure of this test. */
const REFUSALS: readonly ErrorCode[] = [
  'INVALID_ARGUMENT',
  'FORBIDDEN',
  'NOT_FOUND',
  'UNAUTHENTICATED',
  'FAILED_PRECONDITION',
  'CONFLICT',
  'RATE_LIMITED',
]

/**
 * Collections a refused call may change: counters of failed attempts, which exist precisely so that a refusal
 * is remembered (rate limits of invitation redemption and code verification).
 */
const REFUSAL_COUNTERS = new Set<string>([C.redeem_attempts, C.duty_code_attempts, C.rate_limits])

const beijingDay = (offsetDays: number) =>
  new Date(Date.now() + 8 * 3600_000 + offsetDays * 86400_000).toISOString().slice(0, 10)

function hintsFor(): Hints {
  const docs = orgDocs()
  const ids = [...docs.values()].flatMap((list) => list.map((d) => d._id))
  const of = (c: string) => docs.get(c)!.map((d) => d._id)
  const people = of(C.people)
  return {
    byKey: {
      villageId: ['v1', 'v1', 'v1', 'v1', 'v1', 'v2', 'v3', 'no-such-village'],
      townshipId: ['t1', 't1', 't2', 'no-such-township'],
      personId: people,
      memberPersonId: people,
      toPersonId: people,
      chairPersonId: people,
      recorderPersonId: people,
      householdId: of(C.households),
      gridId: of(C.grids),
    },
    ids: [...ids, 'no-such-id'],
    strings: [
      beijingDay(0),
      beijingDay(1),
      beijingDay(7),
      beijingDay(40),
      beijingDay(-3),
      '2026-03',
      '2026-02',
      NOW.toISOString().slice(0, 7),
      new Date(Date.now() + 86400_000).toISOString(),
      new Date(Date.now() + 3 * 86400_000).toISOString(),
      NOW.toISOString(),
      '123456',
      '000000',
      'AAAAA-AAAAA',
      '张三',
      '13800001234',
      '村委会',
      '修建生产路',
      'https://example.com/a',
    ],
  }
}

const actions = Object.values(contracts)
  .flatMap((fn) =>
    Object.entries(fn.actions as Record<string, ActionContract>).map(([name, action]) => ({
      fn: fn.name,
      name,
      key: `${fn.name}.${name}`,
      action,
    })),
  )
  .filter((a) => !ONLY || a.key === ONLY || a.key.startsWith(`${ONLY}.`) || a.fn === ONLY)

const PREFERRED: Role[] = [
  'branch_secretary',
  'first_secretary',
  'village_committee_member',
  'branch_committee_member',
  'grid_leader',
  'party_member',
  'villager_representative',
  'resident_cadre',
  'household_head',
  'resident',
  'township_organiser',
  'county_organiser',
]

/** A caller the action lets in for village v1 / township t1, so that most cases reach the handler. */
function entitledCaller(action: ActionContract): Role {
  if (action.scope === 'public') return 'resident'
  if (action.scope === 'county') return 'county_organiser'
  if (action.scope === 'township')
    return action.roles.includes('township_organiser') ? 'township_organiser' : 'county_organiser'
  return PREFERRED.find((r) => action.roles.includes(r)) ?? 'county_organiser'
}

type Snapshot = Map<string, Map<unknown, unknown>>

function snapshot(cloud: LocalCloud): Snapshot {
  const out: Snapshot = new Map()
  for (const coll of cloud.engine.collections.values()) out.set(coll.name, new Map(coll.docs))
  return out
}

/** Collections whose documents differ between the snapshot and now (compared by value where not by identity). */
function changedCollections(cloud: LocalCloud, before: Snapshot): string[] {
  const changed: string[] = []
  const names = new Set([...before.keys(), ...cloud.engine.collections.keys()])
  for (const name of names) {
    const was = before.get(name)
    const now = cloud.engine.collections.get(name)?.docs
    if (!was || !now || was.size !== now.size) {
      if ((was?.size ?? 0) !== (now?.size ?? 0)) changed.push(name)
      continue
    }
    for (const [id, doc] of now) {
      const old = was.get(id)
      if (old === doc) continue
      if (old === undefined || EJSON.stringify(old as object) !== EJSON.stringify(doc as object)) {
        changed.push(name)
        break
      }
    }
  }
  return changed
}

/** Ids of records of other villages (v2, v3) and of the other township (t2) in the fixture. */
const FOREIGN_ID = /^(v2|v3)(-[A-Za-z0-9_-]+)?$|^t2$/

/** Values under id-like keys (`_id`, `id`, `…Id`, `…Ids`) anywhere in a value. */
function idsIn(value: unknown, out: string[] = [], key = ''): string[] {
  if (typeof value === 'string') {
    if (/^_?id$|Ids?$/.test(key)) out.push(value)
  } else if (Array.isArray(value)) value.forEach((v) => idsIn(v, out, key))
  else if (value && typeof value === 'object') for (const [k, v] of Object.entries(value)) idsIn(v, out, k)
  return out
}

const stats: Record<string, { runs: number; ok: number; codes: Record<string, number>; ms: number }> = {}

let cloud: LocalCloud
const mains: Record<string, Main> = {}
const hints = hintsFor()
const prototypeKeys = Object.getOwnPropertyNames(Object.prototype).sort().join(',')

const savedSecret = process.env.XZ_CODE_SECRET

beforeAll(async () => {
  // The rotating-code key from configuration, as in the cloud (otherwise the first code would store one).
  process.env.XZ_CODE_SECRET = 'ZnV6ei10ZXN0LWtleS1vZi0zMi1ieXRlcy1hdC1sZWFzdCE='
  cloud = await startTestCloud()
  await writeDocs(cloud, orgDocs())
  for (const name of Object.keys(contracts)) mains[name] = (await import(`../../cloudfunctions/${name}`)).main as Main
})
afterAll(async () => {
  if (savedSecret === undefined) delete process.env.XZ_CODE_SECRET
  else process.env.XZ_CODE_SECRET = savedSecret
  await cloud?.close()
  const rows = Object.entries(stats).map(
    ([key, s]) =>
      `${key}\t${s.runs}\t${s.ok}\t${Object.entries(s.codes)
        .map(([c, n]) => `${c}:${n}`)
        .join(' ')}\t${s.ms} ms`,
  )
  const total = Object.values(stats).reduce((n, s) => n + s.runs, 0)
  const ms = Object.values(stats).reduce((n, s) => n + s.ms, 0)
  console.log(
    `fuzz: ${rows.length} actions, ${total} calls, ${ms} ms\naction\tcases\tok\trefusals\ttime\n${rows.join('\n')}`,
  )
})

describe('every action, random and adversarial input (fast-check)', () => {
  it('covers every action of every contract', () => {
    expect(actions.length).toBeGreaterThan(0)
    for (const { key, action } of actions) expect([key, typeof action.input.safeParse]).toEqual([key, 'function'])
  })

  it.each(actions)(
    '$key never crashes, refuses cleanly and leaves the database as it was',
    async ({ fn, name, key, action }) => {
      const entitled = entitledCaller(action)
      const others = ALL_ROLES.filter((r) => r !== entitled)
      const caller = fc.oneof(
        { weight: 8, arbitrary: fc.constant<Role | null>(entitled) },
        { weight: 1, arbitrary: fc.constantFrom<Role | null>('township_organiser', 'county_organiser') },
        { weight: 1, arbitrary: fc.constantFrom<Role | null>(...others) },
        { weight: 1, arbitrary: fc.constant<Role | null>(null) },
      )
      const input = fc.oneof(
        { weight: 3, arbitrary: validInput(action.input, hints).map((v) => ({ input: v ?? {}, mutation: null })) },
        { weight: 3, arbitrary: adversarialInput(action.input, hints) },
      )
      const requestId = fc.option(
        fc.oneof(
          fc.constant('fuzz-request-000001'),
          fc.constantFrom<unknown>({ $ne: null }, 'short', 42, 'x'.repeat(65)),
        ),
        { freq: 5 },
      )
      const s: (typeof stats)[string] = (stats[key] = { runs: 0, ok: 0, codes: {}, ms: 0 })
      const started = Date.now()

      await fc.assert(
        fc.asyncProperty(caller, input, requestId, async (role, { input: data, mutation }, rid) => {
          s.runs++
          // What the cloud delivers: the JSON the client sent, parsed (own `__proto__` keys included).
          const event = JSON.parse(
            JSON.stringify({ action: name, data, ...(rid === null ? {} : { requestId: rid }) }),
          ) as unknown
          const before = snapshot(cloud)
          const openid = role ? openidOf(role) : 'm-unbound-fuzz'
          const answer = (await invokeAs(mains[fn]!, event, { openid })) as Envelope<unknown>
          const context = `${key} as ${role ?? 'unbound'} — mutation ${mutation ? `${mutation.kind} ${mutation.path}` : 'none'}`
          expect([context, isEnvelope(answer)]).toEqual([context, true])
          expect([
            context,
            Object.getOwnPropertyNames(Object.prototype).sort().join(','),
            ({} as Record<string, unknown>).polluted,
          ]).toEqual([context, prototypeKeys, undefined])
          if (answer.ok) {
            s.ok++
            if (role && ROLE_LEVEL[role] === 'village' && action.scope !== 'public') {
              const named = JSON.stringify(event)
              const leaked = idsIn(answer.data).filter(
                (id) => FOREIGN_ID.test(id) && !named.includes(JSON.stringify(id)),
              )
              expect([context, leaked]).toEqual([context, []])
            }
            return
          }
          s.codes[answer.error.code] = (s.codes[answer.error.code] ?? 0) + 1
          expect([
            context,
            REFUSALS.includes(answer.error.code) ? 'expected refusal' : `${answer.error.code} ${answer.error.message}`,
          ]).toEqual([context, 'expected refusal'])
          const changed = changedCollections(cloud, before).filter((c) => !REFUSAL_COUNTERS.has(c))
          expect([context, answer.error.code, changed]).toEqual([context, answer.error.code, []])
        }),
        { numRuns: RUNS, seed: SEED, endOnFailure: true },
      )
      s.ms = Date.now() - started
    },
  )
})
