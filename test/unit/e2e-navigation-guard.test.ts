/**
 * Journeys move by taps from 首页 (issue 19): only test/e2e/deep-links.e2e.ts opens pages by address. The same
 * rule is enforced at run time by test/e2e/support/app.ts (newPhone's page.goto); this test reads the journeys'
 * source so a journey cannot step around it (location.hash, history, Taro.navigateTo in page.evaluate).
 */
import { readdirSync, readFileSync } from 'node:fs'
import path from 'node:path'
import { DEEP_LINK_TEST, navigationRefusal } from '../e2e/support/app'

const E2E = path.resolve(__dirname, '..', 'e2e')
const journeys = readdirSync(E2E).filter((f) => f.endsWith('.e2e.ts') && f !== DEEP_LINK_TEST)

/** Ways to reach a page without tapping. */
const BY_ADDRESS: { name: string; pattern: RegExp }[] = [
  { name: 'page.goto', pattern: /\.goto\(/ },
  { name: 'a hash route built by route()', pattern: /(?<![.\w])route\(/ },
  { name: 'location assignment', pattern: /location\.(hash|href|assign|replace)\b/ },
  { name: 'history API', pattern: /history\.(pushState|replaceState)/ },
  { name: 'Taro navigation in the page', pattern: /\b(navigateTo|redirectTo|reLaunch|switchTab)\(/ },
]

/** Offending lines of one source: line number and what it does. */
export function addressNavigations(source: string): string[] {
  const found: string[] = []
  source.split('\n').forEach((line, i) => {
    const code = line.replace(/\/\/.*$/, '')
    for (const { name, pattern } of BY_ADDRESS) if (pattern.test(code)) found.push(`${i + 1}: ${name}: ${line.trim()}`)
  })
  return found
}

describe('journeys reach pages by tapping', () => {
  it('finds the journeys and the one deep-link test', () => {
    expect(journeys.length).toBeGreaterThanOrEqual(8)
    expect(readdirSync(E2E)).toContain(DEEP_LINK_TEST)
  })

  it.each(journeys)('%s opens no page by address', (file) => {
    expect(addressNavigations(readFileSync(path.join(E2E, file), 'utf8'))).toEqual([])
  })

  it('the source check catches each way round', () => {
    expect(addressNavigations("await page.goto(route(app, 'packages/x/pages/y/index?villageId=v1'))")).toHaveLength(2)
    expect(addressNavigations("await page.evaluate(() => { location.hash = '#/pages/me/index' })")).toHaveLength(1)
    expect(addressNavigations('await page.evaluate(() => history.pushState({}, "", "#/x"))')).toHaveLength(1)
    expect(addressNavigations("page.evaluate(() => Taro.navigateTo({ url: '/x' }))")).toHaveLength(1)
    expect(addressNavigations("await tapTab(page, '办事') // not page.goto(...)")).toEqual([])
    expect(addressNavigations("await context.route('**/api/functions/**', (r) => r.abort())")).toEqual([])
  })

  it('at run time, a journey may open only 首页 and the demo login by address', () => {
    const journey = '/repo/test/e2e/grid.e2e.ts'
    expect(navigationRefusal('http://127.0.0.1:1/', journey)).toBeNull()
    expect(navigationRefusal('http://127.0.0.1:1/#/pages/index/index', journey)).toBeNull()
    expect(navigationRefusal('http://127.0.0.1:1/#/packages/demo/pages/login/index', journey)).toBeNull()
    expect(navigationRefusal('http://127.0.0.1:1/#/pages/services/index', journey)).toMatch(/tapping from 首页/)
    expect(navigationRefusal('http://127.0.0.1:1/#/packages/grid/pages/index/index?villageId=v025', journey)).toMatch(
      /query string/,
    )
    expect(navigationRefusal('http://127.0.0.1:1/?x=1', journey)).toMatch(/query string/)
    const deepLinks = `/repo/test/e2e/${DEEP_LINK_TEST}`
    expect(
      navigationRefusal('http://127.0.0.1:1/#/packages/grid/pages/index/index?villageId=v025', deepLinks),
    ).toBeNull()
  })
})
