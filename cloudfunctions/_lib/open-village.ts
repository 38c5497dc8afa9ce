/**
 * A retired or merged village (村改居, 合村并居; org.retireVillage / org.mergeVillage) takes no new work: every
 * action that starts something in a village — a check-in, a log entry, a shift, a meeting or its sign-in, a request,
 * a 议题, a 红白事 filing, a visit, a 五星 report — refuses it here, with one message. Reading its history, and
 * finishing work started before (answering a request, closing a log), stay allowed.
 *
 * `refuseRetired` judges a village document the handler has already read (no request); `refuseRetiredVillage`
 * reads only the village's `retired` field, for a handler that reads no village — sent in parallel with its first
 * reads (Promise.all), never one after another.
 */
import { AppError } from '../../common/errors'
import { getDocs, type Database } from './cloud'
import { C } from './collections'
import type { VillageDoc } from './records'

type Retirable = Pick<VillageDoc, 'name' | 'retired'> & Partial<Pick<VillageDoc, 'merging'>>

/** The Chinese refusal for new work (`what`: e.g. 签到, 召开会议) in this village, or null when it is open. */
export function retiredProblem(village: Retirable, what = '办理新的事项'): string | null {
  const retired = village.retired
  const merging = village.merging?.into.name
  if (!retired && merging) return `${village.name}正在并入${merging}，不能再${what}；请到${merging}办理`
  if (!retired) return null
  const into = retired.mergedInto?.name
  return into
    ? `${village.name}已并入${into}，不能再${what}；请到${into}办理，本村的记录仍可查看`
    : `${village.name}已撤销，不能再${what}；本村的记录仍可查看`
}

/** Throws FAILED_PRECONDITION when the village is retired or merged. */
export function refuseRetired(village: Retirable, what?: string): void {
  const problem = retiredProblem(village, what)
  if (problem) throw new AppError('FAILED_PRECONDITION', problem)
}

/** Reads the village's name and `retired` only, and refuses new work in it; NOT_FOUND when there is no such village. */
export async function refuseRetiredVillage(db: Database, villageId: string, what?: string): Promise<void> {
  const [village] = await getDocs<Retirable>(
    db.collection(C.villages).where({ _id: villageId }).field({ name: true, retired: true, merging: true }).limit(1),
  )
  if (!village) throw new AppError('NOT_FOUND', '没有这个村（社区）')
  refuseRetired(village, what)
}
