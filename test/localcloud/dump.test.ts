/** db:export / db:import in the CloudBase console's JSON Lines shape. */
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { startLocalCloud } from '../../local/cloud'
import { exportCollections, importCollections } from '../../local/cloud/dump'
import { FIXTURE_INDEXES } from './support'

test('export writes one <collection>.json of EJSON lines; import reads it back, insert refuses clashes, upsert replaces', async () => {
  const out = fs.mkdtempSync(path.join(os.tmpdir(), 'localcloud-dump-'))
  try {
    const source = await startLocalCloud({ indexesFile: FIXTURE_INDEXES })
    await source.engine.apply([
      { k: 'put', c: 'notes', d: { _id: 'a', at: new Date('2024-02-03T04:05:06.007Z'), n: 1.5, tags: ['x'] } },
      { k: 'put', c: 'notes', d: { _id: 'b', nested: { deep: true } } },
    ])
    const counts = exportCollections(source.engine, out, ['notes'])
    await source.close()
    expect(counts).toEqual({ notes: 2 })
    const lines = fs.readFileSync(path.join(out, 'notes.json'), 'utf8').trim().split('\n')
    expect(lines[0]).toBe('{"_id":"a","at":{"$date":"2024-02-03T04:05:06.007Z"},"n":1.5,"tags":["x"]}')

    const target = await startLocalCloud({ indexesFile: FIXTURE_INDEXES })
    expect(await importCollections(target.engine, out, 'insert')).toEqual({ notes: 2 })
    expect(target.engine.collection('notes').get('a')).toEqual({
      _id: 'a',
      at: new Date('2024-02-03T04:05:06.007Z'),
      n: 1.5,
      tags: ['x'],
    })
    await expect(importCollections(target.engine, out, 'insert')).rejects.toThrow(/already exists/)
    fs.writeFileSync(path.join(out, 'notes.json'), '{"_id":"a","v":2}\n')
    await importCollections(target.engine, out, 'upsert')
    expect(target.engine.collection('notes').get('a')).toEqual({ _id: 'a', v: 2 })
    fs.writeFileSync(path.join(out, 'notes.json'), '{"_id":"c"}\n{"_id": broken\n')
    await expect(importCollections(target.engine, out, 'upsert')).rejects.toThrow(/notes.json:2/)
    expect(target.engine.collection('notes').get('c')).toBeUndefined()
    await target.close()
  } finally {
    fs.rmSync(out, { recursive: true, force: true })
  }
})
