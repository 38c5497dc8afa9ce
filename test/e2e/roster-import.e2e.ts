/**
 * A village secretary imports Party members from Excel in the browser: 首页 → 花名册管理 → 从 Excel 导入花名册,
 * a file with one bad row, the preview, the import, and the same file again (the people are updated, not added);
 * then a 网格与联户 file linking households to the members just imported, with its problem rows named; then the
 * 党员花名册 exported to Excel (downloaded in the browser) and read back.
 */
import { readFileSync } from 'node:fs'
import type { Page } from 'playwright-core'
import { writeXlsx, xlsxParts, type Cell } from '../../cloudfunctions/_lib/xlsx'
import { TEMPLATES } from '../../common/rules/roster-import'
import { answerConfirm, screenshot, useSeededApp } from './support/app'

const SECRETARY = '谢文凤' // 支部书记, 城郊乡 邱铺村

const WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]
const idOf = (first17: string) =>
  first17 + '10X98765432'[WEIGHTS.reduce((acc, w, i) => acc + w * Number(first17[i]), 0) % 11]!

const journey = useSeededApp()

const A = idOf('41132919850505101')
const B = idOf('41132919860606102')
const C = idOf('41132919870707103')

async function chooseFile(page: Page, name: string, buffer: Buffer) {
  const chooser = page.waitForEvent('filechooser')
  await page.getByText('选择填好的 Excel 文件').first().click()
  await (
    await chooser
  ).setFiles({ name, mimeType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', buffer })
}

function linksWorkbook(): Buffer {
  const rows: Cell[][] = [
    TEMPLATES.grids.columns.map((c) => c.header),
    ['第一网格', A, A, '0001'],
    ['第一网格', '', B, '0002'],
    ['第一网格', '', B, '9999'],
    ['第一网格', '', C, '0003'],
    ['第一网格', '', A, '0001'],
  ]
  return writeXlsx([{ name: '网格与联户', rows }])
}

function workbook(): Buffer {
  const header = TEMPLATES.party.columns.map((c) => c.header)
  const row = (name: string, id: string, grid: string) => [name, id, '13912345678', grid, '正式党员', '在家', '']
  return writeXlsx([
    {
      name: '党员花名册',
      rows: [header, row('导入甲', A, '第一网格'), row('导入乙', B, '第一网格'), row('导入丙', C, '第九十网格')],
    },
  ])
}

describe('rosters from Excel', () => {
  it('a secretary imports members, then their 联户 links, and exports the roster', async () => {
    await journey.as(SECRETARY, async (page) => {
      await page.getByText('花名册管理').first().click()
      await page.getByText('从 Excel 导入花名册 ›').first().click()
      const choose = () => chooseFile(page, '邱铺村党员.xlsx', workbook())
      await choose()
      await page.getByText('共 3 行：2 行可以导入（其中 0 人已在花名册中，将更新），1 行有问题').waitFor()
      await page.getByText('第 4 行 导入丙：本村没有「第九十网格」这个网格').waitFor()
      await screenshot(page, 'roster-import-preview')
      await page.getByText('导入 2 行', { exact: true }).first().click()
      await answerConfirm(page, /已在花名册中的会更新/)
      await page.getByText('导入完成').waitFor()
      await page.getByText('已导入 2 人：新增 2 人，更新 0 人').waitFor()

      await choose()
      await page.getByText('共 3 行：2 行可以导入（其中 2 人已在花名册中，将更新），1 行有问题').waitFor()
      // Given up: the staged rows are removed and the preview goes away.
      await page.getByText('放弃这次导入', { exact: true }).first().click()
      await answerConfirm(page, /表中的行都不会导入/)
      await page.getByText('已放弃这次导入').waitFor()
      expect(await page.getByText('导入 2 行', { exact: true }).count()).toBe(0)

      // 网格与联户: the two members just imported link households of the village.
      await page.getByText('网格与联户', { exact: true }).first().click()
      await chooseFile(page, '邱铺村联户.xlsx', linksWorkbook())
      await page.getByText('共 5 行：2 行可以导入，3 行有问题').waitFor()
      await page.getByText('第 4 行 第一网格：本村没有户号为「9999」的户').waitFor()
      await page.getByText('第 5 行 第一网格：联户党员不在本村花名册中：请先导入党员花名册').waitFor()
      await page.getByText('第 6 行 第一网格：户号「0001」已在第 2 行联系：一户只由一名党员联系').waitFor()
      await page.getByText('导入 2 行', { exact: true }).first().click()
      await answerConfirm(page, /联户关系将写入本村/)
      await page.getByText('导入完成').waitFor()
      await page.getByText(/^已设置联户 2 户/).waitFor()
      await screenshot(page, 'roster-import-links')

      // The members' roster exported: downloaded in the browser, with the imported members in it.
      await page.getByText('党员花名册', { exact: true }).first().click()
      const download = page.waitForEvent('download')
      await page.getByText('导出本村「党员花名册」').first().click()
      const file = await download
      expect(file.suggestedFilename()).toBe('邱铺村党员花名册.xlsx')
      const path = await file.path()
      const sheet = xlsxParts(readFileSync(path)).get('xl/worksheets/sheet1.xml') ?? ''
      expect(sheet).toContain('导入甲')
      expect(sheet).toContain(`**************${A.slice(-4)}`)
      expect(sheet).not.toContain(A)
      await page.getByText(/^已导出「邱铺村党员花名册.xlsx」，共 \d+ 行$/).waitFor()
    })
  })
})
