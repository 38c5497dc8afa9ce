/**
 * A real county from nothing (issue 24's "Done means"): an empty local cloud provisioned by `npm run deploy --
 * --local`, the setup code through the app, the generated county's Excel files (`npm run rosters:county`) imported
 * — one village through the import page by the county organiser, every other village through the same imports
 * actions the page calls, with the organiser's identity — and then the product works for it as for the demo county:
 * the county's figures on the organiser's pages, the village secretary named in the 党员花名册 invited, bound, and
 * looking at the roster just imported.
 *
 * In CI a small county (2 townships, 10 villages; XZ_COUNTY_VILLAGES / XZ_COUNTY_TOWNSHIPS to change it);
 * `XZ_COUNTY=full` runs the real size (15 townships, 262 villages, ~19,000 members, ~79,000 households) and prints
 * the import's throughput and the local server's peak memory.
 */
import { execFileSync } from 'node:child_process'
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import type { Browser, Page } from 'playwright-core'
import { TEMPLATES, type ImportKind } from '../../common/rules/roster-import'
import { readDatabaseDeclarations } from '../../scripts/deploy/declarations'
import {
  generateCountyRosters,
  IMPORT_ORDER,
  rosterFileName,
  type GeneratedVillage,
} from '../../scripts/rosters/county'
import {
  answerConfirm,
  back,
  launchBrowser,
  loginAsNewUser,
  newPhone,
  openApp,
  screenshot,
  startApp,
  tapTab,
  type RunningApp,
} from './support/app'

// One journey, step after step on the same county: a retried step would meet the county the failed one left.
jest.retryTimes(0)

const ROOT = path.resolve(__dirname, '..', '..')
const TSX = require.resolve('tsx/cli')
const FULL = process.env.XZ_COUNTY === 'full'
const SIZE = {
  villages: Number(process.env.XZ_COUNTY_VILLAGES ?? (FULL ? 262 : 10)),
  townships: Number(process.env.XZ_COUNTY_TOWNSHIPS ?? (FULL ? 15 : 2)),
}
const SETUP_CODE = 'M3RT-8KXW-2PQV-HZN'
const COUNTY = '新野县'
const ORGANISER = '王建国'

const tsx = (script: string, args: string[], env: Record<string, string> = {}) =>
  execFileSync(process.execPath, [TSX, path.join(ROOT, 'scripts', script), ...args], {
    cwd: ROOT,
    env: { ...process.env, ...env },
    encoding: 'utf8',
  })

let app: RunningApp
let browser: Browser
let filesDir: string
let written: string
const deployRuns: string[] = []
// The county as the generator writes it (the same arguments give the same files): the figures to expect.
const county = generateCountyRosters(SIZE)
const first = county.villages[0]!
const rest = county.villages.slice(1)
const rowsOf = (v: GeneratedVillage, kind: ImportKind) => v.rosters[kind].length - 1
const fileOf = (v: GeneratedVillage, kind: ImportKind) => path.join(filesDir, v.township, rosterFileName(v.name, kind))
const townshipKind = (name: string) => (name.endsWith('街道') ? '街道' : name.endsWith('乡') ? '乡' : '镇')
let organiserOpenid = ''

beforeAll(async () => {
  filesDir = mkdtempSync(path.join(tmpdir(), 'xz-county-files-'))
  written = tsx('county-rosters.ts', [
    '--out',
    filesDir,
    '--villages',
    String(SIZE.villages),
    '--townships',
    String(SIZE.townships),
  ])
  app = await startApp({
    env: { XZ_SETUP_CODE: SETUP_CODE },
    // `npm run deploy -- --local` on the data directory before the server takes it, then again.
    beforeStart: (dataDir) => {
      for (let i = 0; i < 2; i++) deployRuns.push(tsx('deploy.ts', ['--local'], { DATA_DIR: dataDir }))
    },
  })
  browser = await launchBrowser()
}, 180000)
afterAll(async () => {
  await browser?.close()
  await app?.stop()
  if (filesDir) rmSync(filesDir, { recursive: true, force: true })
})

const fill = (page: Page, label: string, value: string) =>
  page.getByLabel(label, { exact: true }).filter({ visible: true }).first().locator('input').fill(value)
const t = (page: Page, text: string | RegExp, exact = true) =>
  page
    .getByText(text, typeof text === 'string' ? { exact } : undefined)
    .filter({ visible: true })
    .first()

