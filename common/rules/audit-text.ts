/**
 * The village audit log in plain words (roster.listAudit → 本村操作记录): what each audited action did, said as a
 * cadre would say it, and one line per entry — who, when, what — with no ids. Pure; test/unit beside it checks that
 * every audited action of common/contracts has its words.
 */
import { ROLE_LABELS, type Role } from '../roles'
import { dateTimeLabel } from './human-text'

/** What an audited action did, in the past tense. */
export const AUDIT_WORDS: Record<string, string> = {
  'account.redeemInvitation': '用邀请码绑定了微信',
  'account.markNoticesRead': '把消息标为已读',
  'org.setupCounty': '初始化了本县',
  'org.createTownship': '新增了乡镇（街道）',
  'org.createVillage': '新增了村（社区）',
  'org.updateVillage': '修改了服务中心的地址、电话或位置',
  'org.retireVillage': '撤销了本村',
  'org.mergeVillage': '办理了合村并居',
  'org.updateVillageSettings': '调整了本村的规则设置',
  'org.updateCountySettings': '修改了全县的规则设置',
  'roster.listPeople': '查看了花名册人员',
  'roster.getPerson': '查看了一人的详细信息',
  'roster.savePerson': '新增或修改了花名册人员',
  'roster.listHouseholds': '查看了户的名单',
  'roster.saveHousehold': '新增或修改了一户',
  'roster.saveGrid': '新增或修改了网格',
  'roster.createInvitation': '生成了绑定邀请码',
  'roster.revokeInvitation': '作废了邀请码',
  'council.saveCouncil': '设立或调整了红白理事会',
  'council.addStandard': '通过了新的红白事标准',
  'council.households': '查看了可报备的户',
  'council.file': '报备了一件红白事',
  'council.listFilings': '查看了报备台账',
  'council.getFiling': '查看了一件报备',
  'council.review': '审核了报备',
  'council.recordActual': '登记了红白事的实际数字',
  'council.reportToTownship': '登记了丧事已报乡镇民政所',
  'duty.pairScreen': '设置了值班屏',
  'duty.revokeScreen': '停用了值班屏',
  'duty.checkIn': '值班签到',
  'duty.checkOut': '值班签退',
  'duty.saveDay': '排了值班',
  'duty.requestSwap': '申请了换班',
  'duty.decideSwap': '审批了换班',
  'duty.addLog': '记了值班服务日志',
  'duty.handOverLog': '移交了值班事项',
  'duty.closeLog': '办结了值班事项',
  'grid.overview': '查看了网格联户情况',
  'grid.assign': '安排了党员联系户',
  'grid.unassign': '结束了一户的联系',
  'grid.myHouseholds': '查看了自己联系的户',
  'grid.household': '查看了一户的走访记录',
  'grid.recordVisit': '记录了一次走访',
  'grid.moveHousehold': '把一户调到了另一个网格',
  'grid.findings': '查看了走访发现的需求',
  'grid.resolveFinding': '处理了一条走访发现的需求',
  'requests.raise': '提出了诉求',
  'requests.uploadPhoto': '上传了诉求照片',
  'requests.photo': '查看了诉求照片',
  'requests.get': '查看了一件诉求',
  'requests.act': '办理了诉求',
  'requests.rate': '评价了诉求的答复',
  'requests.villageQueue': '查看了本村的诉求',
  'meetings.callMeeting': '召开了会议',
  'meetings.cancelMeeting': '取消了会议',
  'meetings.getMeeting': '查看了会议',
  'meetings.requestLeave': '会前请了假',
  'meetings.decideLeave': '审批了请假',
  'meetings.allowRemote': '同意了党员线上参会',
  'meetings.signIn': '会议签到',
  'meetings.recordVote': '记录了会议表决',
  'meetings.saveMinutes': '填写了会议记录',
  'meetings.confirmMinutes': '确认并锁定了会议记录',
  'meetings.appendCorrection': '追加了会议记录的更正',
  'meetings.absenceWarnings': '查看了未参加组织生活的提醒',
  'meetings.publishMaterial': '发布了学习资料',
  'meetings.declareStudy': '申报了学习时间',
  'deliberation.createMatter': '提议了议题',
  'deliberation.recordStep': '记录了议题的会议结果',
  'deliberation.repropose': '重新提议了议题',
  'deliberation.withdraw': '撤回了议题',
  'deliberation.sendNotice': '送达了议题',
  'deliberation.openVoting': '开始了表决',
  'deliberation.castVote': '线上表决',
  'deliberation.recordInPersonVotes': '录入了现场表决',
  'deliberation.listVoters': '查看了表决名单',
  'deliberation.remindNonVoters': '提醒了未表决的人',
  'deliberation.closeVoting': '截止并计票',
  'deliberation.publish': '公开了决议或实施结果',
  'deliberation.matterAudit': '查看了议题的操作记录',
  'stars.saveTemplate': '修改了五星支部任务模板',
  'stars.reportTask': '填报了五星支部任务',
  'stars.submitAssessment': '提交了五星支部自评',
  'stars.reviewAssessment': '审核了五星支部自评',
  'stars.recordVeto': '记录了负面清单事项',
  'stars.confirmLevel': '确认了星级',
  'stars.publishSupply': '发布了供给',
  'stars.updateSupply': '修改了供给',
  'stars.closeSupply': '撤回了供给',
  'stars.postNeed': '提出了需求',
  'stars.matchNeed': '对接了需求与供给',
  'stars.moveMatch': '记录了对接进度',
  'imports.commit': '导入了花名册',
  'imports.discard': '放弃了一次花名册导入',
  'imports.export': '导出了花名册',
}

export interface AuditLine {
  at: string
  action: string
  kind: 'write' | 'personal-read'
  actorName: string
  actorRoles: readonly string[]
  subjectCount: number
  detail?: string
}

/** "谢文凤（支部书记）新增或修改了一户" — who and what; `when` is the entry's time in Beijing words. */
export function auditSentence(e: AuditLine): { when: string; what: string } {
  const roles = e.actorRoles.map((r) => ROLE_LABELS[r as Role] ?? '').filter(Boolean)
  const who = `${e.actorName || '系统'}${roles.length ? `（${roles.join('、')}）` : ''}`
  const did = AUDIT_WORDS[e.action] ?? (e.kind === 'write' ? '办理了一项操作' : '查看了记录')
  const count = e.kind === 'personal-read' && e.subjectCount > 1 ? `，共 ${e.subjectCount} 条` : ''
  return { when: dateTimeLabel(e.at), what: `${who}${did}${count}${e.detail ? `：${e.detail}` : ''}` }
}
