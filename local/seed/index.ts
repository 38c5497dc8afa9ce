/**
 * The one call site `npm run db:reset` uses to (re)seed demo data. Issues that add demo data extend
 * local/seed/demo.ts; this file only forwards to it.
 */
export { seedDemoData, type SeedReport } from './demo'
