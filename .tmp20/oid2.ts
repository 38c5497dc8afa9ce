import fs from 'node:fs'
import { startLocalCloud } from '../local/cloud'
async function main() {
  const dir = fs.mkdtempSync('/tmp/w20/oid-')
  let c = await startLocalCloud({ dataDir: dir })
  await c.engine.apply([{ k: 'create', c: 'notes' }])
  const { decodeWire } = await import('../local/cloud/codec')
  const doc = decodeWire('{"_id":{"$oid":"64b7f0c2a1b2c3d4e5f60718"},"n":1}', 'd', 0) as any
  await c.engine.apply([{ k: 'put', c: 'notes', d: doc }])
  await c.close()
  console.log(fs.readdirSync(dir).map((f) => [f, fs.readFileSync(dir + '/' + f, 'utf8').slice(0, 300)]))
  c = await startLocalCloud({ dataDir: dir })
  const coll = c.engine.collection('notes')
  console.log([...coll.docs.entries()], coll.get(doc._id))
  await c.close()
}
main()
