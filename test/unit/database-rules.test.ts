/**
 * Clients never touch the database: every declared collection has a security rule in
 * cloudbase/database-rules.json, no rule lets a client read or write, and the app (src/) has no client-side
 * database access — it reaches data only through cloud functions.
 */
import fs from 'node:fs'
import path from 'node:path'

const root = path.resolve(__dirname, '../..')
const readJson = (file: string) =>
  JSON.parse(fs.readFileSync(path.join(root, file), 'utf8')) as { collections: Record<string, unknown> }

describe('cloudbase/database-rules.json', () => {
  const declared = Object.keys(readJson('cloudbase/indexes.json').collections)
  const rules = readJson('cloudbase/database-rules.json').collections

  it('has a rule for every collection declared in cloudbase/indexes.json, and none for undeclared ones', () => {
    expect(declared.length).toBeGreaterThan(0)
    expect(declared.filter((c) => !(c in rules))).toEqual([])
    expect(Object.keys(rules).filter((c) => !declared.includes(c))).toEqual([])
  })

  it('lets no client read or write any collection', () => {
    const open = Object.entries(rules).filter(
      ([, rule]) => JSON.stringify(rule) !== JSON.stringify({ read: false, write: false }),
    )
    expect(open).toEqual([])
  })
})

describe('the app has no client-side database access', () => {
  const files: string[] = []
  const walk = (dir: string) => {
    for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
      const full = path.join(dir, entry.name)
      if (entry.isDirectory()) walk(full)
      else if (/\.(ts|tsx|js|jsx)$/.test(entry.name)) files.push(full)
    }
  }
  walk(path.join(root, 'src'))

  /** Ways a mini-program (or H5 page) could reach the database or the server SDK itself. */
  const FORBIDDEN = [
    /\bcloud\s*\.\s*database\s*\(/, // Taro.cloud.database() / wx.cloud.database()
    /\.\s*database\s*\(\s*[{)]/, // a database() call on any cloud object
    /['"]wx-server-sdk['"]/,
    /['"]@cloudbase\/(js-sdk|node-sdk|database)['"]/,
    /['"]tcb-admin-node['"]/,
  ]

  it('scans the app sources', () => {
    expect(files.length).toBeGreaterThan(20)
  })

  it('never calls wx.cloud.database / Taro.cloud.database nor imports a server SDK', () => {
    const hits = files.flatMap((file) => {
      const text = fs.readFileSync(file, 'utf8')
      return FORBIDDEN.filter((re) => re.test(text)).map((re) => `${path.relative(root, file)}: ${re}`)
    })
    expect(hits).toEqual([])
  })

  it('the scan would catch a client-side database call', () => {
    const sample = "const db = Taro.cloud.database()\nconst w = wx.cloud.database({ env: 'x' })"
    expect(FORBIDDEN.some((re) => re.test(sample))).toBe(true)
  })
})
