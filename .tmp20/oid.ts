import { ObjectId } from 'bson'
import { Query } from 'mingo'
const h = new ObjectId().toHexString()
console.log(new Query({ a: new ObjectId(h) }).test({ a: new ObjectId(h) }), new Query({ a: new ObjectId(h) }).test({ a: new ObjectId() }), new Query({ a: h }).test({ a: new ObjectId(h) }))
