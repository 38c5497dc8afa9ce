/**
 * Rosters from Excel through the real imports function and SDK: the template read back, a preview listing every
 * row's problems in Chinese, a commit in batches that resumes after an interruption and, run again, updates the
 * same people instead of adding them twice (matched on the salted hash of the ID number).
 */
import { createHash } from 'node:crypto'
import type { Envelope } from '../../common/errors'
import type { LocalCloud } from '../../local/cloud'
import { invokeAs } from '../../local/wx-context'
import { startTestCloud } from '../support/local-cloud'
import { openidOf, orgDocs, writeDocs } from './org-fixture'
import { C } from '../../cloudfunctions/_lib/collections'
import { writeXlsx, xlsxParts, type Cell } from '../../cloudfunctions/_lib/xlsx'
import { TEMPLATES } from '../../common/rules/roster-import'

type Main = (event: unknown, context?: unknown) => Promise<Envelope<unknown>>
let cloud: LocalCloud
let imports: Main
// eslint-disable-next-line @typescript-eslint/no-explicit-any
let db: any
const SALT = 'dGVzdC1zYWx0LW9mLTMyLWJ5dGVzLWZvci10aGUtaWQ='
const saved = process.env.XZ_ID_SALT

beforeAll(async () => {
  process.env.XZ_ID_SALT = SALT
  cloud = await startTestCloud()
  await writeDocs(cloud, orgDocs())
  imports = (await import('../../cloudfunctions/imports')).main as Main
  db = (await import('../../cloudfunctions/_lib/cloud')).db
})
afterAll(async () => {
  if (saved === undefined) delete process.env.XZ_ID_SALT
  else process.env.XZ_ID_SALT = saved
  await cloud.close()
})

const SECRETARY = openidOf('branch_secretary')
async function ok<T>(action: string, data: unknown, openid = SECRETARY): Promise<T> {
  const r = (await invokeAs(imports, { action, data }, { openid })) as Envelope<T>
  if (!r.ok) throw new Error(`${action}: ${r.error.code} ${r.error.message}`)
  return r.data
}

const WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]
const idOf = (first17: string) =>
  first17 + '10X98765432'[WEIGHTS.reduce((acc, w, i) => acc + w * Number(first17[i]), 0) % 11]!
/** The n-th made-up member's ID number (born 1960–1999). */
const memberId = (n: number) => idOf(`411329${1960 + (n % 40)}0101${String(n).padStart(3, '0').slice(-3)}`)
const header = TEMPLATES.party.columns.map((c) => c.header)
const member = (n: number, extra: Partial<Record<string, Cell>> = {}): Cell[] => {
  const v: Record<string, Cell> = {
    姓名: `党员${n}`,
    身份证号: memberId(n),
    手机号: `139${String(n).padStart(8, '0')}`,
    所在网格: n % 2 ? '第1网格' : '第2网格',
    党员类别: '正式党员',
    在家情况: n % 5 ? '在家' : '外出',
    支部职务: '',
    ...extra,
  }
  return header.map((h) => v[h] ?? '')
}
const file = (rows: Cell[][]) => ({
  base64: writeXlsx([{ name: '党员花名册', rows: [header, ...rows] }]).toString('base64'),
})
type Preview = {
  total: number
  ready: number
  updates: number
  rows: { line: number; name: string; problems: string[] }[]
  newGrids: string[]
  stage?: { stageId: string; chunks: number; resumeChunk?: number; resumeLine?: number }
}
type Committed = {
  created: number
  updated: number
  skipped: number
  links?: number
  nextChunk?: number
  nextLine?: number
  done: boolean
}
/** Preview a file, then commit its chunks one after another as the import page does; the answers summed. */
async function importAll(villageId: string, kind: string, f: { base64: string }) {
  const p = await ok<Preview>('preview', { villageId, kind, file: f })
  const sum = { created: 0, updated: 0, skipped: 0, links: 0, calls: 0 }
  let chunk: number | undefined = p.stage?.resumeChunk ?? 0
  while (p.stage && chunk !== undefined) {
    const r: Committed = await ok('commit', { villageId, stageId: p.stage.stageId, chunk })
    sum.created += r.created
    sum.updated += r.updated
    sum.skipped += r.skipped
    sum.links += r.links ?? 0
    sum.calls++
    chunk = r.nextChunk
    if (r.done) expect(chunk).toBeUndefined()
  }
  return { preview: p, ...sum }
}
const countIn = async (villageId: string) =>
  (
    await db
      .collection(C.people)
      .where({ villageId, idHash: db.command.exists(true) })
      .count()
  ).total as number

