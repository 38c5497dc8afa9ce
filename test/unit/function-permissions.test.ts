/**
 * `cloud.openapi` calls fail in CloudBase unless the function's config.json declares the API. Which functions need
 * which API is read from their import closure: a function that can send subscribe messages (calls scheduleNotices
 * or sendDue, directly or through a shared module) must declare `subscribeMessage.send`; one that makes
 * mini-program codes must declare `wxacode.getUnlimited`.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs'
import path from 'node:path'

const ROOT = path.resolve(__dirname, '../../cloudfunctions')
const functions = readdirSync(ROOT, { withFileTypes: true })
  .filter((d) => d.isDirectory() && !d.name.startsWith('_') && existsSync(path.join(ROOT, d.name, 'index.ts')))
  .map((d) => d.name)

function closure(entry: string): Map<string, string> {
  const seen = new Map<string, string>()
  const visit = (file: string) => {
    if (seen.has(file)) return
    const text = readFileSync(file, 'utf8')
    seen.set(file, text)
    // Type-only imports are erased by the bundler (the collections registry imports every function's types).
    for (const m of text.matchAll(/\b(?:import|export)\s+(type\s+)?[^']*?from '(\.{1,2}\/[^']+)'/g)) {
      if (m[1]) continue
      const base = path.resolve(path.dirname(file), m[2]!)
      const resolved = [`${base}.ts`, path.join(base, 'index.ts')].find((f) => existsSync(f))
      if (resolved && resolved.startsWith(ROOT)) visit(resolved)
    }
  }
  visit(path.join(ROOT, entry, 'index.ts'))
  return seen
}

function declared(name: string): string[] {
  const file = path.join(ROOT, name, 'config.json')
  if (!existsSync(file)) return []
  return (JSON.parse(readFileSync(file, 'utf8')) as { permissions?: { openapi?: string[] } }).permissions?.openapi ?? []
}

const NEEDS: { api: string; definedIn: string; calls: RegExp }[] = [
  { api: 'subscribeMessage.send', definedIn: path.join('_lib', 'notify.ts'), calls: /\b(scheduleNotices|sendDue)\(/ },
  { api: 'wxacode.getUnlimited', definedIn: path.join('_lib', 'wxacode.ts'), calls: /\bcodeMaker\(/ },
]

describe('cloud functions declare the openapi permissions they use', () => {
  it.each(functions)('%s', (name) => {
    const files = closure(name)
    for (const need of NEEDS) {
      const callers = [...files].filter(([file, text]) => !file.endsWith(need.definedIn) && need.calls.test(text))
      if (callers.length)
        expect({ name, api: need.api, declared: declared(name).includes(need.api) }).toEqual({
          name,
          api: need.api,
          declared: true,
        })
    }
  })

  it('finds the senders it should (the scan is not vacuous)', () => {
    const senders = functions.filter((name) =>
      [...closure(name)].some(([file, text]) => !file.endsWith(NEEDS[0]!.definedIn) && NEEDS[0]!.calls.test(text)),
    )
    expect(senders).toEqual(expect.arrayContaining(['meetings', 'deliberation', 'requests', 'council']))
    expect(
      functions.filter((name) =>
        [...closure(name)].some(([file, text]) => !file.endsWith(NEEDS[1]!.definedIn) && NEEDS[1]!.calls.test(text)),
      ),
    ).toEqual(['roster'])
  })
})
