/** Coordinate datums for the duty check-in (pure; no Taro). */
// GCJ-02 ("Mars coordinates"), the datum of WeChat's map and of the service-centre coordinates, is WGS-84 shifted
// by a published, deterministic offset inside China. The mini-program asks WeChat for gcj02 directly; a browser
// (the H5 build) only gives WGS-84, ~300–600 m away in Henan — more than a centre's radius — so it is shifted here.
const A = 6378245.0
const EE = 0.006693421622965943

function outsideChina(lat: number, lng: number): boolean {
  return lng < 72.004 || lng > 137.8347 || lat < 0.8293 || lat > 55.8271
}

function shiftLat(x: number, y: number): number {
  let r = -100.0 + 2.0 * x + 3.0 * y + 0.2 * y * y + 0.1 * x * y + 0.2 * Math.sqrt(Math.abs(x))
  r += ((20.0 * Math.sin(6.0 * x * Math.PI) + 20.0 * Math.sin(2.0 * x * Math.PI)) * 2.0) / 3.0
  r += ((20.0 * Math.sin(y * Math.PI) + 40.0 * Math.sin((y / 3.0) * Math.PI)) * 2.0) / 3.0
  r += ((160.0 * Math.sin((y / 12.0) * Math.PI) + 320 * Math.sin((y * Math.PI) / 30.0)) * 2.0) / 3.0
  return r
}

function shiftLng(x: number, y: number): number {
  let r = 300.0 + x + 2.0 * y + 0.1 * x * x + 0.1 * x * y + 0.1 * Math.sqrt(Math.abs(x))
  r += ((20.0 * Math.sin(6.0 * x * Math.PI) + 20.0 * Math.sin(2.0 * x * Math.PI)) * 2.0) / 3.0
  r += ((20.0 * Math.sin(x * Math.PI) + 40.0 * Math.sin((x / 3.0) * Math.PI)) * 2.0) / 3.0
  r += ((150.0 * Math.sin((x / 12.0) * Math.PI) + 300.0 * Math.sin((x / 30.0) * Math.PI)) * 2.0) / 3.0
  return r
}

/** WGS-84 → GCJ-02 (unchanged outside China). */
export function wgs84ToGcj02(p: { latitude: number; longitude: number }): { latitude: number; longitude: number } {
  const { latitude: lat, longitude: lng } = p
  if (outsideChina(lat, lng)) return { latitude: lat, longitude: lng }
  let dLat = shiftLat(lng - 105.0, lat - 35.0)
  let dLng = shiftLng(lng - 105.0, lat - 35.0)
  const radLat = (lat / 180.0) * Math.PI
  let magic = Math.sin(radLat)
  magic = 1 - EE * magic * magic
  const sqrtMagic = Math.sqrt(magic)
  dLat = (dLat * 180.0) / (((A * (1 - EE)) / (magic * sqrtMagic)) * Math.PI)
  dLng = (dLng * 180.0) / ((A / sqrtMagic) * Math.cos(radLat) * Math.PI)
  return { latitude: lat + dLat, longitude: lng + dLng }
}

/** GCJ-02 → WGS-84 by iteration (sub-centimetre); what a browser near a known GCJ-02 point reports. */
export function gcj02ToWgs84(p: { latitude: number; longitude: number }): { latitude: number; longitude: number } {
  let w = { ...p }
  for (let i = 0; i < 5; i++) {
    const g = wgs84ToGcj02(w)
    w = { latitude: w.latitude - (g.latitude - p.latitude), longitude: w.longitude - (g.longitude - p.longitude) }
  }
  return w
}
