export default definePageConfig({ navigationBarTitleText: '乡治' })
