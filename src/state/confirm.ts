import Taro from '@tarojs/taro'

export interface ConfirmOptions {
  /** Short question, e.g. "确认不通过？" */
  title: string
  /** What will happen, in plain words, e.g. "不通过后申报人会收到通知，此操作不能撤回。" */
  content: string
  /** The confirm button's words; WeChat allows at most 4 Chinese characters. */
  confirmText?: string
}

/**
 * Asks once before an irreversible action (a vote, 不通过, 办结, 锁定记录…). Resolves true only when the person taps
 * the confirm button; cancelling, or a modal that cannot open, is a no.
 */
export async function confirmAction({ title, content, confirmText = '确定' }: ConfirmOptions): Promise<boolean> {
  try {
    const answer = await Taro.showModal({
      title,
      content,
      confirmText,
      cancelText: '取消',
      confirmColor: '#c8102e',
    })
    return answer.confirm
  } catch {
    return false
  }
}
