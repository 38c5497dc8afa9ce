import { defineAction, defineFunction } from '../contract'
import { SUPERVISORS, VILLAGE_ROLES } from '../roles'
import { CATEGORY_KEYS, ORIGINS, VOTE_CHOICES, type Category, type Origin } from '../rules/deliberation'
import { text, z } from '../schema'
import { id, page } from './shapes'

/** Village cadres who propose matters, record meetings, open votes, enter in-person votes and publish. */
export const DELIBERATION_RUNNERS = [
  'branch_secretary',
  'branch_committee_member',
  'village_committee_member',
  'first_secretary',
] as const
const VILLAGE_READERS = [...VILLAGE_ROLES, ...SUPERVISORS] as const

const category = z.enum(CATEGORY_KEYS as [Category, ...Category[]])
const origin = z.enum(ORIGINS as unknown as [Origin, ...Origin[]])
const step = z.number().int().min(1).max(6)
const choice = z.enum(VOTE_CHOICES)
const status = z.enum(['working', 'voting', 'completed', 'rejected', 'returned', 'withdrawn'])
const meetingKind = z.enum(['representatives', 'villagers'])

const summary = z.object({
  id: z.string(),
  villageId: z.string(),
  villageName: z.string().optional(),
  title: z.string(),
  category,
  categoryLabel: z.string(),
  mustGo: z.boolean().describe('属于必须经过四议两公开的事项'),
  origin,
  step: z.number().int(),
  stepLabel: z.string(),
  status,
  statusLabel: z.string(),
  createdAt: z.string(),
  stepSince: z.string(),
  ageDays: z.number().int().describe('在当前步骤停留的天数'),
  stuck: z.boolean(),
  leftMethod: z.boolean().describe('必经事项未走完程序'),
})

const result = z.object({
  meetingKind: z.string(),
  meetingLabel: z.string(),
  outcome: z.enum(['no_quorum', 'passed', 'rejected', 'pending']),
  outcomeLabel: z.string(),
  shouldAttend: z.number().int(),
  present: z.number().int(),
  yes: z.number().int(),
  no: z.number().int(),
  abstain: z.number().int(),
  online: z.number().int(),
  inPerson: z.number().int(),
  households: z.object({ total: z.number().int(), represented: z.number().int() }).optional(),
  quorumMet: z.boolean(),
  passed: z.boolean(),
  lines: z.array(z.string()).describe('算式：应到、实到、赞成/反对/弃权、门槛，村民可自行核对'),
})

const windowRow = z.object({
  id: z.string(),
  step: z.number().int(),
  meetingKind: z.string(),
  meetingLabel: z.string(),
  openedAt: z.string(),
  closesAt: z.string(),
  phase: z.enum(['open', 'closed']),
  closed: z.boolean().describe('已计票'),
  shouldAttend: z.number().int(),
  rosterSize: z.number().int(),
  result: result.optional(),
})

const publicationRow = z.object({
  id: z.string(),
  matterId: z.string(),
  step: z.number().int(),
  stepLabel: z.string(),
  title: z.string(),
  text: z.string(),
  resultLines: z.array(z.string()),
  publishedAt: z.string(),
  publisherName: z.string(),
})

const maskedItem = z.object({ kind: z.string(), label: z.string(), original: z.string(), masked: z.string() })