/** One call as the app makes it: the local server's function endpoint, as the person with this OPENID. */
async function call<T>(fn: string, action: string, data: unknown, openid = organiserOpenid): Promise<T> {
  const res = await fetch(`${app.url}/api/functions/${fn}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-demo-openid': openid },
    body: JSON.stringify({ action, data }),
  })
  const body = (await res.json()) as { ok: true; data: T } | { ok: false; error: { message: string } }
  if (!body.ok) throw new Error(`${fn}.${action}: ${body.error.message}`)
  return body.data
}

/** Resident set of the server's processes now, and the most they have held (VmHWM), in bytes. */
function serverMemory(): { rss: number; peak: number } {
  let rss = 0
  let peak = 0
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8')
      const pgrp = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[2])
      if (pgrp !== app.pid) continue
      const status = readFileSync(`/proc/${entry}/status`, 'utf8')
      const kb = (key: string) => Number(new RegExp(`${key}:\\s+(\\d+)`).exec(status)?.[1] ?? 0) * 1024
      rss = Math.max(rss, kb('VmRSS'))
      peak = Math.max(peak, kb('VmHWM'))
    } catch {
      // the process ended while being read
    }
  }
  return { rss, peak }
}

describe('a county from an empty cloud to working', () => {
  it('npm run deploy -- --local creates every declared collection and index; run again, it changes nothing', () => {
    expect(written).toContain(`${SIZE.villages} villages, ${county.members} Party members`)
    const { collections } = readDatabaseDeclarations()
    const steps = collections.length + collections.filter((c) => c.indexes.length).length
    const indexes = collections.reduce((n, c) => n + c.indexes.length, 0)
    for (const out of deployRuns) {
      expect(out).toMatch(new RegExp(`^本地云 .*：${steps} 项更改$`, 'm'))
      expect(out).toContain(`建立声明的 ${collections.length} 个集合和 ${indexes} 个索引`)
      expect(out).toContain('再次核对本地云：已与仓库的声明一致，无需更改')
    }
  })

  it('the first organiser sets the county up with the code and imports a village’s four rosters in the app', async () => {
    const { context, page } = await newPhone(browser)
    try {
      await openApp(page, app)
      await t(page, '初始化本县 ›').click()
      await fill(page, '初始化码', SETUP_CODE)
      await fill(page, '县（市、区）名称', COUNTY)
      await fill(page, '行政区划代码', '411329')
      await fill(page, '您的姓名', ORGANISER)
      await t(page, '建立本县').click()
      await t(page, '确认建立').click()
      await t(page, `${COUNTY}已建立`).waitFor()
      organiserOpenid = await page.evaluate(() => {
        const raw = localStorage.getItem('xz.local.openid') ?? ''
        try {
          return String((JSON.parse(raw) as { data?: unknown }).data ?? raw)
        } catch {
          return raw
        }
      })
      expect(organiserOpenid).toMatch(/^local-wx-/)

      // Its first township and village, as the generated files name them.
      await t(page, '去新增乡镇（街道）').click()
      await t(page, '新增乡镇（街道）').click()
      await fill(page, '乡镇（街道）名称', first.township)
      await t(page, townshipKind(first.township)).click()
      await t(page, '保存乡镇（街道）').click()
      await t(page, `已新增「${first.township}」，可继续新增`).waitFor()
      await page.locator('.org__name', { hasText: first.township }).filter({ visible: true }).first().click()
      await t(page, '新增村（社区）').click()
      await fill(page, '名称', first.name)
      await fill(page, '党群服务中心地址', `${first.township}${first.name}村委会院内`)
      await fill(page, '服务中心电话', '0377-6612345')
      await fill(page, '纬度', '32.52')
      await fill(page, '经度', '112.36')
      await t(page, '保存村（社区）').click()
      await t(page, `已新增「${first.name}」，可继续新增`).waitFor()

      // The village's 花名册 → 从 Excel 导入花名册: the four files in order, each previewed, then imported.
      await page.locator('.org__name', { hasText: first.name }).filter({ visible: true }).first().click()
      await t(page, '从 Excel 导入花名册 ›').click()
      const members = rowsOf(first, 'party')
      const households = rowsOf(first, 'households')
      const representatives = rowsOf(first, 'representatives')
      const expected: Record<ImportKind, { preview: string; confirm: RegExp; done: RegExp }> = {
        party: {
          preview: `共 ${members} 行：${members} 行可以导入（其中 0 人已在花名册中，将更新），0 行有问题`,
          confirm: /已在花名册中的会更新/,
          done: new RegExp(`^已导入 ${members} 人：新增 ${members} 人，更新 0 人$`),
        },
        households: {
          preview: `共 ${households} 行：${households} 行可以导入（其中 0 户已在花名册中，将更新），0 行有问题`,
          confirm: /已在花名册中的会更新/,
          done: new RegExp(`^已导入 ${households} 户：新增 ${households} 户，更新 0 户$`),
        },
        // Representatives are household heads already on the roster: they are updated, not added.
        representatives: {
          preview: `共 ${representatives} 行：${representatives} 行可以导入（其中 ${representatives} 人已在花名册中，将更新），0 行有问题`,
          confirm: /已在花名册中的会更新/,
          done: new RegExp(`^已导入 ${representatives} 人：新增 0 人，更新 ${representatives} 人$`),
        },
        grids: {
          preview: `共 ${households} 行：${households} 行可以导入，0 行有问题`,
          confirm: /联户关系将写入本村/,
          done: new RegExp(`^已设置联户 ${households} 户，新建网格 0 个`),
        },
      }
      for (const kind of IMPORT_ORDER) {
        await t(page, TEMPLATES[kind].title).click()
        const chooser = page.waitForEvent('filechooser')
        await t(page, '选择填好的 Excel 文件').click()
        await (await chooser).setFiles(fileOf(first, kind))
        await t(page, expected[kind].preview).waitFor()
        // The new village has no grids yet: its first roster brings them.
        if (kind === 'party') await t(page, `将新建网格：${first.grids.join('、')}`).waitFor()
        await t(page, `导入 ${rowsOf(first, kind)} 行`).click()
        await answerConfirm(page, expected[kind].confirm)
        await t(page, '导入完成').waitFor({ timeout: 60000 })
        await t(page, expected[kind].done).waitFor()
      }
      await screenshot(page, 'county-first-village-imported')
    } finally {
      await context.close()
    }
  }, 300000)

  it(
    'every other village is created and its rosters imported through the same actions',
    async () => {
      const townshipIds = new Map(
        (await call<{ townships: { id: string; name: string }[] }>('org', 'listTownships', {})).townships.map((x) => [
          x.name,
          x.id,
        ]),
      )
      let rows = 0
      let calls = 0
      let importMs = 0
      const sampler = setInterval(serverMemory, 1000)
      const started = Date.now()
      try {
        for (const v of rest) {
          if (!townshipIds.has(v.township)) {
            const made = await call<{ townshipId: string }>('org', 'createTownship', {
              name: v.township,
              kind: townshipKind(v.township),
            })
            townshipIds.set(v.township, made.townshipId)
          }
          const { villageId } = await call<{ villageId: string }>('org', 'createVillage', {
            townshipId: townshipIds.get(v.township)!,
            name: v.name,
            kind: 'village',
            serviceCentre: {
              name: `${v.name}党群服务中心`,
              address: `${v.township}${v.name}村委会院内`,
              phone: '0377-6612345',
              latitude: 32.5,
              longitude: 112.3,
              radiusMetres: 200,
            },
          })
          const t0 = Date.now()
          for (const kind of IMPORT_ORDER) {
            const base64 = readFileSync(fileOf(v, kind)).toString('base64')
            const p = await call<{ total: number; ready: number; stage?: { stageId: string } }>('imports', 'preview', {
              villageId,
              kind,
              file: { base64 },
            })
            expect({ village: v.name, kind, total: p.total, ready: p.ready }).toEqual({
              village: v.name,
              kind,
              total: rowsOf(v, kind),
              ready: rowsOf(v, kind),
            })
            let chunk: number | undefined = 0
            while (chunk !== undefined) {
              const r: { nextChunk?: number } = await call('imports', 'commit', {
                villageId,
                stageId: p.stage!.stageId,
                chunk,
              })
              calls++
              chunk = r.nextChunk
            }
            rows += p.ready
          }
          importMs += Date.now() - t0
        }
      } finally {
        clearInterval(sampler)
      }
      const { peak } = serverMemory()
      const total = Date.now() - started
      console.log(
        `county import: ${rest.length} villages, ${rows} rows (preview + ${calls} commit calls) in ${(importMs / 1000).toFixed(1)} s ` +
          `= ${Math.round((rows * 1000) / importMs)} rows/s; with creating the villages ${(total / 1000).toFixed(1)} s; ` +
          `local server peak RSS ${(peak / 1024 / 1024).toFixed(0)} MB`,
      )
      expect(rows).toBe(rest.reduce((n, v) => n + IMPORT_ORDER.reduce((m, k) => m + rowsOf(v, k), 0), 0))
    },
    4 * 3600_000,
  )

  it('the organiser sees the county’s townships, villages and figures; the secretary binds and opens the roster', async () => {
    const sum = (vs: GeneratedVillage[], f: (v: GeneratedVillage) => number) => vs.reduce((n, v) => n + f(v), 0)
    const away = (v: GeneratedVillage) => v.rosters.party.filter((r) => r[5] === '外出').length
    const townships = [...new Set(county.villages.map((v) => v.township))]
    const secretaryRow = first.rosters.party.find((r) => r[6] === '支部书记')!
    const secretary = String(secretaryRow[0])
    let code = ''
    const { context, page } = await newPhone(browser)
    try {
      await openApp(page, app)
      // The organiser's own phone: the same demo OPENID the setup page gave it.
      await page.evaluate(
        (openid) => localStorage.setItem('xz.local.openid', JSON.stringify({ data: openid })),
        organiserOpenid,
      )
      await page.reload()
      await tapTab(page, '我的')
      await t(page, '全县乡镇（街道）').click()
      await t(page, COUNTY).waitFor()
      await t(
        page,
        `${townships.length} 个乡镇（街道） · ${county.villages.length} 个村（社区） · ${county.households} 户`,
      ).waitFor()
      const members = county.members
      await t(page, new RegExp(`^党员 ${members} 名，其中在外 ${sum(county.villages, away)} 名`)).waitFor()
      await screenshot(page, 'county-organiser-county')
      for (const name of townships) {
        const own = county.villages.filter((v) => v.township === name)
        const row = page.locator('.org__item', { hasText: name }).filter({ visible: true }).first()
        const households = sum(own, (v) => rowsOf(v, 'households'))
        await row.getByText(new RegExp(`^${own.length}\\s*个村（社区）\\s*·\\s*${households}\\s*户$`)).waitFor()
      }

      // The first village in its township: households, grids and members as its files have them.
      await page.locator('.org__name', { hasText: first.township }).filter({ visible: true }).first().click()
      const village = page.locator('.org__item', { hasText: first.name }).filter({ visible: true }).first()
      await village
        .getByText(new RegExp(`${rowsOf(first, 'households')}\\s*户.*网格\\s*${first.grids.length}\\s*个`))
        .waitFor()
      await village
        .getByText(new RegExp(`党员\\s*${rowsOf(first, 'party')}\\s*名（在外\\s*${away(first)}\\s*名）`))
        .waitFor()

      // The secretary the 党员花名册 names is invited from the roster.
      await village.click()
      await fill(page, '查找', secretary)
      await t(page, '查找').click()
      const row = page
        .locator('.xz-row', { hasText: secretary })
        .filter({ hasText: '支部书记' })
        .filter({ visible: true })
      await row.getByText('邀请绑定').click()
      code = ((await page.locator('.roster__code').filter({ visible: true }).first().textContent()) ?? '').trim()
      expect(code).toMatch(/^[A-Z0-9]{5}-[A-Z0-9]{5}$/)
    } finally {
      await context.close()
    }

    const phone = await newPhone(browser)
    try {
      const p = phone.page
      await loginAsNewUser(p, app)
      await fill(p, '邀请码', code)
      await t(p, '绑定').click()
      await t(p, new RegExp(`^绑定成功：${first.name} ${secretary}`)).waitFor()
      await t(p, '花名册管理（人员、户、网格、邀请码）').click()
      // Everyone the files named: the members and the household heads (representatives are heads too).
      await t(p, new RegExp(`^共 ${rowsOf(first, 'party') + rowsOf(first, 'households')} 人`)).waitFor()
      await t(p, '网格', true).click()
      for (const g of first.grids) await t(p, g).waitFor()
      await screenshot(p, 'county-secretary-roster')
      await back(p)
    } finally {
      await phone.context.close()
    }
  }, 180000)
})
