/**
 * Damage to the local store (issue 21, finding 6): start-up refuses any damage it cannot prove to be a torn tail,
 * names the file and the offset and leaves the file untouched; `repairDataDir` (npm run db:repair) keeps what is
 * provably intact on request. Property-style: bytes flipped at seeded random positions of journals and snapshots,
 * and journals cut at seeded random lengths (a torn tail still recovers by itself).
 */
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { startLocalCloud } from '../../local/cloud'
import { repairDataDir, StoreDamageError } from '../../local/cloud/store/persistence'
import { FIXTURE_INDEXES } from './support'

const DOCS = 240
const SEED = Number(process.env.DAMAGE_SEED ?? 20261207)
const TRIALS = Number(process.env.DAMAGE_TRIALS ?? 12)

/** mulberry32: a small seeded PRNG, so a failing position can be replayed with DAMAGE_SEED. */
function random(seed: number): () => number {
  let a = seed >>> 0
  return () => {
    a = (a + 0x6d2b79f5) >>> 0
    let t = a
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}

const docOf = (i: number) => ({ _id: `d${String(i).padStart(4, '0')}`, n: i, text: `第 ${i} 条记录 ✓` })
const collectionOf = (i: number) => (i % 2 ? 'odd' : 'even')

const open = (dir: string) => startLocalCloud({ dataDir: dir, indexesFile: FIXTURE_INDEXES })

/** A data directory with DOCS single-document records; with `snapshotAfter`, a snapshot after that many. */
async function makeStore(snapshotAfter?: number): Promise<string> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'localcloud-damage-'))
  const cloud = await open(dir)
  await cloud.engine.apply([
    { k: 'create', c: 'odd' },
    { k: 'create', c: 'even' },
  ])
  for (let i = 0; i < DOCS; i++) {
    await cloud.engine.apply([{ k: 'put', c: collectionOf(i), d: docOf(i) }])
    if (i + 1 === snapshotAfter) await cloud.flush({ snapshot: true })
  }
  await cloud.close()
  return dir
}

function copyDir(from: string): string {
  const to = fs.mkdtempSync(path.join(os.tmpdir(), 'localcloud-damage-'))
  for (const name of fs.readdirSync(from)) fs.copyFileSync(path.join(from, name), path.join(to, name))
  return to
}

const fileOf = (dir: string, prefix: string) => fs.readdirSync(dir).find((n) => n.startsWith(prefix))!

/** The documents a directory opens with, by id; throws what start-up throws. */
async function contents(dir: string): Promise<Map<string, unknown>> {
  const cloud = await open(dir)
  try {
    const all = new Map<string, unknown>()
    for (const name of ['odd', 'even'].filter((n) => cloud.engine.has(n)))
      for (const doc of cloud.engine.collection(name).docs.values()) all.set(`${name}/${String(doc._id)}`, doc)
    return all
  } finally {
    await cloud.close()
  }
}

function expected(): Map<string, unknown> {
  return new Map(Array.from({ length: DOCS }, (_, i) => [`${collectionOf(i)}/${docOf(i)._id}`, docOf(i)]))
}

/** Flips the byte at `position` (xor with 1–255) and returns the file's new bytes. */
function flip(file: string, position: number, mask: number): Buffer {
  const bytes = fs.readFileSync(file)
  bytes[position] = bytes[position]! ^ mask
  fs.writeFileSync(file, bytes)
  return bytes
}

/** Start-up must refuse, naming the file and an offset at or before the flipped byte, and not touch the file. */
async function expectRefusal(dir: string, file: string, position: number, damaged: Buffer): Promise<void> {
  let error: unknown
  try {
    await contents(dir)
  } catch (e) {
    error = e
  }
  expect(error).toBeInstanceOf(StoreDamageError)
  const damage = error as StoreDamageError
  expect(damage.file).toBe(path.join(dir, file))
  expect(damage.offset).toBeLessThanOrEqual(position)
  expect(damage.message).toContain(file)
  expect(damage.message).toContain(`byte ${damage.offset}`)
  expect(damage.message).toContain('npm run db:repair')
  expect(fs.readFileSync(path.join(dir, file)).equals(damaged)).toBe(true)
  expect(fs.existsSync(path.join(dir, 'LOCK'))).toBe(false)
}