describe('roster import', () => {
  it('gives a template with Chinese headers that reads back as an empty roster', async () => {
    const t = await ok<{ fileName: string; base64: string }>('template', { villageId: 'v1', kind: 'party' })
    expect(t.fileName).toBe('v1村党员花名册模板.xlsx')
    const preview = await ok<{ total: number; sheetProblems: string[] }>('preview', {
      villageId: 'v1',
      kind: 'party',
      file: { base64: t.base64 },
    })
    expect(preview).toMatchObject({ total: 0, sheetProblems: [] })
  })

  it("previews every row's problems in Chinese and writes nothing", async () => {
    // A member already in another village's branch (v3), on the same salt.
    const elsewhere = memberId(7)
    await db.collection(C.people).add({
      data: {
        _id: 'v3-member-7',
        villageId: 'v3',
        townshipId: 't2',
        name: '党员7',
        phone: '',
        roles: ['resident', 'party_member'],
        idHash: createHash('sha256').update(`${SALT}:${elsewhere}`).digest('hex'),
      },
    })
    const rows = [
      member(1),
      member(2, { 身份证号: memberId(2).slice(0, 17) + (memberId(2).endsWith('0') ? '1' : '0') }),
      member(3, { 手机号: '12345' }),
      member(4, { 所在网格: '第9网格' }),
      member(5, { 姓名: '重复的人', 身份证号: memberId(1) }),
      member(7),
    ]
    const preview = await ok<{
      total: number
      ready: number
      rows: { line: number; name: string; problems: string[] }[]
    }>('preview', { villageId: 'v1', kind: 'party', file: file(rows) })
    expect(preview.total).toBe(6)
    expect(preview.ready).toBe(1)
    expect(preview.rows).toEqual([
      { line: 3, name: '党员2', problems: ['身份证号校验位不对，请核对'] },
      { line: 4, name: '党员3', problems: ['手机号应为11位数字，以1开头'] },
      { line: 5, name: '党员4', problems: ['本村没有「第9网格」这个网格'] },
      { line: 6, name: '重复的人', problems: ['与第 2 行是同一人（身份证号相同）'] },
      { line: 7, name: '党员7', problems: ['已是v3村党支部的党员：一名党员只能在一个支部，请先转出'] },
    ])
    expect(await countIn('v1')).toBe(0)
  })

  it('says a file that is not a workbook is not one', async () => {
    const r = (await invokeAs(
      imports,
      {
        action: 'preview',
        data: { villageId: 'v1', kind: 'party', file: { base64: Buffer.from('姓名,身份证号').toString('base64') } },
      },
      { openid: SECRETARY },
    )) as Envelope<unknown>
    expect(r.ok ? '' : r.error.message).toContain('不是 Excel 表格')
  })

  // ~1,800 writes through the SDK: seconds alone, more on a loaded machine.
  it('commits 450 members chunk by chunk from one read of the file, resumes, and a re-import updates them', async () => {
    const rows = Array.from({ length: 450 }, (_, i) => member(100 + i))
    const before = (await db.collection(C.villages).doc('v1').get()).data
    const input = { villageId: 'v1', kind: 'party', file: file(rows) }
    const p = await ok<Preview>('preview', input)
    expect(p.stage).toMatchObject({ chunks: 3 })
    const stageId = p.stage!.stageId
    const first = await ok<Committed>('commit', { villageId: 'v1', stageId, chunk: 0 })
    expect(first).toMatchObject({ created: 200, updated: 0, nextChunk: 1, nextLine: 202, done: false })
    // The answer was lost and the chunk sent again: the same 200 are updated, not added twice.
    expect(await ok('commit', { villageId: 'v1', stageId, chunk: 0 })).toMatchObject({ created: 0, updated: 200 })
    // A chunk past the one the import has reached is refused: nothing is skipped over.
    const ahead = (await invokeAs(
      imports,
      { action: 'commit', data: { villageId: 'v1', stageId, chunk: 2 } },
      { openid: SECRETARY },
    )) as Envelope<unknown>
    expect(ahead.ok ? '' : ahead.error.message).toBe('请从第 202 行继续导入')
    // Interrupted here; the same file chosen again later: the preview offers to go on from where it stopped.
    const again = await ok<Preview>('preview', input)
    expect(again.stage).toEqual({ stageId, chunks: 3, resumeChunk: 1, resumeLine: 202 })
    const second = await ok<Committed>('commit', { villageId: 'v1', stageId, chunk: 1 })
    expect(second).toMatchObject({ created: 200, nextChunk: 2, done: false })
    const stagedRows = await db.collection(C.import_stages).where({ stageId, part: 'chunk' }).count()
    expect(stagedRows.total).toBe(3)
    const third = await ok<Committed>('commit', { villageId: 'v1', stageId, chunk: 2 })
    expect(third).toEqual({ created: 50, updated: 0, skipped: 0, done: true })
    expect(await countIn('v1')).toBe(450)
    // Done: the staged rows are gone, the head says done; no full ID number was ever staged.
    expect((await db.collection(C.import_stages).where({ stageId, part: 'chunk' }).count()).total).toBe(0)
    expect((await db.collection(C.import_stages).doc(stageId).get()).data).toMatchObject({
      status: 'done',
      doneChunks: 3,
    })

    // A corrected file: everyone moved to 第2网格; imported again, all 450 are updates.
    const corrected = await importAll('v1', 'party', file(rows.map((_, i) => member(100 + i, { 所在网格: '第2网格' }))))
    expect(corrected.preview.updates).toBe(450)
    expect(corrected).toMatchObject({ created: 0, updated: 450, calls: 3 })
    expect(await countIn('v1')).toBe(450)
    const inGrid2 = (
      await db
        .collection(C.people)
        .where({ villageId: 'v1', gridId: 'v1-g2', idHash: db.command.exists(true) })
        .count()
    ).total
    expect(inGrid2).toBe(450)
    const after = (await db.collection(C.villages).doc('v1').get()).data
    expect(after.partyMemberCount - before.partyMemberCount).toBe(450)
    expect(after.peopleCount - before.peopleCount).toBe(450)
    // Only the last four digits of an ID number are kept.
    const one = (await db.collection(C.people).where({ villageId: 'v1', name: '党员100' }).get()).data[0]
    expect(one.idNumberMasked).toBe(`**************${memberId(100).slice(-4)}`)
    expect(JSON.stringify(one)).not.toContain(memberId(100))
  }, 120_000)

  it('keeps no full ID number in the staged rows', async () => {
    const rows = [member(900), member(901)]
    const p = await ok<Preview>('preview', { villageId: 'v1', kind: 'party', file: file(rows) })
    const staged = (await db.collection(C.import_stages).doc(`${p.stage!.stageId}-0`).get()).data
    expect(staged.rows).toHaveLength(2)
    expect(staged.rows[0].idMasked).toBe(`**************${memberId(900).slice(-4)}`)
    expect(JSON.stringify(staged)).not.toContain(memberId(900))
    expect(JSON.stringify(staged)).not.toContain(memberId(901))
  })

  it('imports 户籍: households with their heads, and a corrected file updates both', async () => {
    const hHeader = TEMPLATES.households.columns.map((c) => c.header)
    const household = (n: number, grid = '第1网格', size = 4): Cell[] => [
      `H${n}`,
      `户主${n}`,
      memberId(700 + n),
      `137${String(n).padStart(8, '0')}`,
      grid,
      size,
      2,
    ]
    const hFile = (rows: Cell[][]) => ({
      base64: writeXlsx([{ name: '户籍', rows: [hHeader, ...rows] }]).toString('base64'),
    })
    const before = (await db.collection(C.villages).doc('v1').get()).data
    const grid1 = (await db.collection(C.grids).doc('v1-g1').get()).data
    const grid2 = (await db.collection(C.grids).doc('v1-g2').get()).data
    const first = await importAll('v1', 'households', hFile(Array.from({ length: 30 }, (_, i) => household(i + 1))))
    expect(first).toMatchObject({ created: 30, updated: 0, skipped: 0 })
    const again = await importAll(
      'v1',
      'households',
      hFile(Array.from({ length: 30 }, (_, i) => household(i + 1, '第2网格', 5))),
    )
    expect(again.preview.updates).toBe(30)
    expect(again).toMatchObject({ created: 0, updated: 30, skipped: 0 })
    const h = (await db.collection(C.households).where({ villageId: 'v1', number: 'H7' }).get()).data
    expect(h).toHaveLength(1)
    expect(h[0]).toMatchObject({ headName: '户主7', gridId: 'v1-g2', memberCount: 5, adultCount: 2 })
    const heads = (await db.collection(C.people).where({ villageId: 'v1', householdId: h[0]._id }).get()).data
    expect(heads).toEqual([expect.objectContaining({ name: '户主7', roles: ['resident', 'household_head'] })])
    const after = (await db.collection(C.villages).doc('v1').get()).data
    expect(after.householdCount - before.householdCount).toBe(30)
    // The 30 heads are new people of the village (counted once: the corrected file updates them).
    expect(after.peopleCount - before.peopleCount).toBe(30)
    // All 30 moved to 第2网格 by the corrected file: the grids' counts follow.
    expect((await db.collection(C.grids).doc('v1-g1').get()).data.householdCount).toBe(grid1.householdCount)
    expect((await db.collection(C.grids).doc('v1-g2').get()).data.householdCount - grid2.householdCount).toBe(30)
  }, 120_000)

  it('imports 网格与联户: every row checked, grids created, links set, and a re-import changes only what changed', async () => {
    const gHeader = TEMPLATES.grids.columns.map((c) => c.header)
    const gFile = (rows: Cell[][]) => ({
      base64: writeXlsx([{ name: '网格与联户', rows: [gHeader, ...rows] }]).toString('base64'),
    })
    // 党员100–103 are v1's members (imported above), H1–H30 its households (all in 第2网格 by now), 户主1 is no member.
    const rows = (h3member: number): Cell[][] => [
      ['第3网格', memberId(100), memberId(100), 'H1'],
      ['第3网格', '', memberId(101), 'H2'],
      ['第1网格', '', memberId(h3member), 'H3'],
      ['第1网格', '', memberId(102), 'H99'],
      ['第1网格', '', memberId(701), 'H4'],
      ['第1网格', '', memberId(7), 'H5'],
      ['第1网格', '', memberId(103), 'H1'],
      ['第1网格', '', memberId(5000), 'H6'],
      ['第1网格', memberId(101), memberId(103), 'H7'],
      ['第1网格', memberId(100), memberId(103), 'H8'],
    ]
    const first = await importAll('v1', 'grids', gFile(rows(102)))
    expect(first.preview).toMatchObject({ total: 10, ready: 4, newGrids: ['第3网格'] })
    expect(first.preview.rows).toEqual([
      { line: 5, name: '第1网格', problems: ['本村没有户号为「H99」的户'] },
      { line: 6, name: '第1网格', problems: ['户主1不是本支部党员，不能联户'] },
      { line: 7, name: '第1网格', problems: ['联户党员是v3村党支部的党员，不在本支部'] },
      { line: 8, name: '第1网格', problems: ['户号「H1」已在第 2 行联系：一户只由一名党员联系'] },
      { line: 9, name: '第1网格', problems: ['联户党员不在本村花名册中：请先导入党员花名册'] },
      { line: 11, name: '第1网格', problems: ['网格长与第 10 行不同（一个网格一名网格长）'] },
    ])
    // One grid created; H1, H2 moved to it, H3 and H7 to 第1网格, whose leader is now 党员101; four links.
    expect(first).toMatchObject({ created: 1, updated: 5, links: 4, skipped: 6 })
    const grid3 = (await db.collection(C.grids).where({ villageId: 'v1', name: '第3网格' }).get()).data
    expect(grid3).toHaveLength(1)
    const m100 = (await db.collection(C.people).where({ villageId: 'v1', name: '党员100' }).get()).data[0]
    expect(grid3[0]).toMatchObject({ leaderPersonId: m100._id, householdCount: 2 })
    expect(m100.roles).toContain('grid_leader')
    const household = async (n: string) =>
      (await db.collection(C.households).where({ villageId: 'v1', number: n }).get()).data[0]
    const linksOf = async (n: string) =>
      (
        await db
          .collection(C.linkages)
          .where({ villageId: 'v1', householdId: (await household(n))._id })
          .get()
      ).data
    expect(await linksOf('H1')).toEqual([expect.objectContaining({ memberPersonId: m100._id, active: true })])
    expect((await household('H3')).gridId).toBe('v1-g1')
    const m101 = (await db.collection(C.people).where({ villageId: 'v1', name: '党员101' }).get()).data[0]
    expect((await db.collection(C.grids).doc('v1-g1').get()).data.leaderPersonId).toBe(m101._id)

    // The corrected file: H3 now linked to 党员103. Only that link changes; nothing is added twice.
    const again = await importAll('v1', 'grids', gFile(rows(103)))
    expect(again).toMatchObject({ created: 0, updated: 0, links: 1 })
    expect((await linksOf('H1')).filter((l: { active: boolean }) => l.active)).toHaveLength(1)
    const h3 = await linksOf('H3')
    expect(h3.map((l: { memberName: string; active: boolean }) => [l.memberName, l.active]).sort()).toEqual([
      ['党员102', false],
      ['党员103', true],
    ])
    expect((await db.collection(C.grids).where({ villageId: 'v1', name: '第3网格' }).count()).total).toBe(1)
  }, 120_000)

  it("a new village's first roster, imported by the county organiser, brings its grids and its 在外 count", async () => {
    await cloud.engine.apply([
      {
        k: 'put',
        c: C.villages,
        d: { _id: 'v9', countyId: 'c1', townshipId: 't2', name: '新村', peopleCount: 0, partyMemberCount: 0 },
      },
    ])
    const COUNTY = openidOf('county_organiser')
    const rows = [600, 601, 602, 603, 604, 605].map((n) => member(n, { 所在网格: n % 2 ? '东网格' : '西网格' }))
    const away = rows.filter((r) => r[header.indexOf('在家情况')] === '外出').length
    expect(away).toBeGreaterThan(0)
    const p = await ok<Preview>('preview', { villageId: 'v9', kind: 'party', file: file(rows) }, COUNTY)
    expect(p).toMatchObject({ total: 6, ready: 6, newGrids: ['西网格', '东网格'] })
    let chunk: number | undefined = 0
    while (chunk !== undefined)
      chunk = (await ok<Committed>('commit', { villageId: 'v9', stageId: p.stage!.stageId, chunk }, COUNTY)).nextChunk
    const grids = await db.collection(C.grids).where({ villageId: 'v9' }).get()
    expect(grids.data.map((g: { name: string }) => g.name).sort()).toEqual(['东网格', '西网格'])
    const v9 = (await db.collection(C.villages).doc('v9').get()).data
    expect(v9).toMatchObject({ gridCount: 2, peopleCount: 6, partyMemberCount: 6, partyMembersAway: away })
    // Once the village has grids, a grid the file names that it does not have is a problem again.
    const again = await ok<Preview>(
      'preview',
      { villageId: 'v9', kind: 'party', file: file([member(606, { 所在网格: '北网格' })]) },
      COUNTY,
    )
    expect(again.rows[0]!.problems).toContain('本村没有「北网格」这个网格')
    // Re-imported as 在家, the members are no longer counted away.
    const home = rows.map((r) => r.map((c, i) => (i === header.indexOf('在家情况') ? '在家' : c)))
    const p2 = await ok<Preview>('preview', { villageId: 'v9', kind: 'party', file: file(home) }, COUNTY)
    await ok('commit', { villageId: 'v9', stageId: p2.stage!.stageId, chunk: 0 }, COUNTY)
    expect((await db.collection(C.villages).doc('v9').get()).data.partyMembersAway).toBe(0)
  })

  it('names a 支部书记 only through the township or county: a village keeper’s row naming one is a problem', async () => {
    const row = member(620, { 支部职务: '支部书记' })
    const byKeeper = await ok<Preview>('preview', { villageId: 'v1', kind: 'party', file: file([row]) })
    expect(byKeeper.ready).toBe(0)
    expect(byKeeper.rows[0]!.problems).toContain(
      '支部书记的任免须由乡镇组织委员（或县委组织部）办理：请删去「支部职务」中的支部书记，或请乡镇导入',
    )
    const TOWNSHIP = openidOf('township_organiser')
    const p = await ok<Preview>('preview', { villageId: 'v1', kind: 'party', file: file([row]) }, TOWNSHIP)
    expect(p.ready).toBe(1)
    await ok('commit', { villageId: 'v1', stageId: p.stage!.stageId, chunk: 0 }, TOWNSHIP)
    const made = (await db.collection(C.people).where({ villageId: 'v1', name: '党员620' }).get()).data
    expect(made).toEqual([expect.objectContaining({ roles: expect.arrayContaining(['branch_secretary']) })])
  })

  it('exports a roster as the caller may see it: ID tails for village cadres only, none for a supervisor', async () => {
    const sheetOf = (r: { base64: string }) =>
      xlsxParts(Buffer.from(r.base64, 'base64')).get('xl/worksheets/sheet1.xml') ?? ''
    const mine = await ok<{ fileName: string; base64: string; rows: number }>('export', {
      villageId: 'v1',
      kind: 'party',
    })
    expect(mine.fileName).toBe('v1村党员花名册.xlsx')
    expect(mine.rows).toBeGreaterThanOrEqual(450)
    const xml = sheetOf(mine)
    expect(xml).toContain('身份证号（后四位）')
    expect(xml).toContain(`**************${memberId(100).slice(-4)}`)
    expect(xml).toContain('13900000100')
    const township = await ok<{ base64: string }>(
      'export',
      { villageId: 'v1', kind: 'party' },
      openidOf('township_organiser'),
    )
    const txml = sheetOf(township)
    expect(txml).toContain('党员100')
    expect(txml).not.toContain('身份证号')
    expect(txml).not.toContain(memberId(100).slice(-4) + '<')
    const grids = sheetOf(await ok<{ base64: string }>('export', { villageId: 'v1', kind: 'grids' }))
    expect(grids).toContain('第3网格')
    expect(grids).toContain('H1')
    const member = (await invokeAs(
      imports,
      { action: 'export', data: { villageId: 'v1', kind: 'party' } },
      { openid: openidOf('party_member') },
    )) as Envelope<unknown>
    expect(member.ok ? '' : member.error.code).toBe('FORBIDDEN')
  })
})