export const deliberationContract = defineFunction(
  'deliberation',
  '四议两公开：议题六步流程、线上线下表决、决议与结果公开',
  {
    listMatters: defineAction({
      summary: '本村的议题及所处步骤',
      roles: VILLAGE_READERS,
      scope: 'village',
      input: z.object({ villageId: id, ...page }),
      output: z.object({ matters: z.array(summary), nextOffset: z.number().int().optional() }),
    }),
    getMatter: defineAction({
      summary: '一个议题：内容、每一步的记录（谁、何时、在哪次会议）、表决窗口与结果算式、本人的表决',
      roles: VILLAGE_READERS,
      scope: 'village',
      input: z.object({ villageId: id, matterId: id }),
      output: summary.extend({
        content: z.string(),
        attachments: z.array(z.object({ name: z.string(), url: z.string().optional() })),
        history: z.array(
          z.object({
            at: z.string(),
            step: z.number().int(),
            action: z.string(),
            actionLabel: z.string(),
            byName: z.string(),
            meeting: z
              .object({
                heldAt: z.string().optional(),
                place: z.string().optional(),
                note: z.string().optional(),
                meetingId: z.string().optional(),
              })
              .optional(),
            note: z.string().optional(),
          }),
        ),
        noticeAt: z.record(z.string(), z.string()).describe('第3、4步议题送达时间'),
        windows: z.array(windowRow),
        publications: z.array(publicationRow),
        myBallots: z.array(
          z.object({
            windowId: z.string(),
            onRoster: z.boolean(),
            voted: z.boolean(),
            choice: choice.optional(),
            channel: z.enum(['online', 'in_person']).optional(),
            at: z.string().optional(),
          }),
        ),
        canRun: z.boolean().describe('当前用户可以办理此议题'),
      }),
      errors: ['NOT_FOUND'],
    }),
    createMatter: defineAction({
      summary: '第一步：党组织提议一个议题（标题、内容、附件、类别、来源）',
      roles: DELIBERATION_RUNNERS,
      scope: 'village',
      audit: 'write',
      input: z.object({
        villageId: id,
        title: text().trim().min(2).max(60),
        content: text().trim().min(1).max(5000),
        attachments: z
          .array(z.object({ name: text().trim().min(1).max(60), url: text().max(300).optional() }))
          .max(9)
          .default([]),
        category,
        origin,
        meeting: z
          .object({
            heldAt: text().max(40).optional(),
            place: text().max(60).optional(),
            note: text().max(500).optional(),
            meetingId: id.optional(),
          })
          .optional(),
      }),
      output: z.object({ matterId: z.string() }),
    }),
    recordStep: defineAction({
      summary: '记录第1、2步会议的结果：通过进入下一步、不通过终止、或退回修改（记录会议时间、地点、纪要）',
      roles: DELIBERATION_RUNNERS,
      scope: 'village',
      audit: 'write',
      input: z.object({
        villageId: id,
        matterId: id,
        step,
        outcome: z.enum(['passed', 'rejected', 'returned']),
        meeting: z
          .object({
            heldAt: text().max(40).optional(),
            place: text().max(60).optional(),
            note: text().max(500).optional(),
            meetingId: id.optional(),
          })
          .optional(),
        note: text().max(500).optional(),
      }),
      output: z.object({ step: z.number().int(), status }),
      errors: ['NOT_FOUND', 'FAILED_PRECONDITION'],
    }),
    repropose: defineAction({
      summary: '退回修改的议题修改后重新提议（回到第一步）',
      roles: DELIBERATION_RUNNERS,
      scope: 'village',
      audit: 'write',
      input: z.object({
        villageId: id,
        matterId: id,
        title: text().trim().min(2).max(60).optional(),
        content: text().trim().min(1).max(5000).optional(),
        note: text().max(500).optional(),
      }),
      output: z.object({ step: z.number().int(), status }),
      errors: ['NOT_FOUND', 'FAILED_PRECONDITION'],
    }),
    withdraw: defineAction({
      summary: '撤回议题（说明理由；必经事项撤回会提示乡镇）',
      roles: DELIBERATION_RUNNERS,
      scope: 'village',
      audit: 'write',
      input: z.object({ villageId: id, matterId: id, note: text().trim().min(2).max(500) }),
      output: z.object({ status }),
      errors: ['NOT_FOUND', 'FAILED_PRECONDITION'],
    }),
    sendNotice: defineAction({
      summary: '第3、4步：把议题送达参加表决的人（记录送达时间，用于提前天数的核对）',
      roles: DELIBERATION_RUNNERS,
      scope: 'village',
      audit: 'write',
      input: z.object({
        villageId: id,
        matterId: id,
        step: z.union([z.literal(3), z.literal(4)]),
        meetingKind: meetingKind.optional().describe('第4步：村民代表会议或村民会议'),
      }),
      output: z.object({ noticeAt: z.string(), recipients: z.number().int() }),
      errors: ['NOT_FOUND', 'FAILED_PRECONDITION'],
    }),
    openVoting: defineAction({
      summary: '第3、4步：开始表决，冻结有表决权的名单，通知名单上的每个人',
      roles: DELIBERATION_RUNNERS,
      scope: 'village',
      audit: 'write',
      input: z.object({
        villageId: id,
        matterId: id,
        step: z.union([z.literal(3), z.literal(4)]),
        meetingKind: meetingKind.optional(),
        closesAt: text().max(40).datetime({ offset: true, message: '截止时间格式不正确' }),
      }),
      output: z.object({
        windowId: z.string(),
        rosterSize: z.number().int(),
        shouldAttend: z.number().int(),
        closesAt: z.string(),
      }),
      errors: ['NOT_FOUND', 'FAILED_PRECONDITION'],
    }),
    castVote: defineAction({
      summary: '线上表决：同意、不同意或弃权（可附意见）；每人一票，投出后不能更改',
      roles: VILLAGE_ROLES,
      scope: 'village',
      audit: 'write',
      input: z.object({ villageId: id, windowId: id, choice, remark: text().trim().max(200).optional() }),
      output: z.object({
        windowId: z.string(),
        choice,
        channel: z.enum(['online', 'in_person']),
        at: z.string(),
        already: z.boolean().describe('此前已投过（重复提交）'),
      }),
      errors: ['NOT_FOUND', 'FAILED_PRECONDITION', 'CONFLICT'],
    }),
    recordInPersonVotes: defineAction({
      summary: '记录员逐人录入现场会议的表决；已在线上表决的人不能再录入',
      roles: DELIBERATION_RUNNERS,
      scope: 'village',
      audit: 'write',
      input: z.object({
        villageId: id,
        windowId: id,
        votes: z
          .array(z.object({ personId: id, choice, remark: text().trim().max(200).optional() }))
          .min(1)
          .max(200),
      }),
      output: z.object({
        recorded: z.number().int(),
        refused: z.array(z.object({ personId: z.string(), reason: z.string() })),
      }),
      errors: ['NOT_FOUND', 'FAILED_PRECONDITION'],
    }),
    listVoters: defineAction({
      summary: '表决名单：谁已表决（线上或现场）、谁还没有；不显示各人投了什么',
      roles: [...DELIBERATION_RUNNERS, ...SUPERVISORS],
      scope: 'village',
      audit: 'personal-read',
      input: z.object({
        villageId: id,
        windowId: id,
        onlyNotVoted: z.boolean().default(false),
        offset: z.number().int().min(0).max(100000).default(0),
        limit: z.number().int().min(1).max(200).default(100),
        after: id.optional().describe('上一页最后一人（翻页从其后开始）'),
      }),
      output: z.object({
        voters: z.array(
          z.object({
            personId: z.string(),
            name: z.string(),
            voted: z.boolean(),
            channel: z.enum(['online', 'in_person']).optional(),
          }),
        ),
        total: z.number().int(),
        votedCount: z.number().int(),
        nextOffset: z.number().int().optional(),
        nextAfter: z.string().optional(),
      }),
      errors: ['NOT_FOUND'],
    }),
    remindNonVoters: defineAction({
      summary: '提醒名单上还没有表决的人',
      roles: DELIBERATION_RUNNERS,
      scope: 'village',
      audit: 'write',
      input: z.object({ villageId: id, windowId: id }),
      output: z.object({ reminded: z.number().int() }),
      errors: ['NOT_FOUND', 'FAILED_PRECONDITION'],
    }),
    closeVoting: defineAction({
      summary: '截止后计票：按规则算出到会、通过与否（附算式），议题进入下一步、终止或退回',
      roles: DELIBERATION_RUNNERS,
      scope: 'village',
      audit: 'write',
      input: z.object({
        villageId: id,
        windowId: id,
        ifRejected: z.enum(['rejected', 'returned']).default('rejected').describe('未通过时：终止，或退回修改'),
      }),
      output: z.object({ result, step: z.number().int(), status }),
      errors: ['NOT_FOUND', 'FAILED_PRECONDITION'],
    }),
    previewPublication: defineAction({
      summary: '第5、6步公开前预览：自动隐去身份证号、电话、银行卡号、门牌地址，并列出隐去了什么',
      roles: DELIBERATION_RUNNERS,
      scope: 'village',
      input: z.object({
        villageId: id,
        matterId: id,
        text: text().trim().min(1).max(5000),
        keep: z.array(text().max(30)).max(10).default([]),
      }),
      output: z.object({ text: z.string(), masked: z.array(maskedItem), resultLines: z.array(z.string()) }),
      errors: ['NOT_FOUND'],
    }),
    publish: defineAction({
      summary: '第5步公开决议、第6步公开实施结果到本村公开栏（去除个人敏感信息后）',
      roles: DELIBERATION_RUNNERS,
      scope: 'village',
      audit: 'write',
      input: z.object({
        villageId: id,
        matterId: id,
        step: z.union([z.literal(5), z.literal(6)]),
        text: text().trim().min(1).max(5000),
        keep: z.array(text().max(30)).max(10).default([]),
      }),
      output: z.object({
        publicationId: z.string(),
        text: z.string(),
        masked: z.array(maskedItem),
        step: z.number().int(),
        status,
      }),
      errors: ['NOT_FOUND', 'FAILED_PRECONDITION'],
    }),
    publicBoard: defineAction({
      summary: '村务公开栏：本村公开的决议和实施结果（任何人可看，不含谁投了什么票）',
      roles: ['public'],
      scope: 'public',
      input: z.object({ villageId: id, ...page }),
      output: z.object({
        villageName: z.string(),
        publications: z.array(publicationRow),
        nextOffset: z.number().int().optional(),
      }),
      errors: ['NOT_FOUND'],
    }),
    myBallots: defineAction({
      summary: '我可以参加的、正在进行的表决',
      roles: VILLAGE_ROLES,
      scope: 'village',
      input: z.object({ villageId: id }),
      output: z.object({
        ballots: z.array(
          z.object({
            windowId: z.string(),
            matterId: z.string(),
            title: z.string(),
            step: z.number().int(),
            meetingLabel: z.string(),
            closesAt: z.string(),
            voted: z.boolean(),
            choice: choice.optional(),
          }),
        ),
      }),
    }),
    townshipOverview: defineAction({
      summary: '乡镇：各村议题的步骤与停留天数、卡住的议题、必经事项未走完程序的',
      roles: SUPERVISORS,
      scope: 'township',
      input: z.object({ townshipId: id, onlyAttention: z.boolean().default(false), ...page }),
      output: z.object({
        matters: z.array(summary),
        counts: z.object({
          total: z.number().int(),
          open: z.number().int(),
          stuck: z.number().int(),
          leftMethod: z.number().int(),
          completed: z.number().int(),
        }),
        stuckDays: z.number().int(),
        nextOffset: z.number().int().optional(),
      }),
      errors: ['NOT_FOUND'],
    }),
    countyOverview: defineAction({
      summary: '全县：议题按类别、按步骤的数量',
      roles: ['county_organiser'],
      scope: 'county',
      input: z.object({}),
      output: z.object({
        byCategory: z.array(z.object({ category, label: z.string(), count: z.number().int() })),
        byStage: z.array(z.object({ key: z.string(), label: z.string(), count: z.number().int() })),
        total: z.number().int(),
      }),
    }),
    matterAudit: defineAction({
      summary: '一个议题的操作记录：每次流转，每张票的时间和方式（保密投票时不含内容）',
      roles: ['branch_secretary', ...SUPERVISORS],
      scope: 'village',
      audit: 'personal-read',
      input: z.object({
        villageId: id,
        matterId: id,
        offset: z.number().int().min(0).max(100000).default(0),
        limit: z.number().int().min(1).max(500).default(200),
      }),
      output: z.object({
        transitions: z.array(
          z.object({
            at: z.string(),
            step: z.number().int(),
            actionLabel: z.string(),
            byName: z.string(),
            note: z.string().optional(),
          }),
        ),
        votes: z.array(
          z.object({
            at: z.string(),
            step: z.number().int(),
            personName: z.string(),
            channel: z.enum(['online', 'in_person']),
            choice: choice.optional(),
            recordedByName: z.string().optional(),
          }),
        ),
        secret: z.boolean(),
        nextOffset: z.number().int().optional(),
      }),
      errors: ['NOT_FOUND'],
    }),
  },
)
