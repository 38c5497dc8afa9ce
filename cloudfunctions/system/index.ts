import { systemContract } from '../../common/contracts/system'
import { beijingDate } from '../../common/rules/beijing-time'
import { subscribeTemplateIds } from '../_lib/notify'
import { createMain } from '../_lib/runtime'
import { summary } from './handlers/summary'

export const main = createMain(systemContract, {
  async ping(_input, { now }) {
    return { serverTime: now.toISOString(), beijingDate: beijingDate(now) }
  },
  async subscribeTemplates() {
    return { templates: subscribeTemplateIds() }
  },
  async whoami(_input, ctx) {
    const principal = await ctx.principal()
    return { bound: principal.bound, memberships: principal.memberships }
  },
  summary,
})
