import Taro from '@tarojs/taro'
import { wgs84ToGcj02 } from './gcj02'

export interface Position {
  latitude: number
  longitude: number
  accuracy?: number
}

/** The phone's position in GCJ-02, whichever build is running. */
export async function currentPosition(): Promise<Position> {
  if (process.env.TARO_ENV === 'weapp') {
    const res = await Taro.getLocation({ type: 'gcj02' })
    return { latitude: res.latitude, longitude: res.longitude, accuracy: res.accuracy }
  }
  const res = await Taro.getLocation({ type: 'wgs84' })
  return { ...wgs84ToGcj02(res), accuracy: res.accuracy }
}
