export default definePageConfig({ navigationBarTitleText: '五星支部任务模板' })
