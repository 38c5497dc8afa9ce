import { update } from 'mingo/updater'
const d1: any = { a: [1, 2, 3] }
console.log(update(d1, { $set: { 'a.$': 20 } }, undefined, { a: 2 }), JSON.stringify(d1))
const d2: any = { objs: [{ x: 1, k: 'a' }, { x: 2, k: 'b' }] }
console.log(update(d2, { $set: { 'objs.$.x': 9 } }, undefined, { 'objs.k': 'b' }), JSON.stringify(d2))
const d3: any = { tags: [1, 2] }
try { console.log(update(d3, { $set: { 'tags.x': 1 } }), JSON.stringify(d3)) } catch (e) { console.log('ERR', (e as Error).message) }
const d4: any = { a: 1 }
console.log(update(d4, { $set: { a: 1 } }), JSON.stringify(d4))
