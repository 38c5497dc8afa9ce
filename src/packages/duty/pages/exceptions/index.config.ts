export default definePageConfig({ navigationBarTitleText: '例外签到与迟到早退' })
