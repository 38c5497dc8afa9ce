/** Shared by the 五星支部 pages: the village in view, navigation, the export download. */
import Taro from '@tarojs/taro'
import { pageParams, VILLAGE_KEY } from '../../../state/prefs'

export function currentVillageId(): string {
  try {
    return pageParams().villageId || String(Taro.getStorageSync(VILLAGE_KEY) || '')
  } catch {
    return pageParams().villageId || ''
  }
}

export function go(url: string): void {
  void Taro.navigateTo({ url })
}

export const pct = (v: number | null) => (v === null ? '—' : `${Math.round(v * 100)}%`)
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
