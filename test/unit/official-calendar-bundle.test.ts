/**
 * The functions' bundles carry a generated stand-in for `chinese-days` (scripts/build-functions.ts
 * `officialCalendarModule`): it must answer exactly as the package does, day by day, from OFFICIAL_CALENDAR_FROM
 * to the last year the package knows.
 */
import { transformSync } from 'esbuild'
import * as days from 'chinese-days'
import { OFFICIAL_CALENDAR_FROM, officialCalendarModule } from '../../scripts/build-functions'

type Calendar = Pick<typeof days, 'getDayDetail' | 'getHolidaysInRange'>

function load(): Calendar {
  const { code } = transformSync(officialCalendarModule(), { format: 'cjs', loader: 'js' })
  const module = { exports: {} as Calendar }
  new Function('module', 'exports', code)(module, module.exports)
  return module.exports
}

describe('the bundled official calendar', () => {
  const bundled = load()
  const lastYear = (() => {
    let y = OFFICIAL_CALENDAR_FROM
    while (days.getHolidaysInRange(`${y + 1}-01-01`, `${y + 1}-12-31`, false).length) y++
    return y
  })()

  it('knows the years the package knows (at least 2026)', () => {
    expect(lastYear).toBeGreaterThanOrEqual(2026)
  })

  it('gives every day from its first year the working-day answer of chinese-days', () => {
    const wrong: string[] = []
    for (let t = Date.UTC(OFFICIAL_CALENDAR_FROM, 0, 1); t < Date.UTC(lastYear + 2, 0, 1); t += 86_400_000) {
      const date = new Date(t).toISOString().slice(0, 10)
      if (bundled.getDayDetail(date).work !== days.getDayDetail(date).work) wrong.push(date)
    }
    expect(wrong).toEqual([])
  })

  it('lists the same official holidays per year and per range', () => {
    for (let y = OFFICIAL_CALENDAR_FROM; y <= lastYear + 1; y++)
      expect(bundled.getHolidaysInRange(`${y}-01-01`, `${y}-12-31`, false)).toEqual(
        days.getHolidaysInRange(`${y}-01-01`, `${y}-12-31`, false),
      )
    expect(bundled.getHolidaysInRange('2025-12-30', '2026-01-02', false)).toEqual(
      days.getHolidaysInRange('2025-12-30', '2026-01-02', false),
    )
  })
})
