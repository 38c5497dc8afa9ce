export default definePageConfig({ navigationBarTitleText: '提议新议题' })
