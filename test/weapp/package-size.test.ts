/**
 * Package-size budgets (bench/budgets.json → packages) on the weapp build: main package, each subpackage and the
 * total, against the budget and WeChat's limits — the same figures `npm run size` prints.
 */
import { formatSizeReport, measureWeapp, packageBudget, sizeReport } from '../../scripts/size'
import { ensureWeappBuild, WEAPP_DIST } from './support/build'

beforeAll(async () => {
  await ensureWeappBuild()
}, 180_000)

describe('weapp package sizes (bench/budgets.json)', () => {
  it('measures the main package and every subpackage of app.json', () => {
    const sizes = measureWeapp(WEAPP_DIST)
    expect(sizes[0]!.name).toBe('main')
    expect(sizes.length).toBeGreaterThan(1)
    for (const s of sizes) expect(s.bytes).toBeGreaterThan(0)
  })

  it('keeps every package and the total within the budget', () => {
    const lines = sizeReport(measureWeapp(WEAPP_DIST), packageBudget())
    const over = lines
      .filter((l) => l.over)
      .map(
        (l) =>
          `${l.name}: ${(l.bytes / 1024).toFixed(1)} KB > budget ${(Math.min(l.budget, l.limit) / 1024).toFixed(0)} KB`,
      )
    expect({ over, report: over.length ? formatSizeReport(lines) : '' }).toEqual({ over: [], report: '' })
  })
})
