import Taro from '@tarojs/taro'

/** Picks one photo, compressed by the platform, as a data URL (≤ 200 KB is what the server accepts). */
export async function pickPhoto(): Promise<string | undefined> {
  const chosen = await Taro.chooseImage({ count: 1, sizeType: ['compressed'], sourceType: ['album', 'camera'] }).catch(
    () => undefined,
  )
  const path = chosen?.tempFilePaths?.[0]
  if (!path) return undefined
  if (process.env.TARO_ENV === 'h5') {
    const blob = await (await fetch(path)).blob()
    return new Promise((resolve) => {
      const reader = new FileReader()
      reader.onload = () => resolve(String(reader.result))
      reader.onerror = () => resolve(undefined)
      reader.readAsDataURL(blob)
    })
  }
  const base64 = Taro.getFileSystemManager().readFileSync(path, 'base64') as string
  const type = /\.png$/i.test(path) ? 'png' : 'jpeg'
  return `data:image/${type};base64,${base64}`
}
