/**
 * The .xlsx writer (cloudfunctions/_lib/xlsx.ts) read back by an independent, published reader (read-excel-file),
 * so a workbook that only the project's own reader understands fails here.
 */
import readExcelFile from 'read-excel-file/node'
import { writeXlsx, type Cell, type Sheet } from '../../cloudfunctions/_lib/xlsx'

/** What a reader sees: every row as wide as the widest, empty cells null. */
function asRead(rows: Cell[][]): Cell[][] {
  const width = Math.max(...rows.map((r) => r.length))
  return rows.map((r) => Array.from({ length: width }, (_, i) => (r[i] === undefined || r[i] === '' ? null : r[i])))
}

async function readBack(sheets: Sheet[]) {
  return (await readExcelFile(writeXlsx(sheets), { trim: false })).map((s) => ({ name: s.sheet, rows: s.data }))
}

describe('xlsx export read by read-excel-file', () => {
  it('reads back sheet names, strings, numbers and empty cells as written', async () => {
    const wide = Array.from({ length: 30 }, (_, i) => `列${i + 1}`)
    const sheets: Sheet[] = [
      {
        name: '月达标排序',
        rows: [
          ['名次', '乡镇', '村（社区）', '得分', '备注'],
          [1, '城关镇', '邱铺村', 98.5, '  前后留空格  '],
          [2, '河口乡', 'a < b & "c" > d', -3, '第一行\n第二行'],
          [3, null, undefined, 0, ''],
          [4, 'Ünïcödé 🚜', "it's", 1e-7, 12345678901],
        ],
      },
      { name: '取证汇总', rows: [wide, wide.map((_, i) => i)] },
      { name: '说明', rows: [['说明'], ['本表由乡治导出']] },
    ]
    const read = await readBack(sheets)
    expect(read.map((s) => s.name)).toEqual(['月达标排序', '取证汇总', '说明'])
    for (const [i, sheet] of sheets.entries()) expect(read[i]!.rows).toEqual(asRead(sheet.rows))
  })

  it('reads what the writer cleans: control characters dropped, sheet names Excel refuses made safe', async () => {
    const read = await readBack([
      { name: '乡镇/村:2026?*[一]', rows: [['a\u0001b\u0008c\u001fd', 'tab\there']] },
      { name: '名'.repeat(40), rows: [['x']] },
      { name: '', rows: [[1]] },
    ])
    expect(read.map((s) => s.name)).toEqual(['乡镇 村 2026   一 ', '名'.repeat(31), 'Sheet3'])
    expect(read[0]!.rows).toEqual([['abcd', 'tab\there']])
  })
})
