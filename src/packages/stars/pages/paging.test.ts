import { COMPARISON_PAGE, pageOf, townshipGroups } from './paging'

const rows = (n: number) => Array.from({ length: n }, (_, i) => i + 1)

describe('pageOf', () => {
  it('gives one page of at most COMPARISON_PAGE rows and the page count', () => {
    const p = pageOf(rows(2620), 0)
    expect(p.rows).toHaveLength(COMPARISON_PAGE)
    expect(p.rows[0]).toBe(1)
    expect(p.pages).toBe(Math.ceil(2620 / COMPARISON_PAGE))
  })

  it('gives the short last page and clamps pages past either end', () => {
    expect(pageOf(rows(120), 2, 50)).toEqual({ rows: rows(120).slice(100), page: 2, pages: 3 })
    expect(pageOf(rows(120), 9, 50).page).toBe(2)
    expect(pageOf(rows(120), -1, 50).rows[0]).toBe(1)
  })

  it('has one empty page when there are no rows', () => {
    expect(pageOf([], 0)).toEqual({ rows: [], page: 0, pages: 1 })
  })
})

describe('townshipGroups', () => {
  const villages = [
    { villageId: 'a', townshipId: 't1' },
    { villageId: 'b', townshipId: 't2' },
    { villageId: 'c', townshipId: 't1' },
    { villageId: 'd', townshipId: 't3' },
  ]

  it('groups villages by township in first-seen order, named from the rows that carry names', () => {
    const groups = townshipGroups(villages, [
      { villageId: 'c', townshipName: '城关镇' },
      { villageId: 'b', townshipName: '西河乡' },
    ])
    expect(groups.map((g) => [g.townshipId, g.name, g.villages.map((v) => v.villageId)])).toEqual([
      ['t1', '城关镇', ['a', 'c']],
      ['t2', '西河乡', ['b']],
      ['t3', '乡镇 3', ['d']],
    ])
  })
})
