export default definePageConfig({ navigationBarTitleText: '党员联户' })
