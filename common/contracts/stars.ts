import { defineAction, defineFunction } from '../contract'
import { SUPERVISORS, VILLAGE_CADRES } from '../roles'
import { MATCH_STATUSES, PERIOD_PATTERN } from '../rules/stars'
import { METRIC_KEYS, STAR_KEYS } from '../rules/stars-template'
import { boundedRecord, text, z } from '../schema'
import { calendarMonth, id } from './shapes'

/** Who fills the village's star tasks and self-assesses. */
export const STAR_FILERS = [
  'branch_secretary',
  'first_secretary',
  'branch_committee_member',
  'village_committee_member',
] as const
const year = z.number().int().min(2020, '年份超出范围').max(2100, '年份超出范围')
const month = calendarMonth
const period = text().max(7).regex(PERIOD_PATTERN, '期次格式应为 YYYY-MM 或 YYYY-Q1…Q4')
const starKey = z.enum(STAR_KEYS)
const metricKey = z.enum(METRIC_KEYS)
// A data URL, not text: its pattern admits base64 only, and it may be far longer than any text field.
const photo = z
  .string()
  .max(400_000, '照片太大，请压缩后再传')
  .regex(/^data:image\/(jpeg|png|webp);base64,/, '照片格式不正确')

const measure = z.discriminatedUnion('kind', [
  z.object({
    kind: z.literal('auto'),
    metric: metricKey,
    per: metricKey.optional(),
    op: z.enum(['>=', '<=']),
    target: z.number().min(0),
    unit: z.enum(['share', 'count']),
  }),
  z.object({ kind: z.literal('reported'), target: text().trim().min(1).max(200) }),
])
const levelTargets = z.object({
  5: z.number().int().min(0),
  4: z.number().int().min(0),
  3: z.number().int().min(0),
  2: z.number().int().min(0),
})
export const starTemplate = z.object({
  year,
  label: text().max(100),
  isExample: z.boolean(),
  stars: z
    .array(
      z.object({
        key: starKey,
        name: text().trim().min(1).max(20),
        prerequisites: z.array(starKey).max(4),
        passShare: z.number().gt(0).max(1),
        tasks: z
          .array(
            z.object({
              key: id,
              name: text().trim().min(1).max(60),
              measure,
              appliesTo: z
                .array(z.enum(['village', 'community']))
                .min(1)
                .max(2)
                .optional(),
            }),
          )
          .min(1)
          .max(30),
      }),
    )
    .length(5, '应有五颗星'),
  negativeList: z
    .array(
      z.object({
        key: id,
        text: text().trim().min(2).max(100),
        vetoes: z.union([z.array(starKey).min(1).max(5), z.literal('all')]),
      }),
    )
    .max(30),
  targets: levelTargets,
  townshipTargets: boundedRecord(id, levelTargets, 200)
    .optional()
    .describe('县里下达给各乡镇的目标（按乡镇编号）；没有下达的乡镇按村数比例折算'),
  behindShare: z.number().min(0).max(0.5),
})

