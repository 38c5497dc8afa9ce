import { gcj02ToWgs84, wgs84ToGcj02 } from './gcj02'

const metres = (a: { latitude: number; longitude: number }, b: { latitude: number; longitude: number }) => {
  const dy = (a.latitude - b.latitude) * 111_320
  const dx = (a.longitude - b.longitude) * 111_320 * Math.cos((a.latitude * Math.PI) / 180)
  return Math.hypot(dx, dy)
}

describe('WGS-84 ↔ GCJ-02 for the H5 build', () => {
  it('shifts a point in Xinye by the published offset (Beijing reference point checked against a known pair)', () => {
    // Known pair (Tiananmen): WGS-84 39.9087243, 116.3952859 ↔ GCJ-02 ≈ 39.91012, 116.40150.
    const g = wgs84ToGcj02({ latitude: 39.9087243, longitude: 116.3952859 })
    expect(g.latitude).toBeCloseTo(39.91012, 4)
    expect(g.longitude).toBeCloseTo(116.4015, 3)
    // In Xinye the shift is several hundred metres: more than a service centre's radius.
    const centre = { latitude: 32.449102, longitude: 112.507672 }
    expect(metres(wgs84ToGcj02(centre), centre)).toBeGreaterThan(300)
  })

  it('leaves points outside China unchanged', () => {
    expect(wgs84ToGcj02({ latitude: 48.8584, longitude: 2.2945 })).toEqual({ latitude: 48.8584, longitude: 2.2945 })
  })

  it('inverts: a browser at the WGS-84 point of a GCJ-02 centre is placed at the centre', () => {
    const centre = { latitude: 32.449102, longitude: 112.507672 }
    expect(metres(wgs84ToGcj02(gcj02ToWgs84(centre)), centre)).toBeLessThan(0.01)
  })
})
