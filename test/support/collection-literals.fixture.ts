// Read as text by test/unit/collections.test.ts (never run): which literals name a collection.
declare const db: { collection(name: string): unknown }
declare function callFunction(name: string, action: string): unknown
export const people = db.collection('people')
export const months = ['duty_months']
export const REQUESTS_COLLECTION = 'requests'
export const notACollection = callFunction('requests', 'list')
export const subject = { collection: 'meetings', id: 'm1' }
export const label = 'meetings'
