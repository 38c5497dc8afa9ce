export default definePageConfig({ navigationBarTitleText: '联户安排' })
