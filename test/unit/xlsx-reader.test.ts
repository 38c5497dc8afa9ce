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

describe('xlsx formats', () => {
  it('writes an instant as its Beijing date and time, a share as a percentage, and freezes the header', async () => {
    const { xlsxParts } = await import('../../cloudfunctions/_lib/xlsx')
    // 2026-12-31 16:30 UTC is 2027-01-01 00:30 in Beijing: the cell reads the Beijing date, not the UTC one.
    const at = new Date('2026-12-31T16:30:00Z')
    const sheets: Sheet[] = [
      {
        name: '表',
        formats: [undefined, 'percent', 'integer'],
        rows: [
          ['时间', '完成率', '件数'],
          [at, 0.385, 12],
        ],
      },
    ]
    const [read] = await readExcelFile(writeXlsx(sheets))
    // read-excel-file reads a date cell's wall-clock time as a UTC Date.
    const [when, share, count] = read!.data[1]!
    // (to the second: a serial day number is a float)
    const seconds = Math.round((when as unknown as Date).getTime() / 1000)
    expect([seconds, share, count]).toEqual([Date.parse('2027-01-01T00:30:00Z') / 1000, 0.385, 12])
    const xml = xlsxParts(writeXlsx(sheets)).get('xl/worksheets/sheet1.xml')!
    expect(xml).toContain('state="frozen"')
    expect(xml).toMatch(/<c r="B2" s="3"><v>0.385<\/v><\/c><c r="C2" s="2"><v>12<\/v><\/c>/)
    // A header without data rows is not frozen; widths fit the widest cell (CJK counts double).
    const single = xlsxParts(writeXlsx([{ name: 'x', rows: [['村（社区）名称很长很长']] }])).get(
      'xl/worksheets/sheet1.xml',
    )!
    expect(single).not.toContain('frozen')
    expect(single).toContain('<col min="1" max="1" width="24" customWidth="1"/>')
  })
})