const taskView = z.object({
  key: z.string(),
  name: z.string(),
  star: starKey,
  kind: z.enum(['auto', 'reported']),
  met: z.boolean(),
  value: z.number().nullable(),
  target: z.union([z.number(), z.string()]),
  note: z.string(),
  metric: metricKey.optional(),
  /** Auto tasks: where the figure comes from (module and the app page listing its records). */
  source: z.object({ module: z.string(), label: z.string(), path: z.string() }).optional(),
  report: z
    .object({
      done: z.boolean(),
      text: z.string(),
      photos: z.array(z.string()),
      review: z.enum(['accepted', 'returned']).nullable(),
      reviewComment: z.string(),
      updatedAt: z.string(),
    })
    .nullable()
    .optional(),
})
const starView = z.object({
  key: starKey,
  name: z.string(),
  tasksMet: z.number().int(),
  tasks: z.number().int(),
  reached: z.boolean(),
  missingPrerequisites: z.array(starKey),
  vetoedBy: z.array(z.string()),
  earned: z.boolean(),
})
const assessmentView = z.object({
  period: z.string(),
  status: z.enum(['submitted', 'accepted', 'returned']),
  statusLabel: z.string(),
  note: z.string(),
  comment: z.string(),
  tasksMet: z.number().int(),
  level: z.number().int(),
  submittedAt: z.string(),
  reviewedAt: z.string().nullable(),
  reviewerName: z.string(),
})
const comparisonRow = z.object({
  villageId: z.string(),
  name: z.string(),
  townshipName: z.string(),
  rank: z.number().int(),
  tasksMet: z.number().int(),
  taskCount: z.number().int(),
  completion: z.number(),
  requestsClosed: z.number().int(),
  requestsReceived: z.number().int(),
  closeRate: z.number().nullable(),
  requestsClosedInVillage: z.number().int(),
  meetingsHeld: z.number().int(),
  mattersCompleted: z.number().int(),
  level: z.number().int(),
  behind: z.boolean(),
})
const levelRow = z.object({
  level: z.number().int(),
  count: z.number().int(),
  target: z.number().int(),
  gap: z.number().int(),
})
const dashboard = z.object({
  month: z.string(),
  year: z.number().int(),
  templateLabel: z.string(),
  refreshedAt: z.string().nullable(),
  levels: z.array(levelRow),
  targetsNote: z.string().describe('目标从哪里来：全县目标、县里下达给乡镇的，或按村数折算的'),
  unrated: z.number().int(),
  stars: z.array(z.object({ key: starKey, name: z.string(), earned: z.number().int(), villages: z.number().int() })),
  trend: z.array(
    z.object({
      month: z.string(),
      completion: z.number(),
      requestsClosedInVillage: z.number().int(),
      requestsEscalated: z.number().int(),
      requestsClosed: z.number().int(),
    }),
  ),
  requests: z.object({
    closedInVillage: z.number().int(),
    escalated: z.number().int(),
    closed: z.number().int(),
    received: z.number().int(),
  }),
  villages: z.array(
    z.object({
      villageId: z.string(),
      name: z.string(),
      townshipId: z.string(),
      level: z.number().int(),
      confirmed: z.boolean(),
      assessment: z.string().nullable(),
    }),
  ),
  comparison: z.array(comparisonRow),
  behindTwoMonths: z.array(
    z.object({ villageId: z.string(), name: z.string(), townshipId: z.string(), townshipName: z.string() }),
  ),
})
const exported = z.object({
  name: z.string(),
  fileId: z.string(),
  size: z.number().int(),
  url: z.string().describe('本地为 data URL；云端为临时下载地址'),
})
const supplyView = z.object({
  id: z.string(),
  name: z.string(),
  department: z.string(),
  kind: z.enum(['project', 'policy', 'fund', 'service']),
  amountYuan: z.number().nullable(),
  conditions: z.string(),
  star: starKey.nullable(),
  taskKeys: z.array(z.string()).describe('对应的创建任务（模板里的任务编号）'),
  open: z.boolean(),
  createdAt: z.string(),
})
const supplyFields = z.object({
  name: text().trim().min(2, '请填写名称').max(60),
  department: text().trim().min(2, '请填写部门').max(30),
  kind: z.enum(['project', 'policy', 'fund', 'service']),
  amountYuan: z.number().int().min(0).max(1e10).nullable().default(null),
  conditions: text().trim().max(500).default(''),
  star: starKey.nullable().default(null),
  taskKeys: z.array(id).max(20, '最多对应 20 项任务').default([]),
})
const needView = z.object({
  id: z.string(),
  villageId: z.string(),
  villageName: z.string(),
  title: z.string(),
  detail: z.string(),
  taskKey: z.string(),
  taskName: z.string(),
  star: starKey,
  createdAt: z.string(),
  match: z
    .object({
      supplyId: z.string(),
      supplyName: z.string(),
      department: z.string(),
      status: z.enum(MATCH_STATUSES),
      statusLabel: z.string(),
      history: z.array(z.object({ at: z.string(), status: z.string(), note: z.string(), byName: z.string() })),
    })
    .nullable(),
})