/** Repair keeps every intact record: nothing altered, at most the one or two records the flip touched lost. */
async function expectRepair(dir: string, file: string, damaged: Buffer, mayLose: number): Promise<void> {
  const report = repairDataDir(dir)
  expect(fs.readFileSync(path.join(report.backupDir, file)).equals(damaged)).toBe(true)
  expect(report.skipped.length).toBeGreaterThan(0)
  const after = await contents(dir)
  const want = expected()
  for (const [key, doc] of after) expect(doc).toEqual(want.get(key))
  expect(want.size - after.size).toBeLessThanOrEqual(mayLose)
  // And the repaired directory opens cleanly again, with the same contents.
  expect(await contents(dir)).toEqual(after)
}

describe('a flipped byte in the journal', () => {
  let pristine: string
  beforeAll(async () => {
    pristine = await makeStore()
    expect(await contents(pristine)).toEqual(expected())
  })

  it(`is refused at start-up and repaired on request (${TRIALS} seeded positions, seed ${SEED})`, async () => {
    const rand = random(SEED)
    const journal = fileOf(pristine, 'journal-')
    const size = fs.statSync(path.join(pristine, journal)).size
    // The middle of the journal (the finding: 13,002 records silently cut), its first and its very last byte too.
    const positions = [Math.floor(size / 2), 0, size - 1]
    while (positions.length < TRIALS) positions.push(Math.floor(rand() * size))
    for (const position of positions) {
      const dir = copyDir(pristine)
      const damaged = flip(path.join(dir, journal), position, 1 + Math.floor(rand() * 255))
      await expectRefusal(dir, journal, position, damaged)
      await expectRepair(dir, journal, damaged, 2)
    }
  })
})

describe('a flipped byte in a snapshot', () => {
  let pristine: string
  beforeAll(async () => {
    pristine = await makeStore(DOCS - 10)
    expect(fs.readdirSync(pristine).some((n) => n.startsWith('snapshot-'))).toBe(true)
    expect(await contents(pristine)).toEqual(expected())
  })

  it(`is refused at start-up and repaired on request (${TRIALS} seeded positions, seed ${SEED})`, async () => {
    const rand = random(SEED + 1)
    const snapshot = fileOf(pristine, 'snapshot-')
    const bytes = fs.readFileSync(path.join(pristine, snapshot))
    const size = bytes.length
    const positions = [Math.floor(size / 2), size - 1]
    while (positions.length < TRIALS) positions.push(Math.floor(rand() * size))
    for (const position of positions) {
      const dir = copyDir(pristine)
      const damaged = flip(path.join(dir, snapshot), position, 1 + Math.floor(rand() * 255))
      await expectRefusal(dir, snapshot, position, damaged)
      // A flip in a document line loses at most that line's document (two when it joins two lines); one in a
      // collection header leaves that collection's documents out rather than put them in another collection.
      const lineStart = bytes.lastIndexOf(10, position - 1) + 1
      const inDocument = bytes[lineStart + 9] === 0x7b && position !== lineStart + 9
      await expectRepair(dir, snapshot, damaged, inDocument ? 2 : DOCS)
    }
  })
})

describe('a torn journal tail (a crash mid-write)', () => {
  it(`is still cut off by itself, keeping every whole record (${TRIALS} seeded lengths)`, async () => {
    const pristine = await makeStore()
    const rand = random(SEED + 2)
    const journal = fileOf(pristine, 'journal-')
    const bytes = fs.readFileSync(path.join(pristine, journal))
    for (let trial = 0; trial < TRIALS; trial++) {
      const dir = copyDir(pristine)
      const cut = 1 + Math.floor(rand() * (bytes.length - 1))
      fs.writeFileSync(path.join(dir, journal), bytes.subarray(0, cut))
      const whole = bytes.subarray(0, cut).toString('utf8').split('\n').length - 1
      const after = await contents(dir)
      // Line 1 creates the collections; each later line is one document.
      expect(after.size).toBe(Math.max(0, whole - 1))
      expect(fs.statSync(path.join(dir, journal)).size).toBe(bytes.lastIndexOf(10, cut - 1) + 1)
    }
  })

  it('is refused when a later journal holds data', async () => {
    const dir = await makeStore()
    const journal = fileOf(dir, 'journal-')
    const file = path.join(dir, journal)
    const bytes = fs.readFileSync(file)
    fs.writeFileSync(file, bytes.subarray(0, bytes.length - 5))
    const next = journal.replace(/\d{8}/, (g) => String(Number(g) + 1).padStart(8, '0'))
    fs.copyFileSync(file, path.join(dir, next))
    await expect(contents(dir)).rejects.toThrow(StoreDamageError)
    // An empty later journal (a rotation just before the crash) is fine.
    fs.writeFileSync(path.join(dir, next), '')
    expect((await contents(dir)).size).toBe(DOCS - 1)
  })
})
