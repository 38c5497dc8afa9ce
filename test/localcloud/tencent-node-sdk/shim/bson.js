// Dependency shim: the suite was written against bson 4, which also exported `ObjectId` as `ObjectID`.
const path = require('node:path') // eslint-disable-line @typescript-eslint/no-require-imports
const bson = require(path.resolve(__dirname, '../../../../node_modules/bson/lib/bson.cjs')) // eslint-disable-line @typescript-eslint/no-require-imports

module.exports = { ...bson, ObjectID: bson.ObjectId }
