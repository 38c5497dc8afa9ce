/**
 * Which pages a role is meant to use, derived rather than listed by hand: a static scan of src/ finds the actions
 * each page calls (`useCall('fn', 'action', …)`, `callFunction('fn', 'action', …)`), and the contracts
 * (common/contracts) say which roles may call each action. A page is meant for a role when the role may call at
 * least one of the actions the page loads when it opens (its `useCall`s; for a form that loads nothing, the
 * actions it submits). `system.whoami` (every page asks who the caller is) and the demo login do not count.
 */
import { existsSync, readFileSync, readdirSync, statSync } from 'node:fs'
import path from 'node:path'
import { contracts } from '../../../../common/contracts'
import { PUBLIC, type Access, type Role } from '../../../../common/roles'

export const SRC = path.resolve(__dirname, '..', '..', '..', '..', 'src')

export interface PageActions {
  /** Route as the H5 router shows it, e.g. `packages/grid/pages/index/index`. */
  route: string
  /** `fn.action` the page loads on opening (useCall). */
  loads: string[]
  /** `fn.action` the page calls on a tap (callFunction). */
  taps: string[]
}

const IGNORED_ACTIONS = new Set(['system.whoami'])
// The setup page is reachable only while a deployment has no county (not in the demo county the sweep walks);
// test/e2e/setup.e2e.ts walks it from an empty local cloud.
const IGNORED_ROUTES = [/^packages\/demo\//, /^packages\/org\/pages\/setup\//]

/** The `fn.action` pairs of one source text: string literals only (a ternary between two actions gives both). */
export function scanCalls(source: string): { loads: string[]; taps: string[] } {
  const loads = new Set<string>()
  const taps = new Set<string>()
  const call = /\b(useCall|callFunction)\(\s*'([A-Za-z]+)'\s*,\s*([^,]+?)\s*,/g
  for (const m of source.matchAll(call)) {
    const [, kind, fn, actionExpr] = m
    for (const a of actionExpr!.matchAll(/'([A-Za-z]+)'/g)) {
      const key = `${fn}.${a[1]}`
      if (IGNORED_ACTIONS.has(key)) continue
      ;(kind === 'useCall' ? loads : taps).add(key)
    }
  }
  return { loads: [...loads].sort(), taps: [...taps].sort() }
}

/** The area a source file belongs to: `pages/<name>` or `packages/<name>`; its helpers count for its pages. */
function areaOf(file: string): string | null {
  const rel = path.relative(SRC, file).split(path.sep)
  if (rel[0] === 'pages' && rel.length >= 2) return `pages/${rel[1]}`
  if (rel[0] === 'packages' && rel.length >= 2) return `packages/${rel[1]}`
  return null
}

function resolveImport(from: string, spec: string): string | null {
  let base: string
  if (spec.startsWith('@/')) base = path.join(SRC, spec.slice(2))
  else if (spec.startsWith('.')) base = path.resolve(path.dirname(from), spec)
  else return null
  for (const candidate of [
    base,
    `${base}.ts`,
    `${base}.tsx`,
    path.join(base, 'index.ts'),
    path.join(base, 'index.tsx'),
  ])
    if (existsSync(candidate) && statSync(candidate).isFile() && /\.tsx?$/.test(candidate)) return candidate
  return null
}

/** The page file and the modules of its own area it imports (transitively): shared app modules do not count. */
function pageSources(pageFile: string): string[] {
  const area = areaOf(pageFile)
  const seen = new Set<string>()
  const todo = [pageFile]
  while (todo.length) {
    const file = todo.pop()!
    if (seen.has(file)) continue
    seen.add(file)
    const text = readFileSync(file, 'utf8')
    for (const m of text.matchAll(/from\s+'([^']+)'/g)) {
      const target = resolveImport(file, m[1]!)
      if (target && areaOf(target) === area && !/\.test\.tsx?$/.test(target)) todo.push(target)
    }
  }
  return [...seen]
}

function findPageFiles(dir: string, out: string[] = []): string[] {
  for (const name of readdirSync(dir)) {
    const full = path.join(dir, name)
    if (statSync(full).isDirectory()) findPageFiles(full, out)
    else if (name === 'index.tsx' && /(^|\/)pages\/[^/]+\/index\.tsx$/.test(path.relative(SRC, full))) out.push(full)
  }
  return out
}

/** Every page of the app with the actions it calls (scans src/ as it is on disk). */
export function scanPages(src = SRC): PageActions[] {
  const files = [...findPageFiles(path.join(src, 'pages')), ...findPageFiles(path.join(src, 'packages'))]
  return files
    .map((file) => {
      const route = path
        .relative(src, file)
        .replace(/\\/g, '/')
        .replace(/\.tsx$/, '')
      const loads = new Set<string>()
      const taps = new Set<string>()
      for (const source of pageSources(file)) {
        const calls = scanCalls(readFileSync(source, 'utf8'))
        calls.loads.forEach((c) => loads.add(c))
        calls.taps.forEach((c) => taps.add(c))
      }
      return { route, loads: [...loads].sort(), taps: [...taps].sort() }
    })
    .filter((p) => !IGNORED_ROUTES.some((r) => r.test(p.route)))
    .sort((a, b) => a.route.localeCompare(b.route))
}

/** Roles allowed to call `fn.action` by its contract; throws on an action no contract declares (a stale scan). */
export function rolesOf(key: string): readonly Access[] {
  const [fn, action] = key.split('.') as [keyof typeof contracts, string]
  const contract = (contracts[fn]?.actions as Record<string, { roles: readonly Access[] }> | undefined)?.[action]
  if (!contract) throw new Error(`${key}: called in src/ but declared in no contract`)
  return contract.roles
}

/** The contract's audit kind of `fn.action`: `write` for an action that changes data. */
function auditOf(key: string): string | undefined {
  const [fn, action] = key.split('.') as [keyof typeof contracts, string]
  return (contracts[fn]?.actions as Record<string, { audit?: string }> | undefined)?.[action]?.audit
}

/** What the sweep knows of the person beyond their roles. */
export interface PersonFacts {
  /** Households linked to the person (grid.myHouseholds). */
  linkedHouseholds: number
}

/**
 * Actions a role may call only for records linked to the caller, narrower than the contract's roles: the handler
 * checks the link. For that role a page deciding on the action is meant only when the person has such a record.
 */
export const LINKED_ONLY: Record<string, { roles: readonly Role[]; has: (p: PersonFacts) => boolean; why: string }> = {
  'grid.household': {
    roles: ['party_member'],
    has: (p) => p.linkedHouseholds > 0,
    why: 'a Party member opens only the households linked to them (cloudfunctions/grid/handlers/visits.ts, 只能查看自己联系的户)',
  },
  'grid.recordVisit': {
    roles: ['party_member'],
    has: (p) => p.linkedHouseholds > 0,
    why: 'a Party member records visits only to households linked to them (cloudfunctions/grid/handlers/visits.ts, 只能记录自己联系的户的走访)',
  },
}

/**
 * May someone holding `roles` (none: an unbound WeChat user) call the action? With `facts`, an action a role may
 * call only for its own linked records (LINKED_ONLY) counts for that role only when the person has one.
 */
export function mayCall(key: string, roles: readonly Role[], facts?: PersonFacts): boolean {
  const allowed = rolesOf(key)
  const linked = LINKED_ONLY[key]
  const counts = (r: Role) => !facts || !linked?.roles.includes(r) || linked.has(facts)
  return allowed.includes(PUBLIC) || roles.some((r) => allowed.includes(r) && counts(r))
}

/** `packages/council/pages/file/index` → `packages/council/pages/index/index`, the first page of its area. */
const homeOf = (route: string) => route.replace(/^(packages\/[^/]+\/pages)\/.*$/, '$1/index/index')

/**
 * The actions that decide who a page is for: what it loads on opening, but not
 * - what its area's first page loads too (the council's standards shown on every 红白理事会 page: they say who may
 *   look at the area, not who the filing form is for), nor
 * - on a page that submits, lookups from another function (the roster lists a meeting form picks attendees from);
 * unless that leaves nothing. For a form that loads nothing, what it submits: the actions that write when it has
 * any (a helper such as the roster import's template download does not make the import for its callers), leaving
 * out public actions when it has others (a duty screen's public code comes after a cadre pairs it). A page that
 * calls nothing at all (办事) is for everyone.
 */
/**
 * Forms whose loads are only lookups for what they send, from the same function (so the rule above cannot tell):
 * the page is for those who may send it.
 */
export const FORMS_BY_WHAT_THEY_SEND: Record<string, string> = {
  'packages/duty/pages/swap/index':
    '换班 loads the week and the cadres only to pick a shift and a colleague; only cadres request and planners decide',
}

export function decidingActions(page: PageActions, pages: readonly PageActions[] = []): string[] {
  const fn = (key: string) => key.split('.')[0]
  if (FORMS_BY_WHAT_THEY_SEND[page.route] && page.taps.length) return page.taps
  const home = homeOf(page.route)
  const shared = new Set(home !== page.route ? (pages.find((p) => p.route === home)?.loads ?? []) : [])
  const submits = new Set(page.taps.map(fn))
  const own = page.loads.filter((key) => !shared.has(key) && (!submits.size || submits.has(fn(key))))
  if (own.length) return own
  if (page.loads.length && !page.taps.length) return page.loads
  // A form is for those who may send it: the actions that write, when it has any (the roster import's template
  // download is open to organisers, the import itself to the roster keepers only).
  const writes = page.taps.filter((key) => auditOf(key) === 'write')
  const sent = writes.length ? writes : page.taps
  const restricted = sent.filter((key) => !rolesOf(key).includes(PUBLIC))
  return restricted.length ? restricted : sent
}

/** The routes a person holding `roles` (and, when known, with these `facts`) is meant to reach. */
export function expectedPages(pages: readonly PageActions[], roles: readonly Role[], facts?: PersonFacts): string[] {
  return pages
    .filter((p) => {
      const deciding = decidingActions(p, pages)
      return deciding.length === 0 || deciding.some((key) => mayCall(key, roles, facts))
    })
    .map((p) => p.route)
}
