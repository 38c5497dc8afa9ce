/** Data under dataDir survives close/reopen, snapshots and a torn journal tail; data directories are guarded. */
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { startLocalCloud } from '../../local/cloud'
import { dataDirFromEnv } from '../../local/cloud/data-dir'
import { checkDataDirPath, wipeDataDir } from '../../local/cloud/store/persistence'
import { FIXTURE_INDEXES, startWithSdk, type Harness } from './support'

let h: Harness
let dir: string

beforeAll(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'localcloud-dur-'))
  h = await startWithSdk({ dataDir: dir })
})
afterAll(async () => {
  await h.cloud.close()
  fs.rmSync(dir, { recursive: true, force: true })
})

async function reopen(): Promise<Awaited<ReturnType<typeof startLocalCloud>>> {
  return startLocalCloud({ dataDir: dir, indexesFile: FIXTURE_INDEXES })
}

test('acknowledged writes are in the journal and come back after reopening, with indexes', async () => {
  await h.db.collection('notes').add({ data: { _id: 'n1', at: new Date(5), text: 'x' } })
  await h.db.collection('items').add({
    data: [
      { _id: 'a', group: 1, rank: 1 },
      { _id: 'b', group: 1, rank: 2 },
    ],
  })
  await h.db
    .collection('notes')
    .doc('n1')
    .update({ data: { text: 'y' } })
  await h.db.createCollection('made')
  // A second local cloud cannot open the same directory while this one holds it.
  await expect(reopen()).rejects.toThrow(/in use by process/)
  await h.cloud.close()
  const again = await reopen()
  try {
    expect(again.engine.collection('notes').get('n1')).toEqual({ _id: 'n1', at: new Date(5), text: 'y' })
    expect(again.engine.has('made')).toBe(true)
    expect(again.engine.collection('items').indexes[0]!.tree.size).toBe(2)
    expect(again.recovery?.journalRecords).toBe(4)
  } finally {
    await again.close()
  }
  h = await startWithSdk({ dataDir: dir })
})

test('a snapshot replaces the journal, and later writes land in the new journal', async () => {
  await h.cloud.flush({ snapshot: true })
  const files = fs.readdirSync(dir).sort()
  expect(files.filter((f) => f.startsWith('snapshot-'))).toHaveLength(1)
  await h.db.collection('notes').add({ data: { _id: 'n2' } })
  await h.cloud.close()
  const again = await reopen()
  try {
    expect(again.recovery?.snapshotGen).not.toBeNull()
    expect(again.recovery?.journalRecords).toBe(1)
    expect(again.engine.collection('notes').get('n2')).toEqual({ _id: 'n2' })
    expect(again.engine.collection('notes').get('n1')).toEqual({ _id: 'n1', at: new Date(5), text: 'y' })
  } finally {
    await again.close()
  }
  h = await startWithSdk({ dataDir: dir })
})

test('a torn record at the end of the journal is cut off; everything before it survives', async () => {
  await h.db.collection('notes').add({ data: { _id: 'n3' } })
  await h.cloud.close()
  const journal = fs
    .readdirSync(dir)
    .filter((f) => f.startsWith('journal-'))
    .sort()
    .pop()!
  fs.appendFileSync(path.join(dir, journal), '0badc0de {"ops":[{"k":"put","c":"notes","d":{"_id":"half')
  const warn = jest.spyOn(console, 'warn').mockImplementation(() => {})
  const again = await reopen()
  warn.mockRestore()
  try {
    expect(again.recovery?.tornBytes).toBeGreaterThan(0)
    expect(again.engine.collection('notes').get('n3')).toEqual({ _id: 'n3' })
    expect(again.engine.collection('notes').get('half')).toBeUndefined()
  } finally {
    await again.close()
  }
  h = await startWithSdk({ dataDir: dir })
  await h.db.collection('notes').add({ data: { _id: 'n4' } })
  expect((await h.db.collection('notes').doc('n4').get()).data._id).toBe('n4')
})

describe('data directory guard rails', () => {
  test('an empty or project-like path is refused, never resolved to the current directory', () => {
    expect(() => checkDataDirPath('')).toThrow(/empty/)
    expect(() => dataDirFromEnv({ DATA_DIR: '' })).toThrow(/empty/)
    expect(() => dataDirFromEnv({ DATA_DIR: '  ' })).toThrow(/empty/)
    expect(() => checkDataDirPath(process.cwd())).toThrow(/refusing/)
    expect(() => checkDataDirPath(path.dirname(process.cwd()))).toThrow(/refusing/)
    expect(() => checkDataDirPath('/')).toThrow(/refusing/)
    expect(() => checkDataDirPath(os.homedir())).toThrow(/refusing/)
    const project = fs.mkdtempSync(path.join(os.tmpdir(), 'localcloud-project-'))
    fs.writeFileSync(path.join(project, 'package.json'), '{}')
    expect(() => checkDataDirPath(project)).toThrow(/package.json/)
    expect(() => wipeDataDir(project)).toThrow(/package.json/)
    expect(fs.existsSync(path.join(project, 'package.json'))).toBe(true)
    fs.rmSync(project, { recursive: true, force: true })
  })

  test('wiping deletes only the local cloud’s own files, and never a directory in use', async () => {
    const data = fs.mkdtempSync(path.join(os.tmpdir(), 'localcloud-wipe-'))
    const cloud = await startLocalCloud({ dataDir: data, indexesFile: FIXTURE_INDEXES })
    await cloud.engine.apply([{ k: 'put', c: 'notes', d: { _id: 'x' } }])
    fs.writeFileSync(path.join(data, 'uploads.bin'), 'not ours')
    expect(() => wipeDataDir(data)).toThrow(/in use/)
    await cloud.flush({ snapshot: true })
    await cloud.close()
    const result = wipeDataDir(data)
    expect(result.leftInPlace).toEqual(['uploads.bin'])
    expect(result.removed.some((f) => f.startsWith('snapshot-'))).toBe(true)
    expect(fs.readdirSync(data)).toEqual(['uploads.bin'])
    fs.rmSync(data, { recursive: true, force: true })
  })
})