describe('staged rows that are never imported', () => {
  const DAY = 86_400_000
  const stageDocs = async (stageId: string) =>
    (await db.collection(C.import_stages).where({ stageId }).get()).data as { _id: string; part: string }[]
  /** The stage as if it was last touched `days` ago (its head, and the time its chunks were staged). */
  const age = async (stageId: string, days: number) => {
    const at = new Date(Date.now() - days * DAY)
    await db
      .collection(C.import_stages)
      .doc(stageId)
      .update({ data: { updatedAt: at } })
    await db
      .collection(C.import_stages)
      .where({ stageId, part: 'chunk' })
      .update({ data: { stagedAt: at } })
  }
  const stageOf = async (villageId: string, numbers: number[]) =>
    (await ok<Preview>('preview', { villageId, kind: 'party', file: file(numbers.map((n) => member(n))) })).stage!
      .stageId
  const sweep = () =>
    invokeAs(imports, { Type: 'Timer', TriggerName: 'stages', Time: '' }, { openid: '' }) as Promise<
      Envelope<{ removed: number }>
    >

  it('放弃这次导入 removes the staged rows; the import can then not be committed; a second discard finds nothing', async () => {
    const stageId = await stageOf('v1', [901, 902, 903])
    expect((await stageDocs(stageId)).map((d) => d.part).sort()).toEqual(['chunk', 'head'])
    const before = await countIn('v1')
    expect(await ok('discard', { villageId: 'v1', stageId })).toEqual({ discarded: true })
    expect(await stageDocs(stageId)).toEqual([])
    const commit = (await invokeAs(
      imports,
      { action: 'commit', data: { villageId: 'v1', stageId, chunk: 0 } },
      { openid: SECRETARY },
    )) as Envelope<unknown>
    expect(!commit.ok && commit.error.code).toBe('NOT_FOUND')
    expect(await ok('discard', { villageId: 'v1', stageId })).toEqual({ discarded: false })
    expect(await countIn('v1')).toBe(before)
  })

  it('the daily timer removes stages untouched for 7 days and chunks without a head, and keeps younger ones', async () => {
    const old = await stageOf('v1', [911, 912])
    const young = await stageOf('v1', [921])
    await age(old, 8)
    await age(young, 6)
    const orphan = 'f'.repeat(24)
    await db.collection(C.import_stages).add({
      data: {
        _id: `${orphan}-0`,
        part: 'chunk',
        stageId: orphan,
        villageId: 'v1',
        index: 0,
        skipped: 0,
        rows: [],
        stagedAt: new Date(Date.now() - 8 * DAY),
      },
    })
    expect(await sweep()).toEqual({ ok: true, data: { removed: 2 } })
    expect(await stageDocs(old)).toEqual([])
    expect(await stageDocs(orphan)).toEqual([])
    expect((await stageDocs(young)).length).toBe(2)
    // Not callable by a person other than the county.
    const asSecretary = (await invokeAs(
      imports,
      { action: 'sweepStages', data: {} },
      { openid: SECRETARY },
    )) as Envelope<unknown>
    expect(!asSecretary.ok && asSecretary.error.code).toBe('FORBIDDEN')
  })

  it("the village's next preview removes its own stale stages, not another village's", async () => {
    const stale = await stageOf('v1', [931])
    await age(stale, 8)
    const elsewhere = 'e'.repeat(24)
    await db.collection(C.import_stages).add({
      data: {
        _id: elsewhere,
        part: 'head',
        stageId: elsewhere,
        villageId: 'v2',
        kind: 'party',
        chunks: 0,
        lines: [],
        ready: 0,
        doneChunks: 0,
        status: 'staged',
        createdAt: new Date(Date.now() - 9 * DAY),
        updatedAt: new Date(Date.now() - 9 * DAY),
      },
    })
    const fresh = await stageOf('v1', [941])
    expect(await stageDocs(stale)).toEqual([])
    expect((await stageDocs(fresh)).length).toBe(2)
    expect((await stageDocs(elsewhere)).length).toBe(1)
  })
})