export const starsContract = defineFunction(
  'stars',
  '五星支部：县定任务模板、从已有记录自动取证、村填报与乡镇审核、月达标排序（只比结果）、供需清单、看板与导出',
  {
    template: defineAction({
      summary: '某年的五星支部任务模板（县里未修改时为示例模板，注明“可由县里修改”）',
      roles: [...VILLAGE_CADRES, ...SUPERVISORS],
      scope: 'self',
      input: z.object({ year: year.optional() }),
      output: z.object({
        template: starTemplate,
        locked: z.boolean().describe('该年星级已有县里确认的，模板不能再改'),
      }),
    }),
    saveTemplate: defineAction({
      summary: '县里修改某年的任务模板（按年份保存，改今年不影响往年）',
      roles: ['county_organiser'],
      scope: 'county',
      audit: 'write',
      input: z.object({ template: starTemplate }),
      output: z.object({ year: z.number().int(), saved: z.boolean() }),
      errors: ['FAILED_PRECONDITION'],
    }),

    villageBoard: defineAction({
      summary: '村的创建任务：每项任务的完成情况（能从已有记录得到的自动计算并注明来源）、每颗星、负面清单、自评与审核',
      roles: [...VILLAGE_CADRES, ...SUPERVISORS],
      scope: 'village',
      input: z.object({ villageId: id, year: year.optional() }),
      output: z.object({
        villageName: z.string(),
        kind: z.enum(['village', 'community']),
        year: z.number().int(),
        month: z.string(),
        templateLabel: z.string(),
        level: z.number().int().describe('按当前完成情况测算的星级（0 为未达二星）'),
        confirmedLevel: z.number().int().nullable(),
        lastYearLevel: z.number().int(),
        tasksMet: z.number().int(),
        taskCount: z.number().int(),
        stars: z.array(starView),
        tasks: z.array(taskView),
        vetoes: z.array(
          z.object({ id: z.string(), key: z.string(), text: z.string(), note: z.string(), at: z.string() }),
        ),
        assessments: z.array(assessmentView),
      }),
      errors: ['NOT_FOUND'],
    }),
    taskEvidence: defineAction({
      summary: '一项自动计算的任务来自哪些记录：列出来源记录（不含群众姓名、电话）及其在应用里的页面',
      roles: [...VILLAGE_CADRES, ...SUPERVISORS],
      scope: 'village',
      input: z.object({ villageId: id, year: year.optional(), taskKey: id }),
      output: z.object({
        taskName: z.string(),
        metric: z.string(),
        value: z.number(),
        sourceLabel: z.string(),
        aggregateIds: z.array(z.string()).describe('汇总文档编号（按月、按年）'),
        records: z.array(
          z.object({ id: z.string(), date: z.string(), title: z.string(), detail: z.string(), path: z.string() }),
        ),
        truncated: z.boolean(),
      }),
      errors: ['NOT_FOUND', 'FAILED_PRECONDITION'],
    }),
    reportTask: defineAction({
      summary: '村填报一项应用无法自动得到的任务（文字说明、照片）；填一次，各次自评与报表共用',
      roles: [...STAR_FILERS],
      scope: 'village',
      audit: 'write',
      input: z.object({
        villageId: id,
        year: year.optional(),
        taskKey: id,
        done: z.boolean(),
        text: text().trim().min(2, '请写明完成情况').max(1000),
        photos: z.array(photo).max(3, '最多 3 张照片').default([]),
      }),
      output: z.object({ taskKey: z.string(), done: z.boolean(), photos: z.number().int() }),
      errors: ['NOT_FOUND', 'FAILED_PRECONDITION'],
    }),
    reportPhoto: defineAction({
      summary: '查看填报材料中的一张照片',
      roles: [...VILLAGE_CADRES, ...SUPERVISORS],
      scope: 'village',
      input: z.object({ villageId: id, fileId: id }),
      output: z.object({ dataUrl: z.string() }),
      errors: ['NOT_FOUND'],
    }),
    submitAssessment: defineAction({
      summary: '村按月或按季度自评：以当前任务完成情况提交给乡镇审核',
      roles: [...STAR_FILERS],
      scope: 'village',
      audit: 'write',
      input: z.object({ villageId: id, period, note: text().trim().max(500).default('') }),
      output: assessmentView,
      errors: ['NOT_FOUND', 'FAILED_PRECONDITION'],
    }),
    reviewAssessment: defineAction({
      summary: '乡镇审核村的自评：认可，或退回并写明意见（村里看得到）',
      roles: [...SUPERVISORS],
      scope: 'village',
      audit: 'write',
      input: z
        .object({
          villageId: id,
          period,
          decision: z.enum(['accept', 'return']),
          comment: text().trim().max(500).default(''),
        })
        .refine((v) => v.decision !== 'return' || v.comment.length >= 2, {
          message: '退回时请写明意见',
          path: ['comment'],
        }),
      output: assessmentView,
      errors: ['NOT_FOUND', 'FAILED_PRECONDITION'],
    }),
    recordVeto: defineAction({
      summary: '乡镇记录负面清单事项：按模板否决相应的星或当年星级，原因村里看得到',
      roles: [...SUPERVISORS],
      scope: 'village',
      audit: 'write',
      input: z.object({
        villageId: id,
        year: year.optional(),
        item: id,
        note: text().trim().min(2, '请写明事由').max(300),
      }),
      output: z.object({ id: z.string(), level: z.number().int() }),
      errors: ['NOT_FOUND', 'FAILED_PRECONDITION'],
    }),
    confirmLevel: defineAction({
      summary: '县里确认村当年的星级（不高于按任务测算的星级）',
      roles: ['county_organiser'],
      scope: 'village',
      audit: 'write',
      input: z.object({
        villageId: id,
        year,
        level: z.union([z.literal(0), z.literal(2), z.literal(3), z.literal(4), z.literal(5)]),
      }),
      output: z.object({ level: z.number().int() }),
      errors: ['NOT_FOUND', 'FAILED_PRECONDITION'],
    }),

    refresh: defineAction({
      summary:
        '重新计算各村某月的五星支部数据：分步进行，每次算若干乡镇（每次在 3 秒内），全部算完后全县排序（云端由定时触发器调用；只读各模块按村按月的汇总）',
      roles: ['county_organiser'],
      scope: 'county',
      input: z.object({
        month: month.optional(),
        restart: z.boolean().optional().describe('重新开始一轮（县里点“现在更新”）；否则接着上一轮'),
      }),
      output: z.object({
        month: z.string(),
        complete: z.boolean().describe('这一轮已算完、已排序；否则再调用一次接着算'),
        townships: z.number().int(),
        townshipsDone: z.number().int(),
        villages: z.number().int().describe('这次调用算了的村数'),
      }),
    }),
    countyDashboard: defineAction({
      summary:
        '县级看板：各星级村数与目标、每颗星完成情况、月度走势、诉求在村办结与上交、月达标排序、连续两个月靠后的村',
      roles: ['county_organiser'],
      scope: 'county',
      input: z.object({ month: month.optional() }),
      output: dashboard,
    }),
    townshipDashboard: defineAction({
      summary: '乡镇看板：本乡镇各村星级、每颗星完成情况、月达标排序、待审核的自评',
      roles: [...SUPERVISORS],
      scope: 'township',
      input: z.object({ townshipId: id, month: month.optional() }),
      output: dashboard.extend({
        townshipName: z.string(),
        pending: z.array(
          z.object({
            villageId: z.string(),
            villageName: z.string(),
            period: z.string(),
            tasksMet: z.number().int(),
            level: z.number().int(),
            note: z.string(),
          }),
        ),
      }),
      errors: ['NOT_FOUND'],
    }),
    exportMonth: defineAction({
      summary: '县里导出某月的月达标排序和各村取证汇总（Excel .xlsx）',
      roles: ['county_organiser'],
      scope: 'county',
      input: z.object({ month: month.optional() }),
      output: exported,
    }),
    exportTownship: defineAction({
      summary: '乡镇导出本乡镇各村某月的月达标排序和取证汇总（Excel .xlsx；只含本乡镇的村）',
      roles: [...SUPERVISORS],
      scope: 'township',
      input: z.object({ townshipId: id, month: month.optional() }),
      output: exported,
      errors: ['NOT_FOUND'],
    }),

    listSupply: defineAction({
      summary: '供给清单：县直部门提供的项目、政策、资金',
      roles: [...VILLAGE_CADRES, ...SUPERVISORS],
      scope: 'self',
      input: z.object({}),
      output: z.object({ supplies: z.array(supplyView) }),
    }),
    publishSupply: defineAction({
      summary: '县直部门发布供给（名称、部门、金额、条件、对应的星和任务）',
      roles: ['county_organiser'],
      scope: 'county',
      audit: 'write',
      input: supplyFields,
      output: supplyView,
      errors: ['FAILED_PRECONDITION'],
    }),
    updateSupply: defineAction({
      summary: '县里修改一项供给（已对接的需求保留原名称）',
      roles: ['county_organiser'],
      scope: 'county',
      audit: 'write',
      input: supplyFields.extend({ supplyId: id }),
      output: supplyView,
      errors: ['NOT_FOUND', 'FAILED_PRECONDITION'],
    }),
    closeSupply: defineAction({
      summary: '县里撤回一项供给（不再对接新需求）',
      roles: ['county_organiser'],
      scope: 'county',
      audit: 'write',
      input: z.object({ supplyId: id }),
      output: z.object({ closed: z.boolean() }),
      errors: ['NOT_FOUND'],
    }),
    postNeed: defineAction({
      summary: '需求清单：村提出需求，对应一项创建任务',
      roles: [...STAR_FILERS],
      scope: 'village',
      audit: 'write',
      input: z.object({
        villageId: id,
        taskKey: id,
        title: text().trim().min(2, '请填写需求').max(60),
        detail: text().trim().max(500).default(''),
      }),
      output: needView,
      errors: ['NOT_FOUND', 'FAILED_PRECONDITION'],
    }),
    villageNeeds: defineAction({
      summary: '本村的需求及对接情况',
      roles: [...VILLAGE_CADRES, ...SUPERVISORS],
      scope: 'village',
      input: z.object({ villageId: id }),
      output: z.object({ needs: z.array(needView) }),
    }),
    townshipNeeds: defineAction({
      summary: '乡镇：各村的需求，待对接的在前',
      roles: [...SUPERVISORS],
      scope: 'township',
      input: z.object({ townshipId: id }),
      output: z.object({ needs: z.array(needView) }),
    }),
    matchNeed: defineAction({
      summary: '乡镇把村的需求与一项供给对接',
      roles: [...SUPERVISORS],
      scope: 'village',
      audit: 'write',
      input: z.object({ villageId: id, needId: id, supplyId: id, note: text().trim().max(200).default('') }),
      output: needView,
      errors: ['NOT_FOUND', 'FAILED_PRECONDITION', 'CONFLICT'],
    }),
    moveMatch: defineAction({
      summary: '记录对接进度：已商定 → 落实中 → 已落地，或取消',
      roles: [...SUPERVISORS],
      scope: 'village',
      audit: 'write',
      input: z.object({
        villageId: id,
        needId: id,
        status: z.enum(MATCH_STATUSES),
        note: text().trim().max(200).default(''),
      }),
      output: needView,
      errors: ['NOT_FOUND', 'FAILED_PRECONDITION'],
    }),
  },
)
