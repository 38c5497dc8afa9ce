/**
 * A village secretary imports Party members from Excel in the browser: 我的 → 花名册管理 → 从 Excel 导入花名册,
 * a file with one bad row, the preview, the import, and the same file again (the people are updated, not added).
 */
import { writeXlsx } from '../../cloudfunctions/_lib/xlsx'
import { TEMPLATES } from '../../common/rules/roster-import'
import { screenshot, useSeededApp } from './support/app'

const SECRETARY = '谢文凤' // 支部书记, 城郊乡 邱铺村

const WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]
const idOf = (first17: string) =>
  first17 + '10X98765432'[WEIGHTS.reduce((acc, w, i) => acc + w * Number(first17[i]), 0) % 11]!

const journey = useSeededApp()

function workbook(): Buffer {
  const header = TEMPLATES.party.columns.map((c) => c.header)
  const row = (name: string, id: string, grid: string) => [name, id, '13912345678', grid, '正式党员', '在家', '']
  return writeXlsx([
    {
      name: '党员花名册',
      rows: [
        header,
        row('导入甲', idOf('41132919850505101'), '第一网格'),
        row('导入乙', idOf('41132919860606102'), '第一网格'),
        row('导入丙', idOf('41132919870707103'), '第九十网格'),
      ],
    },
  ])
}

describe('rosters from Excel', () => {
  it('a secretary previews a file, imports its good rows, and importing it again updates them', async () => {
    await journey.as(SECRETARY, async (page) => {
      await page.getByText('花名册管理').first().click()
      await page.getByText('从 Excel 导入花名册 ›').first().click()
      const choose = async () => {
        const chooser = page.waitForEvent('filechooser')
        await page.getByText('选择填好的 Excel 文件').first().click()
        await (
          await chooser
        ).setFiles({
          name: '邱铺村党员.xlsx',
          mimeType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
          buffer: workbook(),
        })
      }
      await choose()
      await page.getByText('共 3 行：2 行可以导入（其中 0 人已在花名册中，将更新），1 行有问题').waitFor()
      await page.getByText('第 4 行 导入丙：本村没有「第九十网格」这个网格').waitFor()
      await screenshot(page, 'roster-import-preview')
      await page.getByText('导入 2 行', { exact: true }).first().click()
      await page.getByText('确认导入', { exact: true }).first().click()
      await page.getByText('导入完成').waitFor()
      await page.getByText('已导入 2 人：新增 2 人，更新 0 人').waitFor()

      await choose()
      await page.getByText('共 3 行：2 行可以导入（其中 2 人已在花名册中，将更新），1 行有问题').waitFor()
    })
  })
})
