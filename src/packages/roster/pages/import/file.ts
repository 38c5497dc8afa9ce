/**
 * Getting a filled workbook to the imports function, and a template to the person. In WeChat people receive Excel
 * in chats: wx.chooseMessageFile picks it, wx.cloud.uploadFile puts it in cloud storage, the function gets its
 * fileID. The local H5 build has no cloud storage: the browser reads the file and sends its bytes.
 */
import Taro from '@tarojs/taro'

export type PickedFile = { name: string; file: { fileID: string } | { base64: string } }

const MAX_BYTES = 3 * 1024 * 1024

export async function pickWorkbook(villageId: string): Promise<PickedFile | null> {
  if (process.env.TARO_ENV === 'h5') return pickInBrowser()
  const chosen = await Taro.chooseMessageFile({ count: 1, type: 'file', extension: ['xlsx'] }).catch(() => null)
  const picked = chosen?.tempFiles[0]
  if (!picked) return null
  if (picked.size > MAX_BYTES) throw new Error('文件超过 3 MB：请分成几个文件导入')
  const uploaded = await Taro.cloud.uploadFile({
    cloudPath: `imports/${villageId}/${Date.now()}-${Math.random().toString(36).slice(2, 8)}.xlsx`,
    filePath: picked.path,
  })
  return { name: picked.name, file: { fileID: uploaded.fileID } }
}

function pickInBrowser(): Promise<PickedFile | null> {
  return new Promise((resolve, reject) => {
    const input = document.createElement('input')
    input.type = 'file'
    input.accept = '.xlsx,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet'
    input.setAttribute('aria-label', '选择 Excel 文件')
    input.style.display = 'none'
    input.onchange = () => {
      const f = input.files?.[0]
      input.remove()
      if (!f) return resolve(null)
      if (f.size > MAX_BYTES) return reject(new Error('文件超过 3 MB：请分成几个文件导入'))
      const reader = new FileReader()
      reader.onload = () => {
        const url = String(reader.result)
        resolve({ name: f.name, file: { base64: url.slice(url.indexOf(',') + 1) } })
      }
      reader.onerror = () => reject(new Error('读取文件失败，请重新选择'))
      reader.readAsDataURL(f)
    }
    document.body.appendChild(input)
    input.click()
  })
}

/**
 * A template or an export: downloaded by the browser; in WeChat written to the user data folder and opened with
 * Taro.openDocument (showMenu: its ··· menu sends it to a chat or saves it).
 */
export async function saveWorkbook(fileName: string, base64: string): Promise<void> {
  if (process.env.TARO_ENV === 'h5') {
    const link = document.createElement('a')
    link.href = `data:application/vnd.openxmlformats-officedocument.spreadsheetml.sheet;base64,${base64}`
    link.download = fileName
    document.body.appendChild(link)
    link.click()
    link.remove()
    return
  }
  const filePath = `${Taro.env.USER_DATA_PATH}/${fileName}`
  Taro.getFileSystemManager().writeFileSync(filePath, base64, 'base64')
  await Taro.openDocument({ filePath, fileType: 'xlsx', showMenu: true })
}
