/** Shared by the 五星支部 pages: the village in view, navigation, the export download. */
import Taro from '@tarojs/taro'
import { canIn } from '@/state/access'
import { useVillage, type VillageView } from '@/state/village'

/**
 * The village in view (the village context: src/state/village.ts) and whether the caller may fill its tasks
 * (township and county only look).
 */
export function useStarsVillage(): { villageId: string; canFile: boolean; loading: boolean; view: VillageView } {
  const view = useVillage()
  // Who fills the tasks and self-assesses, from the action's contract (the server checks the same).
  return { villageId: view.villageId, canFile: canIn(view)('stars.reportTask'), loading: view.loading, view }
}

export function go(url: string): void {
  void Taro.navigateTo({ url })
}

export const pct = (v: number | null) => (v === null ? '—' : `${Math.round(v * 100)}%`)
/**
 * A month's requests in words: counts only. Closed ones may have been received in an earlier month, so "closed /
 * received" is no share (it read "办结 1/0").
 */
export const requestsText = (received: number, closed: number) => `受理 ${received} 件 · 办结 ${closed} 件`
export const levelWord = (l: number) => (l >= 2 ? `${l}星` : '未达二星')

/** Opens the exported workbook: `Taro.openDocument` in the mini-program, a download in H5. */
export async function openWorkbook(name: string, url: string): Promise<void> {
  if (process.env.TARO_ENV === 'h5') {
    const a = document.createElement('a')
    a.href = url
    a.download = name
    document.body.appendChild(a)
    a.click()
    a.remove()
    return
  }
  const { tempFilePath } = await Taro.downloadFile({ url })
  await Taro.openDocument({ filePath: tempFilePath, fileType: 'xlsx', showMenu: true })
}
