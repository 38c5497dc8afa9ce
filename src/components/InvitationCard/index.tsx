import { Image, Text, View } from '@tarojs/components'
import Taro from '@tarojs/taro'
import { dateLabel } from '@common/rules/human-text'
import Button from '../Button'
import QrCode from '../QrCode'
import './index.css'

export interface InvitationCardProps {
  /** Who the code is for. */
  name: string
  /** The code as stored (letters and digits) and as shown (ABCDE-FGHJK). */
  code: string
  display: string
  expiresAt: string
  /** The mini-program code (小程序码) the cloud made with wxacode.getUnlimited; absent offline and in H5. */
  qrImage?: string
}

/** The scene a mini-program code carries (at most 32 visible characters; 我的 reads it back in codeFromScene). */
export const invitationScene = (code: string) => `c=${code}`

/**
 * What the QR code of the H5 build opens: this app's 我的 with the code filled in. Elsewhere (a mini-program run
 * against the local cloud, which makes no mini-program code) it carries the scene itself.
 */
export function invitationLink(code: string): string {
  const scene = invitationScene(code)
  if (process.env.TARO_ENV === 'h5' && typeof window !== 'undefined')
    return `${window.location.origin}${window.location.pathname}#/pages/me/index?scene=${encodeURIComponent(scene)}`
  return scene
}

/** Copies the code for pasting into a chat (WeChat and Taro H5 both confirm with 内容已复制). */
export function copyCode(display: string): void {
  Taro.setClipboardData({ data: display }).catch(() => undefined)
}

/** A new invitation, shown once: the code, a code to scan, and a copy button. */
export default function InvitationCard({ name, code, display, expiresAt, qrImage }: InvitationCardProps) {
  return (
    <View className="card xz-invite" aria-role="status">
      <Text className="xz-invite__lead">
        给 {name} 的邀请码（只显示这一次，{dateLabel(expiresAt)}前有效）：
      </Text>
      <Text className="roster__code xz-invite__code">{display}</Text>
      <Button type="primary" onClick={() => copyCode(display)}>
        复制邀请码
      </Button>
      <View className="xz-invite__qr">
        {qrImage ? (
          <Image className="xz-invite__image" src={qrImage} aria-label="邀请小程序码" />
        ) : (
          <QrCode value={invitationLink(code)} label="邀请二维码" />
        )}
      </View>
      <Text className="xz-invite__hint">
        请本人在「我的」里输入邀请码，或用微信扫一扫上面的码。复制后可以发到本人的微信里。
      </Text>
    </View>
  )
}
