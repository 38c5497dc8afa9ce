import { starsContract } from '../../../common/contracts/stars'
import { AppError } from '../../../common/errors'
import { beijingMonth } from '../../../common/rules/beijing-time'
import { templateProblems, type StarTemplate } from '../../../common/rules/stars-template'
import { getDocs } from '../../_lib/cloud'
import { COUNTY_ID } from '../../_lib/records'
import type { Handlers } from '../../_lib/runtime'
import { LEVELS, templateOf, TEMPLATES, yearOfMonth, type LevelDoc } from '../store'

/** The county's template of a year (tasks, figures, thresholds). */
export const templates: Pick<Handlers<typeof starsContract>, 'template' | 'saveTemplate'> = {
  async template({ year }, { db, now }) {
    const y = year ?? yearOfMonth(beijingMonth(now))
    const [template, confirmed] = await Promise.all([
      templateOf(db, y),
      getDocs<LevelDoc>(db.collection(LEVELS).where({ year: y }).limit(1)),
    ])
    return { template, locked: confirmed.length > 0 }
  },

  async saveTemplate({ template }, { db }) {
    const problems = templateProblems(template as StarTemplate)
    if (problems.length) throw new AppError('INVALID_ARGUMENT', `模板有问题：${problems.join('；')}`)
    const confirmed = await getDocs<LevelDoc>(db.collection(LEVELS).where({ year: template.year }).limit(1))
    if (confirmed.length)
      throw new AppError('FAILED_PRECONDITION', `${template.year} 年已有村的星级经县里确认，模板不能再改`)
    const saved = {
      ...template,
      isExample: false,
      label: template.label && !template.label.includes('示例') ? template.label : `${template.year}年县定模板`,
    }
    await db
      .collection(TEMPLATES)
      .doc(`${COUNTY_ID}_${template.year}`)
      .set({ data: { year: template.year, template: saved } })
    return { year: template.year, saved: true }
  },
}
