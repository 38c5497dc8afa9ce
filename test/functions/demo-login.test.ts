/**
 * The local H5 demo login: the server lists the demo people of the seed and takes the chosen one's OPENID from
 * `x-demo-openid`; each sees only what their role and scope allow. The server refuses a non-loopback address.
 */
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { isLoopback, startLocalServer, type LocalServer } from '../../local/server'
import { seedDemoData } from '../../local/seed/demo'

let server: LocalServer
const ROOT = path.resolve(__dirname, '../..')

/** Function folders whose index.js loads the TypeScript source (jest transforms it), so no build is needed here. */
function sourceFunctionsDir(): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'xz-fns-'))
  for (const name of ['system', 'account', 'org', 'roster']) {
    mkdirSync(path.join(dir, name))
    writeFileSync(
      path.join(dir, name, 'index.js'),
      `module.exports = require(${JSON.stringify(path.join(ROOT, 'cloudfunctions', name, 'index.ts'))})\n`,
    )
  }
  return dir
}

interface Login {
  openid: string
  role: string
  roleLabel: string
  name: string
  unitName: string
  townshipName: string
}
let logins: Login[]

beforeAll(async () => {
  server = await startLocalServer({
    port: 0,
    h5Dir: mkdtempSync(path.join(tmpdir(), 'xz-h5-')),
    functionsDir: sourceFunctionsDir(),
  })
  await seedDemoData(server.cloud, { townships: 5, scale: 0.1, now: new Date() })
  const res = await fetch(`${server.url}/api/demo/logins`)
  logins = ((await res.json()) as { data: { logins: Login[] } }).data.logins
  // Seeding five townships takes 10–30 s on a busy 2-core machine (it ran out of the default 30 s under load).
}, 120_000)
afterAll(() => server.close())

async function call(openid: string, fn: string, action: string, data: unknown) {
  const res = await fetch(`${server.url}/api/functions/${fn}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-demo-openid': openid },
    body: JSON.stringify({ action, data }),
  })
  return (await res.json()) as {
    ok: boolean
    data?: Record<string, unknown>
    error?: { code: string; message: string }
  }
}
const find = (role: string, unit?: string) => logins.find((l) => l.role === role && (!unit || l.unitName === unit))!

describe('demo login (local H5 only)', () => {
  it('lists demo people of every kind, by role, with their village or township', () => {
    const roles = new Set(logins.map((l) => l.role))
    for (const r of [
      'county_organiser',
      'township_organiser',
      'branch_secretary',
      'grid_leader',
      'party_member',
      'resident',
    ])
      expect(roles).toContain(r)
    for (const l of logins) expect(l.openid).toMatch(/^demo-[A-Za-z0-9-]+$/)
  })

  it('a township organiser sees the villages of their township only', async () => {
    const organiser = find('township_organiser')
    const me = await call(organiser.openid, 'account', 'myProfile', {})
    const townshipId = (me.data!.memberships as { unitId: string }[])[0]!.unitId
    const own = await call(organiser.openid, 'org', 'listVillages', { townshipId })
    expect(own.ok).toBe(true)
    expect((own.data!.villages as unknown[]).length).toBeGreaterThan(0)
    const other = await call(organiser.openid, 'org', 'listVillages', {
      townshipId: townshipId === 't01' ? 't02' : 't01',
    })
    expect(other.error?.code).toBe('FORBIDDEN')
    const county = await call(organiser.openid, 'org', 'listTownships', {})
    expect(county.error?.code).toBe('FORBIDDEN')
  })

  it("a village secretary manages their own roster and no other village's", async () => {
    const secretary = find('branch_secretary')
    const me = await call(secretary.openid, 'account', 'myProfile', {})
    const villageId = (me.data!.memberships as { unitId: string }[])[0]!.unitId
    const people = await call(secretary.openid, 'roster', 'listPeople', { villageId, limit: 5 })
    expect(people.ok).toBe(true)
    expect(people.data!.total as number).toBeGreaterThan(5)
    const elsewhere = await call(secretary.openid, 'roster', 'listPeople', {
      villageId: 'v001' === villageId ? 'v002' : 'v001',
    })
    expect(elsewhere.error?.code).toBe('FORBIDDEN')
  })

  it('a resident sees their own household, and no roster', async () => {
    const resident = find('resident')
    const me = await call(resident.openid, 'account', 'myProfile', {})
    const membership = (me.data!.memberships as { unitId: string; household?: { memberCount: number } }[])[0]!
    expect(membership.household?.memberCount).toBeGreaterThan(0)
    const roster = await call(resident.openid, 'roster', 'listPeople', { villageId: membership.unitId })
    expect(roster.error?.code).toBe('FORBIDDEN')
  })

  it('a grid leader sees only the people of their grid', async () => {
    const leader = find('grid_leader')
    const me = await call(leader.openid, 'account', 'myProfile', {})
    const villageId = (me.data!.memberships as { unitId: string }[])[0]!.unitId
    const people = await call(leader.openid, 'roster', 'listPeople', { villageId, limit: 50 })
    const grids = new Set((people.data!.people as { gridId?: string }[]).map((p) => p.gridId))
    expect(grids.size).toBe(1)
  })

  it('refuses to listen on a non-loopback address without the explicit flag', async () => {
    await expect(startLocalServer({ port: 0, host: '0.0.0.0', allowNonLoopback: false })).rejects.toThrow(
      /Refusing to listen on 0\.0\.0\.0/,
    )
    expect(['127.0.0.1', '127.1.2.3', 'localhost', '::1', '[::1]'].every(isLoopback)).toBe(true)
    expect(['0.0.0.0', '192.168.1.5', '::', '10.0.0.1'].some(isLoopback)).toBe(false)
  })
})
